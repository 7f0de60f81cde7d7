"""A run's history: loss, learning rate and gradient norms per batch, metrics per epoch; CSV export."""

from __future__ import annotations

import csv
import io

import numpy as np

from ..model.files import write_text_atomic


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
        h = cls()
        h.batch_loss = [float(v) for v in np.asarray(d["batch_loss"])]
        h.batch_lr = [float(v) for v in np.asarray(d["batch_lr"])]
        h.grad_norms = {k: [float(x) for x in np.asarray(v)] for k, v in d["grad_norms"].items()}
        h.epochs = [dict(e) for e in d["epochs"]]
        return h

    def to_csv(self, path):
        """Write one row per epoch (every metric as a column) atomically to ``path``."""
        columns = list(dict.fromkeys(k for e in self.epochs for k in e))
        text = io.StringIO(newline="")
        writer = csv.DictWriter(text, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(self.epochs)
        write_text_atomic(path, text.getvalue())
