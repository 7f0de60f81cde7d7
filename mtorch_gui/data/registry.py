"""Every dataset a model can train on, one ``DatasetInfo`` each, and the one check that a model's output
fits a dataset. Plain Python, no Qt.

A model file names its dataset (``"mnist"``, ``"sin_to_cos"``, ...) and, for the datasets that take them,
its options (``"dataset_options"``). ``dataset_info(name, options)`` is everything the editor, the trainer,
the canvas and ``mtorch-train`` know about it:

    info = dataset_info("mnist")
    info.task, info.input_shape, info.classes[:3], info.canvas     # 'classification', (1, 28, 28), ('0', '1', '2'), 'image'
    output_problem(info, (64,))    # 'The model ends with (64) values per sample but MNIST has 10 classes: ...'
    splits = info.load(limit=1000)                                 # DatasetSplits: train, val, test arrays

Adding a dataset is one ``register(DatasetKind(...))``: its name, title, the options it takes (with their
defaults, whose types the options in a file must have) and ``describe(options) -> DatasetInfo``.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from mtorch_gui.model.catalog import format_shape, short_repr
from mtorch_gui.model.text import Text

from mtorch.datasets import toy

from . import builtin
from .splits import DatasetError, DatasetSplits, seeded_splits

CLASSIFICATION, REGRESSION = "classification", "regression"
# what the Draw tab can do with a dataset: draw an image of its input shape, run a sin -> cos sequence,
# or click 2-D points; None: nothing
CANVAS_IMAGE, CANVAS_SEQUENCE, CANVAS_POINTS = "image", "sequence", "points"


@dataclass(frozen=True, eq=False)
class DatasetInfo:
    name: str  # what a model file's "dataset" holds
    title: str  # for menus and the editor: "MNIST digits", "flowers (folder)"
    label: str  # the dataset in a sentence: "MNIST has 10 classes"
    task: str  # CLASSIFICATION or REGRESSION
    input_shape: tuple  # per sample
    load_splits: Callable[[DatasetInfo, int | None], DatasetSplits] = field(repr=False)
    classes: tuple = ()  # classification: the class names, in index order
    target_shape: tuple = ()  # regression: the target per sample
    target_words: str = ""  # regression: the target in words, "one value per step"
    error_from_step: int = 0  # regression: the error metric (tail_mse) counts from this step on
    canvas: str | None = None  # CANVAS_IMAGE, CANVAS_SEQUENCE, CANVAS_POINTS or None
    options: dict = field(default_factory=dict)  # the checked options it was described with

    @property
    def num_classes(self) -> int:
        return len(self.classes)

    def load(self, limit: int | None = None) -> DatasetSplits:
        """Its train, validation and test splits, each capped at ``limit`` samples if given; raises
        DatasetError naming the file and the problem (nothing is kept of a failed load)."""
        return self.load_splits(self, limit)


@dataclass(frozen=True)
class DatasetKind:
    name: str
    describe: Callable[[dict], DatasetInfo]  # checked options -> the DatasetInfo
    options: dict = field(default_factory=dict)  # option -> default value (its type is the option's type)
    stamp: Callable[[dict], object] = lambda options: None  # changes when the data behind it changes (files)


KINDS: dict[str, DatasetKind] = {}


def register(kind: DatasetKind) -> None:
    KINDS[kind.name] = kind


def names() -> tuple:
    """Every dataset name a model file may hold."""
    return tuple(KINDS)


def check_options(name: str, options) -> dict:
    """``options`` for dataset ``name`` with the defaults filled in; DatasetError naming the first one that
    is unknown or of the wrong type."""
    if name not in KINDS:
        raise DatasetError(Text("data", "Unknown dataset {name}: choose one of {known}.").format(
            name=short_repr(name), known=", ".join(KINDS)))
    defaults = KINDS[name].options
    if not isinstance(options, dict):
        raise DatasetError(Text("data", "The dataset options must be a JSON object, not {value}.").format(
            value=short_repr(options)))
    for key, value in options.items():
        if key not in defaults:
            raise DatasetError(Text("data", "The dataset {name} has no option {key}; it takes: {known}.").format(
                name=name, key=short_repr(key), known=", ".join(defaults) or "-"))
        want = type(defaults[key])
        fits = (isinstance(value, int | float) and not isinstance(value, bool)) if want is float else \
            (isinstance(value, int) and not isinstance(value, bool)) if want is int else isinstance(value, want)
        if not fits:
            raise DatasetError(Text("data", "The dataset option {key} must be {kind}, not {value}.").format(
                key=key, kind=_TYPE_WORDS[want], value=short_repr(value)))
    return {**defaults, **options}


_TYPE_WORDS = {int: "a whole number", float: "a number", str: "text", bool: "true or false"}


def dataset_info(name: str, options: dict | None = None) -> DatasetInfo:
    """What there is to know about dataset ``name`` with ``options``; DatasetError when it cannot be used.

    Described once per options and state of its files (a changed file is described again)."""
    checked = check_options(name, {} if options is None else options)
    return _describe(name, json.dumps(checked, sort_keys=True), KINDS[name].stamp(checked))


@functools.lru_cache(maxsize=32)
def _describe(name: str, options: str, stamp) -> DatasetInfo:
    return KINDS[name].describe(json.loads(options))


def output_problem(dataset: DatasetInfo, output_shape) -> Text | None:
    """Why a model whose output per sample is ``output_shape`` cannot learn ``dataset``, or None when it fits."""
    shape = tuple(output_shape)
    if dataset.task == CLASSIFICATION:
        classes = dataset.num_classes
        if shape == (classes,):
            return None
        message = (Text("data", "The model ends with {shape} values per sample but {data} has {classes} classes: "
                        "end with a Linear with out_features={classes} after a Flatten")
                   if len(shape) > 1 else
                   Text("data", "The model ends with {shape} values per sample but {data} has {classes} classes: "
                        "end with a Linear with out_features={classes}"))
        return message.format(shape=format_shape(shape), data=dataset.label, classes=classes)
    if shape == dataset.target_shape:
        return None
    return Text("data", "The model gives {shape} per sample but {data} needs {what}, {want}: end with a Linear with "
                "out_features={features}").format(shape=format_shape(shape), data=dataset.label,
                                                  what=dataset.target_words, want=format_shape(dataset.target_shape),
                                                  features=dataset.target_shape[-1])


def title_of(name: str, options: dict | None = None) -> str:
    """The dataset's title, or its name when it cannot be used (validation tells why)."""
    try:
        return dataset_info(name, options).title
    except DatasetError:
        return name


def choices() -> list[DatasetInfo]:
    """The datasets that need no file, with their default options: what the editor offers to pick."""
    return [dataset_info(name) for name, kind in KINDS.items() if "path" not in kind.options]


# ---- the built-in datasets ------------------------------------------------------------------------------------

register(DatasetKind("mnist", lambda options: DatasetInfo(
    "mnist", Text("data", "MNIST digits"), "MNIST", CLASSIFICATION, (1, 28, 28), builtin.load_mnist,
    classes=tuple(str(d) for d in range(10)), canvas=CANVAS_IMAGE)))

register(DatasetKind("sin_to_cos", lambda options: DatasetInfo(
    "sin_to_cos", Text("data", "sin → cos sequences"), "sin-to-cos", REGRESSION, (50, 1), builtin.load_sin_to_cos,
    target_shape=(50, 1), target_words=Text("data", "one value per step"), error_from_step=5,
    canvas=CANVAS_SEQUENCE)))


# ---- TensorFlow Playground's 2-D sets (mtorch.datasets.toy), generated from a seed ---------------------------

TOY_OPTIONS = {"points": 500, "noise": 0.1, "test_ratio": 0.5, "seed": 0}
MAX_POINTS = 1_000_000
_TOY = {  # name -> (title, class names or None for a regression)
    "circle": (Text("data", "Circle (2-D)"), (Text("data", "outside"), Text("data", "inside"))),
    "xor": (Text("data", "XOR (2-D)"), (Text("data", "opposite signs"), Text("data", "same signs"))),
    "gaussians": (Text("data", "Two gaussians (2-D)"), (Text("data", "lower left"), Text("data", "upper right"))),
    "spiral": (Text("data", "Spiral (2-D)"), (Text("data", "arm B"), Text("data", "arm A"))),
    "plane": (Text("data", "Plane (2-D regression)"), None),
    "multi_gaussian": (Text("data", "Multi-gaussian (2-D regression)"), None),
}


def check_split_options(label: str, options: dict) -> None:
    """The options every generated or imported dataset shares: its test fraction."""
    if not 0 < options["test_ratio"] < 1:
        raise DatasetError(Text("data", "{data}: the test ratio must be between 0 and 1, not {value}.").format(
            data=label, value=options["test_ratio"]))


def _describe_toy(name: str, options: dict) -> DatasetInfo:
    title, classes = _TOY[name]
    if not 4 <= options["points"] <= MAX_POINTS:
        raise DatasetError(Text("data", "{data}: the number of points must be from 4 to {most:,}, not {value}.").format(
            data=name, most=MAX_POINTS, value=options["points"]))
    if not 0 <= options["noise"] <= 0.5:
        raise DatasetError(Text("data", "{data}: the noise must be from 0 to 0.5, not {value}.").format(
            data=name, value=options["noise"]))
    check_split_options(name, options)
    if classes is None:
        return DatasetInfo(name, title, name, REGRESSION, (2,), _load_toy, target_shape=(1,),
                           target_words=Text("data", "one value per point"), options=options)
    return DatasetInfo(name, title, name, CLASSIFICATION, (2,), _load_toy, classes=classes, canvas=CANVAS_POINTS,
                       options=options)


def _load_toy(info: DatasetInfo, limit: int | None) -> DatasetSplits:
    o = info.options
    x, y = toy.generate(info.name, o["points"], o["noise"], o["seed"])
    return seeded_splits(info, x, y, o["test_ratio"], o["seed"]).limited(limit)


for _name in _TOY:
    register(DatasetKind(_name, lambda options, name=_name: _describe_toy(name, options), dict(TOY_OPTIONS)))
