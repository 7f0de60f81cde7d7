"""mtorch_gui.data.registry: one DatasetInfo per dataset and the one output check, without Qt."""

import numpy as np
import pytest

from mtorch_gui.data import registry
from mtorch_gui.data.registry import DatasetError, dataset_info, output_problem
from mtorch_gui.model.spec import LayerSpec, ModelSpec, SpecError
from mtorch_gui.training.config import TrainingConfig
from mtorch_gui.training.engine import Trainer


def test_builtin_datasets_describe_themselves():
    mnist = dataset_info("mnist")
    assert (mnist.task, mnist.input_shape, mnist.num_classes, mnist.canvas) == ("classification", (1, 28, 28), 10,
                                                                                "image")
    assert mnist.classes[:3] == ("0", "1", "2")
    sine = dataset_info("sin_to_cos")
    assert (sine.task, sine.target_shape, sine.canvas) == ("regression", (50, 1), "sequence")
    assert dataset_info("mnist") is mnist  # described once
    assert [info.name for info in registry.choices()][:2] == ["mnist", "sin_to_cos"]


def test_output_problem_is_the_one_check():
    mnist, sine = dataset_info("mnist"), dataset_info("sin_to_cos")
    assert output_problem(mnist, (10,)) is None and output_problem(sine, (50, 1)) is None
    assert "MNIST has 10 classes: end with a Linear with out_features=10" in output_problem(mnist, (64,))
    assert output_problem(mnist, (4, 7, 7)).endswith("after a Flatten")
    assert "one value per step, (50, 1)" in output_problem(sine, (50, 8))


@pytest.mark.parametrize("name, options, problem", [
    ("cifar", {}, "Unknown dataset 'cifar'"),
    ("mnist", [], "must be a JSON object"),
    ("mnist", {"noise": 0.1}, "has no option 'noise'"),
])
def test_bad_names_and_options_are_refused(name, options, problem):
    with pytest.raises(DatasetError, match=problem):
        dataset_info(name, options)


def test_a_spec_keeps_its_dataset_options_and_the_config_follows():
    spec = ModelSpec(dataset="mnist", layers=[LayerSpec("Flatten"), LayerSpec("Linear", {"out_features": 10})])
    assert "dataset_options" not in spec.to_dict()  # files of datasets without options stay as they were
    assert ModelSpec.from_json(spec.to_json()) == spec
    config = TrainingConfig.for_spec(spec, epochs=2)
    assert (config.dataset, config.dataset_options, config.epochs) == ("mnist", {}, 2)
    data = {**spec.to_dict(), "dataset_options": {"size": 3}}
    with pytest.raises(SpecError, match="has no option 'size'"):
        ModelSpec.from_dict(data)
    assert "has no option" in TrainingConfig(dataset_options={"size": 3}).problems()[0]


@pytest.mark.parametrize("name", ["circle", "xor", "gaussians", "spiral", "plane", "multi_gaussian"])
def test_the_2d_sets_split_by_their_options(name):
    info = dataset_info(name, {"points": 200, "noise": 0.0, "test_ratio": 0.25, "seed": 1})
    splits = info.load()
    assert info.input_shape == (2,) and (len(splits.train), len(splits.val), len(splits.test)) == (120, 30, 50)
    assert info.canvas == ("points" if info.task == "classification" else None)
    again = dataset_info(name, {"points": 200, "noise": 0.0, "test_ratio": 0.25, "seed": 1}).load()
    assert np.array_equal(again.train.x, splits.train.x)
    other_seed = dataset_info(name, {"points": 200, "noise": 0.0, "test_ratio": 0.25, "seed": 2}).load()
    assert not np.array_equal(other_seed.train.x, splits.train.x)


@pytest.mark.parametrize("options, problem", [
    ({"points": 2}, "number of points must be from 4"),
    ({"noise": 0.9}, "noise must be from 0 to 0.5"),
    ({"test_ratio": 1.0}, "test ratio must be between 0 and 1"),
    ({"points": 4.5}, "points must be a whole number"),
    ({"points": 4, "test_ratio": 0.1}, "too few samples"),
])
def test_bad_2d_options_are_refused(options, problem):
    with pytest.raises(DatasetError, match=problem):
        dataset_info("spiral", options).load()


def _train(spec, **settings):
    trainer = Trainer(spec, TrainingConfig.for_spec(spec, **settings))
    for _ in trainer.train():
        pass
    return trainer


def test_a_small_mlp_learns_the_spiral_and_every_history_has_the_same_columns(tmp_path):
    layers = [LayerSpec("Linear", {"out_features": 32}), LayerSpec("Tanh"),
              LayerSpec("Linear", {"out_features": 32}), LayerSpec("Tanh"), LayerSpec("Linear", {"out_features": 2})]
    spec = ModelSpec(dataset="spiral", input_shape=(2,), layers=layers)
    assert spec.validate().ok
    trainer = _train(spec, epochs=100, lr=0.01, batch_size=16)
    assert trainer.history.epochs[-1]["test_accuracy"] > 0.8  # chance is 0.5
    plane = ModelSpec(dataset="plane", input_shape=(2,),
                      layers=layers[:-1] + [LayerSpec("Linear", {"out_features": 1})])
    assert "plane needs one value per point, (1)" in ModelSpec(dataset="plane", input_shape=(2,),
                                                                layers=layers).validate().first_error
    regression = _train(plane, epochs=2, loss="MSELoss", lr=0.01)
    headers = []
    for t in (trainer, regression):
        t.history.to_csv(tmp_path / "h.csv")
        headers.append((tmp_path / "h.csv").read_text().splitlines()[0])
    assert headers[0] == headers[1] and headers[0].startswith("epoch,train_loss,train_accuracy,lr,val_loss")
