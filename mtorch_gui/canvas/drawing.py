"""The drawing surface: smooth anti-aliased strokes from the mouse, a pen or a finger.

Qt turns tablet and touch input that a widget does not handle into mouse events, so the mouse handlers
serve all three. The strokes live in a plain `Strokes` document; painting only shows them.
"""

import numpy as np
from PySide6.QtCore import QEvent, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeySequence, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QWidget

from .preprocess import MNIST_PEN_WIDTH
from .strokes import Strokes

INK = QColor(25, 25, 35)
PAPER = QColor(255, 255, 255)
CLEAR_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_Escape)


def image_pixmap(image, side):
    """A picture `side` pixels square of an image in [0, 1]: (H, W) or (1, H, W) grey, (3, H, W) RGB; pixels
    stay sharp blocks when enlarged."""
    data = np.clip(np.asarray(image, np.float32) * 255, 0, 255).astype(np.uint8)
    if data.ndim == 3 and data.shape[0] == 1:
        data = data[0]
    if data.ndim == 3:
        data = np.ascontiguousarray(data.transpose(1, 2, 0))
        qimage = QImage(data.data, data.shape[1], data.shape[0], 3 * data.shape[1], QImage.Format.Format_RGB888)
    else:
        data = np.ascontiguousarray(data)
        qimage = QImage(data.data, data.shape[1], data.shape[0], data.shape[1], QImage.Format.Format_Grayscale8)
    mode = Qt.TransformationMode.FastTransformation if side >= max(data.shape[:2]) else \
        Qt.TransformationMode.SmoothTransformation
    return QPixmap.fromImage(qimage.copy()).scaled(side, side, mode=mode)


class DigitCanvas(QWidget):
    """Draw with the left button; right-click, Delete or Escape clears; Ctrl+Z undoes the last stroke."""

    strokesChanged = Signal()   # after every new point, pen up, clear and undo
    SIZE = 280                  # logical pixels; strokes are stored in these coordinates
    PEN_WIDTH = 18              # the default brush, in logical pixels: its ink reads as MNIST's stroke width
    PEN_WIDTHS = (6, 40)        # the brush sizes offered

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("digitCanvas")
        self.setFixedSize(self.SIZE, self.SIZE)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAccessibleName(self.tr("Digit drawing area"))
        self.setToolTip(self.tr("Draw a digit. Right-click, Delete or Escape clears; Ctrl+Z undoes the last stroke."))
        self.strokes = Strokes()
        self._image = None          # a loaded 28x28 image shown instead of strokes
        self._drawing = False
        self.pen_width = self.PEN_WIDTH
        self.paper, self.ink = PAPER, INK
        self.digit_hint = self.tr("Draw a digit here")
        self.hint = self.digit_hint     # shown while the canvas is empty

    def set_colours(self, paper, ink):
        """Paper and ink (QColors): a dataset's background and ink, when the drawing is read as it looks."""
        self.paper, self.ink = QColor(paper), QColor(ink)
        self.update()
        if not self.strokes.is_empty():
            self.strokesChanged.emit()

    def set_pen_width(self, width):
        """The brush size for the whole drawing (what the network reads is drawn with it too)."""
        self.pen_width = width
        self.update()
        if not self.strokes.is_empty():
            self.strokesChanged.emit()

    def input_pen_width(self):
        """The brush in the network input's units (box pixels, MNIST's 2.4 for the default brush)."""
        return MNIST_PEN_WIDTH * self.pen_width / self.PEN_WIDTH

    # ---- editing -----------------------------------------------------------------------------------------

    def clear(self):
        self.strokes.clear()
        self._image = None
        self._drawing = False
        self.update()
        self.strokesChanged.emit()

    def undo(self):
        if self.strokes.undo():
            self.update()
            self.strokesChanged.emit()

    def show_image(self, picture):
        """Show an image in [0, 1] ((H, W) grey or (3, H, W) RGB, as it should look) in place of the strokes,
        until the user draws again."""
        self.strokes.clear()
        self._drawing = False
        self._image = image_pixmap(picture, self.SIZE)
        self.update()

    def has_image(self):
        return self._image is not None

    # ---- input ---------------------------------------------------------------------------------------------

    def mousePressEvent(self, event):
        if event.button() == Qt.MouseButton.RightButton:
            self.clear()
        elif event.button() == Qt.MouseButton.LeftButton:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self._image = None
            self._drawing = True
            p = event.position()
            self.strokes.begin(p.x(), p.y())
            self.update()
            self.strokesChanged.emit()
        event.accept()

    def mouseMoveEvent(self, event):
        if self._drawing:
            p = event.position()
            self.strokes.extend(p.x(), p.y())
            self.update()
            self.strokesChanged.emit()
        event.accept()

    def mouseReleaseEvent(self, event):
        if event.button() == Qt.MouseButton.LeftButton and self._drawing:
            self._drawing = False
            self.strokesChanged.emit()      # the stroke is complete
        event.accept()

    @staticmethod
    def _is_own_key(event):
        return event.matches(QKeySequence.StandardKey.Undo) or event.key() in CLEAR_KEYS

    def event(self, event):
        # with the focus here, Ctrl+Z undoes a stroke, not the window's last model edit (its shortcut)
        if event.type() == QEvent.Type.ShortcutOverride and self._is_own_key(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event):
        if event.matches(QKeySequence.StandardKey.Undo):
            self.undo()
        elif event.key() in CLEAR_KEYS:
            self.clear()
        else:
            super().keyPressEvent(event)

    # ---- painting ------------------------------------------------------------------------------------------

    def paintEvent(self, event):
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.fillRect(self.rect(), self.paper)
        if self._image is not None:
            painter.drawPixmap(self.rect(), self._image)
        elif self.strokes.is_empty():
            painter.setPen(QColor(160, 160, 170))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.hint)
        pen = QPen(self.ink, self.pen_width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        for stroke in self.strokes.strokes:
            if len(stroke) == 1:
                painter.drawPoint(QPointF(*stroke[0]))
            else:
                painter.drawPath(stroke_path(stroke))
        painter.setPen(QPen(QColor(190, 190, 200), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.end()


def stroke_path(points):
    """The stroke as the network's input draws it: straight segments through the points; with round
    joins, anti-aliasing and mouse events every few pixels it looks smooth."""
    path = QPainterPath(QPointF(*points[0]))
    for x, y in points[1:]:
        path.lineTo(x, y)
    return path
