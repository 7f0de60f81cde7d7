"""The model summary (objectName ``modelSummary``): parameter totals, weight memory and a torchinfo table."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QGridLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from mtorch_gui.model.catalog import format_shape
from mtorch_gui.model.summary import BYTES_PER_VALUE, format_bytes, summary_text

from .document import ModelDocument


class ModelSummary(QWidget):
    def __init__(self, document: ModelDocument, parent=None):
        super().__init__(parent)
        self.setObjectName("modelSummary")
        self.document = document
        self.values = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        titles = (("total", self.tr("Total parameters:")), ("trainable", self.tr("Trainable parameters:")),
                  ("memory", self.tr("Weights in memory (float32):")), ("output", self.tr("Output:")))
        for i, (key, title) in enumerate(titles):
            grid.addWidget(QLabel(title), i, 0)       # one pair a row: the editor pane stays narrow (issue 12)
            value = QLabel()
            value.setObjectName(f"summary_{key}")
            value.setStyleSheet("font-weight: 600")
            grid.addWidget(value, i, 1)
            self.values[key] = value
        grid.setColumnStretch(1, 1)
        self.table = QPlainTextEdit(readOnly=True)
        self.table.setObjectName("summaryTable")
        self.table.setFont(QFontDatabase.systemFont(QFontDatabase.FixedFont))
        self.table.setLineWrapMode(QPlainTextEdit.NoWrap)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(grid)
        layout.addWidget(self.table, 1)
        document.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        result = self.document.validation
        total = result.total_params
        self.values["total"].setText(f"{total:,}")
        self.values["trainable"].setText(f"{total:,}")
        self.values["memory"].setText(format_bytes(total * BYTES_PER_VALUE))
        shape = result.output_shape
        self.values["output"].setText("?" if shape is None else format_shape(shape))
        self.table.setPlainText(summary_text(self.document.spec, result))
