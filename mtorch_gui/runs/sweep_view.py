"""Sweeps in the window: the dialog that sets up a grid, and the runner that trains it on the Train tab.

``SweepRunner`` starts each run of the queue with the training panel's own ``start(config)`` (so each run
is an ordinary run of the panel's worker, shown live in the Train tab and recorded), and the next one when
the panel says the last run is over (``running(False)``). Cancelling drops the runs not started and stops
the current one. A sweep belongs to the document it started on (``ModelDocument.serial``): when the document
starts over (New, Open, a preset, a checkpoint) the runs not started are dropped, and none is ever started
on another document, nor on a checkpoint waiting for Continue (Train would continue that instead).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QGridLayout, QLabel, QLineEdit, QVBoxLayout

from ..i18n import ui_text
from .sweep import MAX_SETTINGS, SWEEPABLE, SweepError, SweepQueue, grid, parse_values


class SweepRunner(QObject):
    changed = Signal()  # the queue moved on, or ended
    dropped = Signal(str)  # the queued runs were dropped without being asked: why

    def __init__(self, panel, parent=None):
        super().__init__(parent)
        self.panel = panel
        self.recorder = None  # the GuiRecorder, to name each run after its settings
        self.queue = SweepQueue()
        self._serial: int | None = None  # the document serial the sweep started on
        panel.running.connect(self._panel_running)
        panel.document.changed.connect(self._document_changed)

    def is_running(self) -> bool:
        return self.queue.active

    def start(self, runs):
        """Queue ``runs`` (SweepRun) and start the first unless the panel is busy (then it waits for it)."""
        if self.panel.holds_checkpoint():
            self.dropped.emit(self.tr("A checkpoint waits for Continue: continue or close its run before a sweep."))
            return
        if not self.queue.active:
            self._serial = self.panel.document.serial
        self.queue.add(runs)
        if not self.panel.is_running() and self.queue.current is None:
            self._next()
        self.changed.emit()

    def cancel(self):
        self.queue.cancel()
        if self.queue.current is not None and self.panel.is_running():
            self.panel.stop()  # the queue ends when the panel says the run is over
        else:
            self.queue.take()
        self.changed.emit()

    @Slot()
    def _document_changed(self) -> bool:
        """Drop the runs not started when the document is no longer the sweep's (the current one, if any,
        ends as the panel ends it); True when they were dropped."""
        if not self.queue.pending or (self.panel.document.serial == self._serial
                                      and not self.panel.holds_checkpoint()):
            return False
        self.queue.cancel()
        if not self.panel.is_running():
            self.queue.take()
        self.dropped.emit(self.tr("The model was replaced: the sweep's queued runs were dropped."))
        self.changed.emit()
        return True

    @Slot(bool)
    def _panel_running(self, running: bool):
        if not running and self.queue.active:
            self._next()
            self.changed.emit()

    def _next(self):
        if self._document_changed():
            return
        run = self.queue.take()
        if run is None:
            return
        spec_name = self.panel.document.spec.name
        if self.recorder is not None:
            self.recorder.next_name = f"{spec_name} {run.label}"
        self.panel.start(run.config)
        if not self.panel.is_running():  # the panel refused (the model was changed into an invalid one)
            self.queue.cancel()
            self.queue.take()
            if self.recorder is not None:
                self.recorder.next_name = None


class SweepDialog(QDialog):
    """Up to three settings, each with its values; ``runs`` is the grid once accepted."""

    def __init__(self, base, parent=None):
        super().__init__(parent)
        self.setObjectName("sweepDialog")
        self.setWindowTitle(self.tr("Sweep"))
        self.base = base
        self.runs = []
        self.rows = []
        grid_layout = QGridLayout()
        grid_layout.addWidget(QLabel(self.tr("Setting")), 0, 0)
        grid_layout.addWidget(QLabel(self.tr("Values (separated by commas)")), 0, 1)
        defaults = [("lr", f"{base.lr / 10:g}, {base.lr:g}, {base.lr * 10:g}"),
                    ("batch_size", f"{base.batch_size}, {base.batch_size * 2}"), ("", "")]
        for i, (name, values) in enumerate(defaults[:MAX_SETTINGS], start=1):
            setting = QComboBox()
            setting.addItem(self.tr("(none)"), "")
            for option in SWEEPABLE:
                setting.addItem(option, option)
            setting.setCurrentIndex(max(0, setting.findData(name)))
            edit = QLineEdit(values)
            setting.currentIndexChanged.connect(self._update)
            edit.textChanged.connect(self._update)
            grid_layout.addWidget(setting, i, 0)
            grid_layout.addWidget(edit, i, 1)
            self.rows.append((setting, edit))
        self.summary = QLabel(objectName="sweepSummary", wordWrap=True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid_layout)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self._update()

    def values(self) -> dict:
        chosen = {}
        for setting, edit in self.rows:
            name = setting.currentData()
            if name:
                chosen[name] = parse_values(name, edit.text())
        return chosen

    @Slot()
    def _update(self):
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        try:
            self.runs = grid(self.base, self.values())
        except SweepError as error:
            self.runs = []
            self.summary.setText(ui_text(error.args[0]))
            self.summary.setStyleSheet("color: #c0392b;")
            ok.setEnabled(False)
            return
        self.summary.setText(self.tr("{count} runs, one after another: {first} … {last}").format(
            count=len(self.runs), first=self.runs[0].label, last=self.runs[-1].label))
        self.summary.setStyleSheet("")
        ok.setEnabled(True)
