"""The run store: every training run in one SQLite file (stdlib ``sqlite3``, no Qt), its final weights beside it.

One row per run in ``runs`` (name, tags, the model file's text, dataset, settings, start and end time, outcome,
the weights file), one per batch in ``batch_metrics`` (loss, learning rate) and one per epoch in
``epoch_metrics`` (the epoch's metrics as JSON). The weights are safetensors files in a folder beside the
database (``runs_weights/3.safetensors`` for run 3 of ``runs.db``), written atomically by ``mtorch.save``;
the database holds their path relative to its own folder, so the two move together.

Several processes may write at once (the GUI and ``mtorch-train``): the file is in WAL mode, every write is
one short ``BEGIN IMMEDIATE`` transaction and a writer waits up to ``BUSY_TIMEOUT`` seconds for another's.
A run is "running" while its process records it; a process killed half-way (kill -9, a power cut) leaves
the database readable (SQLite's journal), and the next ``RunStore`` opened on it marks that run
"interrupted": a "running" run of this machine whose process is gone.

The schema's version is SQLite's ``user_version``; ``MIGRATIONS[i]`` takes a database from version i to
i + 1, so an older file is brought up to date when it is opened, and a newer one is refused.
"""

from __future__ import annotations

import json
import math
import os
import socket
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

import mtorch
from mtorch_gui.model.catalog import SpecError
from mtorch_gui.model.spec import ModelSpec
from mtorch_gui.model.text import Text

BUSY_TIMEOUT = 30.0  # seconds a writer waits for another process's transaction
OUTCOMES = ("running", "finished", "stopped", "failed", "interrupted")

MIGRATIONS = [
    # 0 -> 1: runs and their metrics
    """
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        model TEXT NOT NULL,          -- the model file's JSON
        dataset TEXT NOT NULL,
        settings TEXT NOT NULL,       -- the TrainingConfig as JSON
        started REAL NOT NULL,        -- seconds since the epoch (UTC)
        ended REAL,
        outcome TEXT NOT NULL,
        source TEXT NOT NULL,         -- "gui" or "cli"
        host TEXT NOT NULL,
        pid INTEGER NOT NULL
    );
    CREATE TABLE batch_metrics (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        epoch INTEGER NOT NULL,
        loss REAL NOT NULL,
        lr REAL NOT NULL,
        PRIMARY KEY (run_id, step)
    ) WITHOUT ROWID;
    CREATE TABLE epoch_metrics (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        epoch INTEGER NOT NULL,
        metrics TEXT NOT NULL,        -- the epoch's metrics as JSON
        PRIMARY KEY (run_id, epoch)
    ) WITHOUT ROWID;
    CREATE INDEX runs_outcome ON runs(outcome);
    """,
    # 1 -> 2: tags and the final weights
    """
    ALTER TABLE runs ADD COLUMN tags TEXT NOT NULL DEFAULT '';
    ALTER TABLE runs ADD COLUMN weights TEXT;  -- path of the final weights, relative to the database's folder
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


class RunStoreError(Exception):
    """A run database that cannot be used, with the file and the reason: a ``Text`` (the views show it with
    ``i18n.error_text``)."""


def _cannot_use(path: Path, reason) -> Text:
    return Text("runs", "Cannot use the run database {file}: {error}").format(file=str(path), error=reason)


def _cannot_read(path, reason) -> Text:
    return Text("runs", "Cannot read {file}: {error}").format(file=str(path), error=reason)


@dataclass
class Run:
    """One run as the runs view and ``--list-runs`` show it; metrics are filled in by ``RunStore.runs``."""
    id: int
    name: str
    tags: str
    dataset: str
    settings: dict
    started: float
    ended: float | None
    outcome: str
    source: str
    weights: str | None  # absolute path, or None
    epochs: list[dict] = field(default_factory=list)  # the metrics of every epoch recorded

    @property
    def optimizer(self) -> str:
        return self.settings.get("optimizer", "")

    @property
    def lr(self) -> float | None:
        return self.settings.get("lr")

    @property
    def batch_size(self) -> int | None:
        return self.settings.get("batch_size")

    @property
    def seconds(self) -> float | None:
        """Training time: the last epoch's, else wall time from start to end."""
        if self.epochs and "seconds" in self.epochs[-1]:
            return self.epochs[-1]["seconds"]
        return None if self.ended is None else self.ended - self.started

    @property
    def metric_name(self) -> str:
        """The validation metric that ranks runs: accuracy (higher is better) or the sin-to-cos MSE."""
        return "val_accuracy" if any("val_accuracy" in e for e in self.epochs) or not self.epochs else "val_tail_mse"

    @property
    def best_val(self) -> float | None:
        values = [e[self.metric_name] for e in self.epochs if self.metric_name in e]
        if not values:
            return None
        return max(values) if self.metric_name == "val_accuracy" else min(values)

    @property
    def test_metric(self) -> float | None:
        """The last epoch's test accuracy (or test MSE from step 6)."""
        key = "test_accuracy" if self.metric_name == "val_accuracy" else "test_tail_mse"
        last = self.epochs[-1] if self.epochs else {}
        return last.get(key)


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)  # transactions explicit
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


def _process_alive(pid: int) -> bool:
    """Is process ``pid`` of this machine still running?"""
    if pid == os.getpid():
        return True
    if os.name == "nt":  # os.kill(pid, 0) would end it there
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


class RunStore:
    """The runs of one database file (created on first use); see the module docstring. Use it from one
    thread (the one that made it)."""

    def __init__(self, path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = _connect(self.path)
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")  # WAL stays consistent; a power cut may lose the last
            self._migrate()
            self.mark_interrupted()
        except sqlite3.DatabaseError as error:
            raise RunStoreError(_cannot_use(self.path, str(error))) from None
        except OSError as error:
            raise RunStoreError(_cannot_use(self.path, str(error.strerror or error))) from None

    def close(self):
        self._db.close()

    @property
    def weights_folder(self) -> Path:
        return self.path.parent / f"{self.path.stem}_weights"

    # ---- schema ------------------------------------------------------------------------------------

    def _migrate(self):
        self._db.execute("BEGIN IMMEDIATE")  # one process migrates; the others then see the new version
        try:
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise RunStoreError(_cannot_use(self.path, Text(
                    "runs", "it has schema version {version}, newer than this mtorch_gui knows ({known}): update "
                    "mtorch_gui").format(version=version, known=SCHEMA_VERSION)))
            for script in MIGRATIONS[version:]:
                for statement in script.split(";"):
                    if statement.strip():
                        self._db.execute(statement)
            self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    def _write(self, sql: str, rows=None, many: bool = False):
        """One short write transaction; RunStoreError naming the file when it cannot be written."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                cursor = self._db.executemany(sql, rows) if many else self._db.execute(sql, rows or ())
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        except sqlite3.Error as error:
            raise RunStoreError(Text("runs", "Cannot write the run database {file}: {error}").format(
                file=str(self.path), error=str(error))) from None
        return cursor

    def mark_interrupted(self) -> int:
        """Mark "interrupted" every running run of this machine whose process is gone; how many."""
        host = socket.gethostname()
        rows = self._db.execute("SELECT id, pid FROM runs WHERE outcome = 'running' AND host = ?", (host,)).fetchall()
        dead = [(run_id,) for run_id, pid in rows if not _process_alive(pid)]
        if dead:
            self._write("UPDATE runs SET outcome = 'interrupted' WHERE id = ? AND outcome = 'running'", dead, many=True)
        return len(dead)

    # ---- recording ---------------------------------------------------------------------------------

    def begin_run(self, name: str, model_json: str, dataset: str, settings: dict, source: str) -> int:
        """A new "running" run of this process; its id."""
        cursor = self._write(
            "INSERT INTO runs (name, model, dataset, settings, started, outcome, source, host, pid) "
            "VALUES (?, ?, ?, ?, ?, 'running', ?, ?, ?)",
            (name, model_json, dataset, json.dumps(settings), time.time(), source, socket.gethostname(), os.getpid()))
        return cursor.lastrowid

    def reopen_run(self, run_id: int):
        """The run goes on (One more epoch): running again, by this process."""
        self._write("UPDATE runs SET outcome = 'running', ended = NULL, pid = ?, host = ? WHERE id = ?",
                    (os.getpid(), socket.gethostname(), run_id))

    def add_batches(self, run_id: int, rows):
        """``rows``: (step, epoch, loss, lr) tuples, written in one transaction."""
        rows = [(run_id, int(step), int(epoch), float(loss), float(lr)) for step, epoch, loss, lr in rows]
        if rows:
            self._write("INSERT OR REPLACE INTO batch_metrics VALUES (?, ?, ?, ?, ?)", rows, many=True)

    def add_epoch(self, run_id: int, metrics: dict):
        self._write("INSERT OR REPLACE INTO epoch_metrics VALUES (?, ?, ?)",
                    (run_id, int(metrics["epoch"]), json.dumps(_finite(metrics))))

    def end_run(self, run_id: int, outcome: str, state_dict: dict | None = None):
        """The run ended with ``outcome``; ``state_dict`` (name -> numpy array or Tensor): its final weights."""
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {outcome!r}")
        weights = failure = None
        if state_dict is not None:
            path = self.weights_folder / f"{run_id}.safetensors"
            try:
                self.weights_folder.mkdir(exist_ok=True)
                mtorch.save({k: v if isinstance(v, mtorch.Tensor) else mtorch.from_numpy(np.ascontiguousarray(v))
                             for k, v in state_dict.items()}, path)
                weights = str(path.relative_to(self.path.parent))
            except OSError as error:  # the run's outcome is still written, without weights
                failure = RunStoreError(Text("runs", "Cannot write run {run}'s weights {file}: {error}").format(
                    run=run_id, file=str(path), error=str(error.strerror or error)))
        self._write("UPDATE runs SET outcome = ?, ended = ?, weights = COALESCE(?, weights) WHERE id = ?",
                    (outcome, time.time(), weights, run_id))
        if failure is not None:
            raise failure

    # ---- editing -----------------------------------------------------------------------------------

    def rename(self, run_id: int, name: str):
        self._write("UPDATE runs SET name = ? WHERE id = ?", (name, run_id))

    def set_tags(self, run_id: int, tags: str):
        self._write("UPDATE runs SET tags = ? WHERE id = ?", (" ".join(tags.replace(",", " ").split()), run_id))

    def delete(self, run_ids):
        """Delete runs, their metrics and their weights files."""
        for run in self.runs(run_ids):
            if run.weights:
                Path(run.weights).unlink(missing_ok=True)
        self._write("DELETE FROM runs WHERE id = ?", [(i,) for i in run_ids], many=True)

    # ---- reading -----------------------------------------------------------------------------------

    def runs(self, ids=None) -> list[Run]:
        """Every run (or those of ``ids``), oldest first, with their epochs' metrics."""
        sql = "SELECT id, name, tags, dataset, settings, started, ended, outcome, source, weights FROM runs"
        args = ()
        if ids is not None:
            ids = list(ids)
            sql += f" WHERE id IN ({', '.join('?' * len(ids))})"
            args = ids
        runs = {}
        for row in self._db.execute(sql + " ORDER BY id", args):
            run_id, name, tags, dataset, settings, started, ended, outcome, source, weights = row
            runs[run_id] = Run(run_id, name, tags, dataset, json.loads(settings), started, ended, outcome, source,
                               str(self.path.parent / weights) if weights else None)
        query = "SELECT run_id, metrics FROM epoch_metrics"
        if ids is not None:
            query += f" WHERE run_id IN ({', '.join('?' * len(ids))})"
        for run_id, metrics in self._db.execute(query + " ORDER BY run_id, epoch", args):
            if run_id in runs:
                runs[run_id].epochs.append(json.loads(metrics))
        return list(runs.values())

    def run(self, run_id: int) -> Run:
        found = self.runs([run_id])
        if not found:
            raise KeyError(f"no run {run_id} in {self.path}")
        return found[0]

    def model_json(self, run_id: int) -> str:
        return self._db.execute("SELECT model FROM runs WHERE id = ?", (run_id,)).fetchone()[0]

    def loss_curve(self, run_id: int) -> tuple[np.ndarray, np.ndarray]:
        """The run's batch losses against epochs (a batch's x: its epoch plus its share of that epoch), so
        runs of different batch sizes line up."""
        rows = self._db.execute("SELECT epoch, loss FROM batch_metrics WHERE run_id = ? ORDER BY step",
                                (run_id,)).fetchall()
        data = np.array(rows, dtype=np.float64).reshape(-1, 2)
        epochs, x = data[:, 0], np.empty(len(data))
        for epoch in np.unique(epochs):
            where = epochs == epoch
            x[where] = epoch + np.arange(1, where.sum() + 1) / where.sum()
        return x, data[:, 1]

    def model_spec(self, run_id: int) -> ModelSpec:
        """The run's model file (with the settings it trained with)."""
        try:
            return ModelSpec.from_json(self.model_json(run_id))
        except SpecError as error:
            raise RunStoreError(Text("runs", "Cannot read run {run}'s model: {error}").format(
                run=run_id, error=error.args[0] if error.args else str(error))) from None

    def payload(self, run_id: int) -> dict:
        """The run's model and final weights as the Draw tab reads them: {"spec", "state_dict": numpy}."""
        run = self.run(run_id)
        if not run.weights:
            raise RunStoreError(Text("runs", "Run {run} has no weights recorded").format(run=run_id))
        spec = self.model_spec(run_id)
        try:
            state = mtorch.load(run.weights)
        except ValueError as error:
            raise RunStoreError(Text("runs", "Cannot read run {run}: {error}").format(
                run=run_id, error=str(error))) from None
        except OSError as error:
            raise RunStoreError(_cannot_read(run.weights, str(error.strerror or error))) from None
        if not (isinstance(state, dict) and all(isinstance(v, mtorch.Tensor) for v in state.values())):
            raise RunStoreError(_cannot_read(run.weights, Text("runs", "it holds no state dict")))
        return {"spec": spec, "state_dict": {k: v.numpy() for k, v in state.items()}}


def _finite(metrics: dict) -> dict:
    """JSON has no NaN or infinity: such a metric is stored as null."""
    return {k: v if not isinstance(v, float) or math.isfinite(v) else None for k, v in metrics.items()}


def default_database() -> Path:
    """``runs.db`` in the app's runs folder (see ``mtorch_gui.folders``), also from ``mtorch-train``."""
    from PySide6.QtCore import QCoreApplication

    from mtorch_gui.app import APPLICATION, ORGANIZATION
    from mtorch_gui.folders import runs_folder

    if QCoreApplication.instance() is None:  # mtorch-train: the folder is named after the application
        QCoreApplication.setOrganizationName(ORGANIZATION)
        QCoreApplication.setApplicationName(APPLICATION)
    return Path(runs_folder()) / "runs.db"
