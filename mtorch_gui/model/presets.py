"""Ready-made models for File › New from preset, each with its dataset and every training setting.

``spec.training`` holds all of ``TrainingConfig``'s settings but the dataset (see training/config.py), e.g.:
  loss        an mtorch.nn loss class name ("CrossEntropyLoss", "NLLLoss", "MSELoss"; MSELoss on MNIST
              compares with one-hot targets, as the original project did)
  optimizer   an mtorch.optim class name ("SGD", "Adam", "AdamW", "RMSprop", "Adadelta")
  lr, momentum, nesterov, weight_decay, batch_size, epochs, seed, sample_limit
  scheduler   "none" or an mtorch.optim.lr_scheduler class name ("StepLR", "CosineAnnealingLR", "OneCycleLR"),
              with step_size and gamma for StepLR
"""

from mtorch_gui.data.registry import dataset_info
from mtorch_gui.training.config import TrainingConfig

from .spec import LayerSpec, ModelSpec
from .text import Text

DEFAULT_PRESET = "MLP 784-128-64-10"


def _layers(*items) -> list[LayerSpec]:
    return [LayerSpec(t, dict(a)) for t, *rest in items for a in (rest or [{}])]


def _mnist(name, layers, **training) -> ModelSpec:
    return ModelSpec(name=name, dataset="mnist", input_shape=dataset_info("mnist").input_shape, layers=layers,
                     training=TrainingConfig(dataset="mnist", **training).training_dict())


def _sin_to_cos(name, cell) -> ModelSpec:
    return ModelSpec(name=name, dataset="sin_to_cos", input_shape=dataset_info("sin_to_cos").input_shape,
                     layers=_layers((cell, {"hidden_size": 32}), ("Linear", {"out_features": 1})),
                     training=TrainingConfig(dataset="sin_to_cos", loss="MSELoss", optimizer="Adam", lr=0.01,
                                             batch_size=32, epochs=20,
                                             scheduler="CosineAnnealingLR").training_dict())


def _presets() -> dict[str, ModelSpec]:
    specs = [
        _mnist(Text("presets", "Original MLP (784-16-16-10, sigmoid output, square loss)"),
               _layers(("Flatten",), ("Linear", {"out_features": 16}), ("ReLU",), ("Linear", {"out_features": 16}),
                       ("ReLU",), ("Linear", {"out_features": 10}), ("Sigmoid",)),
               loss="MSELoss", optimizer="SGD", lr=1.0, batch_size=32, epochs=30),
        _mnist(Text("presets", "MLP 784-128-64-10"),
               _layers(("Flatten",), ("Linear", {"out_features": 128}), ("ReLU",),
                       ("Linear", {"out_features": 64}), ("ReLU",), ("Linear", {"out_features": 10})),
               loss="CrossEntropyLoss", optimizer="Adam", lr=1e-3, batch_size=64, epochs=5),
        _mnist(Text("presets", "LeNet-5"),
               _layers(("Conv2d", {"out_channels": 6, "kernel_size": 5, "padding": 2}), ("Tanh",),
                       ("AvgPool2d", {"kernel_size": 2}),
                       ("Conv2d", {"out_channels": 16, "kernel_size": 5}), ("Tanh",),
                       ("AvgPool2d", {"kernel_size": 2}), ("Flatten",),
                       ("Linear", {"out_features": 120}), ("Tanh",), ("Linear", {"out_features": 84}), ("Tanh",),
                       ("Linear", {"out_features": 10})),
               loss="CrossEntropyLoss", optimizer="Adam", lr=1e-3, batch_size=64, epochs=5),
        _mnist(Text("presets", "PyTorch MNIST example CNN"),
               _layers(("Conv2d", {"out_channels": 32, "kernel_size": 3}), ("ReLU",),
                       ("Conv2d", {"out_channels": 64, "kernel_size": 3}), ("ReLU",),
                       ("MaxPool2d", {"kernel_size": 2}), ("Dropout", {"p": 0.25}), ("Flatten",),
                       ("Linear", {"out_features": 128}), ("ReLU",), ("Dropout", {"p": 0.5}),
                       ("Linear", {"out_features": 10}), ("LogSoftmax", {"dim": 1})),
               loss="NLLLoss", optimizer="Adadelta", lr=1.0, batch_size=64, epochs=3,
               scheduler="StepLR", step_size=1, gamma=0.7),
        _sin_to_cos(Text("presets", "RNN sin-to-cos"), "RNN"),
        _sin_to_cos(Text("presets", "LSTM sin-to-cos"), "LSTM"),
    ]
    return {s.name: s for s in specs}


PRESETS: dict[str, ModelSpec] = _presets()


def preset(name: str = DEFAULT_PRESET) -> ModelSpec:
    """A fresh copy of a preset, safe to edit."""
    return PRESETS[name].copy()
