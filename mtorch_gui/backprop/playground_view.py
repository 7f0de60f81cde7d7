"""The Playground tab: a model of 2-D points as TensorFlow Playground shows it. On the right the model's output
over the plane (P(class 1) for a classifier, white at the decision boundary; the value for a regression) with
the training points (ringed in white) and test points (in black); on the left, for a small MLP, the network: every
neuron's output over the plane as a thumbnail and the connections coloured by the weight's sign (red
positive, blue negative) and as thick as its size.

It follows the training panel's weights after every epoch (a 2-D set's epochs take milliseconds, so that is
live), redrawn from the latest weights at most ``REDRAWS_PER_SECOND`` times a second and so that drawing takes
at most ``DRAW_BUDGET`` of the UI thread (a grid of 64 x 64 points through a small model and the diagram:
a few milliseconds).
"""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt, QTimer, Slot
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

import mtorch
from mtorch_gui.data.registry import CLASSIFICATION

from .pictures import diverging_rgb
from .playground import EXTENT, PlaygroundFrame

REDRAWS_PER_SECOND = 10
DRAW_BUDGET = 0.02  # of the UI thread's time: after a redraw of d seconds the next waits at least d / budget - d
THUMB, COLUMN_GAP, ROW_GAP = 48, 90, 14
POSITIVE, NEGATIVE = QColor(178, 24, 43), QColor(33, 102, 172)


def surface_rgb(surface, classification: bool) -> np.ndarray:
    """A surface on the linear diverging scale, (H, W, 3) uint8: a probability about 0.5, a value about 0."""
    if classification:
        return diverging_rgb((surface - 0.5) * 2, 1.0, root=False)
    return diverging_rgb(surface, float(np.abs(surface).max(initial=0.0)), root=False)


def surface_pixmap(surface, classification: bool, size: int) -> QPixmap:
    rgb = surface_rgb(surface, classification)
    h, w = rgb.shape[:2]
    image = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888)
    return QPixmap.fromImage(image).scaled(size, size)


class PlaygroundView(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("playgroundView")
        self.frame: PlaygroundFrame | None = None
        self._pending = None  # the latest payload not drawn yet
        self._data = None  # (DatasetInfo, splits) of the model's set
        self._timer = QTimer(self, singleShot=True, interval=1000 // REDRAWS_PER_SECOND)
        self._timer.timeout.connect(self.redraw)
        self.caption = QLabel(self.tr("Choose a 2-D dataset (circle, XOR, gaussians, spiral, ...) for the model and "
                                      "train it: its output over the plane and every neuron's appear here."))
        self.caption.setWordWrap(True)
        self.caption.setObjectName("playgroundCaption")

        self.diagram = QGraphicsView()
        self.diagram.setScene(QGraphicsScene(self.diagram))
        self.diagram.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.diagram.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.plane = pg.PlotWidget(background=None)
        self.plane.setAspectLocked(True)
        self.plane.setRange(xRange=(-EXTENT, EXTENT), yRange=(-EXTENT, EXTENT), padding=0)
        self.heat = pg.ImageItem(axisOrder="row-major")
        self.plane.addItem(self.heat)
        self.train_points = pg.ScatterPlotItem(size=7, pen=pg.mkPen("w", width=1.2))
        self.test_points = pg.ScatterPlotItem(size=7, pen=pg.mkPen("k", width=1.2))
        self.plane.addItem(self.train_points)
        self.plane.addItem(self.test_points)
        split = QSplitter()
        split.addWidget(self.diagram)
        split.addWidget(self.plane)
        split.setSizes([420, 520])
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(split, 1)

    @classmethod
    def attach(cls, window) -> PlaygroundView:
        """The main window's hook: a Playground tab that follows the training panel's weights."""
        view = cls()
        window.tabs.addTab(view, QCoreApplication.translate("PlaygroundView", "Playground"))
        window.training.weightsUpdated.connect(view.set_payload)
        window.training.modelTrained.connect(view.set_payload)
        return view

    @Slot(object)
    def set_payload(self, payload):
        """Weights to show: drawn at the next redraw (at most REDRAWS_PER_SECOND a second), the latest wins."""
        self._pending = payload
        if not self._timer.isActive():
            self._timer.start()

    @Slot()
    def redraw(self):
        payload, self._pending = self._pending, None
        if payload is None:
            return
        started = time.perf_counter()
        self._draw(payload)
        seconds = time.perf_counter() - started
        self._timer.setInterval(max(1000 // REDRAWS_PER_SECOND, round(1000 * seconds * (1 / DRAW_BUDGET - 1))))

    def _draw(self, payload):
        spec = payload["spec"]
        info = spec.dataset_info()
        if tuple(info.input_shape) != (2,) or payload.get("state_dict") is None:
            self.caption.setText(self.tr("This view shows models of 2-D points: choose a 2-D dataset for the model "
                                         "(circle, XOR, gaussians, spiral, ...) and train it."))
            return
        model = spec.build()
        model.load_state_dict({k: mtorch.from_numpy(np.array(v, copy=True)) for k, v in payload["state_dict"].items()})
        model.eval()
        self.show_frame(PlaygroundFrame.compute(model), info)

    def show_frame(self, frame: PlaygroundFrame, info):
        self.frame = frame
        classification = info.task == CLASSIFICATION
        if self._data is None or self._data[0] is not info:
            self._data = (info, info.load())
            self._show_points(self._data[1], classification)
        self.heat.setImage(surface_rgb(frame.surface, classification)[::-1], levels=(0, 255))  # row 0 at the bottom
        self.heat.setRect(QRectF(-EXTENT, -EXTENT, 2 * EXTENT, 2 * EXTENT))  # after setImage: it scales the pixels
        self.caption.setText(self.tr("Output over the plane: P(class 1) from blue (0) through white (0.5, the "
                                     "decision boundary) to red (1); training points ringed in white, test points "
                                     "in black.")
                             if classification else
                             self.tr("Output over the plane from blue (negative) through white (0) to red "
                                     "(positive); the points coloured by their target."))
        self._draw_network(frame, classification)

    def _show_points(self, splits, classification):
        for item, split in ((self.train_points, splits.train), (self.test_points, splits.test)):
            values = np.asarray(split.y, np.float64).reshape(len(split.x), -1)[:, 0]
            if classification:
                colours = [POSITIVE if v else NEGATIVE for v in values]
            else:
                limit = max(float(np.abs(values).max(initial=0.0)), 1e-12)
                colours = [POSITIVE if v >= 0 else NEGATIVE for v in values / limit]
            item.setData(pos=split.x, brush=[pg.mkBrush(c) for c in colours])

    def _draw_network(self, frame, classification):
        scene = self.diagram.scene()
        scene.clear()
        if not frame.columns:
            note = scene.addSimpleText(self.tr("The network is drawn for small MLPs (Linear layers of at most 8 "
                                               "neurons and activations)."))
            note.setPos(0, 0)
            return
        centres = []
        for c, column in enumerate(frame.columns):
            x = c * (THUMB + COLUMN_GAP)
            top = (max(len(col) for col in frame.columns) - len(column)) * (THUMB + ROW_GAP) / 2
            row = []
            for neuron in column:
                y = top + neuron.index * (THUMB + ROW_GAP)
                last = c == len(frame.columns) - 1
                surface = neuron.surface if not (last and classification) else frame.surface
                item = QGraphicsPixmapItem(surface_pixmap(surface, last and classification, THUMB))
                item.setPos(x, y)
                scene.addItem(item)
                scene.addRect(QRectF(x, y, THUMB, THUMB), QPen(QColor(90, 90, 100), 1))
                row.append(QPointF(x, y + THUMB / 2))
            centres.append(row)
            label = scene.addSimpleText("x1, x2" if c == 0 else self.tr("layer {n}").format(n=c))
            label.setPos(x, -18)
        for k, w in enumerate(frame.weights):
            largest = max(float(np.abs(w).max(initial=0.0)), 1e-12)
            for j, end in enumerate(centres[k + 1]):
                for i, start in enumerate(centres[k]):
                    value = float(w[j, i])
                    pen = QPen(POSITIVE if value >= 0 else NEGATIVE, 0.5 + 4.5 * abs(value) / largest)
                    line = scene.addLine(start.x() + THUMB, start.y(), end.x(), end.y(), pen)
                    line.setZValue(-1)
                    line.setToolTip(f"w = {value:.4g}")
        scene.setSceneRect(scene.itemsBoundingRect().adjusted(-10, -10, 10, 10))

