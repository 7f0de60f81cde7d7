"""Pictures of what the first layer learned: Linear rows as 28x28 images, Conv2d filters as tiles."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from mtorch_gui.i18n import ui_text

from .gallery import gray_pixmap
from .metrics import first_layer_images, tile_images

MAX_IMAGES = 64


class FirstLayerView(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("firstLayerView")
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scroll = QScrollArea()
        scroll.setWidget(self.picture)
        scroll.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(scroll)
        self.clear()

    def clear(self):
        """Show no picture (before a run, and when a new one starts)."""
        self.caption.setText(self.tr("Train a model to see what its first layer looks for."))
        self.picture.clear()

    def set_weights(self, state_dict: dict):
        images, caption = first_layer_images(state_dict)
        self.caption.setText(self.tr("{caption} (bright = positive weight, dark = negative)").format(
            caption=ui_text(caption)) if images is not None else ui_text(caption))
        if images is None:
            self.picture.clear()
            return
        images = images[:MAX_IMAGES]
        scale = max(1, 48 // images.shape[1])  # small conv kernels are drawn bigger
        self.picture.setPixmap(gray_pixmap(tile_images(images), 2 * scale))
