"""The training thread: one worker object that drives a Trainer's ``train()`` generator on a QThread.

The worker alone owns the run's controls: pause, resume, stop and learning-rate requests may come from any
thread and wait behind one lock until the worker looks at them, before every step of the generator
(a batch, an evaluation chunk). The Trainer never leaves the worker: the UI reads signals that carry
copies, and between runs it asks the idle worker (``payload``, ``save_checkpoint``, ``history``).

Lifetime, one rule: every run ends in exactly one ``finished(reason)`` ("finished", "stopped" or
"failed", after ``failed(message)``), whatever happens, set-up included. At its end the worker moves itself
back to the UI thread, so no Python object is ever destroyed on the worker thread while the UI thread
may hold the GIL: whoever started it keeps the worker and the QThread until ``QThread.finished`` is
handled on the UI thread (never ``deleteLater`` on the worker). ``start`` runs it again on a new thread:
"One more epoch" continues the same Trainer. A stop asked while the Trainer is being set up (a large
dataset loading) is honoured as soon as it is: the run ends "stopped" without ``prepared``.

A ``Divergence`` report (a loss far above its start, or accuracy at chance: see engine.py) pauses the run as
the Pause button does, then ``diverging(Divergence)`` tells why, after ``pausedChanged(True)``: lower the
learning rate (``set_lr``) and ``resume``, or stop.

Batch reports are gathered and sent at most every ``BATCH_SIGNAL_INTERVAL`` seconds, so a fast model
cannot flood the UI thread's event queue.
"""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from mtorch_gui.model.text import Text

from .checkpoint import save_checkpoint
from .config import TrainingConfig
from .engine import BatchInfo, Divergence, EpochReport, Trainer, TrainingError, numpy_state_dict
from .history import History

BATCH_SIGNAL_INTERVAL = 0.05  # seconds: at most 20 batch reports a second reach the UI thread


@dataclass
class RunStart:
    """What the UI needs when a run has been set up: copies, never the Trainer."""
    spec: object  # ModelSpec
    task: str  # "classification" or "regression"
    history: History  # the run's history so far (a resumed checkpoint's, or empty)
    config: TrainingConfig | None = None  # the settings it trains with (the run store records them)


@dataclass
class RunEnd:
    """Where a run stopped (copies), for the messages and buttons after ``finished``."""
    epoch: int
    batch: int
    diverged: bool
    history: History


class TrainingWorker(QObject):
    prepared = Signal(object)  # a RunStart, once the Trainer is set up
    batchesReady = Signal(object)  # a list of BatchInfo
    epochEnded = Signal(object)  # an EpochReport
    pausedChanged = Signal(bool)  # True when the run has actually paused, False when it goes on
    pausedWeights = Signal(object)  # the payload (see payload()) as the run pauses, copied on the run's thread
    diverging = Signal(object)  # a Divergence: the run paused itself (after pausedChanged(True))
    failed = Signal(object)  # the reason, in plain words (a str, or a Text the view translates)
    finished = Signal(str)  # "finished", "stopped" or "failed"; always the last signal of a run

    def __init__(self, make_trainer: Callable[[], Trainer]):
        super().__init__()
        self._make_trainer = make_trainer
        self._trainer: Trainer | None = None  # touched by one thread at a time: the run's, or the UI's between runs
        self._until_epoch: int | None = None
        self._control = threading.Condition()  # guards the four requests below
        self._stop = self._paused = False
        self._lr: float | None = None
        self._divergence: Divergence | None = None  # why the run paused itself, until that pause is announced
        self._pending: list[BatchInfo] = []
        self._last_sent = 0.0
        self.outcome: str | None = None  # the reason the last run ended, as sent by finished
        self.end: RunEnd | None = None  # where it ended (None when the Trainer could not be set up)

    # ---- requests, from any thread -----------------------------------------------------------------------

    def request_stop(self):
        """Stop before the next step (or before the run starts)."""
        with self._control:
            self._stop = True
            self._control.notify_all()

    def pause(self):
        with self._control:
            self._paused = True

    def resume(self):
        with self._control:
            self._paused = False
            self._control.notify_all()

    @property
    def paused(self) -> bool:
        with self._control:
            return self._paused

    def set_lr(self, lr: float):
        """Use learning rate ``lr`` from the next batch on (the last request wins)."""
        with self._control:
            self._lr = float(lr)

    # ---- starting, from the UI thread ----------------------------------------------------------------------

    def start(self, until_epoch: int | None, thread_finished: Callable[[], None]) -> QThread:
        """Run on a new QThread until ``until_epoch`` (None: the configured epochs) and return the thread:
        ``started`` -> ``run``, which quits the thread when done (so it ends even while the UI thread
        blocks in ``wait()``); the thread's ``finished`` -> ``thread_finished`` (a slot of a QObject on the
        UI thread), connected before the thread starts so no run can end unnoticed. Keep the thread and
        this worker until then; drop the thread with ``deleteLater`` (it holds no Python state)."""
        with self._control:
            self._stop = self._paused = False
            self._lr = None
        self._until_epoch, self.outcome, self.end = until_epoch, None, None
        thread = QThread()
        self.moveToThread(thread)
        thread.started.connect(self.run)
        thread.finished.connect(thread_finished)
        thread.start()
        return thread

    # ---- between runs, from the UI thread ------------------------------------------------------------------

    def can_continue(self) -> bool:
        return self._trainer is not None and not self._trainer.diverged

    def payload(self) -> dict:
        """The trained model as the canvas reads it: {"spec": copy, "state_dict": numpy copies}. The spec's
        metrics are this run's (a model file's stored ones described other weights)."""
        trainer = self._trainer
        spec = trainer.spec.copy()
        last = trainer.history.epochs[-1] if trainer.history.epochs else {}
        spec.metrics = {"test_accuracy": last["test_accuracy"]} if "test_accuracy" in last else {}
        return {"spec": spec, "state_dict": numpy_state_dict(trainer.model)}

    def save_checkpoint(self, path):
        save_checkpoint(path, self._trainer)

    # ---- the run, on the worker thread ---------------------------------------------------------------------

    @Slot()
    def run(self):
        thread = self.thread()
        outcome, message = "failed", None
        try:
            outcome = self._run()
        except TrainingError as error:
            message = error.args[0] if error.args and isinstance(error.args[0], str) else str(error)
        except Exception as error:  # a bug or a resource problem: report it instead of losing the run
            message = Text("training", "Training failed: {kind}: {error}").format(kind=type(error).__name__,
                                                                                 error=str(error))
        finally:  # nothing here can raise: the run always ends in finished
            self.outcome = outcome
            self.moveToThread(QCoreApplication.instance().thread())
            if message is not None:
                self.failed.emit(message)
            self.finished.emit(outcome)
            thread.quit()

    def _run(self) -> str:
        if self._trainer is None:
            self._trainer = self._make_trainer()
        trainer = self._trainer
        with self._control:
            stopped = self._stop  # asked while the Trainer was set up (a large dataset loading): no run starts
        if not stopped:
            self.prepared.emit(RunStart(trainer.spec.copy(), trainer.data.task,
                                        History.from_dict(trainer.history.to_dict()), copy.copy(trainer.config)))
        steps = None
        try:
            steps = trainer.train(self._until_epoch)
            while True:
                stop, lr = self._wait_while_paused()
                if stop:
                    return "stopped"
                if lr is not None:
                    trainer.set_lr(lr)
                try:
                    report = next(steps)
                except StopIteration:
                    return "finished"
                if isinstance(report, BatchInfo):
                    self._pending.append(report)
                    if time.perf_counter() - self._last_sent >= BATCH_SIGNAL_INTERVAL:
                        self._flush()
                elif isinstance(report, EpochReport):
                    self._flush()
                    self.epochEnded.emit(report)
                elif isinstance(report, Divergence):
                    with self._control:
                        self._paused, self._divergence = True, report
        finally:
            if steps is not None:
                steps.close()
            self._flush()
            self.end = RunEnd(trainer.epoch, trainer.batch, trainer.diverged,
                              History.from_dict(trainer.history.to_dict()))

    def _wait_while_paused(self) -> tuple[bool, float | None]:
        """Block while paused; then (stop requested?, the learning rate asked for or None). Signals are
        emitted outside the lock, so a UI thread asking for something never waits on an emission."""
        with self._control:
            pausing = self._paused and not self._stop
        if pausing:
            self._flush()
            self.pausedWeights.emit(self.payload())  # the weights mid-epoch, for the Backprop tab
            self.pausedChanged.emit(True)
            with self._control:
                divergence, self._divergence = self._divergence, None
            if divergence is not None:
                self.diverging.emit(divergence)
            with self._control:
                while self._paused and not self._stop:
                    self._control.wait()
            self.pausedChanged.emit(False)
        with self._control:
            lr, self._lr = self._lr, None
            return self._stop, lr

    def _flush(self):
        if self._pending:
            self.batchesReady.emit(self._pending)
            self._pending = []
        self._last_sent = time.perf_counter()
