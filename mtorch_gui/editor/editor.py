"""The layer-stack editor: palette | stack over properties and summary, with its editing actions."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mtorch_gui.data import registry
from mtorch_gui.i18n import ui_text
from mtorch_gui.model.catalog import CATALOG, format_shape
from mtorch_gui.model.presets import PRESETS
from mtorch_gui.model.summary import BYTES_PER_VALUE, format_bytes

from .document import ModelDocument
from .icons import error_color, icon
from .palette import LayerPalette
from .properties import LayerProperties
from .stack import LayerStackView
from .summary import ModelSummary

OK_COLOR = "#2e9d5b"
TITLE_WIDTH = 170  # pixels the model's name may claim in the header at the smallest width


class EditorWidget(QWidget):
    presetChosen = Signal(str)  # a preset's name: the window starts a new untitled model from it

    def __init__(self, document: ModelDocument, parent=None):
        super().__init__(parent)
        self.setObjectName("layerEditor")
        self.document = document
        self.palette_widget = LayerPalette()
        self.stack = LayerStackView(document)
        self.properties = LayerProperties(document)
        self.summary = ModelSummary(document)

        self.title = QLineEdit(objectName="modelTitle")
        self.title.setFrame(False)
        self.title.setFocusPolicy(Qt.ClickFocus)
        self.title.setToolTip(self.tr("The model's name (used in exported code); click to rename"))
        title_font = self.title.font()
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.2)
        self.title.setFont(title_font)
        self.title.setStyleSheet("QLineEdit { background: transparent; }")
        self.title.editingFinished.connect(self._rename)
        self.dataset = QComboBox(objectName="datasetCombo")
        for info in registry.choices():
            self.dataset.addItem(f"{ui_text(info.title)}  {format_shape(info.input_shape)}", info.name)
        self.dataset.setToolTip(self.tr("The data the model is trained on; it sets the input shape"))
        self.dataset.setSizeAdjustPolicy(QComboBox.AdjustToContents)   # as wide as its titles when there is room,
        self.dataset.setMinimumWidth(self.fontMetrics().horizontalAdvance("MNIST digits") + 30)  # else elided
        self.dataset.addItem("", None)  # the model's own file (Data › Open dataset…), when it has one
        self.dataset.activated.connect(lambda i: self.dataset.itemData(i) not in (None, document.spec.dataset)
                                       and document.set_dataset(self.dataset.itemData(i)))
        self.presets_menu = self.make_presets_menu(self)
        self.preset_button = QToolButton(objectName="presetButton", text=self.tr("New from preset"))
        self.preset_button.setIcon(icon("preset"))
        self.preset_button.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        self.preset_button.setPopupMode(QToolButton.InstantPopup)
        self.preset_button.setMenu(self.presets_menu)
        self.preset_button.setToolTip(self.tr("Start a new untitled model from a ready-made one (the open file "
                                              "stays as it is)"))
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(QLabel(self.tr("Data:")))
        header.addWidget(self.dataset)
        header.addWidget(self.preset_button)

        self.input_label = QLabel(objectName="stackInput", wordWrap=True)
        self.input_label.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.status = QLabel(objectName="stackStatus", wordWrap=True)
        self.status.setTextFormat(Qt.RichText)
        self.status.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)   # long reasons wrap, never widen
        stack_box = QWidget()
        stack_layout = QVBoxLayout(stack_box)
        stack_layout.setContentsMargins(0, 0, 0, 0)
        stack_layout.addWidget(self.input_label)
        stack_layout.addWidget(self.stack, 1)
        stack_layout.addWidget(self.status)

        self.bottom_tabs = QTabWidget(objectName="editorTabs")
        self.bottom_tabs.addTab(self.properties, self.tr("Properties"))
        self.bottom_tabs.addTab(self.summary, self.tr("Summary"))
        self.bottom_tabs.setDocumentMode(True)

        self.right_splitter = QSplitter(Qt.Vertical, objectName="stackSplitter")
        self.right_splitter.addWidget(stack_box)
        self.right_splitter.addWidget(self.bottom_tabs)
        self.right_splitter.setStretchFactor(0, 3)
        self.right_splitter.setStretchFactor(1, 2)
        self.right_splitter.setChildrenCollapsible(False)
        self.splitter = QSplitter(Qt.Horizontal, objectName="editorSplitter")
        self.splitter.addWidget(self.palette_widget)
        self.splitter.addWidget(self.right_splitter)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([190, 430])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 4, 6)
        layout.addLayout(header)
        layout.addWidget(self.splitter, 1)

        self.delete_action = self._action(self.tr("Delete layer"), "delete", QKeySequence.Delete, self.delete_layer)
        self.duplicate_action = self._action(self.tr("Duplicate layer"), "duplicate", QKeySequence("Ctrl+D"),
                                             self.duplicate_layer)
        self.move_up_action = self._action(self.tr("Move layer up"), "up", QKeySequence("Alt+Up"),
                                           lambda: self.move(-1))
        self.move_down_action = self._action(self.tr("Move layer down"), "down", QKeySequence("Alt+Down"),
                                             lambda: self.move(1))
        self.layer_actions = [self.delete_action, self.duplicate_action, self.move_up_action, self.move_down_action]
        self.stack.addActions(self.layer_actions)
        self.stack.setContextMenuPolicy(Qt.ActionsContextMenu)     # right-click a row for the same actions

        self.palette_widget.layerChosen.connect(self.add_layer)
        self.stack.layerSelected.connect(self._on_selected)
        document.changed.connect(self.refresh)
        self.refresh()
        self._on_selected(self.stack.current_row())

    def _action(self, text, icon_name, shortcut, slot) -> QAction:
        action = QAction(icon(icon_name), text, self)
        action.setShortcut(shortcut)
        action.setShortcutContext(Qt.WidgetWithChildrenShortcut)   # Delete on the canvas stays the canvas's
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def make_presets_menu(self, parent) -> QMenu:
        menu = QMenu(self.tr("New from &preset"), parent)
        menu.setIcon(icon("preset"))
        for name, spec in PRESETS.items():
            action = menu.addAction(ui_text(name),
                                    lambda name=name: self.presetChosen.emit(name))
            action.setStatusTip(self.tr("{n} layers on {data}, {loss} + {optimizer}").format(
                n=len(spec.layers), data=ui_text(spec.dataset_info().title), loss=spec.training.get("loss"),
                optimizer=spec.training.get("optimizer")))
        return menu

    # ---- actions ---------------------------------------------------------------------------------------

    def add_layer(self, type_name: str) -> None:
        """Add a layer after the selected one (at the end when none is selected)."""
        row = self.stack.current_row()
        self.document.add_layer(type_name, None if row < 0 else row + 1)

    def delete_layer(self) -> None:
        row = self.stack.current_row()
        if row >= 0:
            self.document.remove_layer(row)

    def duplicate_layer(self) -> None:
        row = self.stack.current_row()
        if row >= 0:
            self.document.duplicate_layer(row)

    def move(self, step: int) -> None:
        row = self.stack.current_row()
        if 0 <= row + step < len(self.document.layers) and row >= 0:
            self.document.move_layer(row, row + step)

    def _rename(self) -> None:
        self.title.setModified(False)
        self.document.set_name(self.title.text())
        self.title.setText(self.document.spec.name)     # an empty name is refused: show the old one

    def select_first_editable(self) -> None:
        """Select the first layer with arguments to set (Linear, Conv2d, ...) to show the property editor."""
        rows = [i for i, layer in enumerate(self.document.layers)
                if any(a.required for a in CATALOG[layer.type].args)]
        self.stack.select(rows[0] if rows else -1)
        self.stack.setFocus()

    # ---- views -----------------------------------------------------------------------------------------

    def _on_selected(self, row: int) -> None:
        self.properties.set_row(row)
        n = len(self.document.layers)
        for action in self.layer_actions:
            action.setEnabled(row >= 0)
        self.move_up_action.setEnabled(row > 0)
        self.move_down_action.setEnabled(0 <= row < n - 1)

    def refresh(self) -> None:
        spec, result = self.document, self.document.validation
        model = spec.spec
        if not self.title.isModified():           # never overwrite a name being typed
            self.title.setText(model.name)
            # the name stays readable; the dataset box gives way first (a long name elides past TITLE_WIDTH)
            self.title.setMinimumWidth(min(self.title.fontMetrics().horizontalAdvance(model.name) + 20,
                                           TITLE_WIDTH))
            self.title.setCursorPosition(0)       # a name too long to fit shows its beginning
        own = self.dataset.count() - 1  # the last item: a file dataset's title
        self.dataset.setItemText(own, f"{ui_text(registry.title_of(model.dataset, model.dataset_options))}  "
                                      f"{format_shape(model.input_shape)}" if model.dataset in registry.FILE_KINDS
                                 else self.tr("Your own data: Data › Open dataset…"))
        self.dataset.setCurrentIndex(own if model.dataset in registry.FILE_KINDS else
                                     self.dataset.findData(model.dataset))
        self.input_label.setText(self.tr("Input per sample: <b>{shape}</b> · {data}").format(
            shape=format_shape(model.input_shape),
            data=ui_text(registry.title_of(model.dataset, model.dataset_options))))
        if result.ok:
            memory = format_bytes(result.total_params * BYTES_PER_VALUE).replace(" ", "&nbsp;")  # one piece
            ready = self.tr("Ready to train")
            self.status.setText(f"<span style='color:{OK_COLOR}'>✓ <b>{ready}</b></span> · "
                                + self.tr("output {shape} · {params:,} parameters · {memory} of weights").format(
                                    shape=format_shape(result.output_shape), params=result.total_params,
                                    memory=memory))
            self.status.setToolTip(self.tr("Every layer fits; the output matches the dataset"))
        else:
            color = error_color(self.palette()).name()
            error = ui_text(result.first_error)
            self.status.setText(f"<span style='color:{color}'>⚠ {html.escape(error)}</span>")
            self.status.setToolTip(error)
        self._on_selected(self.stack.current_row())

