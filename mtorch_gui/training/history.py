"""A run's history: loss, learning rate and gradient norms per batch, metrics per epoch; CSV export."""

from __future__ import annotations

import csv
import io

import numpy as np

from ..model.files import write_text_atomic

# The CSV's columns, the same for every dataset (a metric a task has not is left empty), then any others
CSV_COLUMNS = ("epoch", "train_loss", "train_accuracy", "lr", "val_loss", "test_loss", "val_accuracy",
               "test_accuracy", "val_tail_mse", "test_tail_mse", "seconds")


class History:
    def __init__(self):
        self.batch_loss: list[float] = []
        self.batch_lr: list[float] = []
        self.grad_norms: dict[str, list[float]] = {}  # layer name -> one norm per batch
        self.epochs: list[dict] = []  # one dict of metrics per finished epoch

    def add_batch(self, loss: float, lr: float, grad_norms: dict[str, float]):
        self.batch_loss.append(loss)
        self.batch_lr.append(lr)
        for name, norm in grad_norms.items():
            self.grad_norms.setdefault(name, []).append(norm)

    def add_epoch(self, metrics: dict):
        self.epochs.append(dict(metrics))

    def to_dict(self) -> dict:
        """Arrays for the per-batch series and plain numbers per epoch, as ``mtorch.save`` stores them."""
        return {
            "batch_loss": np.asarray(self.batch_loss, dtype=np.float64),
            "batch_lr": np.asarray(self.batch_lr, dtype=np.float64),
            "grad_norms": {k: np.asarray(v, dtype=np.float64) for k, v in self.grad_norms.items()},
            "epochs": [dict(e) for e in self.epochs],
        }

    @classmethod
    def from_dict(cls, d: dict) -> History:
        """The history ``to_dict`` gave; ValueError saying what is wrong when ``d`` (read from a file) is not."""
        if not (isinstance(d, dict) and all(_is_series(d.get(k)) for k in ("batch_loss", "batch_lr"))
                and isinstance(d.get("grad_norms"), dict)
                and all(isinstance(k, str) and _is_series(v) for k, v in d["grad_norms"].items())):
            raise ValueError("its history is not one number series per batch")
        if not (isinstance(d.get("epochs"), list) and all(is_record(e) for e in d["epochs"])):
            raise ValueError("its history is not one dict of numbers per epoch")
        h = cls()
        h.batch_loss = d["batch_loss"].tolist()
        h.batch_lr = d["batch_lr"].tolist()
        h.grad_norms = {k: v.tolist() for k, v in d["grad_norms"].items()}
        h.epochs = [dict(e) for e in d["epochs"]]
        return h

    def to_csv(self, path):
        """Write one row per epoch (every metric as a column) atomically to ``path``."""
        columns = list(dict.fromkeys([*CSV_COLUMNS, *(k for e in self.epochs for k in e)]))
        text = io.StringIO(newline="")
        writer = csv.DictWriter(text, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(self.epochs)
        write_text_atomic(path, text.getvalue())


def _is_series(value) -> bool:
    return isinstance(value, np.ndarray) and value.ndim == 1 and value.dtype == np.float64


def is_record(value) -> bool:
    """Is ``value`` one epoch's metrics: a dict of names to numbers?"""
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, int | float) and not isinstance(v, bool) for k, v in value.items())
