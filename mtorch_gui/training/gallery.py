"""A gallery of misclassified test images; clicking one sends it (28x28, [0, 1]) on as ``imageChosen``."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem


def gray_pixmap(image: np.ndarray, scale: int) -> QPixmap:
    """A grayscale pixmap of a 2-D float array in [0, 1], each pixel drawn as a scale x scale block."""
    data = np.ascontiguousarray(np.clip(image * 255, 0, 255).astype(np.uint8))
    h, w = data.shape
    qimage = QImage(data.data, w, h, w, QImage.Format.Format_Grayscale8)
    return QPixmap.fromImage(qimage.copy()).scaled(w * scale, h * scale, mode=Qt.TransformationMode.FastTransformation)


class MisclassifiedGallery(QListWidget):
    imageChosen = Signal(object)  # a 28x28 float32 copy in [0, 1]

    SCALE = 2

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("misclassifiedGallery")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setIconSize(QSize(28 * self.SCALE, 28 * self.SCALE))
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setSpacing(4)
        self.setToolTip(self.tr("Test images the model got wrong; click one to send it to the canvas"))
        self.images = np.zeros((0, 28, 28), np.float32)
        self.itemClicked.connect(lambda item: self.imageChosen.emit(self.images[self.row(item)].copy()))

    def clear(self):
        """No examples (a new run has started)."""
        super().clear()
        self.images = np.zeros((0, 28, 28), np.float32)

    def set_examples(self, examples: dict):
        """``examples`` as from ``metrics.misclassified``: images, targets, predictions."""
        self.clear()
        self.images = examples["images"]
        for image, target, predicted in zip(self.images, examples["targets"], examples["predictions"]):
            item = QListWidgetItem(QIcon(gray_pixmap(image, self.SCALE)), f"{target}→{predicted}")
            item.setToolTip(self.tr("true {target}, predicted {predicted}").format(target=target, predicted=predicted))
            self.addItem(item)
