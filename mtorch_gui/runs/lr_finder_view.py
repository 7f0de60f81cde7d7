"""The learning-rate finder's window: loss against learning rate (log axis) as the range test runs, the
suggested rate marked, and a button that puts it into the training settings.

The test is an ``LRFinder`` (a Trainer) driven by an ordinary TrainingWorker on its own QThread, with the
worker's rules: the dialog keeps the worker until the thread's ``finished`` is handled, and stops and waits
for the thread when it closes or the application quits.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from ..i18n import ui_text
from ..training.worker import TrainingWorker
from .lr_finder import LRFinder, smooth, suggest_lr

QUIT_TIMEOUT_MS = 60_000


class LRFinderDialog(QDialog):
    lrChosen = Signal(float)

    def __init__(self, spec, config, parent=None, steps: int | None = None):
        super().__init__(parent)
        self.setObjectName("lrFinderDialog")
        self.setWindowTitle(self.tr("Find a learning rate: {name}").format(name=spec.name))
        self.spec, self.config = spec, config
        self._steps = {} if steps is None else {"steps": steps}
        self.lrs, self.losses = [], []
        self.suggestion: float | None = None
        self._worker: TrainingWorker | None = None
        self._thread: QThread | None = None

        self.plot = pg.PlotWidget()
        self.plot.setObjectName("lrFinderPlot")
        self.plot.setLogMode(x=True, y=False)
        self.plot.setLabel("bottom", self.tr("learning rate"))
        self.plot.setLabel("left", self.tr("training loss"))
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        self.raw_curve = self.plot.plot(pen=pg.mkPen((120, 160, 220, 110)))
        self.smooth_curve = self.plot.plot(pen=pg.mkPen("#1f77b4", width=2))
        self.marker = pg.InfiniteLine(angle=90, pen=pg.mkPen("#d62728", width=2, style=Qt.PenStyle.DashLine))
        self.marker.hide()
        self.plot.addItem(self.marker)
        self.status = QLabel(objectName="lrFinderStatus", wordWrap=True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.use_button = QPushButton(self.tr("Use this learning rate"), objectName="useLrButton")
        self.use_button.setEnabled(False)
        self.use_button.clicked.connect(self._use)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.use_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.plot, 1)
        layout.addLayout(buttons)
        self.resize(720, 480)
        QCoreApplication.instance().aboutToQuit.connect(self.stop_and_wait)

    def is_running(self) -> bool:
        return self._thread is not None

    def start(self):
        """Run the range test on a fresh model of the spec (the weights it starts from are put back)."""
        spec, config, options = self.spec, self.config, self._steps
        self._worker = TrainingWorker(lambda: LRFinder(spec, config, **options))
        self._worker.batchesReady.connect(self._on_batches)
        self._worker.failed.connect(self._on_failed)
        self.lrs, self.losses = [], []
        self.status.setText(self.tr("Training with a learning rate rising from 1e-7 to 10…"))
        self._thread = self._worker.start(None, self._on_thread_finished)

    @Slot(object)
    def _on_batches(self, infos):
        self.lrs.extend(i.lr for i in infos)
        self.losses.extend(i.loss for i in infos)
        self._draw()

    def _draw(self):
        lrs, losses = np.array(self.lrs), np.array(self.losses)
        self.raw_curve.setData(lrs, losses)
        self.smooth_curve.setData(lrs, smooth(losses) if losses.size else losses)
        if losses.size:  # the climb at the end would squash the interesting part
            self.plot.setYRange(float(losses.min()), float(min(losses.max(), 2 * losses[:10].mean())), padding=0.05)

    @Slot(object)
    def _on_failed(self, message):
        self.status.setText(ui_text(message))

    @Slot()
    def _on_thread_finished(self):
        self._thread.deleteLater()  # a plain QThread, deleted on the UI thread
        self._thread = None
        if self._worker.outcome == "failed":
            return
        self._draw()
        self.suggestion = suggest_lr(self.lrs, self.losses)
        if self.suggestion is None:
            self.status.setText(self.tr("The loss did not fall: no learning rate to suggest. Check the model and "
                                        "the loss."))
            return
        self.marker.setValue(np.log10(self.suggestion))  # the axis is log10(lr)
        self.marker.show()
        self.status.setText(self.tr("Suggested learning rate: {lr:.2g} (where the loss falls fastest).").format(
            lr=self.suggestion))
        self.use_button.setText(self.tr("Use {lr:.2g}").format(lr=self.suggestion))
        self.use_button.setEnabled(True)

    @Slot()
    def _use(self):
        if self.suggestion is not None:
            self.lrChosen.emit(self.suggestion)
            self.close()

    @Slot()
    def stop_and_wait(self, timeout_ms: int = QUIT_TIMEOUT_MS) -> bool:
        """Stop the test and wait for its thread (closing, quitting); True when it ended."""
        if self._thread is None or self._thread.isFinished():
            return True
        self._worker.request_stop()
        self._thread.quit()
        return self._thread.wait(timeout_ms)

    def closeEvent(self, event):
        self.stop_and_wait()
        super().closeEvent(event)
