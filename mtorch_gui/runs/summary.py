"""The runs as a table: the columns the runs view and ``mtorch-train --list-runs`` show (no Qt)."""

from __future__ import annotations

import csv
import io
import time

from mtorch.serialization import write_text_atomic
from mtorch_gui.model.text import Text

from .store import Run


def _metric(run: Run, value) -> str:
    if value is None:
        return ""
    return f"{value:.2%}" if run.metric_name == "val_accuracy" else f"{value:.3g}"


def _seconds(value) -> str:
    if value is None:
        return ""
    minutes, seconds = divmod(round(value), 60)
    return f"{minutes}:{seconds:02d}" if minutes else f"{value:.1f}s"


# (header, the value a column sorts by, its text)
COLUMNS = [
    (Text("runs", "Run"), lambda r: r.id, lambda r: str(r.id)),
    (Text("runs", "Name"), lambda r: r.name.lower(), lambda r: r.name),
    (Text("runs", "Tags"), lambda r: r.tags, lambda r: r.tags),
    (Text("runs", "Dataset"), lambda r: r.dataset, lambda r: r.dataset),
    (Text("runs", "Optimiser"), lambda r: r.optimizer, lambda r: r.optimizer),
    (Text("runs", "lr"), lambda r: r.lr or 0.0, lambda r: f"{r.lr:g}" if r.lr is not None else ""),
    (Text("runs", "Batch"), lambda r: r.batch_size or 0, lambda r: str(r.batch_size or "")),
    (Text("runs", "Epochs"), lambda r: len(r.epochs), lambda r: str(len(r.epochs))),
    (Text("runs", "Best val"), lambda r: _rank(r, r.best_val), lambda r: _metric(r, r.best_val)),
    (Text("runs", "Test"), lambda r: _rank(r, r.test_metric), lambda r: _metric(r, r.test_metric)),
    (Text("runs", "Time"), lambda r: r.seconds or 0.0, lambda r: _seconds(r.seconds)),
    (Text("runs", "Outcome"), lambda r: r.outcome, lambda r: r.outcome),
    (Text("runs", "Started"), lambda r: r.started,
     lambda r: time.strftime("%Y-%m-%d %H:%M", time.localtime(r.started))),
]


def _rank(run: Run, value) -> float:
    """Sorting key: better runs sort the same way for accuracy (higher) and MSE (lower)."""
    if value is None:
        return float("-inf")
    return value if run.metric_name == "val_accuracy" else -value


def runs_table(runs: list[Run]) -> str:
    """A plain-text table of ``runs``, one line each, columns aligned."""
    rows = [[str(header) for header, _, _ in COLUMNS]] + [[text(r) for _, _, text in COLUMNS] for r in runs]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows)


def export_csv(runs: list[Run], path):
    """One row per epoch of every run in ``runs``: the run, its settings, the epoch's metrics."""
    settings = list(dict.fromkeys(k for r in runs for k in r.settings))
    metrics = list(dict.fromkeys(k for r in runs for e in r.epochs for k in e))
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["run", "name", "tags", "outcome", *settings, *metrics])
    for r in runs:
        for e in r.epochs or [{}]:
            writer.writerow([r.id, r.name, r.tags, r.outcome, *(r.settings.get(k, "") for k in settings),
                             *("" if e.get(k) is None else e[k] for k in metrics)])
    write_text_atomic(path, text.getvalue())
