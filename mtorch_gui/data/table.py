"""CSV tables: a header row, one sample per row, one label column, the rest numeric features. Plain Python.

The label column holds class names (any text: "setosa", "yes", 3) or, for a regression, numbers; "auto"
calls it classification when a label is not a number or every label is a whole number with at most
MAX_AUTO_CLASSES different values. Features are standardised with the training split's mean and standard
deviation (``standardise``). A ragged row, a feature that is not a number, a missing value or a label column
with one class only stops the read with the file, the row (as the file numbers its lines) and the column.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from mtorch.serialization import open_regular_file, read_text_file
from mtorch_gui.model.text import Text

from .splits import DatasetError, DatasetSplits, Split

MAX_BYTES = 512 * 2 ** 20
MAX_AUTO_CLASSES = 50
TASKS = ("auto", "classification", "regression")


@dataclass(frozen=True)
class Table:
    features: np.ndarray  # float32 (N, F), as in the file
    feature_names: tuple
    labels: np.ndarray  # int64 class indices (N,) or float32 values (N, 1)
    label_name: str
    classes: tuple  # class names in index order; () for a regression


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def read_table(path: Path, label: str = "", task: str = "auto") -> Table:
    """The table in the CSV file ``path`` with ``label`` (default: the last column) as its label column;
    DatasetError naming the file, row and column of the first problem."""
    name = path.name
    try:
        text = read_text_file(path, MAX_BYTES)
    except (OSError, ValueError) as error:
        raise DatasetError(Text("data", "Cannot read {file}: {reason}").format(
            file=name, reason=getattr(error, "strerror", None) or error)) from None
    try:
        rows = [(reader.line_num, row) for reader in [csv.reader(io.StringIO(text, newline=""))] for row in reader
                if any(cell.strip() for cell in row)]
    except csv.Error as error:
        message = Text("data", "{file} is not a readable CSV table: {reason}")
        raise DatasetError(message.format(file=name, reason=error)) from None
    if len(rows) < 2:
        raise DatasetError(Text("data", "{file} needs a header row and at least one row of data.").format(file=name))
    (_, header), rows = rows[0], rows[1:]
    header = [h.strip() for h in header]
    if len(set(header)) < len(header) or not all(header):
        raise DatasetError(Text("data", "{file}: the header row needs a different, non-empty name for every column."
                                ).format(file=name))
    for line, row in rows:
        if len(row) != len(header):
            raise DatasetError(Text("data", "{file}, row {row}: {count} values, but the header has {columns} columns."
                                    ).format(file=name, row=line, count=len(row), columns=len(header)))
    label = label or header[-1]
    if label not in header:
        raise DatasetError(Text("data", "{file} has no column {label}; its columns are {columns}.").format(
            file=name, label=label, columns=", ".join(header)))
    if len(header) < 2:
        raise DatasetError(Text("data", "{file} has no feature column besides the label {label}.").format(
            file=name, label=label))
    at = header.index(label)
    features = np.empty((len(rows), len(header) - 1), np.float32)
    columns = [c for c in range(len(header)) if c != at]
    for i, (line, row) in enumerate(rows):
        for j, c in enumerate(columns):
            value = _number(row[c])
            if value is None:
                problem = (Text("data", "{file}, row {row}, column {column}: the value is missing.")
                           if not row[c].strip() else
                           Text("data", "{file}, row {row}, column {column}: {value} is not a number."))
                raise DatasetError(problem.format(file=name, row=line, column=header[c], value=row[c].strip()))
            features[i, j] = value
    labels, classes = _labels(name, label, [(line, row[at].strip()) for line, row in rows], task)
    return Table(features, tuple(header[c] for c in columns), labels, label, classes)


def header(path: Path) -> list[str]:
    """The column names of the CSV file's header row (read alone); [] when it cannot be read."""
    try:
        with open_regular_file(path) as f:
            first = f.readline(1 << 20).decode("utf-8")
        return [name.strip() for name in next(csv.reader([first]), [])]
    except (OSError, ValueError, UnicodeDecodeError):
        return []


def _labels(name: str, label: str, cells: list, task: str):
    """(labels, class names) of the label column's ``cells`` [(row, text)]."""
    numbers = [_number(text) for _, text in cells]
    numeric = all(v is not None for v in numbers)
    if task == "auto":
        whole = numeric and all(v == int(v) for v in numbers)
        task = "classification" if not numeric or (whole and len(set(numbers)) <= MAX_AUTO_CLASSES) \
            else "regression"
    if task == "regression":
        for (line, text), value in zip(cells, numbers):
            if value is None:
                raise DatasetError(Text("data", "{file}, row {row}: the label {value} is not a number, and a "
                                        "regression needs numbers.").format(file=name, row=line, value=text))
        return np.array(numbers, np.float32)[:, None], ()
    texts = [text for _, text in cells]
    for line, text in cells:
        if not text:
            raise DatasetError(Text("data", "{file}, row {row}: the label is missing.").format(file=name, row=line))
    if numeric:  # numbers sort as numbers, and 1.0 and 1 are one class
        classes = tuple(_plain(v) for v in sorted(set(numbers)))
        texts = [_plain(v) for v in numbers]
    else:
        classes = tuple(sorted(set(texts)))
    if len(classes) < 2:
        raise DatasetError(Text("data", "{file}: the label column {label} has one class only ({name}); a classifier "
                                "needs at least two.").format(file=name, label=label, name=classes[0]))
    index = {c: i for i, c in enumerate(classes)}
    return np.array([index[t] for t in texts], np.int64), classes


def _plain(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


def standardise(splits: DatasetSplits) -> DatasetSplits:
    """Every split's features minus the training split's mean, over its standard deviation (1 where it is 0)."""
    mean = splits.train.x.mean(axis=0)
    std = splits.train.x.std(axis=0)
    std[std == 0] = 1
    scaled = [Split(((s.x - mean) / std).astype(np.float32), s.y) for s in (splits.train, splits.val, splits.test)]
    return DatasetSplits(splits.info, *scaled)
