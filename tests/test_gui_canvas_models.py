"""The Draw tab's models without Qt: the choice of model, weights loaded from a safetensors file (mtorch's
or PyTorch's) for an architecture with a clear message when they do not fit, and the shipped CNN's
mistakes on MNIST's test set found in one vectorised pass."""

import json
from pathlib import Path

import numpy as np
import pytest

import mtorch
from mtorch_gui.canvas.choice import FILE, SHIPPED, TRAINED, ModelChoice
from mtorch_gui.canvas.predictor import Predictor, WeightsError, load_payload, load_weights
from mtorch_gui.canvas.preprocess import strokes_to_mnist
from mtorch_gui.data.builtin import mnist_arrays
from mtorch_gui.model.spec import LayerSpec, ModelSpec

DIGITS = json.loads((Path(__file__).parent / "data" / "strokes" / "digits.json").read_text())["digits"]
RNN = ModelSpec(name="rnn", dataset="sin_to_cos", input_shape=(50, 1),
                layers=[LayerSpec("RNN", {"hidden_size": 8}), LayerSpec("Linear", {"out_features": 1})])


@pytest.fixture(scope="module")
def shipped():
    return load_payload()


def torch_cnn(torch):
    """The shipped CNN's architecture (resources/models/default_cnn.json) built in PyTorch."""
    nn = torch.nn
    return nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(8, 16, 3, padding=1),
                         nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(16 * 7 * 7, 10))


def test_the_choice_keeps_one_model_per_source_and_goes_back(shipped):
    choice = ModelChoice()
    choice.set(SHIPPED, shipped)
    rnn = {"spec": RNN, "state_dict": None}
    choice.set(TRAINED, rnn)
    assert [e.source for e in choice.entries()] == [SHIPPED, TRAINED]
    assert choice.current.predictor.task == "sequence" and choice.current.title == "Just trained: rnn"
    back = choice.choose(SHIPPED)
    assert back.predictor.task == "image" and back.predictor.mnist_style and back.predictor.problem is None
    assert back.title == "Shipped CNN"
    file = choice.set(FILE, shipped, file="/tmp/w.safetensors", choose=False)
    assert choice.current is back and file.title == "From file: w.safetensors"
    assert [e.source for e in choice.entries()] == [SHIPPED, TRAINED, FILE]
    again = choice.set(TRAINED, rnn, choose=False)     # a new model in the place of the chosen one stays chosen
    choice.choose(TRAINED)
    assert choice.current is again


def test_weights_written_by_pytorch_load_and_read_the_canvas_digits(shipped, tmp_path):
    torch = pytest.importorskip("torch")
    safetensors_torch = pytest.importorskip("safetensors.torch")
    model = torch_cnn(torch)
    with torch.no_grad():        # the shipped CNN's weights, now in a PyTorch model
        for key, value in model.state_dict().items():
            value.copy_(torch.from_numpy(shipped["state_dict"][key]))
    path = tmp_path / "from_torch.safetensors"
    safetensors_torch.save_file(model.state_dict(), str(path))

    predictor = Predictor(load_weights(shipped["spec"], path))
    assert predictor.problem is None
    images = np.stack([strokes_to_mnist(d["strokes"]) for d in DIGITS])
    labels = np.array([d["label"] for d in DIGITS])
    read = np.array([int(np.argmax(predictor.forward(image)[0])) for image in images])
    with torch.no_grad():
        by_torch = model(torch.from_numpy(images[:, None])).argmax(1).numpy()
    np.testing.assert_array_equal(read, by_torch)
    assert np.mean(read == labels) >= 0.9


def test_weights_that_do_not_fit_list_every_difference(shipped, tmp_path):
    other = ModelSpec(name="other", input_shape=(1, 28, 28), layers=[
        LayerSpec("Conv2d", {"out_channels": 4, "kernel_size": 3, "padding": 1}), LayerSpec("Flatten"),
        LayerSpec("Linear", {"out_features": 10}), LayerSpec("Linear", {"out_features": 10})]).build()
    path = tmp_path / "other.safetensors"
    mtorch.save(other.state_dict(), path)
    with pytest.raises(WeightsError) as error:
        load_weights(shipped["spec"], path)
    message = error.value.args[0]
    assert message.startswith("The weights in other.safetensors do not fit the open model “Default CNN (canvas)”")
    # the shipped CNN has 0, 3 and 7 (Conv2d, Conv2d, Linear); the file 0, 2, 3 (Conv2d, Linear, Linear)
    assert 'Missing key(s) in state_dict: "7.weight", "7.bias".' in message
    assert 'Unexpected key(s) in state_dict: "2.weight", "2.bias".' in message
    assert ("size mismatch for 0.weight: copying a param with shape (4, 1, 3, 3) from checkpoint, the shape in "
            "current model is (8, 1, 3, 3).") in message
    assert "size mismatch for 3.weight: copying a param with shape (10, 10)" in message
    assert message.template.startswith("The weights in {file}")      # translatable


@pytest.mark.parametrize("content, expected", [
    (b"not a safetensors file at all", "Cannot read the weights file bad.safetensors"),
    (None, "bad.safetensors holds no weights"),
])
def test_unreadable_weights_name_the_file(shipped, tmp_path, content, expected):
    path = tmp_path / "bad.safetensors"
    if content is None:
        mtorch.save({"format": "something else", "nested": {"w": mtorch.zeros(2)}}, path)
    else:
        path.write_bytes(content)
    with pytest.raises(WeightsError, match=expected):
        load_weights(shipped["spec"], path)


def test_the_shipped_cnn_mistakes_in_one_vectorised_pass(shipped):
    predictor = Predictor(shipped)
    images, labels = mnist_arrays(False)
    steps = predictor.find_mistakes(images, labels)
    fractions = []
    try:
        while True:
            fractions.append(next(steps))
    except StopIteration as end:
        wrong, predictions = end.value
    assert fractions[-1] == 1 and len(fractions) == -(-len(images) // 500)
    # the shipped CNN's stored test accuracy, 98.53%, is 147 mistakes in 10000
    assert len(wrong) == round((1 - shipped["spec"].metrics["test_accuracy"]) * len(images)) == 147
    assert np.all(predictions != labels[wrong])
    for i, predicted in zip(wrong[:5], predictions[:5]):
        assert int(np.argmax(predictor.forward(images[i])[0])) == predicted


def test_a_training_checkpoint_brings_its_own_architecture(shipped, tmp_path):
    from mtorch_gui.training.checkpoint import FORMAT, save_checkpoint
    from mtorch_gui.training.config import TrainingConfig
    from mtorch_gui.training.engine import Trainer

    spec = ModelSpec(name="checkpointed MLP", input_shape=(1, 28, 28), layers=[
        LayerSpec("Flatten"), LayerSpec("Linear", {"out_features": 16}), LayerSpec("ReLU"),
        LayerSpec("Linear", {"out_features": 10})])
    trainer = Trainer(spec, TrainingConfig(sample_limit=64))
    save_checkpoint(tmp_path / "run.ckpt", trainer)
    payload = load_weights(shipped["spec"], tmp_path / "run.ckpt")     # not the shipped CNN's architecture
    assert payload["spec"].name == "checkpointed MLP" and Predictor(payload).problem is None
    for key, value in trainer.model.state_dict().items():
        np.testing.assert_array_equal(payload["state_dict"][key], value.numpy())
    mtorch.save({"format": FORMAT, "format_version": 1}, tmp_path / "damaged.ckpt")
    with pytest.raises(WeightsError, match="The checkpoint .*damaged.ckpt is damaged"):
        load_weights(shipped["spec"], tmp_path / "damaged.ckpt")
