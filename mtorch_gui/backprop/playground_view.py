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
    QCheckBox,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

import mtorch
from mtorch.datasets import toy
from mtorch_gui.data.registry import CLASSIFICATION, KINDS, DatasetError, dataset_info
from mtorch_gui.i18n import ui_text

from .pictures import diverging_rgb
from .playground import EXTENT, PlaygroundFrame

REDRAWS_PER_SECOND = 4
DRAW_BUDGET = 0.01  # of the UI thread's time: after a redraw of d seconds the next waits at least d / budget - d
THUMB, COLUMN_GAP, ROW_GAP = 48, 90, 14
POSITIVE, NEGATIVE = QColor(178, 24, 43), QColor(33, 102, 172)


def _kind_options(name) -> dict:
    kind = KINDS.get(name)
    return kind.options if kind is not None else {}


def _features(info):
    """The features a model of this dataset reads of each 2-D point, or None when it is not of 2-D points."""
    if "features" in info.options:
        return toy.feature_names(info.options["features"])
    return ["x1", "x2"] if tuple(info.input_shape) == (2,) else None


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
    def __init__(self, document=None, parent=None):
        """``document``: the editor's ModelDocument, whose dataset's features the boxes choose (None: no boxes)."""
        super().__init__(parent)
        self.setObjectName("playgroundView")
        self.document = document
        self.frame: PlaygroundFrame | None = None
        self.features = ["x1", "x2"]
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
        self.feature_boxes = {name: QCheckBox(name) for name in toy.FEATURES}
        boxes = QHBoxLayout()
        boxes.addWidget(QLabel(self.tr("Features the network reads:")))
        for box in self.feature_boxes.values():
            box.toggled.connect(self._features_chosen)
            boxes.addWidget(box)
        boxes.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(boxes)
        layout.addWidget(self.caption)
        layout.addWidget(split, 1)
        if document is not None:
            document.changed.connect(self._document_changed)
            self._document_changed()

    @classmethod
    def attach(cls, window) -> PlaygroundView:
        """The main window's hook: a Playground tab that follows the training panel's weights."""
        view = cls(window.document)
        window.tabs.addTab(view, QCoreApplication.translate("PlaygroundView", "Playground"))
        window.training.weightsUpdated.connect(view.set_payload)
        window.training.modelTrained.connect(view.set_payload)
        return view

    @Slot()
    def _document_changed(self):
        """The boxes show the editor's model's features (for a 2-D set); its untrained model is drawn."""
        spec = self.document.spec
        options = spec.dataset_options if "features" in _kind_options(spec.dataset) else None
        chosen = toy.feature_names(options.get("features", toy.PLAIN_FEATURES)) if options is not None else []
        for name, box in self.feature_boxes.items():
            box.blockSignals(True)
            box.setChecked(name in chosen)
            box.setEnabled(options is not None)
            box.blockSignals(False)
        if options is not None:
            self.set_payload({"spec": spec.copy(), "state_dict": None})

    @Slot()
    def _features_chosen(self):
        """A box toggled: the model's dataset reads the features checked (at least one stays)."""
        chosen = [name for name, box in self.feature_boxes.items() if box.isChecked()]
        spec = self.document.spec
        if not chosen:
            self._document_changed()  # the last one stays checked
            return
        self.document.set_dataset(spec.dataset, {**spec.dataset_options, "features": ",".join(chosen)})

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
        try:
            info = spec.dataset_info()
        except DatasetError as error:
            self.caption.setText(ui_text(error.args[0]))
            return
        features = _features(info)
        if features is None or not spec.validate().ok:
            self.caption.setText(self.tr("This view shows models of 2-D points: choose a 2-D dataset for the model "
                                         "(circle, XOR, gaussians, spiral, ...) and train it."))
            return
        mtorch.manual_seed(0)  # an untrained model (no weights yet) starts the same every time
        model = spec.build()
        if payload.get("state_dict") is not None:
            model.load_state_dict({k: mtorch.from_numpy(np.array(v, copy=True))
                                   for k, v in payload["state_dict"].items()})
        model.eval()
        self.show_frame(PlaygroundFrame.compute(model, features), info, features)

    def show_frame(self, frame: PlaygroundFrame, info, features=("x1", "x2")):
        self.frame = frame
        classification = info.task == CLASSIFICATION
        if self._data is None or self._data[0] is not info:
            plain = info if "features" not in info.options else \
                dataset_info(info.name, {**info.options, "features": toy.PLAIN_FEATURES})  # the points themselves
            self._data = (info, plain.load())
            self._show_points(self._data[1], classification)
        self.features = list(features)
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
            if c == 0:
                for name, centre in zip(self.features, row):
                    scene.addSimpleText(name).setPos(x - 6 - 7 * len(name), centre.y() - 8)
            else:
                scene.addSimpleText(self.tr("layer {n}").format(n=c)).setPos(x, -18)
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

