"""Arrays as pictures for the backprop views: the layout (numpy, no Qt) and the QImage/QPixmap made of it.

Values are coloured as the Draw tab's activations (viridis, from the array's lowest to its highest value);
gradients on a diverging scale, blue (negative), white (0), red (positive), symmetric about 0, so the sign
of every entry reads at a glance; the colour follows the square root of |g| / max |g|, so the many small
gradients beside a few large ones stay visible.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtGui import QImage

from mtorch_gui.canvas.activations import colour_image, layout_array, scaled_pixmap

MAX_MAPS = 64  # feature maps or filters drawn of one tensor
NEGATIVE, ZERO, POSITIVE, GAP = (np.array(c, np.float32) for c in ((33, 102, 172), (247, 247, 247), (178, 24, 43),
                                                                    (40, 40, 48)))


def picture_grid(a) -> np.ndarray:
    """A tensor (batch axis of one already dropped) as a 2-D grid: maps (C, H, W) and filters (O, C, kh, kw)
    tiled, a matrix whose rows are images (Linear weights on 784 = 28 x 28 pixels) as tiles, a tall matrix of a
    few columns (a sequence of one value per step) lying down, any other as it is (rows x columns), a vector as
    rows of 28 cells."""
    a = np.asarray(a, np.float32)
    if a.ndim == 4:
        a = a.reshape(-1, *a.shape[2:])
    if a.ndim == 2:
        side = math.isqrt(a.shape[1])
        if side >= 8 and side * side == a.shape[1]:
            a = a.reshape(-1, side, side)
        else:
            return a.T if a.shape[1] <= 4 < a.shape[0] else a  # a sequence of one value per step: a strip
    if a.ndim == 3:
        return layout_array(a[:MAX_MAPS])
    return layout_array(a.reshape(-1))


def diverging_rgb(grid, limit, root: bool = True) -> np.ndarray:
    """2-D values -> (H, W, 3) uint8 from blue (-limit) through white (0) to red (+limit), by the square root of
    |value| / limit (``root``) or linearly; NaN is a gap."""
    gaps = np.isnan(grid)
    t = np.clip(np.where(gaps, 0, grid) / max(limit, 1e-30), -1, 1)[..., None]
    if root:
        t = np.sign(t) * np.sqrt(np.abs(t))
    rgb = np.where(t < 0, ZERO + (NEGATIVE - ZERO) * -t, ZERO + (POSITIVE - ZERO) * t)
    rgb[gaps] = GAP
    return np.ascontiguousarray(rgb.astype(np.uint8))


def diverging_image(grid, limit) -> QImage:
    """The same as a QImage."""
    rgb = diverging_rgb(grid, limit)
    h, w = grid.shape
    return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


def array_pixmap(a, gradient: bool, height: int, max_cell: int = 8):
    """The picture of ``a`` about ``height`` pixels tall: a gradient on the diverging scale, values on viridis."""
    grid = picture_grid(a)
    if gradient:
        image = diverging_image(grid, float(np.nanmax(np.abs(grid), initial=0.0)))
    else:
        lo, hi = float(np.nanmin(grid, initial=0.0)), float(np.nanmax(grid, initial=0.0))
        image = colour_image(grid, lo, hi)
    return scaled_pixmap(image, height, max_cell)
