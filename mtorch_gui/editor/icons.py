"""Colours and the shipped SVG icons (``resource("icons")``) drawn in colours that suit light and dark themes.

The monochrome icons use ``currentColor``; each is rendered at 1x and 2x so it stays sharp on high-DPI
screens. ``icon("save")``, ``group_icon("Convolution")``, ``app_icon()``.
"""

from __future__ import annotations

import functools

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from mtorch_gui.resources import resource

# one accent colour per layer group, used for palette icons and the stack rows' stripes
GROUP_COLORS = {
    "Core": "#3b82f6",
    "Convolution": "#8b5cf6",
    "Pooling": "#06b6d4",
    "Normalisation": "#10b981",
    "Recurrent": "#eab308",
    "Activation": "#f97316",
    "Regularisation": "#64748b",
    "Reshape": "#ec4899",
}


def _render(svg: bytes, size: int, ratio: float) -> QPixmap:
    renderer = QSvgRenderer(QByteArray(svg))
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.transparent)
    painter = QPainter(pixmap)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return pixmap


@functools.cache
def _icon(name: str, color: str) -> QIcon:
    svg = resource("icons", f"{name}.svg").read_bytes().replace(b"currentColor", color.encode())
    result = QIcon()
    for size in (16, 24, 32):
        for ratio in (1.0, 2.0):
            result.addPixmap(_render(svg, size, ratio))
    return result


def text_color() -> str:
    return QGuiApplication.palette().color(QPalette.ButtonText).name()


def icon(name: str, color: str | None = None) -> QIcon:
    """A monochrome icon in ``color`` (default: the palette's button text colour)."""
    return _icon(name, color or text_color())


def group_icon(group: str) -> QIcon:
    return _icon(f"group-{group.lower()}", GROUP_COLORS[group])


def group_color(group: str) -> QColor:
    return QColor(GROUP_COLORS[group])


def error_color(palette: QPalette) -> QColor:
    """A red that reads well on the palette's base colour, light or dark."""
    return QColor("#ff7b72" if palette.color(QPalette.Base).lightness() < 128 else "#c62828")


def app_icon() -> QIcon:
    return QIcon(str(resource("icons", "mtorch-gui.svg")))
