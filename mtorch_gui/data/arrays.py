"""NumPy ``.npz`` files: arrays ``x`` and ``y``, optionally ``x_test`` and ``y_test``. Plain Python.

Read with ``allow_pickle=False`` (object arrays are refused, nothing is unpickled). ``x`` is (N, ...) numbers
(uint8 is scaled to [0, 1]); ``y`` is (N,) class labels (whole numbers, booleans or text) or, for a
regression, (N,) or (N, k) numbers: "auto" calls integer, boolean and text labels classes and floats
values. Mismatched lengths, per-sample shapes that differ between x and x_test, non-finite values, test
classes the training labels lack and a single class are refused with the file and the array named.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from mtorch.serialization import open_regular_file
from mtorch_gui.model.text import Text

from .splits import DatasetError, Split

TASKS = ("auto", "classification", "regression")


@dataclass(frozen=True)
class Arrays:
    train: Split
    test: Split | None  # the file's own test split
    classes: tuple  # class names in index order; () for a regression


def read_arrays(path: Path, task: str = "auto") -> Arrays:
    name = path.name
    try:
        with open_regular_file(path) as f:
            if not zipfile.is_zipfile(f):
                raise DatasetError(Text("data", "{file} is not an .npz (zip) file.").format(file=name))
            f.seek(0)
            with np.load(f, allow_pickle=False) as npz:
                keys = set(npz.files)
                if not {"x", "y"} <= keys:
                    raise DatasetError(Text("data", "{file} needs arrays named x and y; it has {keys}.").format(
                        file=name, keys=", ".join(sorted(keys)) or "none"))
                if ("x_test" in keys) != ("y_test" in keys):
                    raise DatasetError(Text("data", "{file} has one of x_test and y_test but not the other."
                                            ).format(file=name))
                arrays = {k: _array(name, npz, k) for k in ("x", "y", "x_test", "y_test") if k in keys}
    except DatasetError:
        raise
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as error:
        raise DatasetError(Text("data", "Cannot read {file} as a NumPy .npz file: {reason}").format(
            file=name, reason=getattr(error, "strerror", None) or error)) from None
    x, y = _features(name, "x", arrays["x"]), arrays["y"]
    x_test, y_test = (_features(name, "x_test", arrays["x_test"]), arrays["y_test"]) if "x_test" in arrays \
        else (None, None)
    for xs, ys, xn, yn in ((x, y, "x", "y"), (x_test, y_test, "x_test", "y_test")):
        if ys is not None and ys.ndim < 1:
            raise DatasetError(Text("data", "{file}: {y} is a single value; it must hold one entry per sample (N, ...)."
                                    ).format(file=name, y=yn))
        if xs is not None and len(xs) != len(ys):
            raise DatasetError(Text("data", "{file}: {x} has {n} samples but {y} has {m}; they must match.").format(
                file=name, x=xn, y=yn, n=len(xs), m=len(ys)))
    if x_test is not None and x_test.shape[1:] != x.shape[1:]:
        raise DatasetError(Text("data", "{file}: x_test's samples have the shape {test} but x's have {train}.").format(
            file=name, test=x_test.shape[1:], train=x.shape[1:]))
    if task == "auto":
        task = "regression" if y.dtype.kind == "f" else "classification"
    if task == "regression":
        y, y_test = (None if v is None else _values(name, k, v) for k, v in (("y", y), ("y_test", y_test)))
        if y_test is not None and y_test.shape[1:] != y.shape[1:]:
            raise DatasetError(Text("data", "{file}: y_test's targets have the shape {test} but y's have {train}."
                                    ).format(file=name, test=y_test.shape[1:], train=y.shape[1:]))
        return Arrays(Split(x, y), None if x_test is None else Split(x_test, y_test), ())
    classes, y = _classes(name, "y", y)
    if y_test is not None:
        test_names, y_test = _classes(name, "y_test", y_test, one_is_enough=True)
        unknown = sorted(set(test_names) - set(classes))
        if unknown:
            raise DatasetError(Text("data", "{file}: y_test has the class {name}, which y has not.").format(
                file=name, name=unknown[0]))
        index = {c: i for i, c in enumerate(classes)}
        y_test = np.array([index[n] for n in test_names], np.int64)[y_test]
    return Arrays(Split(x, y), None if x_test is None else Split(x_test, y_test), classes)


def _array(name: str, npz, key: str) -> np.ndarray:
    try:
        return npz[key]
    except ValueError as error:
        if "pickle" not in str(error):  # numpy's words for an object array read with allow_pickle=False
            raise
        raise DatasetError(Text("data", "{file}: {key} holds object arrays, which are refused (nothing is unpickled)."
                                ).format(file=name, key=key)) from None


def _features(name: str, key: str, x: np.ndarray) -> np.ndarray:
    if x.dtype.kind not in "biuf" or x.ndim < 1 or len(x) == 0:
        raise DatasetError(Text("data", "{file}: {key} must be a non-empty array of numbers (N, ...), not {dtype} of "
                                "shape {shape}.").format(file=name, key=key, dtype=x.dtype, shape=x.shape))
    out = x.astype(np.float32) / 255 if x.dtype == np.uint8 else x.astype(np.float32)
    if not np.isfinite(out).all():
        raise DatasetError(Text("data", "{file}: {key} holds NaN or infinite values (sample {index}).").format(
            file=name, key=key, index=int(np.flatnonzero(~np.isfinite(out).reshape(len(out), -1).all(axis=1))[0])))
    return out[:, None] if out.ndim == 1 else out


def _values(name: str, key: str, y: np.ndarray) -> np.ndarray:
    if y.dtype.kind not in "biuf" or y.ndim not in (1, 2) or not np.isfinite(y).all():
        raise DatasetError(Text("data", "{file}: a regression's {key} must be finite numbers (N,) or (N, k), "
                                "not {dtype} of shape {shape}.").format(file=name, key=key, dtype=y.dtype,
                                                                        shape=y.shape))
    y = y.astype(np.float32)
    return y[:, None] if y.ndim == 1 else y


def _classes(name: str, key: str, y: np.ndarray, one_is_enough: bool = False) -> tuple[tuple, np.ndarray]:
    """(class names, indices) of the labels ``y``."""
    if y.ndim != 1 or y.dtype.kind not in "biuU" and not (y.dtype.kind == "f" and np.all(y == np.round(y))):
        raise DatasetError(Text("data", "{file}: {key} must be one class label per sample (N,): whole numbers or text, "
                                "not {dtype} of shape {shape}.").format(file=name, key=key, dtype=y.dtype,
                                                                        shape=y.shape))
    values, indices = np.unique(y.astype(np.int64) if y.dtype.kind in "bf" else y, return_inverse=True)
    if len(values) < 2 and not one_is_enough:
        raise DatasetError(Text("data", "{file}: {key} has one class only ({name}); a classifier needs at least two."
                                ).format(file=name, key=key, name=values[0]))
    return tuple(str(v) for v in values), indices.astype(np.int64)
