"""The window's runs into the run store: one watcher per training worker, on the UI thread.

The training panel announces every new run's worker (``runStarting``) before it starts; a ``RunWatcher``
then records what the worker's signals carry (queued to the UI thread, copies): the run's settings once it is
set up, batch reports (written together, see ``RunRecorder``), epochs, and its end with the final weights.
"One more epoch" on the same worker goes on with the same run. Only the panel's last worker is watched: a new
run lets go of the last one (the panel starts one only after the last one's thread has finished).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot

from ..i18n import error_text
from .recorder import RunRecorder
from .store import RunStore, RunStoreError


class RunWatcher(QObject):
    """Records one worker's run(s); lives on the UI thread, so its slots run there."""

    def __init__(self, recorder: GuiRecorder, worker, name: str | None):
        super().__init__()
        self._owner, self._worker, self._name = recorder, worker, name
        self._run: RunRecorder | None = None
        worker.prepared.connect(self._prepared)
        worker.batchesReady.connect(self._batches)
        worker.epochEnded.connect(self._epoch)
        worker.finished.connect(self._finished)

    def release(self):
        """Stop watching (the worker is no longer the panel's)."""
        for signal, slot in ((self._worker.prepared, self._prepared), (self._worker.batchesReady, self._batches),
                             (self._worker.epochEnded, self._epoch), (self._worker.finished, self._finished)):
            signal.disconnect(slot)
        self._worker = None

    def _guarded(self, action, *args):
        try:
            action(*args)
        except RunStoreError as error:  # a locked or full disk: training goes on, unrecorded
            self._run = None
            self._owner.failed.emit(error_text(error))

    @Slot(object)
    def _prepared(self, start):
        if self._run is None:
            self._run = RunRecorder(self._owner.store)
            self._guarded(self._run.begin, start.spec, start.config, "gui", self._name)
        else:
            self._guarded(self._run.reopen)
        self._owner.changed.emit()

    @Slot(object)
    def _batches(self, infos):
        if self._run is not None:
            self._guarded(self._run.add_batches, infos)

    @Slot(object)
    def _epoch(self, report):
        if self._run is not None:
            self._guarded(self._run.add_epoch, report.metrics)
            self._owner.changed.emit()

    @Slot(str)
    def _finished(self, outcome: str):
        if self._run is None:
            return
        # the worker has let go of its Trainer: its end and weights can be read here
        weights = self._worker.payload()["state_dict"] if self._worker.end is not None else None
        self._guarded(self._run.end, outcome, weights)
        self._owner.changed.emit()


class GuiRecorder(QObject):
    changed = Signal()  # a run began, had an epoch or ended
    failed = Signal(str)  # the store could not be written: why

    def __init__(self, store: RunStore, parent=None):
        super().__init__(parent)
        self.store = store
        self.next_name: str | None = None  # the name of the next run (a sweep's label), else the model's
        self._watcher: RunWatcher | None = None

    @Slot(object)
    def watch(self, worker):
        """Record ``worker``'s run; connect the panel's ``runStarting`` here."""
        name, self.next_name = self.next_name, None
        if self._watcher is not None:
            self._watcher.release()
        self._watcher = RunWatcher(self, worker, name)
