"""RunRecorder: one run written into a RunStore as it trains, cheaply (no Qt).

Batch reports are kept in memory and written together, one transaction per ``FLUSH_BATCHES`` batches or
``FLUSH_SECONDS`` seconds, and at every epoch and at the end; an epoch's metrics are written when it ends.
``mtorch-train`` feeds it from its loop, the GUI from the training worker's signals on the UI thread
(``runs.gui_recorder``).
"""

from __future__ import annotations

import time

from .store import RunStore

FLUSH_BATCHES = 500
FLUSH_SECONDS = 2.0


class RunRecorder:
    def __init__(self, store: RunStore):
        self.store = store
        self.run_id: int | None = None
        self._pending: list[tuple] = []
        self._flushed = time.monotonic()

    def begin(self, spec, config, source: str, name: str | None = None) -> int:
        """Start recording a run of ``spec`` (a ModelSpec) with ``config`` (a TrainingConfig)."""
        settings = config.to_dict()
        model = spec.copy()
        model.training = {k: v for k, v in settings.items() if k != "dataset"}  # the file that trains like this
        self.run_id = self.store.begin_run(name or spec.name, model.to_json(), config.dataset, settings, source)
        self._pending, self._flushed = [], time.monotonic()
        return self.run_id

    def reopen(self):
        """The same run trains on (One more epoch)."""
        self.store.reopen_run(self.run_id)

    def add_batches(self, infos):
        """``infos``: BatchInfo reports of this run."""
        self._pending.extend((i.step, i.epoch, i.loss, i.lr) for i in infos)
        if len(self._pending) >= FLUSH_BATCHES or time.monotonic() - self._flushed >= FLUSH_SECONDS:
            self.flush()

    def add_epoch(self, metrics: dict):
        self.flush()
        self.store.add_epoch(self.run_id, metrics)

    def flush(self):
        self.store.add_batches(self.run_id, self._pending)
        self._pending, self._flushed = [], time.monotonic()

    def end(self, outcome: str, state_dict: dict | None = None):
        """The run ended ("finished", "stopped" or "failed"); ``state_dict``: its final weights, if any."""
        self.flush()
        self.store.end_run(self.run_id, outcome, state_dict)
