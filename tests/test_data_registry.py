"""mtorch_gui.data.registry: one DatasetInfo per dataset and the one output check, without Qt."""

import pytest

from mtorch_gui.data import registry
from mtorch_gui.data.registry import DatasetError, dataset_info, output_problem
from mtorch_gui.model.spec import LayerSpec, ModelSpec, SpecError
from mtorch_gui.training.config import TrainingConfig


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
