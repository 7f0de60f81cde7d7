"""Architecture files, exported code and the text summary, without Qt."""

import json
import os

import pytest

import mtorch
from mtorch_gui.model.catalog import SpecError
from mtorch_gui.model.codegen import module_code
from mtorch_gui.model.files import load_spec, save_spec, write_text_atomic
from mtorch_gui.model.presets import DEFAULT_PRESET, PRESETS, preset
from mtorch_gui.model.spec import LayerSpec
from mtorch_gui.model.summary import summary_text


def test_save_and_load(tmp_path):
    spec = preset("LeNet-5")
    path = tmp_path / "lenet.json"
    save_spec(spec, path)
    assert load_spec(path) == spec
    assert os.listdir(tmp_path) == ["lenet.json"]          # no temporary file left behind


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path, monkeypatch):
    path = tmp_path / "model.json"
    path.write_text("old")

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space"):
        write_text_atomic(path, "new")
    assert path.read_text() == "old"
    assert os.listdir(tmp_path) == ["model.json"]


def _write(tmp_path, content) -> str:
    path = tmp_path / "bad.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


@pytest.mark.parametrize("content, reason", [
    ("not json at all", "not valid JSON"),
    (b"\xff\xfe\x00binary", "not a text file"),
    ({"format_version": 1, "layers": [{"type": "Teleport"}]}, "unknown layer type"),
    ({"format_version": 1, "layers": [{"type": "Linear", "args": {"out_features": 2.5}}]}, "whole number"),
    ({"format_version": 1, "input_shape": [1, 28, 28], "layers": [{"type": "Linear", "args": {"out_features": 10}}]},
     "its layers do not fit together. Layer 1: Linear needs a flat input"),
    ({"format_version": 7, "layers": []}, "format version 7, newer"),
])
def test_bad_files_name_the_file_and_the_problem(tmp_path, content, reason):
    path = _write(tmp_path, content)
    with pytest.raises(SpecError, match="Cannot open bad.json: .*" + reason.replace("(", r"\(")):
        load_spec(path)


def test_missing_file(tmp_path):
    with pytest.raises(SpecError, match="Cannot open nothing.json: No such file"):
        load_spec(tmp_path / "nothing.json")


def _run(code: str) -> dict:
    namespace = {"__name__": "exported"}
    exec(compile(code, "exported.py", "exec"), namespace)
    return namespace


@pytest.mark.parametrize("name", list(PRESETS))
def test_exported_mtorch_code_rebuilds_the_network(name):
    spec = preset(name)
    model = _run(module_code(spec, "mtorch"))["model"]
    built = spec.build()
    assert repr(model) == repr(built)
    assert {k: tuple(v.shape) for k, v in model.state_dict().items()} == \
           {k: tuple(v.shape) for k, v in built.state_dict().items()}
    with mtorch.no_grad():
        assert tuple(model(mtorch.randn(2, *spec.input_shape)).shape) == (2, *spec.validate().output_shape)


@pytest.mark.parametrize("name", list(PRESETS))
def test_exported_pytorch_code_rebuilds_the_same_network(name):
    torch = pytest.importorskip("torch")
    spec = preset(name)
    model = _run(module_code(spec, "torch"))["model"]
    built = spec.build()
    assert repr(model) == repr(built)
    # the same weights give the same outputs in both frameworks
    built.load_state_dict({k: mtorch.tensor(v.detach().numpy()) for k, v in model.state_dict().items()})
    model.eval()
    built.eval()
    x = torch.randn(3, *spec.input_shape)
    with torch.no_grad(), mtorch.no_grad():
        expected = model(x).numpy()
        got = built(mtorch.tensor(x.numpy())).numpy()
    assert abs(expected - got).max() < 1e-4


def test_exported_code_runs_as_a_script(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "mlp.py"
    path.write_text(module_code(preset(DEFAULT_PRESET), "mtorch"))
    out = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "output shape: (2, 10)" in out.stdout


def test_exported_code_survives_any_model_name():
    spec = preset(DEFAULT_PRESET)
    spec.name = 'my "net""" \\ with quotes\n'
    assert "model" in _run(module_code(spec))


def test_export_refuses_an_invalid_stack():
    spec = preset(DEFAULT_PRESET)
    del spec.layers[0]
    with pytest.raises(SpecError, match="add a Flatten"):
        module_code(spec)


def test_summary_table():
    spec = preset(DEFAULT_PRESET)
    text = summary_text(spec)
    assert "├─Linear: 1-2" in text and "[N, 128]" in text and "100,480" in text
    assert "Total params: 109,386" in text and "Trainable params: 109,386" in text
    assert "Params size: 427.29 kB" in text
    spec.layers.insert(0, LayerSpec("Linear", {"out_features": 3}))
    assert "invalid" in summary_text(spec)
