"""ModelSpec: a network as data — the input shape and an ordered list of layers — plain Python, no Qt.

A spec is what the editor edits, what architecture files (.json) hold and what the training panel and the
canvas build their models from:

    spec = ModelSpec(name="MLP", dataset="mnist", input_shape=(1, 28, 28),
                     layers=[LayerSpec("Flatten"), LayerSpec("Linear", {"out_features": 10})])
    spec.validate().layers[1].output_shape    # (10,)
    model = spec.build()                      # mtorch.nn.Sequential(Flatten(...), Linear(784, 10))

A layer's arguments hold only what the user sets; what follows from the previous layer (in_features,
in_channels, input_size, num_features, ...) is derived by ``validate()`` and passed by ``build()``.

Recurrent layers: mtorch's ``nn.RNN``/``LSTM``/``GRU`` return ``(output, hidden)``, which a Sequential cannot
pass on, so ``build()`` uses the subclasses in ``mtorch_gui.model.layers`` of the same name that return only
the output sequence. They keep the class name, the repr and the state_dict keys of ``nn.RNN`` & co., so
weights move freely between the two.
"""

from __future__ import annotations

import copy
import json
import math
from dataclasses import dataclass, field

from mtorch.serialization import parse_json
from mtorch_gui.data import registry

from .catalog import CATALOG, ShapeError, SpecError, format_shape, layer_type, short_repr
from .text import Text

FORMAT = "mtorch_gui.model"
FORMAT_VERSION = 1

MAX_PARAMS = 50_000_000     # 200 MB of float32 weights: far beyond what trains on a CPU in reasonable time
MAX_JSON_DEPTH = 16         # a model file nests 5 levels (the file, layers, a layer, its args, a size)
MAX_DIMS = 8                # of an input shape
MAX_DIM = 2 ** 31 - 1       # per dimension of an input shape

__all__ = ["FORMAT_VERSION", "LayerResult", "LayerSpec", "ModelSpec", "SpecError",
           "ValidationResult"]


@dataclass(eq=False)
class LayerSpec:
    """One layer: its mtorch.nn class name and the arguments the user set (the rest take their defaults).

    Two layers are equal when they build the same module: ``{"p": 0.5}`` equals ``{}`` for Dropout.
    """

    type: str
    args: dict = field(default_factory=dict)

    def values(self) -> dict:
        """Every user argument, defaults filled in and checked (raises SpecError)."""
        return layer_type(self.type).check_args(self.args)

    def __eq__(self, other):
        if not isinstance(other, LayerSpec):
            return NotImplemented
        return self.type == other.type and self._comparable() == other._comparable()

    __hash__ = None

    def _comparable(self) -> dict:
        try:
            return self.values()
        except SpecError:
            return self.args


@dataclass
class LayerResult:
    """What validation found for one layer."""

    input_shape: tuple | None
    output_shape: tuple | None = None
    params: int = 0
    error: str | None = None
    derived: dict = field(default_factory=dict)


@dataclass
class ValidationResult:
    layers: list[LayerResult]
    output_error: str | None = None    # the stack works but does not fit the dataset's targets

    @property
    def first_invalid(self) -> int | None:
        """Index of the first layer with an error, or None."""
        return next((i for i, r in enumerate(self.layers) if r.error), None)

    @property
    def first_error(self) -> str | None:
        i = self.first_invalid
        if i is not None:
            return Text("spec", "Layer {n}: {error}").format(n=i + 1, error=self.layers[i].error)
        return self.output_error

    @property
    def ok(self) -> bool:
        return self.first_error is None

    @property
    def total_params(self) -> int:
        return sum(r.params for r in self.layers)

    @property
    def output_shape(self) -> tuple | None:
        return self.layers[-1].output_shape if self.layers else None


@dataclass
class ModelSpec:
    name: str = "Untitled"
    dataset: str = "mnist"             # a name in mtorch_gui.data.registry
    input_shape: tuple = (1, 28, 28)
    layers: list[LayerSpec] = field(default_factory=list)
    training: dict = field(default_factory=dict)     # defaults for the training panel (see presets.py)
    metrics: dict = field(default_factory=dict)      # measured results stored with a trained model
    dataset_options: dict = field(default_factory=dict)  # the dataset's options: a file's path, a 2-D set's noise

    def copy(self) -> ModelSpec:
        return copy.deepcopy(self)

    # ---- validation ------------------------------------------------------------------------------------

    def validate(self) -> ValidationResult:
        """Every layer's output shape, parameter count and derived arguments, or its error in plain words.

        Layers after the first error get no shape (their input is unknown).
        """
        results = []
        shape = tuple(self.input_shape)
        for layer in self.layers:
            result = LayerResult(input_shape=shape)
            results.append(result)
            if shape is None:
                continue
            try:
                t = layer_type(layer.type)
                values = t.check_args(layer.args)
                shape, result.derived = t.infer(shape, values)
                result.output_shape = shape
                result.params = t.count({**values, **result.derived})
            except (ShapeError, SpecError) as e:
                result.error = e.args[0]      # a Text, which str(e) would turn into a plain str
                shape = None
        output_error = None
        if not self.layers:
            output_error = Text("spec", "The model has no layers yet: add one from the palette or choose a preset")
        elif shape is not None:
            output_error = self._output_error(shape)
        total = sum(r.params for r in results)
        if total > MAX_PARAMS:
            output_error = Text("spec", "The model has {total:,} parameters ({size:.1f} GB of weights); mtorch_gui "
                                "trains models of up to {most:,}: use fewer or smaller layers").format(
                total=total, size=total * 4 / 2 ** 30, most=MAX_PARAMS)
        return ValidationResult(results, output_error)

    def dataset_info(self):
        """The registry's DatasetInfo of this model's dataset (raises DatasetError when it cannot be used)."""
        return registry.dataset_info(self.dataset, self.dataset_options)

    def _output_error(self, shape: tuple) -> str | None:
        """Does the last layer's output fit what the dataset's targets need? (No check for unknown datasets.)"""
        if self.dataset not in registry.names():
            return None
        try:
            return registry.output_problem(self.dataset_info(), shape)
        except registry.DatasetError as e:
            return e.args[0]

    # ---- mtorch ----------------------------------------------------------------------------------------

    def constructor_args(self, result: ValidationResult | None = None) -> list[tuple[str, dict]]:
        """[(class name, keyword arguments)] for every layer: derived, user and fixed arguments in order.

        Raises SpecError with the first error when the stack is invalid.
        """
        result = result or self.validate()
        i = result.first_invalid
        if i is not None:
            raise SpecError(result.first_error)
        out = []
        for layer, r in zip(self.layers, result.layers):
            t = CATALOG[layer.type]
            out.append((layer.type, {**r.derived, **layer.values(), **t.fixed}))
        return out

    def build(self):
        """An ``mtorch.nn.Sequential`` of freshly initialised layers (mtorch's global seed applies)."""
        from mtorch import nn

        from . import layers

        modules = []
        for name, kwargs in self.constructor_args():
            cls = getattr(layers, name, None) or getattr(nn, name)
            modules.append(cls(**kwargs))
        return nn.Sequential(*modules)

    @classmethod
    def from_module(cls, module, input_shape, dataset: str = "mnist", name: str = "Imported") -> ModelSpec:
        """The spec of a Sequential (mtorch's or PyTorch's) of catalogue layers; raises SpecError."""
        layers = []
        for i, m in enumerate(module):
            kind = type(m).__name__
            if kind not in CATALOG:
                raise SpecError(f"layer {i + 1}, {kind}, is not one the editor offers")
            t = CATALOG[kind]
            args = {}
            for a in t.args:
                v = getattr(m, a.name)
                if a.kind == "bool" and not isinstance(v, bool):
                    v = v is not None                      # Linear/Conv keep the bias Parameter or None
                elif isinstance(v, (list, tuple)):
                    v = tuple(v)
                    if a.kind != "ints" and len(set(v)) == 1:
                        v = v[0]                          # (3, 3) -> 3, as the user would type it
                if a.kind == "optional_size" and v == getattr(m, "kernel_size", None):
                    v = None                              # pooling stores stride=kernel_size for None
                if v != a.default or a.required:
                    args[a.name] = v
            for fixed, want in t.fixed.items():
                if getattr(m, fixed) != want:
                    raise SpecError(f"layer {i + 1}, {kind}, needs {fixed}={want} to fit in the editor")
            checked = t.check_args(args)
            layers.append(LayerSpec(kind, {k: checked[k] for k in args}))
        spec = cls(name=name, dataset=dataset, input_shape=tuple(input_shape), layers=layers)
        result = spec.validate()
        if result.first_invalid is not None:
            raise SpecError(result.first_error)
        spec._check_derived([{key: getattr(m, key) for key in r.derived} for m, r in zip(module, result.layers)],
                            result)
        return spec

    def _check_derived(self, stated: list[dict], result: ValidationResult) -> None:
        """Raise SpecError at the first layer whose ``stated`` derived arguments (in_features, in_channels, ...,
        as a file or a module gives them) are not what its input gives."""
        for i, (layer, values, r) in enumerate(zip(self.layers, stated, result.layers)):
            for key, have in values.items():
                have = tuple(have) if isinstance(have, list | tuple) else have
                want = r.derived.get(key)
                if want is None:
                    raise SpecError(f"layer {i + 1}, {layer.type}, gives {key}={short_repr(have)}, which cannot be "
                                    f"checked: {result.first_error}")
                if have != want or isinstance(have, bool):
                    raise SpecError(f"layer {i + 1}, {layer.type}, has {key}={short_repr(have)} but receives "
                                    f"{format_shape(r.input_shape)}, which gives {key}={want}")

    # ---- JSON ------------------------------------------------------------------------------------------

    def to_dict(self) -> dict:
        out = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "name": self.name,
            "dataset": self.dataset,
            "input_shape": list(self.input_shape),
            **({"dataset_options": self.dataset_options} if self.dataset_options else {}),
            "layers": [{"type": layer.type, "args": _jsonable(layer.args)} for layer in self.layers],
            "training": self.training,
        }
        if self.metrics:
            out["metrics"] = self.metrics
        return out

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    @classmethod
    def from_dict(cls, data) -> ModelSpec:
        """Check everything a file can get wrong and raise SpecError with the reason."""
        if not isinstance(data, dict):
            raise SpecError("it is not a model description (expected a JSON object)")
        if data.get("format", FORMAT) != FORMAT:
            raise SpecError(f"it is a {short_repr(data['format'])} file, not an mtorch_gui model")
        version = data.get("format_version")
        if not isinstance(version, int) or isinstance(version, bool):
            raise SpecError("it has no format_version, so it is not an mtorch_gui model file")
        if version > FORMAT_VERSION:
            raise SpecError(f"it was written in format version {version}, newer than this mtorch_gui reads "
                            f"({FORMAT_VERSION}): update mtorch_gui to open it")
        dataset = data.get("dataset", "mnist")
        if not isinstance(dataset, str) or dataset not in registry.names():
            raise SpecError(f"unknown dataset {short_repr(dataset)}; known: {', '.join(registry.names())}")
        options = data.get("dataset_options", {})
        try:
            registry.check_options(dataset, options)
            shape = data["input_shape"] if "input_shape" in data else list(
                registry.dataset_info(dataset, options).input_shape)
        except registry.DatasetError as e:
            raise SpecError(str(e)) from None
        if (not isinstance(shape, list) or not 0 < len(shape) <= MAX_DIMS
                or not all(isinstance(n, int) and not isinstance(n, bool) and 0 < n <= MAX_DIM for n in shape)):
            raise SpecError(f"input_shape must be a list of 1 to {MAX_DIMS} positive whole numbers up to "
                            f"{MAX_DIM:,}, got {short_repr(shape)}")
        raw_layers = data.get("layers")
        if not isinstance(raw_layers, list):
            raise SpecError("it has no list of layers")
        layers, stated = [], []  # stated: the derived arguments a file may give too (they must be right)
        for i, raw in enumerate(raw_layers):
            if not isinstance(raw, dict) or not isinstance(raw.get("type"), str):
                raise SpecError(f"layer {i + 1} needs a \"type\" naming an mtorch.nn layer")
            args = raw.get("args", {})
            try:
                t = layer_type(raw["type"])
                derived = {k: v for k, v in args.items() if k in t.derived} if isinstance(args, dict) else {}
                args = {k: v for k, v in args.items() if k not in derived} if derived else args
                checked = t.check_args(args)
            except SpecError as e:
                raise SpecError(f"layer {i + 1}: {e}") from None
            layers.append(LayerSpec(raw["type"], {k: checked[k] for k in args}))
            stated.append(derived)
        for key in ("training", "metrics"):
            if not isinstance(data.get(key, {}), dict):
                raise SpecError(f"{key} must be a JSON object")
        training, metrics = dict(data.get("training", {})), dict(data.get("metrics", {}))
        from mtorch_gui.training.config import TrainingConfig  # (training builds on model: import late)
        try:
            TrainingConfig.from_dict(training)
        except ValueError as e:
            raise SpecError(str(e)) from None
        for key, value in metrics.items():
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                raise SpecError(f"metric {short_repr(key)} must be a finite number, not {short_repr(value)}")
        name = data.get("name", "Untitled")
        if not isinstance(name, str):
            raise SpecError(f"the name must be text, not {short_repr(name)}")
        spec = cls(name=name, dataset=dataset, input_shape=tuple(shape), layers=layers, training=training,
                   metrics=metrics, dataset_options=dict(options))
        if any(stated):
            spec._check_derived(stated, spec.validate())
        return spec

    @classmethod
    def from_json(cls, text: str) -> ModelSpec:
        """The spec a model file's text describes; SpecError with the reason when it cannot be used."""
        try:
            data = parse_json(text, MAX_JSON_DEPTH)
        except ValueError as e:
            raise SpecError(str(e)) from None
        return cls.from_dict(data)


def _jsonable(args: dict) -> dict:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in args.items()}
