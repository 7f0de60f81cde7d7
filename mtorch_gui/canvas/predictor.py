"""The model the canvas reads with: checks that it can read a digit (or a sine), predicts, and records what
every layer makes of the input. Plain Python on mtorch, no Qt.

A payload is what the training panel sends: ``{"spec": ModelSpec, "state_dict": {name: array} or None}``.
The Predictor builds its own copy of the model, so no weights are shared with a training thread.
"""

from pathlib import Path

import numpy as np

import mtorch
from mtorch.serialization import SafetensorsError
from mtorch_gui.data.registry import CANVAS_SEQUENCE, DatasetError, output_problem
from mtorch_gui.model.files import load_spec
from mtorch_gui.model.text import Text
from mtorch_gui.resources import resource

DEFAULT_MODEL = resource("models", "default_cnn")
DIGIT_INPUTS = {(1, 28, 28): (1, 1, 28, 28), (28, 28): (1, 28, 28), (784,): (1, 784)}   # spec shape -> batch
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
    """The ten class probabilities from a classifier's output, by what its last layer gives: scores
    (softmax of them), Softmax (as is), LogSoftmax (exp), or Sigmoid (each in [0, 1]; scaled to sum to 1,
    as the original project's network trained with a square loss on one-hot targets)."""
    if last_layer == "Softmax":
        return out
    if last_layer == "LogSoftmax":
        return np.exp(out)
    if last_layer == "Sigmoid":
        return out / max(out.sum(), 1e-12)
    e = np.exp(out - out.max())
    return e / e.sum()


class Predictor:
    """`problem` is None when the model can be used, else the reason it cannot, in plain words.
    `task` is "digits" (a classifier of 28x28 images) or "sequence" (sin -> cos)."""

    def __init__(self, payload):
        self.spec = payload["spec"]
        self.trained = payload.get("state_dict") is not None
        self.model = None
        self.problem = None
        self.mistakes = None    # (indices, predictions) of the test images it reads wrongly, once looked for
        try:
            self.dataset = self.spec.dataset_info()
            self.task = "sequence" if self.dataset.canvas == CANVAS_SEQUENCE else "digits"
        except DatasetError as e:
            self.task, self.problem = "digits", e.args[0]
            return
        try:
            self._build(payload.get("state_dict"))
        except Exception as e:          # any failure to build the model or load its weights is shown, not raised
            self.model, self.problem = None, Text("canvas", "The model cannot run: {error}").format(error=e)

    @property
    def name(self):
        return self.spec.name

    def _build(self, state_dict):
        shape = tuple(self.spec.input_shape)
        if self.task == "digits" and shape not in DIGIT_INPUTS:
            self.problem = Text("canvas", "This model reads inputs of shape {shape}; a drawing is a 1x28x28 image "
                                "(or 784 values), so it cannot read it.").format(shape="x".join(map(str, shape)))
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

    # ---- digits --------------------------------------------------------------------------------------------

    def forward(self, image):
        """Image (28, 28) in [0, 1] -> (ten probabilities, [(layer title, its output for this image)])."""
        x = mtorch.from_numpy(np.asarray(image, np.float32).reshape(DIGIT_INPUTS[tuple(self.spec.input_shape)]))
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

    def find_mistakes(self, images, labels):
        """A generator that reads ``images`` (N, 28, 28 or N, 1, 28, 28) in chunks of MISTAKE_CHUNK, one
        vectorised forward each, and yields the fraction done after each chunk; it returns the indices of
        the images whose predicted class is not their label, and those predictions."""
        predictions = np.empty(len(images), np.int64)
        shape = tuple(self.spec.input_shape)
        for start in range(0, len(images), MISTAKE_CHUNK):
            x = np.asarray(images[start:start + MISTAKE_CHUNK], np.float32).reshape(-1, *shape)
            with mtorch.no_grad():      # every output kind's argmax is its most probable class
                predictions[start:start + len(x)] = self.model(mtorch.from_numpy(x)).numpy().argmax(axis=1)
            yield (start + len(x)) / len(images)
        wrong = np.flatnonzero(predictions != labels)
        return wrong, predictions[wrong]

    # ---- sequences -----------------------------------------------------------------------------------------

    def predict_sequence(self, inputs):
        """inputs (seq_len,) -> the model's output (seq_len,)."""
        x = mtorch.from_numpy(np.asarray(inputs, np.float32).reshape(1, -1, 1))
        with mtorch.no_grad():
            return self.model(x).numpy().reshape(-1).copy()
