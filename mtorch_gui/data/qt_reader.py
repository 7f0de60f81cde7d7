"""The app's image decoder for image folders: Qt's QImageReader (no Pillow needed), usable from any thread."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QImageReader


def qt_decode(path: str, size: int, color: str) -> np.ndarray:
    """The image at ``path`` resized to (size, size), float32 (1 or 3, size, size) in [0, 1]; ValueError with
    Qt's reason when it cannot be read."""
    reader = QImageReader(path)
    reader.setAutoTransform(True)
    image = reader.read()
    if image.isNull():
        raise ValueError(reader.errorString())
    image = image.scaled(QSize(size, size), Qt.AspectRatioMode.IgnoreAspectRatio,
                         Qt.TransformationMode.SmoothTransformation)
    gray = color == "grayscale"
    image = image.convertToFormat(QImage.Format.Format_Grayscale8 if gray else QImage.Format.Format_RGB888)
    channels = 1 if gray else 3
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(size, image.bytesPerLine())
    pixels = rows[:, :size * channels].reshape(size, size, channels)
    return pixels.transpose(2, 0, 1).astype(np.float32) / 255
