"""Each loader's cases from issue 9: model files, checkpoints, state dicts and exported code meet hostile
input with their own error naming the file and the problem, never a raw exception."""

import json

import numpy as np
import pytest

import mtorch
from mtorch import nn
from mtorch_gui.model.catalog import SpecError
from mtorch_gui.model.codegen import module_code
from mtorch_gui.model.files import load_spec, save_spec
from mtorch_gui.model.presets import DEFAULT_PRESET, preset
from mtorch_gui.model.spec import ModelSpec
from mtorch_gui.training.checkpoint import FORMAT, CheckpointError, load_checkpoint, save_checkpoint
from mtorch_gui.training.config import TrainingConfig
from mtorch_gui.training.engine import Trainer
from mtorch_gui.training.history import History


def _model_file(tmp_path, **changes):
    data = preset(DEFAULT_PRESET).to_dict()
    data.update(changes)
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data))
    return path


@pytest.mark.parametrize("text, problem", [
    ('{"layers": ' + "[" * 10_000 + "]" * 10_000 + "}", "nests deeper than 16 levels"),
    ('{"format_version": 1, "layers": [], "input_shape": [' + "7" * 5000 + "]}", "integer of 5,000 digits"),
    ('{"format_version": 1e999, "layers": []}', "no format_version"),
])
def test_hostile_model_json(tmp_path, text, problem):
    path = tmp_path / "model.json"
    path.write_text(text)
    with pytest.raises(SpecError, match=f"Cannot open model.json: .*{problem}"):
        load_spec(path)


@pytest.mark.parametrize("changes, problem", [
    ({"dataset": ["mnist"]}, "unknown dataset \\['mnist'\\]"),
    ({"dataset": {"a": 1}}, "unknown dataset"),
    ({"input_shape": [1, 28, 2 ** 40]}, "input_shape must be"),
    ({"input_shape": [1] * 9}, "input_shape must be"),
    ({"training": {"lr": "fast"}}, "training setting 'lr' must be a finite number, not 'fast'"),
    ({"training": {"batch_size": 10 ** 12}}, "training setting 'batch_size' must be a whole number"),
    ({"training": {"epochs": 2.5}}, "'epochs' must be a whole number"),
    ({"training": {"loss": ["MSELoss"]}}, "'loss' must be text"),
    ({"training": {"nesterov": 1}}, "'nesterov' must be true or false"),
    ({"training": []}, "training must be a JSON object"),
    ({"metrics": {"test_accuracy": "99%"}}, "metric 'test_accuracy' must be a finite number, not '99%'"),
    ({"metrics": {"test_accuracy": True}}, "metric 'test_accuracy' must be a finite number"),
    ({"name": {"first": "x"}}, "the name must be text"),
    ({"layers": [{"type": "Linear", "args": {"out_features": "x" * 10_000}}]}, "got 'xxxxx.*\\.\\.\\.$"),
])
def test_wrong_types_are_refused_when_the_file_is_opened(tmp_path, changes, problem):
    with pytest.raises(SpecError, match=f"Cannot open model.json: .*{problem}"):
        load_spec(_model_file(tmp_path, **changes))


def test_training_values_that_load_fit_the_settings(tmp_path):
    spec = load_spec(_model_file(tmp_path, training={"lr": 1, "batch_size": 2 ** 31 - 1, "epochs": 2,
                                                     "sample_limit": None, "unknown": [1]}))
    config = TrainingConfig.for_spec(spec)
    assert config.lr == 1 and config.batch_size == 2 ** 31 - 1 and config.sample_limit is None


def test_a_name_with_any_characters_round_trips(tmp_path):
    spec = preset(DEFAULT_PRESET)
    spec.name = "a\x00b\ud800c\u2028d"
    save_spec(spec, tmp_path / "x.json")
    assert load_spec(tmp_path / "x.json").name == spec.name


@pytest.mark.parametrize("name", ["a\x00b", "lone \ud800 surrogate", "bell\x07 tab\t cr\r nl\n", "\u2028\u2029\x85",
                                  'ends in a backslash \\', '"""', "'''", "\U0001f600 \u200f rtl", "\x7f\x1b[31m"])
@pytest.mark.parametrize("framework", ["mtorch", "torch"])
def test_exported_code_compiles_and_writes_whatever_the_name(tmp_path, name, framework):
    from mtorch.serialization import write_text_atomic

    spec = preset(DEFAULT_PRESET)
    spec.name = name
    code = module_code(spec, framework)
    namespace = {}
    exec(compile(code, "exported.py", "exec"), namespace)
    assert namespace["__doc__"].startswith(name + ": a network")
    write_text_atomic(tmp_path / "model.py", code)               # UTF-8 whatever the name
    compile((tmp_path / "model.py").read_bytes(), "model.py", "exec")


def test_an_empty_model_is_not_exported():
    with pytest.raises(SpecError, match="no layers yet"):
        module_code(ModelSpec(name="Empty", layers=[]))


# ---- checkpoints -----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def saved_checkpoint(tmp_path_factory):
    config = TrainingConfig(epochs=1, batch_size=32, sample_limit=64)
    trainer = Trainer(preset(DEFAULT_PRESET), config, data=None)
    path = tmp_path_factory.mktemp("checkpoint") / "run.ckpt"
    save_checkpoint(path, trainer)
    return mtorch.load(path)


@pytest.mark.parametrize("change, problem", [
    ({"format_version": "1"}, "format_version is '1', not a version number"),
    ({"format_version": True}, "format_version is True"),
    ({"format_version": 99}, "written by a newer version"),
    ({"spec": {"name": "nested"}}, "its spec is \\{'name': 'nested'\\}, not a model description"),
    ({"spec": '{"layers": ' + "[" * 1000 + "]" * 1000 + "}"}, "nests deeper than 16 levels"),
    ({"spec": '"just a string"'}, "not a model description"),
    ({"config": "Adam"}, "training settings must be a JSON object"),
    ({"config": {"lr": [1]}}, "'lr' must be a finite number"),
    ({"model": [1, 2]}, "model weights are not a dict of tensors"),
    ({"optimizer": {"state": []}}, "optimiser state"),
    ({"history": {"batch_loss": "x"}}, "history is not one number series per batch"),
    ({"position": {"epoch": "1", "batch": 0}}, "position"),
    ({"rng_state": {"bit_generator": "PCG64", "state": {"state": "x", "inc": 1}}}, "random generator state"),
    ({"rng_state": "seed"}, "random generator state"),
])
def test_damaged_checkpoints_name_the_file_and_the_part(tmp_path, saved_checkpoint, change, problem):
    path = tmp_path / "damaged.ckpt"
    mtorch.save({**saved_checkpoint, **change}, path)
    with pytest.raises(CheckpointError, match=f"damaged.ckpt.*{problem}"):
        load_checkpoint(path)


def test_a_good_checkpoint_still_loads(tmp_path, saved_checkpoint):
    path = tmp_path / "good.ckpt"
    mtorch.save(saved_checkpoint, path)
    checkpoint = load_checkpoint(path)
    assert checkpoint.spec == preset(DEFAULT_PRESET) and checkpoint.state["position"]["epoch"] == 0
    assert saved_checkpoint["format"] == FORMAT


def test_history_from_a_file_must_be_numbers():
    good = History().to_dict()
    assert History.from_dict(good).batch_loss == []
    with pytest.raises(ValueError, match="one dict of numbers per epoch"):
        History.from_dict({**good, "epochs": [{"test_accuracy": "high"}]})


# ---- state dicts -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("bad", [[("weight", np.ones((2, 3)))], "weights", None, 3])
def test_load_state_dict_wants_a_mapping(bad):
    with pytest.raises(TypeError, match="Expected state_dict to be dict-like, got"):
        nn.Linear(3, 2).load_state_dict(bad)


@pytest.mark.parametrize("value", ["abc", [[1], [1, 2]], {"a": 1}, None])
def test_load_state_dict_refuses_values_that_are_not_numbers_and_changes_nothing(value):
    layer = nn.Linear(3, 2)
    before = layer.weight.numpy().copy()
    with pytest.raises(RuntimeError, match="cannot copy weight from a .*: it needs numbers"):
        layer.load_state_dict({"weight": value, "bias": np.zeros(2)})
    np.testing.assert_array_equal(layer.weight.numpy(), before)


@pytest.mark.parametrize("change, problem", [
    (lambda s: s["optimizer"]["param_groups"][0].update(lr="fast"), "optimizer\\[0\\].lr holds 'fast'"),
    (lambda s: s["optimizer"]["param_groups"][0].update(betas=(0.9,)), "optimizer\\[0\\].betas holds \\(0.9,\\)"),
    (lambda s: s["optimizer"]["param_groups"][0].pop("eps"), "optimizer\\[0\\] holds"),
    (lambda s: s["optimizer"]["state"].update({0: {"exp_avg": mtorch.zeros(3)}}),
     "optimizer state 0.'exp_avg' holds tensor.*, not a tensor of its parameter"),
    (lambda s: s["optimizer"]["state"].update({99: {}}), "optimizer state 99 belongs to no parameter"),
    (lambda s: s["model"].update({"1.weight": mtorch.zeros(2, 2)}), "model.1.weight holds"),
])
def test_a_state_that_does_not_fit_is_refused_on_resume(tmp_path, saved_checkpoint, change, problem):
    from mtorch_gui.training.checkpoint import resume
    from mtorch_gui.training.engine import TrainingError

    path = tmp_path / "run.ckpt"
    mtorch.save(saved_checkpoint, path)
    checkpoint = load_checkpoint(path)
    change(checkpoint.state)
    with pytest.raises(TrainingError, match=f"does not fit its model: {problem}"):
        resume(checkpoint)


def test_saved_weights_must_be_a_state_dict(tmp_path):
    from mtorch.serialization import SafetensorsError
    from mtorch_gui.canvas.predictor import load_payload

    save_spec(preset(DEFAULT_PRESET), tmp_path / "model.json")
    mtorch.save({"epoch": 3, "weights": [mtorch.ones(2)]}, tmp_path / "model.safetensors")
    with pytest.raises(SafetensorsError, match="model.safetensors.*no state dict"):
        load_payload(tmp_path / "model")
