"""Training settings as part of the model file, plain Python (no Qt): every setting round-trips through a
file, mtorch-train reads a file as the training panel does, a resumed run's clock goes on."""

import dataclasses
import json

import pytest

from mtorch_gui.model.files import load_spec, save_spec
from mtorch_gui.model.presets import preset
from mtorch_gui.training import cli
from mtorch_gui.training.checkpoint import load_checkpoint, resume, save_checkpoint
from mtorch_gui.training.config import TrainingConfig
from mtorch_gui.training.engine import Trainer, TrainingError

# a value other than the default for every setting
EVERY_SETTING = TrainingConfig(dataset="mnist", augmentation={"shift": 2, "rotation": 10.0}, loss="MSELoss",
                               optimizer="SGD", lr=0.005, momentum=0.8, nesterov=True, weight_decay=1e-4,
                               batch_size=48, epochs=7, scheduler="StepLR", step_size=2, gamma=0.5, seed=42,
                               sample_limit=300)


def test_every_setting_differs_from_its_default():
    defaults = TrainingConfig()
    assert all(getattr(EVERY_SETTING, f.name) != getattr(defaults, f.name)
               for f in dataclasses.fields(TrainingConfig) if f.name not in ("dataset", "dataset_options"))


def test_every_training_setting_round_trips_through_a_model_file(tmp_path):
    spec = preset("MLP 784-128-64-10")
    spec.training = EVERY_SETTING.training_dict()
    save_spec(spec, tmp_path / "mine.json")
    written = json.loads((tmp_path / "mine.json").read_text())
    assert set(written["training"]) == {f.name for f in dataclasses.fields(TrainingConfig)} - {"dataset",
                                                                                                "dataset_options"}
    assert TrainingConfig.for_spec(load_spec(tmp_path / "mine.json")) == EVERY_SETTING


def test_a_setting_changed_keeps_the_others_and_drops_what_the_optimiser_ignores():
    config = EVERY_SETTING.with_setting("lr", 0.1)
    assert config == dataclasses.replace(EVERY_SETTING, lr=0.1)
    adam = EVERY_SETTING.with_setting("optimizer", "Adam")
    assert (adam.momentum, adam.nesterov) == (0.0, False) and adam.problems() == []
    rmsprop = EVERY_SETTING.with_setting("optimizer", "RMSprop")
    assert (rmsprop.momentum, rmsprop.nesterov) == (0.8, False)
    assert EVERY_SETTING.with_setting("sample_limit", None).sample_limit is None
    with pytest.raises(ValueError, match="'batch_size' must be a whole number"):
        EVERY_SETTING.with_setting("batch_size", "64")
    with pytest.raises(ValueError, match="unknown training setting 'dataset'"):
        EVERY_SETTING.with_setting("dataset", "sin_to_cos")


@pytest.mark.parametrize("training", [{}, {"lr": 0.02, "optimizer": "SGD"}, EVERY_SETTING.training_dict()])
def test_mtorch_train_builds_the_config_the_training_panel_reads(tmp_path, monkeypatch, training):
    """The panel trains ``TrainingConfig.for_spec(document.spec)``; mtorch-train FILE must build the same."""
    spec = preset("MLP 784-128-64-10")
    spec.training = training
    save_spec(spec, tmp_path / "model.json")
    built = []

    def no_training(spec, config):
        built.append(config)
        raise TrainingError("stop here")

    monkeypatch.setattr(cli, "Trainer", no_training)
    assert cli.main([str(tmp_path / "model.json")]) == cli.EXIT_BAD_INPUT
    assert built == [TrainingConfig.for_spec(load_spec(tmp_path / "model.json"))]
    assert built[0] == TrainingConfig.from_dict(training)


def test_the_history_clock_goes_on_after_a_resume(tmp_path):
    spec = preset("MLP 784-128-64-10")
    config = TrainingConfig(epochs=2, sample_limit=64, batch_size=32)
    trainer = Trainer(spec, config)
    for _ in trainer.train(1):
        pass
    save_checkpoint(tmp_path / "run.safetensors", trainer)
    resumed = resume(load_checkpoint(tmp_path / "run.safetensors"))
    assert resumed.seconds == trainer.seconds > 0
    for _ in resumed.train():
        pass
    first, second = (e["seconds"] for e in resumed.history.epochs)
    assert second > first == trainer.history.epochs[0]["seconds"]
