"""The training thread: a worker object moved to a QThread that runs a Trainer and reports by signals.

Signals carry copies (the engine's reports are built from copies), never live buffers. Batch reports are
gathered and sent at most every ``BATCH_SIGNAL_INTERVAL`` seconds, so a fast model cannot flood the UI
thread's event queue. Stop and pause are called from the UI thread directly: the trainer checks
threading Events every batch (queued slots would not run while ``run`` loops).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from .engine import Trainer, TrainingError
from .history import History

BATCH_SIGNAL_INTERVAL = 0.05  # seconds: at most 20 batch reports a second reach the UI thread


class TrainingWorker(QObject):
    # the Trainer once built (pause/resume/set_lr may be used from then on) and a copy of its history so far
    prepared = Signal(object, object)
    batchesReady = Signal(object)  # a list of BatchInfo
    epochEnded = Signal(object)  # the engine's epoch report (metrics, weights, confusion, ...)
    failed = Signal(str)  # the reason, in plain words
    finished = Signal(str)  # "finished", "stopped" or "failed"; always the last signal

    def __init__(self, make_trainer: Callable[[], Trainer], until_epoch: int | None = None):
        super().__init__()
        self._make_trainer, self._until_epoch = make_trainer, until_epoch
        self._lock = threading.Lock()
        self._stop_requested = False
        self.trainer: Trainer | None = None
        self._pending = []
        self._last_sent = 0.0

    def request_stop(self):
        """Stop before the next batch (or before the run starts); safe from any thread."""
        with self._lock:
            self._stop_requested = True
            if self.trainer is not None:
                self.trainer.request_stop()

    @Slot()
    def run(self):
        try:
            trainer = self._make_trainer()
        except Exception as error:  # data, model or checkpoint trouble: say so, never leave the run hanging
            self.failed.emit(str(error) if isinstance(error, TrainingError) else f"{type(error).__name__}: {error}")
            self.finished.emit("failed")
            return
        trainer.on_batch_end, trainer.on_epoch_end = self._batch_ended, self._epoch_ended
        trainer.on_failed, trainer.on_finished = self.failed.emit, None
        with self._lock:
            self.trainer = trainer
            if self._stop_requested:
                trainer.request_stop()
        self.prepared.emit(trainer, History.from_dict(trainer.history.to_dict()))
        outcome = trainer.run(self._until_epoch)
        self._flush()
        self.finished.emit(outcome)

    def _batch_ended(self, info):
        self._pending.append(info)
        if time.perf_counter() - self._last_sent >= BATCH_SIGNAL_INTERVAL:
            self._flush()

    def _epoch_ended(self, report):
        self._flush()
        self.epochEnded.emit(report)

    def _flush(self):
        if self._pending:
            self.batchesReady.emit(self._pending)
            self._pending = []
        self._last_sent = time.perf_counter()


def start_in_thread(worker: TrainingWorker, parent: QObject) -> QThread:
    """Move ``worker`` to a new QThread and start it: ``started`` -> ``run``, ``finished`` -> ``quit``.

    ``quit`` is connected directly, so the thread ends even while the UI thread blocks in ``wait()``.
    The worker deletes itself when done; the caller deletes the thread after its ``finished``.
    """
    thread = QThread(parent)
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    worker.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
    worker.finished.connect(worker.deleteLater)
    thread.start()
    return thread
