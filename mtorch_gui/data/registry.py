"""Every dataset a model can train on, one ``DatasetInfo`` each, and the one check that a model's output
fits a dataset. Plain Python, no Qt.

A model file names its dataset (``"mnist"``, ``"sin_to_cos"``, ...) and, for the datasets that take them,
its options (``"dataset_options"``). ``dataset_info(name, options)`` is everything the editor, the trainer,
the canvas and ``mtorch-train`` know about it:

    info = dataset_info("mnist")
    info.task, info.input_shape, info.canvas    # 'classification', (1, 28, 28), 'image'
    info.classes[:3]                            # ('0', '1', '2')
    output_problem(info, (64,))    # 'The model ends with (64) values per sample but MNIST has 10 classes: ...'
    splits = info.load(limit=1000)                                 # DatasetSplits: train, val, test arrays

Adding a dataset is one ``register(DatasetKind(...))``: its name, title, the options it takes (with their
defaults, whose types the options in a file must have) and ``describe(options) -> DatasetInfo``.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from mtorch.datasets import toy
from mtorch_gui.model.catalog import format_shape, short_repr
from mtorch_gui.model.text import Text

from . import arrays, builtin, images, table
from .splits import DatasetError, DatasetSplits, Split, seeded_splits

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
    samples: int = 0  # how many samples it has in all (every split)
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
    classes=tuple(str(d) for d in range(10)), canvas=CANVAS_IMAGE, samples=70_000)))

register(DatasetKind("sin_to_cos", lambda options: DatasetInfo(
    "sin_to_cos", Text("data", "sin → cos sequences"), "sin-to-cos", REGRESSION, (50, 1), builtin.load_sin_to_cos,
    target_shape=(50, 1), target_words=Text("data", "one value per step"), error_from_step=5,
    canvas=CANVAS_SEQUENCE, samples=builtin.SIN_TO_COS_TRAIN + 2 * builtin.SIN_TO_COS_VALIDATION)))


# ---- TensorFlow Playground's 2-D sets (mtorch.datasets.toy), generated from a seed ---------------------------

TOY_OPTIONS = {"points": 500, "noise": 0.1, "test_ratio": 0.5, "seed": 0, "features": toy.PLAIN_FEATURES}
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
    try:  # the network reads these features of each point (TensorFlow Playground's inputs)
        shape = (len(toy.feature_names(options["features"])),)
    except ValueError as error:
        raise DatasetError(Text("data", "{data}: {error}").format(data=name, error=error)) from error
    if classes is None:
        return DatasetInfo(name, title, name, REGRESSION, shape, _load_toy, target_shape=(1,),
                           target_words=Text("data", "one value per point"), options=options, samples=options["points"])
    plain = options["features"] == toy.PLAIN_FEATURES  # a clicked point is what such a model reads
    return DatasetInfo(name, title, name, CLASSIFICATION, shape, _load_toy, classes=classes,
                       canvas=CANVAS_POINTS if plain else None, options=options,
                       samples=options["points"])


def _load_toy(info: DatasetInfo, limit: int | None) -> DatasetSplits:
    o = info.options
    x, y = toy.generate(info.name, o["points"], o["noise"], o["seed"])
    if o["features"] != toy.PLAIN_FEATURES:
        x = toy.features(x, toy.feature_names(o["features"]))
    return seeded_splits(info, x, y, o["test_ratio"], o["seed"]).limited(limit)


for _name in _TOY:
    register(DatasetKind(_name, lambda options, name=_name: _describe_toy(name, options), dict(TOY_OPTIONS)))


# ---- your own data: an image folder, a CSV table, a NumPy .npz file ------------------------------------------

FILE_OPTIONS = {"path": "", "test_ratio": 0.2, "seed": 0}
FILE_KINDS = {"image_folder": Text("data", "image folder"), "csv": Text("data", "CSV table"),
              "npz": Text("data", "NumPy arrays")}


def options_for_path(path) -> tuple[str, dict]:
    """(dataset name, options) for the file or folder at ``path`` (made absolute): a folder is an image
    folder, a .csv a table, an .npz arrays; DatasetError for anything else."""
    path = Path(path).expanduser().absolute()
    if path.is_dir():
        return "image_folder", {"path": str(path)}
    kind = {".csv": "csv", ".npz": "npz"}.get(path.suffix.lower())
    if kind is None or not path.is_file():
        raise DatasetError(Text("data", "{path} is neither a folder of class folders of images, nor a .csv table, "
                                "nor an .npz file.").format(path=path))
    return kind, {"path": str(path)}


def _path(name: str, options: dict) -> Path:
    if not options["path"]:
        raise DatasetError(Text("data", "Choose the {kind} to train on: its path is empty.").format(
            kind=FILE_KINDS[name]))
    path = Path(options["path"]).expanduser()
    if not path.exists():
        raise DatasetError(Text("data", "{path} does not exist (moved or deleted?).").format(path=path))
    return path


def _file_stamp(options: dict):
    try:
        stat = os.stat(options["path"])
        return stat.st_mtime_ns, stat.st_size
    except OSError:
        return None


def _check_task(label: str, options: dict, tasks: tuple) -> None:
    if options["task"] not in tasks:
        raise DatasetError(Text("data", "{data}: the task must be one of {known}, not {value}.").format(
            data=label, known=", ".join(tasks), value=short_repr(options["task"])))


def _canvas(task: str, shape: tuple) -> str | None:
    """What the Draw tab can do with a classifier of inputs ``shape``."""
    if task != CLASSIFICATION:
        return None
    if len(shape) == 3 and shape[0] in images.COLORS.values():
        return CANVAS_IMAGE
    return CANVAS_POINTS if shape == (2,) else None


def _describe_images(options: dict) -> DatasetInfo:
    root = _path("image_folder", options)
    size, color = options["size"], options["color"]
    if not images.SIZES[0] <= size <= images.SIZES[1]:
        raise DatasetError(Text("data", "{data}: the image size must be from {least} to {most}, not {value}.").format(
            data=root.name, least=images.SIZES[0], most=images.SIZES[1], value=size))
    if color not in images.COLORS:
        raise DatasetError(Text("data", "{data}: the colour must be one of {known}, not {value}.").format(
            data=root.name, known=", ".join(images.COLORS), value=short_repr(color)))
    check_split_options(root.name, options)
    layout = images.folder_layout(root)
    return DatasetInfo("image_folder", Text("data", "{name} (image folder)").format(name=root.name), root.name,
                       CLASSIFICATION, (images.COLORS[color], size, size), _load_images, classes=layout.classes,
                       canvas=CANVAS_IMAGE, options=options, samples=len(layout.train) + len(layout.test or ()))


@functools.lru_cache(maxsize=2)
def _load_images(info: DatasetInfo, limit: int | None) -> DatasetSplits:
    """Split the files first (by index, seeded), then decode only those the splits keep."""
    o = info.options
    layout = images.folder_layout(Path(o["path"]).expanduser())
    samples = layout.train + (layout.test or ())
    index, targets = np.arange(len(samples)), np.array([label for _, label in samples], np.int64)
    own_test = None
    if layout.test is not None:
        n = len(layout.train)
        own_test, index, targets = Split(index[n:], targets[n:]), index[:n], targets[:n]
    by_index = seeded_splits(info, index, targets, o["test_ratio"], o["seed"], test=own_test).limited(limit)
    decoded = [Split(*images.decode_all([samples[i] for i in s.x], o["size"], o["color"]))
               for s in (by_index.train, by_index.val, by_index.test)]
    return DatasetSplits(info, *decoded)


@functools.lru_cache(maxsize=4)
def _table(path: str, label: str, task: str, stamp) -> table.Table:
    return table.read_table(Path(path).expanduser(), label, task)


def _describe_csv(options: dict) -> DatasetInfo:
    path = _path("csv", options)
    _check_task(path.name, options, table.TASKS)
    check_split_options(path.name, options)
    t = _table(options["path"], options["label"], options["task"], _file_stamp(options))
    title = Text("data", "{name} (table)").format(name=path.name)
    shape = (t.features.shape[1],)
    if not t.classes:
        return DatasetInfo("csv", title, path.name, REGRESSION, shape, _load_csv, target_shape=(1,),
                           target_words=Text("data", "one value per row"), options=options, samples=len(t.labels))
    return DatasetInfo("csv", title, path.name, CLASSIFICATION, shape, _load_csv, classes=t.classes,
                       canvas=_canvas(CLASSIFICATION, shape), options=options, samples=len(t.labels))


def _load_csv(info: DatasetInfo, limit: int | None) -> DatasetSplits:
    o = info.options
    t = _table(o["path"], o["label"], o["task"], _file_stamp(o))
    return table.standardise(seeded_splits(info, t.features, t.labels, o["test_ratio"], o["seed"])).limited(limit)


@functools.lru_cache(maxsize=4)
def _arrays(path: str, task: str, stamp) -> arrays.Arrays:
    return arrays.read_arrays(Path(path).expanduser(), task)


def _describe_npz(options: dict) -> DatasetInfo:
    path = _path("npz", options)
    _check_task(path.name, options, arrays.TASKS)
    check_split_options(path.name, options)
    a = _arrays(options["path"], options["task"], _file_stamp(options))
    samples = len(a.train) + (len(a.test) if a.test else 0)
    title = Text("data", "{name} (arrays)").format(name=path.name)
    shape = a.train.x.shape[1:]
    if not a.classes:
        target = a.train.y.shape[1:]
        words = Text("data", "one value per sample") if target == (1,) else \
            Text("data", "{count} values per sample").format(count=target[0])
        return DatasetInfo("npz", title, path.name, REGRESSION, shape, _load_npz, target_shape=target,
                           target_words=words, options=options, samples=samples)
    return DatasetInfo("npz", title, path.name, CLASSIFICATION, shape, _load_npz, classes=a.classes,
                       canvas=_canvas(CLASSIFICATION, shape), options=options, samples=samples)


def _load_npz(info: DatasetInfo, limit: int | None) -> DatasetSplits:
    o = info.options
    a = _arrays(o["path"], o["task"], _file_stamp(o))
    return seeded_splits(info, a.train.x, a.train.y, o["test_ratio"], o["seed"], test=a.test).limited(limit)


register(DatasetKind("image_folder", _describe_images, {**FILE_OPTIONS, "size": 28, "color": "grayscale"},
                     stamp=lambda options: images.folder_stamp(Path(options["path"]).expanduser())))
register(DatasetKind("csv", _describe_csv, {**FILE_OPTIONS, "label": "", "task": "auto"}, stamp=_file_stamp))
register(DatasetKind("npz", _describe_npz, {**FILE_OPTIONS, "task": "auto"}, stamp=_file_stamp))
