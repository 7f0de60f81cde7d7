"""A classifier of 2-D points at work: its predicted class over the plane (each class's colour, paler where
the model is less sure), the dataset's test points, and the points the user clicks, each drawn in the
colour of the class the model gives it, with the probabilities of the last one.

`set_predictor(predictor, points, labels, classes)` shows a model with the test points it is judged on;
the map is computed in one vectorised pass over a grid (`predictor.read`)."""

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

CLASS_COLOURS = np.array([(31, 119, 180), (230, 110, 20), (44, 160, 44), (214, 39, 40), (148, 103, 189),
                          (140, 86, 75), (227, 119, 194), (127, 127, 127), (188, 189, 34), (23, 190, 207)])
MAP_SIZE = 120          # grid points per side of the decision map
MARGIN = 0.1            # the map reaches this fraction of the points' extent beyond them


def class_colours(count):
    """(count, 3) RGB colours, one per class (the ten of matplotlib's tab10, repeated beyond ten)."""
    return CLASS_COLOURS[np.arange(count) % len(CLASS_COLOURS)]


def map_image(probs, colours):
    """(H, W, classes) probabilities -> an (H, W, 3) uint8 picture: the most probable class's colour,
    mixed with white in proportion to how unsure the model is there."""
    top = probs.argmax(axis=-1)
    sure = (probs.max(axis=-1, keepdims=True) - 1 / probs.shape[-1]) / (1 - 1 / probs.shape[-1])
    strength = 0.15 + 0.45 * np.clip(sure, 0, 1)          # pale even where sure, so the points stand out
    return (255 - strength * (255 - colours[top])).astype(np.uint8)


class PointsView(QWidget):
    pointRead = Signal(int, object)     # the class given to the last clicked point, and its probabilities

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("pointsView")
        self.predictor = None
        self.classes = ()
        self.points = np.zeros((0, 2), np.float32)     # the clicked points
        self.title = QLabel(wordWrap=True)
        self.plot = pg.PlotWidget(background=None)
        self.plot.setObjectName("pointsPlot")
        self.plot.setMinimumSize(300, 300)
        self.plot.setAspectLocked(True)
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.map = pg.ImageItem(axisOrder="row-major")
        self.plot.addItem(self.map)
        self.test_points = pg.ScatterPlotItem(size=5, pen=pg.mkPen(None))
        self.plot.addItem(self.test_points)
        self.clicked = pg.ScatterPlotItem(size=14, pen=pg.mkPen("k", width=2), symbol="o")
        self.plot.addItem(self.clicked)
        self.plot.scene().sigMouseClicked.connect(self._clicked)
        self.reading = QLabel(objectName="pointReading", wordWrap=True)
        self.reading.setTextFormat(Qt.TextFormat.PlainText)
        self.legend = QLabel(objectName="pointsLegend", wordWrap=True)
        clear = QPushButton(self.tr("Clear points"), objectName="clearPointsButton")
        clear.clicked.connect(self.clear_points)
        row = QHBoxLayout()
        row.addWidget(self.reading, 1)
        row.addWidget(clear)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.legend)
        layout.addLayout(row)

    def set_predictor(self, predictor, points, labels, classes):
        """Show `predictor`'s map over the test `points` (N, 2) with their true `labels`; `classes` names them."""
        self.predictor, self.classes = predictor, tuple(classes)
        colours = class_colours(len(self.classes))
        self.test_points.setData(pos=points, brush=[pg.mkBrush(*colours[k]) for k in labels])
        low, high = points.min(axis=0).astype(float), points.max(axis=0).astype(float)
        pad = MARGIN * (high - low).max()
        (x0, y0), (x1, y1) = (float(v) for v in low - pad), (float(v) for v in high + pad)
        xs, ys = np.linspace(x0, x1, MAP_SIZE), np.linspace(y0, y1, MAP_SIZE)
        grid = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2).astype(np.float32)
        probs = predictor.read(grid).reshape(MAP_SIZE, MAP_SIZE, -1)
        self.map.setImage(map_image(probs, colours))
        self.map.setRect(x0, y0, x1 - x0, y1 - y0)
        self.plot.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
        self.legend.setText("   ".join(
            f'<span style="color: rgb({r},{g},{b}); font-size: large;">●</span> {name}'
            for name, (r, g, b) in zip(self.classes, colours)))
        self.title.setText(self.tr("Click anywhere to add a point and see the class the model gives it. The "
                                   "background is its predicted class (paler: less sure); the small dots are "
                                   "the test points in their true class's colour."))
        self.clear_points()

    def clear_points(self):
        self.points = np.zeros((0, 2), np.float32)
        self.clicked.setData([])
        self.reading.setText(self.tr("No point yet: click on the map."))

    def add_point(self, x, y):
        """Read the point (x, y) with the model and draw it in the colour of its predicted class."""
        probs = self.predictor.read(np.array([[x, y]], np.float32))[0]
        top = int(np.argmax(probs))
        self.points = np.concatenate([self.points, [[x, y]]]).astype(np.float32)
        colours = class_colours(len(self.classes))
        tops = self.predictor.read(self.points).argmax(axis=1)
        self.clicked.setData(pos=self.points, brush=[pg.mkBrush(*colours[k]) for k in tops])
        others = ", ".join(f"{self.classes[k]} {probs[k]:.0%}" for k in np.argsort(-probs)[1:])
        self.reading.setText(self.tr("({x:.2f}, {y:.2f}) is read as {name} ({p:.0%}); {others}").format(
            x=x, y=y, name=self.classes[top], p=probs[top], others=others))
        self.pointRead.emit(top, probs)

    def _clicked(self, event):
        if self.predictor is None or event.button() != Qt.MouseButton.LeftButton:
            return
        view = self.plot.getPlotItem().getViewBox()
        if not view.sceneBoundingRect().contains(event.scenePos()):
            return
        p = view.mapSceneToView(event.scenePos())
        self.add_point(p.x(), p.y())
