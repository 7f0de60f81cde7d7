"""What every layer makes of the current input: feature maps as tiles, vectors as heat strips.

One tile per layer, first layer on top, in a list that scrolls up and down; click a tile to see it
enlarged. Colours run from dark (the layer's lowest value for this input) to bright yellow (its highest),
per layer.
"""

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QDialog, QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from mtorch_gui.i18n import ui_text

COLOURS = pg.colormap.get("viridis").getLookupTable(nPts=256)   # (256, 3) uint8
STRIP_WIDTH = 28        # a long vector wraps into rows of this many cells (784 = 28 x 28)
TILE_HEIGHT = 112       # display height of a tile (pixels are scaled by whole numbers)


def layout_array(values):
    """A layer's output for one input as a 2D array to colour: maps (C, H, W) side by side in a grid with
    a one-pixel gap (NaN), a vector (N,) as one row or wrapped rows, a sequence (L, F) as is."""
    a = np.asarray(values, np.float32)
    if a.ndim == 3:
        c, h, w = a.shape
        cols = math.ceil(math.sqrt(c * h / w))
        rows = math.ceil(c / cols)
        grid = np.full((rows * (h + 1) - 1, cols * (w + 1) - 1), np.nan, np.float32)
        for i in range(c):
            r, k = divmod(i, cols)
            grid[r * (h + 1):r * (h + 1) + h, k * (w + 1):k * (w + 1) + w] = a[i]
        return grid
    if a.ndim == 1:
        width = min(len(a), STRIP_WIDTH)
        rows = math.ceil(len(a) / width)
        return np.concatenate([a, np.full(rows * width - len(a), np.nan, np.float32)]).reshape(rows, width)
    return a.reshape(a.shape[0], -1).T if a.ndim == 2 else a.reshape(1, -1)


def colour_image(grid, lo, hi):
    """2D values -> QImage coloured from lo (dark) to hi (yellow); NaN is a gap."""
    gaps = np.isnan(grid)
    index = ((np.where(gaps, lo, grid) - lo) * (255 / max(hi - lo, 1e-12))).clip(0, 255).astype(np.uint8)
    rgb = COLOURS[index]
    rgb[gaps] = (40, 40, 48)
    h, w = grid.shape
    return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


def scaled_pixmap(image, height, max_cell=8):
    """Scale by whole factors (crisp pixels) to about `height` pixels tall and at most 1.5 times as wide,
    cells at most `max_cell` pixels wide; a strip of a few rows gets cells at least 16 pixels tall."""
    w, h = image.width(), image.height()
    fx = max(1, min(height // h, 3 * height // (2 * w), max_cell))
    fy = max(fx, 16 // h)
    return QPixmap.fromImage(image.scaled(w * fx, h * fy, Qt.AspectRatioMode.IgnoreAspectRatio,
                                          Qt.TransformationMode.FastTransformation))


def layer_image(values):
    """(QImage of a layer's output, its shape and its value range as text)."""
    lo, hi = float(np.min(values)), float(np.max(values))
    shape = "x".join(map(str, np.shape(values)))
    return colour_image(layout_array(values), lo, hi), shape, f"[{lo:.2g}, {hi:.2g}]"


class LayerTile(QFrame):
    clicked = Signal(str, object)

    def __init__(self, title, parent=None):
        super().__init__(parent)
        self.title, self.values = title, None
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(self.tr("{layer}: click to enlarge").format(layer=ui_text(title)))
        layout = QHBoxLayout(self)     # its name, shape and range beside its picture
        layout.setContentsMargins(3, 3, 3, 3)
        self._label = QLabel()
        self._label.setStyleSheet("font-size: 10px;")
        self._label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._picture = QLabel()
        layout.addWidget(self._label)
        layout.addWidget(self._picture, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout.addStretch(1)

    def set_values(self, values):
        self.values = values
        image, shape, value_range = layer_image(values)
        self._label.setText(f"{ui_text(self.title)}\n{shape}\n{value_range}")
        self._picture.setPixmap(scaled_pixmap(image, TILE_HEIGHT))

    def mousePressEvent(self, event):
        self.clicked.emit(self.title, self.values)


class LayerDialog(QDialog):
    """One layer's output, large."""

    def __init__(self, title, values, parent=None):
        super().__init__(parent)
        title = ui_text(title)
        self.setWindowTitle(self.tr("Layer {layer}").format(layer=title))
        image, shape, value_range = layer_image(values)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("{layer}: {shape}, values in {range}").format(layer=title, shape=shape,
                                                                                       range=value_range)))
        picture = QLabel()
        picture.setPixmap(scaled_pixmap(image, 480, max_cell=48))
        layout.addWidget(picture)


class ActivationsView(QScrollArea):
    """Tiles of every layer's output for the current input (see `set_layers`)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("activationsView")
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)   # up and down only
        self.setWidgetResizable(True)
        self.setMinimumHeight(TILE_HEIGHT + 16)    # one whole tile at least
        self.enlarged = None
        self.tiles = []
        self._row = QWidget()
        self._layout = QVBoxLayout(self._row)
        self._layout.setContentsMargins(2, 2, 2, 2)
        self._layout.setSpacing(4)
        self._hint = QLabel(self.tr("Draw a digit to see what each layer makes of it."), wordWrap=True)
        self._layout.addWidget(self._hint)
        self._layout.addStretch(1)
        self.setWidget(self._row)

    def set_layers(self, layers):
        """layers: [(title, output array for one input)], first layer first. The tiles are kept while
        the layers stay the same (as while drawing), so an update only repaints them."""
        if [tile.title for tile in self.tiles] == [title for title, _ in layers]:
            for tile, (_, values) in zip(self.tiles, layers):
                tile.set_values(values)
            return
        for tile in self.tiles:
            self._layout.removeWidget(tile)
            tile.deleteLater()
        self.tiles = []
        for i, (title, values) in enumerate(layers):
            tile = LayerTile(title, self._row)
            tile.set_values(values)          # before the layout sizes it
            tile.clicked.connect(self.enlarge)
            self._layout.insertWidget(i, tile)
            tile.show()
            self.tiles.append(tile)
        self._hint.setVisible(not self.tiles)
        # as wide as the widest tile (never cut: the list does not scroll sideways) and its scroll bar
        self.setMinimumWidth(self._row.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width()
                             + 2 * self.frameWidth())

    def clear(self):
        self.set_layers([])

    def enlarge(self, title, values):
        if self.enlarged is not None:
            self.enlarged.close()
        self.enlarged = LayerDialog(title, values, self)
        self.enlarged.show()
