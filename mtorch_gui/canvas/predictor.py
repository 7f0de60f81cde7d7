"""The model the canvas reads with: checks that it can read what the Draw tab offers for its dataset (an
image drawn at the dataset's size, a sine, or clicked 2-D points), predicts, and records what every layer
makes of an image. Plain Python on mtorch, no Qt.

A payload is what the training panel sends: ``{"spec": ModelSpec, "state_dict": {name: array} or None}``.
The Predictor builds its own copy of the model, so no weights are shared with a training thread.
"""

from pathlib import Path

import numpy as np

import mtorch
from mtorch.serialization import SafetensorsError
from mtorch_gui.data.registry import CANVAS_IMAGE, CANVAS_POINTS, CANVAS_SEQUENCE, DatasetError, output_problem
from mtorch_gui.model.files import load_spec
from mtorch_gui.model.text import Text
from mtorch_gui.resources import resource

DEFAULT_MODEL = resource("models", "default_cnn")
TASKS = {CANVAS_IMAGE: "image", CANVAS_SEQUENCE: "sequence", CANVAS_POINTS: "points"}   # dataset.canvas -> task
MISTAKE_CHUNK = 500     # test images per vectorised forward while looking for mistakes


class WeightsError(ValueError):
    """A weights file that cannot be read, or whose tensors do not fit the model; ``args[0]`` is a Text
    naming the file and what is wrong."""


def load_payload(path=DEFAULT_MODEL):
    """Read a saved model (path.json: its ModelSpec; path.safetensors: its state dict) as a payload."""
    path = Path(path)
    spec = load_spec(path.with_suffix(".json"))
    weights = path.with_suffix(".safetensors")
    state = mtorch.load(weights)
    if not (isinstance(state, dict) and all(isinstance(v, mtorch.Tensor) for v in state.values())):
        raise SafetensorsError(weights, "it holds no state dict (a dict of tensors)")
    return {"spec": spec, "state_dict": {k: v.numpy() for k, v in state.items()}}


def load_weights(spec, path):
    """The payload of ``spec`` with the weights of the safetensors file ``path``: a state dict as
    ``mtorch.save(model.state_dict(), path)`` or PyTorch's ``safetensors.torch.save_file(model.state_dict(),
    path)`` write it, for the same layers (an ``nn.Sequential``: keys ``0.weight``, ``0.bias``, ...), or a
    training checkpoint (Train tab, Save checkpoint), which brings its own architecture instead of ``spec``.
    Raises WeightsError naming the file and, when the tensors do not fit, every missing key, unexpected key
    and shape that differs (the model's own ``load_state_dict`` check); nothing is half-loaded."""
    from mtorch_gui.training.checkpoint import FORMAT, CheckpointError, load_checkpoint

    name = Path(path).name
    try:
        state = mtorch.load(path)
    except (OSError, SafetensorsError) as error:
        raise WeightsError(Text("canvas", "Cannot read the weights file {file}: {error}").format(
            file=name, error=str(error))) from None
    if isinstance(state, dict) and state.get("format") == FORMAT:
        try:
            checkpoint = load_checkpoint(path)
        except CheckpointError as error:
            raise WeightsError(str(error)) from None
        spec, state = checkpoint.spec, checkpoint.state["model"]
    if not (isinstance(state, dict) and state and all(isinstance(v, mtorch.Tensor) for v in state.values())):
        raise WeightsError(Text("canvas", "{file} holds no weights: a state dict (a flat dict of tensors, as "
                                "save_file(model.state_dict(), ...) writes) was expected.").format(file=name))
    result = spec.validate()
    if not result.ok:
        raise WeightsError(Text("canvas", "The open model cannot take weights: {error}").format(
            error=result.first_error))
    try:
        spec.build().load_state_dict(state)
    except RuntimeError as error:
        raise WeightsError(Text("canvas", "The weights in {file} do not fit the open model “{name}”; nothing was "
                                "loaded.\n{differences}").format(file=name, name=spec.name,
                                                                 differences=str(error))) from None
    return {"spec": spec.copy(), "state_dict": {k: v.numpy() for k, v in state.items()}}


def probabilities(out, last_layer):
    """Class probabilities (along the last axis) from a classifier's output, by what its last layer gives:
    scores (softmax of them), Softmax (as is), LogSoftmax (exp), or Sigmoid (each in [0, 1]; scaled to sum to
    1, as the original project's network trained with a square loss on one-hot targets)."""
    if last_layer == "Softmax":
        return out
    if last_layer == "LogSoftmax":
        return np.exp(out)
    if last_layer == "Sigmoid":
        return out / np.maximum(out.sum(axis=-1, keepdims=True), 1e-12)
    e = np.exp(out - out.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


class Predictor:
    """`problem` is None when the model can be used, else the reason it cannot, in plain words.
    `task` is what the Draw tab does with it, from its dataset: "image" (a classifier of images, drawn at
    the dataset's size; `mnist_style` for MNIST's digits), "sequence" (sin -> cos), "points" (a classifier
    of 2-D points), or None (nothing; `problem` says why)."""

    def __init__(self, payload):
        self.spec = payload["spec"]
        self.trained = payload.get("state_dict") is not None
        self.model = None
        self.problem = None
        self.mistakes = None    # (indices, predictions) of the test images it reads wrongly, once looked for
        self.dataset, self.task = None, None
        try:
            self.dataset = self.spec.dataset_info()
        except DatasetError as e:
            self.problem = e.args[0]
            return
        self.task = TASKS.get(self.dataset.canvas)
        if self.task is None:
            self.problem = Text("canvas", "The Draw tab has nothing to draw for {data}: it draws images for image "
                                "classifiers, 2-D points for 2-D classifiers and sines for sin-to-cos "
                                "models.").format(data=self.dataset.title)
            return
        try:
            self._build(payload.get("state_dict"))
        except Exception as e:          # any failure to build the model or load its weights is shown, not raised
            self.model, self.problem = None, Text("canvas", "The model cannot run: {error}").format(error=e)

    @property
    def name(self):
        return self.spec.name

    @property
    def mnist_style(self):
        """Drawings become MNIST digits (centred 20-pixel box, ink = 1; preprocess.py) rather than the
        picture as drawn."""
        return self.dataset is not None and self.dataset.name == "mnist"

    @property
    def classes(self):
        return tuple(self.dataset.classes) if self.dataset is not None else ()

    def _build(self, state_dict):
        shape, wanted = tuple(self.spec.input_shape), tuple(self.dataset.input_shape)
        if self.task != "sequence" and int(np.prod(shape)) != int(np.prod(wanted)):
            self.problem = Text("canvas", "This model reads inputs of shape {shape}; {data} gives {wanted} ({count} "
                                "values), so it cannot read them.").format(
                shape="x".join(map(str, shape)), data=self.dataset.title, wanted="x".join(map(str, wanted)),
                count=int(np.prod(wanted)))
            return
        result = self.spec.validate()
        if result.first_invalid is not None:
            self.problem = Text("canvas", "The model is not valid: {error}").format(error=result.first_error)
            return
        problem = output_problem(self.dataset, result.output_shape)
        if problem:
            self.problem = problem
            return
        model = self.spec.build()
        if state_dict is not None:
            model.load_state_dict(state_dict)
        model.eval()
        self.model = model
        if not self.trained:
            self.problem = Text("canvas", "This model has not been trained yet: train it in the Train tab and the "
                                "canvas will read with it.")

    # ---- classifiers ---------------------------------------------------------------------------------------

    def forward(self, image):
        """One input (an image in [0, 1] of the dataset's shape) -> (class probabilities, [(layer title, its
        output for this input)])."""
        x = mtorch.from_numpy(np.asarray(image, np.float32).reshape(1, *self.spec.input_shape))
        layers = []
        with mtorch.no_grad():
            for i, layer in enumerate(self.model):
                x = layer(x)
                layers.append((f"{i + 1} {type(layer).__name__}", x.numpy()[0].copy()))
        last = type(list(self.model)[-1]).__name__
        probs = probabilities(layers[-1][1], last)
        if last != "Softmax":
            layers.append((Text("canvas", "probabilities") if last in ("LogSoftmax", "Sigmoid") else "softmax",
                           probs))
        return probs.astype(np.float64), layers

    def read(self, inputs):
        """A batch of inputs (N, ...) -> their class probabilities (N, classes), in one vectorised pass."""
        x = np.asarray(inputs, np.float32).reshape(-1, *self.spec.input_shape)
        with mtorch.no_grad():
            out = self.model(mtorch.from_numpy(x)).numpy()
        return probabilities(out, type(list(self.model)[-1]).__name__)

    def find_mistakes(self, images, labels):
        """A generator that reads ``images`` (N, ...) in chunks of MISTAKE_CHUNK, one vectorised forward
        each, and yields the fraction done after each chunk; it returns the indices of the images whose
        predicted class is not their label, and those predictions."""
        predictions = np.empty(len(images), np.int64)
        for start in range(0, len(images), MISTAKE_CHUNK):
            chunk = self.read(images[start:start + MISTAKE_CHUNK])
            predictions[start:start + len(chunk)] = chunk.argmax(axis=1)
            yield (start + len(chunk)) / len(images)
        wrong = np.flatnonzero(predictions != labels)
        return wrong, predictions[wrong]

    # ---- sequences -----------------------------------------------------------------------------------------

    def predict_sequence(self, inputs):
        """inputs (seq_len,) -> the model's output (seq_len,)."""
        x = mtorch.from_numpy(np.asarray(inputs, np.float32).reshape(1, -1, 1))
        with mtorch.no_grad():
            return self.model(x).numpy().reshape(-1).copy()
