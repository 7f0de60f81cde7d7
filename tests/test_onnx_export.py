"""mtorch.onnx.export: every layer the editor offers and every preset, checked by onnx.checker, gives mtorch's
outputs in onnxruntime (to 1e-5), for the example's batch size and another."""

import io
import sys

import numpy as np
import pytest

import mtorch
from mtorch_gui.model.catalog import CATALOG, ShapeError, SpecError
from mtorch_gui.model.presets import PRESETS, preset
from mtorch_gui.model.spec import LayerSpec, ModelSpec


@pytest.fixture
def runtime():
    """(onnx, onnxruntime), or the test is skipped."""
    return pytest.importorskip("onnx"), pytest.importorskip("onnxruntime")


CANDIDATE_SHAPES = [(4, 9, 9), (4, 12), (12,), (2, 4, 5, 6)]

# arguments beyond the defaults, so each option's path is exported too
VARIANTS = {
    "Linear": [{"out_features": 5}, {"out_features": 3, "bias": False}],
    "Conv1d": [{"out_channels": 6, "kernel_size": 3}, {"out_channels": 4, "kernel_size": 4, "padding": "same",
                                                        "dilation": 2, "groups": 2, "bias": False}],
    "Conv2d": [{"out_channels": 6, "kernel_size": 3, "stride": 2, "padding": 1},
               {"out_channels": 4, "kernel_size": (2, 3), "padding": "same", "groups": 4},
               {"out_channels": 2, "kernel_size": 3, "padding": "valid", "dilation": 2}],
    "ConvTranspose2d": [{"out_channels": 3, "kernel_size": 3, "stride": 2, "padding": 1, "output_padding": 1},
                        {"out_channels": 4, "kernel_size": 2, "groups": 2, "bias": False}],
    "MaxPool1d": [{"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True}],
    "MaxPool2d": [{"kernel_size": 2}, {"kernel_size": 3, "stride": 2, "padding": 1, "dilation": 2},
                  {"kernel_size": 2, "ceil_mode": True}],
    "AvgPool2d": [{"kernel_size": 2}, {"kernel_size": 3, "stride": 2, "padding": 1, "count_include_pad": False},
                  {"kernel_size": 2, "ceil_mode": True}],
    "AdaptiveAvgPool2d": [{"output_size": 1}, {"output_size": (4, 2)}],
    "BatchNorm1d": [{}, {"affine": False}, {"track_running_stats": False}],
    "BatchNorm2d": [{}, {"track_running_stats": False, "affine": False}],
    "BatchNorm3d": [{}],
    "LayerNorm": [{}, {"elementwise_affine": False}],
    "GroupNorm": [{"num_groups": 2}, {"num_groups": 4, "affine": False}],
    "RNN": [{"hidden_size": 5}, {"hidden_size": 3, "num_layers": 2, "nonlinearity": "relu", "bidirectional": True}],
    "LSTM": [{"hidden_size": 5}, {"hidden_size": 3, "num_layers": 2, "bidirectional": True, "bias": False}],
    "GRU": [{"hidden_size": 5}, {"hidden_size": 3, "num_layers": 2, "bidirectional": True}],
    "LeakyReLU": [{"negative_slope": 0.2}],
    "ELU": [{"alpha": 0.5}],
    "GELU": [{}, {"approximate": "tanh"}],
    "Softmax": [{"dim": 1}, {"dim": -1}],
    "LogSoftmax": [{"dim": 1}],
    "Softplus": [{}, {"beta": 2.0, "threshold": 1.0}],
    "Flatten": [{}, {"start_dim": 2}],
    "Unflatten": [{"dim": 1, "unflattened_size": (2, -1)}],
    "Upsample": [{}, {"scale_factor": 1.5}],
}


def _cases():
    for name, t in CATALOG.items():
        if name == "Embedding":  # (the editor's datasets hold real numbers: its own test below)
            continue
        for args in VARIANTS.get(name, [t.required_args()]):
            for shape in CANDIDATE_SHAPES:
                spec = ModelSpec(input_shape=shape, layers=[LayerSpec(name, args)])
                try:
                    ok = spec.validate().first_invalid is None
                except (ShapeError, SpecError):
                    ok = False
                if ok:
                    yield pytest.param(spec, id=f"{name}-{args}")
                    break
            else:
                raise AssertionError(f"no input shape fits {name} {args}")


def _floats(shape):
    def example(batch, seed):
        return np.random.default_rng(seed).standard_normal((batch, *shape)).astype(np.float32)

    return example


def _check(runtime, model, example):
    """Export ``model`` for ``example(batch=3, seed=0)`` and compare on two batch sizes."""
    onnx, ort = runtime
    model.train()
    with mtorch.no_grad():  # moves BatchNorm's running statistics away from (0, 1)
        x = example(8, 1)
        model(mtorch.from_numpy(x * 1.5 if x.dtype.kind == "f" else x))
    buffer = io.BytesIO()
    mtorch.onnx.export(model, mtorch.from_numpy(example(3, 0)), buffer)
    onnx.checker.check_model(onnx.load_from_string(buffer.getvalue()), full_check=True)
    session = ort.InferenceSession(buffer.getvalue(), providers=["CPUExecutionProvider"])
    model.eval()
    for batch in (3, 5):
        x = example(batch, batch)
        (got,) = session.run(None, {"input": x})
        with mtorch.no_grad():
            want = model(mtorch.from_numpy(x)).numpy()
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("spec", list(_cases()))
def test_every_catalogue_layer(runtime, spec):
    _check(runtime, spec.build(), _floats(spec.input_shape))


def test_embedding(runtime):
    def token_ids(batch, seed):
        return np.random.default_rng(seed).integers(0, 20, (batch, 6))

    _check(runtime, mtorch.nn.Sequential(mtorch.nn.Embedding(20, 4), mtorch.nn.Flatten()), token_ids)


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset(runtime, name):
    spec = preset(name)
    _check(runtime, spec.build(), _floats(spec.input_shape))


def test_a_file_path_and_its_training_mode_kept(runtime, tmp_path):
    onnx, _ = runtime
    spec = preset("LeNet-5")
    model = spec.build()
    mtorch.onnx.export(model, mtorch.zeros(1, 1, 28, 28), tmp_path / "lenet.onnx")
    assert model.training and onnx.load(tmp_path / "lenet.onnx").graph.input[0].name == "input"


def test_without_onnx_a_clear_message(monkeypatch):
    monkeypatch.setitem(sys.modules, "onnx", None)  # import onnx fails as when it is not installed
    with pytest.raises(ModuleNotFoundError, match=r"needs the onnx package: pip install onnx"):
        mtorch.onnx.export(preset("LeNet-5").build(), mtorch.zeros(1, 1, 28, 28), io.BytesIO())


def test_a_layer_it_does_not_know_is_named(runtime):
    class Cube(mtorch.nn.Module):
        def forward(self, x):
            return x ** 3

    model = mtorch.nn.Sequential(mtorch.nn.Linear(4, 4), Cube())
    with pytest.raises(TypeError, match=r"1 \(Cube\) is not a layer the ONNX exporter knows"):
        mtorch.onnx.export(model, mtorch.zeros(2, 4), io.BytesIO())
    with pytest.raises(TypeError, match="returns tuple, not one tensor"):
        mtorch.onnx.export(mtorch.nn.LSTM(4, 3), mtorch.zeros(2, 5, 4), io.BytesIO())


def test_a_time_major_recurrent_model_keeps_its_batch_axis_free(runtime):
    """(steps, batch, features): the batch is axis 1, so another batch size runs (steps stay as exported)."""
    from mtorch_gui.model import layers

    _, ort = runtime
    model = layers.LSTM(3, 4)  # batch_first=False: time-major, as nn.LSTM's default
    buffer = io.BytesIO()
    mtorch.onnx.export(model, np.random.default_rng(0).standard_normal((5, 2, 3)).astype(np.float32), buffer)
    session = ort.InferenceSession(buffer.getvalue(), providers=["CPUExecutionProvider"])
    wider = np.random.default_rng(1).standard_normal((5, 6, 3)).astype(np.float32)
    with mtorch.no_grad():
        expected = model(mtorch.tensor(wider)).numpy()
    np.testing.assert_allclose(session.run(None, {"input": wider})[0], expected, rtol=1e-5, atol=1e-5)
