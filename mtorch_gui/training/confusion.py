"""The confusion matrix as a heat map (rows: true digit, columns: predicted) beside per-class accuracy."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QBoxLayout, QWidget

SIDE_BY_SIDE_WIDTH = 640  # pixels: below it the two plots' titles and ten columns are cut when side by side


class ConfusionMatrixView(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("confusionMatrix")
        self.matrix: np.ndarray | None = None

        self.heat_plot = pg.PlotWidget(title=self.tr("Confusion matrix (test set)"), background=None)
        self.heat_plot.setLabel("left", self.tr("true digit"))
        self.heat_plot.setLabel("bottom", self.tr("predicted digit"))
        self.heat_plot.invertY(True)
        self.heat_plot.setAspectLocked(True)
        self.heat_plot.setMouseEnabled(False, False)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setColorMap(pg.colormap.get("viridis"))
        self.heat_plot.addItem(self.image)
        self.labels: list[pg.TextItem] = []
        self.heat_plot.getViewBox().sigResized.connect(self._fit_labels)

        self.accuracy_plot = pg.PlotWidget(title=self.tr("Accuracy per class (test set)"), background=None)
        self.accuracy_plot.setLabel("bottom", self.tr("digit"))
        self.accuracy_plot.setYRange(0, 1, padding=0.02)
        self.accuracy_plot.setMouseEnabled(False, False)
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.7, brush="#1f77b4")
        self.accuracy_plot.addItem(self.bars)

        self.box = QBoxLayout(QBoxLayout.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.addWidget(self.heat_plot, 1)
        self.box.addWidget(self.accuracy_plot, 1)

    def resizeEvent(self, event):
        """Side by side when there is room for both plots' titles and ten columns, else one above the other."""
        wide = event.size().width() >= SIDE_BY_SIDE_WIDTH
        self.box.setDirection(QBoxLayout.LeftToRight if wide else QBoxLayout.TopToBottom)
        super().resizeEvent(event)

    def clear(self):
        """Show nothing (a new run: the last run's matrix must not stay)."""
        self.matrix = None
        self.image.clear()
        for label in self.labels:
            label.setText("")
        self.bars.setOpts(x=[], height=[])

    def set_matrix(self, cm: np.ndarray, per_class: np.ndarray):
        """Show ``cm[true, predicted]`` coloured by each row's share, with the counts written in."""
        self.matrix = cm.copy()
        n = len(cm)
        shares = cm / np.maximum(cm.sum(axis=1, keepdims=True), 1)
        self.image.setImage(shares, levels=(0, 1))
        self.image.setRect(-0.5, -0.5, n, n)
        self.heat_plot.setRange(xRange=(-0.5, n - 0.5), yRange=(-0.5, n - 0.5), padding=0)
        digits = [[(i, str(i)) for i in range(n)]]
        for axis in ("left", "bottom"):
            self.heat_plot.getAxis(axis).setTicks(digits)
        self.accuracy_plot.getAxis("bottom").setTicks(digits)
        self.accuracy_plot.setXRange(-0.5, n - 0.5, padding=0.02)
        if len(self.labels) != n * n:
            for label in self.labels:
                self.heat_plot.removeItem(label)
            self.labels = [pg.TextItem(anchor=(0.5, 0.5)) for _ in range(n * n)]
            for k, label in enumerate(self.labels):
                label.setPos(k % n, k // n)
                self.heat_plot.addItem(label)
        for k, label in enumerate(self.labels):
            i, j = divmod(k, n)
            label.setText(str(cm[i, j]) if cm[i, j] else "")
            label.setColor("k" if shares[i, j] > 0.6 else "w")
        self._fit_labels()
        self.bars.setOpts(x=np.arange(n), height=np.nan_to_num(per_class))

    def _fit_labels(self, *_):
        """Write the counts in only when the cells are wide enough for them (else the colours alone tell)."""
        if not self.labels:
            return
        n = round(len(self.labels) ** 0.5)
        box = self.heat_plot.getViewBox().sceneBoundingRect()
        metrics = QFontMetrics(self.labels[0].textItem.font())
        widest = max(metrics.horizontalAdvance(label.toPlainText()) for label in self.labels)
        shown = min(box.width(), box.height()) / n >= widest + 4
        for label in self.labels:
            label.setVisible(shown)
