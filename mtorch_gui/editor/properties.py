"""The property editor (objectName ``layerProperties``): the selected layer's arguments, one fitting widget
each, applied and validated as they change. Derived arguments are shown but cannot be typed."""

from __future__ import annotations

import html
import re

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mtorch_gui.i18n import catalog_text, ui_text
from mtorch_gui.model.catalog import CATALOG, Arg, SpecError, format_shape

from .document import ModelDocument
from .icons import error_color
from .undo_keys import undo_keys_to_document

MAX_SIZE = 4096


class SizeEdit(QWidget):
    """An int, or for 2-D layers a (height, width) pair: equal values give an int, as users type them."""

    valueChanged = Signal(object)

    def __init__(self, dims: int, minimum: int, parent=None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.spins = []
        for i in range(dims):
            if i:
                layout.addWidget(QLabel("×"))
            spin = QSpinBox(minimum=minimum, maximum=MAX_SIZE)
            spin.valueChanged.connect(lambda _v: self.valueChanged.emit(self.value()))
            layout.addWidget(spin, 1)
            self.spins.append(spin)

    def value(self):
        values = tuple(s.value() for s in self.spins)
        return values[0] if len(set(values)) == 1 else values

    def setValue(self, value):
        values = value if isinstance(value, tuple) else (value,) * len(self.spins)
        for spin, v in zip(self.spins, values):
            spin.blockSignals(True)
            spin.setValue(v)
            spin.blockSignals(False)


class OptionalSizeEdit(QWidget):
    """None ("same as kernel_size", as pooling's stride defaults) or a size."""

    valueChanged = Signal(object)

    def __init__(self, dims: int, minimum: int, parent=None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.auto = QCheckBox(self.tr("= kernel"))
        self.auto.setToolTip(self.tr("Use the kernel size (windows side by side, no overlap)"))
        self.size = SizeEdit(dims, minimum)
        layout.addWidget(self.auto)
        layout.addWidget(self.size, 1)
        self.auto.toggled.connect(self._auto_toggled)
        self.size.valueChanged.connect(lambda _v: self.valueChanged.emit(self.value()))

    def _auto_toggled(self, on: bool) -> None:
        self.size.setEnabled(not on)
        self.valueChanged.emit(self.value())

    def value(self):
        return None if self.auto.isChecked() else self.size.value()

    def setValue(self, value, kernel=2):
        self.auto.blockSignals(True)
        self.auto.setChecked(value is None)
        self.auto.blockSignals(False)
        self.size.setEnabled(value is not None)
        self.size.setValue(kernel if value is None else value)


class PaddingEdit(QWidget):
    """A size, or 'same' (output as large as the input) or 'valid' (no padding)."""

    valueChanged = Signal(object)

    def __init__(self, dims: int, parent=None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.mode = QComboBox()
        self.mode.addItems(["zeros", "same", "valid"])
        self.mode.setToolTip(self.tr("zeros: add this many zeros on each side; same: keep the size; valid: no "
                                     "padding"))
        self.size = SizeEdit(dims, 0)
        layout.addWidget(self.mode)
        layout.addWidget(self.size, 1)
        self.mode.currentTextChanged.connect(self._mode_changed)
        self.size.valueChanged.connect(lambda _v: self.valueChanged.emit(self.value()))

    def _mode_changed(self, mode):
        self.size.setEnabled(mode == "zeros")
        self.valueChanged.emit(self.value())

    def value(self):
        mode = self.mode.currentText()
        return self.size.value() if mode == "zeros" else mode

    def setValue(self, value):
        self.mode.blockSignals(True)
        self.mode.setCurrentText(value if isinstance(value, str) else "zeros")
        self.mode.blockSignals(False)
        self.size.setEnabled(not isinstance(value, str))
        if not isinstance(value, str):
            self.size.setValue(value)


class IntsEdit(QLineEdit):
    """A tuple of whole numbers typed as "1, 28, 28"; applied when editing finishes."""

    valueChanged = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setValidator(QRegularExpressionValidator(QRegularExpression(r"\s*-?\d+(\s*,\s*-?\d*)*\s*"), self))
        self.editingFinished.connect(lambda: self.valueChanged.emit(self.value()))

    def value(self):
        return tuple(int(x) for x in re.findall(r"-?\d+", self.text()))

    def setValue(self, value):
        self.setText(", ".join(map(str, value)))


class BoolEdit(QCheckBox):
    valueChanged = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.toggled.connect(self.valueChanged.emit)

    def value(self):
        return self.isChecked()

    def setValue(self, value):
        self.setChecked(value)


class ChoiceEdit(QComboBox):
    valueChanged = Signal(object)

    def __init__(self, choices, parent=None):
        super().__init__(parent)
        self.addItems(list(choices))
        self.currentTextChanged.connect(self.valueChanged.emit)

    def value(self):
        return self.currentText()

    def setValue(self, value):
        self.setCurrentText(value)


def make_editor(arg: Arg) -> QWidget:
    """The widget for one argument, with a ``valueChanged(value)`` signal and ``setValue``."""
    if arg.kind == "int":
        w = QSpinBox(minimum=int(arg.minimum if arg.minimum is not None else -MAX_SIZE),
                     maximum=int(arg.maximum if arg.maximum is not None else 10 ** 6))
        w.setStepType(QAbstractSpinBox.AdaptiveDecimalStepType)
    elif arg.kind == "float":
        w = QDoubleSpinBox(minimum=arg.minimum if arg.minimum is not None else -1e6,
                           maximum=arg.maximum if arg.maximum is not None else 1e6)
        w.setDecimals(8 if 0 < arg.default < 1e-3 else 4)
        w.setStepType(QAbstractSpinBox.AdaptiveDecimalStepType)
    elif arg.kind == "bool":
        w = BoolEdit()
    elif arg.kind == "choice":
        w = ChoiceEdit(arg.choices)
    elif arg.kind == "size":
        w = SizeEdit(arg.dims, int(arg.minimum))
    elif arg.kind == "optional_size":
        w = OptionalSizeEdit(arg.dims, int(arg.minimum))
    elif arg.kind == "padding":
        w = PaddingEdit(arg.dims)
    elif arg.kind == "ints":
        w = IntsEdit()
    else:
        raise AssertionError(arg.kind)
    w.setObjectName(f"arg_{arg.name}")
    w.setToolTip(catalog_text(arg.help))
    return w


class LayerProperties(QWidget):
    """Edits the layer at ``row`` of the document (-1: nothing selected)."""

    def __init__(self, document: ModelDocument, parent=None):
        super().__init__(parent)
        self.setObjectName("layerProperties")
        self.document = document
        self.row = -1
        self.editors: dict[str, QWidget] = {}
        self._derived_labels: dict[str, QLabel] = {}
        self._built: tuple | None = None        # (row, type) the form was built for

        self.title = QLabel()
        self.title.setObjectName("propertiesTitle")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.RichText)
        self.status = QLabel()
        self.status.setObjectName("propertiesStatus")
        self.status.setWordWrap(True)
        self.form_host = QWidget()
        self.form = QFormLayout(self.form_host)
        self.form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignRight)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.NoFrame)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addWidget(self.title)
        inner_layout.addWidget(self.status)
        inner_layout.addWidget(self.form_host)
        inner_layout.addStretch(1)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        document.changed.connect(self.refresh)
        self.refresh()

    def set_row(self, row: int) -> None:
        self.row = row
        self.refresh()

    def refresh(self) -> None:
        layers = self.document.layers
        if not 0 <= self.row < len(layers):
            self._clear()
            self.title.setText("<b>" + self.tr("Properties") + "</b>")
            self.status.setText(self.tr("Select a layer in the stack to edit its arguments here. The ones that "
                                        "follow from the layer above (in_features, in_channels, …) are filled in "
                                        "for you."))
            self._built = None
            return
        layer = layers[self.row]
        if self._built != (self.row, layer.type):
            self._build(layer.type)
        values = layer.values()
        for name, editor in self.editors.items():
            editor.blockSignals(True)
            if isinstance(editor, OptionalSizeEdit):
                editor.setValue(values[name], values.get("kernel_size", 2))
            elif editor.value() != values[name]:
                editor.setValue(values[name])
            editor.blockSignals(False)
        result = self.document.validation.layers[self.row]
        for name, label in self._derived_labels.items():
            value = result.derived.get(name)
            label.setText("?" if value is None else _show(value))
        if result.error:
            self._show_error(ui_text(result.error))
        elif result.output_shape is None:
            self.status.setText(self.tr("Its input is unknown until the layers above it are fixed."))
        else:
            self.status.setText(self.tr("{input} → <b>{output}</b> · {params:,} parameters").format(
                input=format_shape(result.input_shape), output=format_shape(result.output_shape),
                params=result.params))

    def _clear(self):
        while self.form.rowCount():
            self.form.removeRow(0)
        self.editors = {}
        self._derived_labels = {}

    def _build(self, type_name: str) -> None:
        self._clear()
        t = CATALOG[type_name]
        self.title.setText(f"<b style='font-size:large'>{t.name}</b><br>{html.escape(catalog_text(t.description))}"
                           f"<br><small><code>{html.escape(catalog_text(t.formula))}</code></small>")
        for name in t.derived:
            label = QLabel()
            label.setObjectName(f"derived_{name}")
            label.setToolTip(self.tr("Follows from the layer above; it changes when that layer's output does"))
            self._derived_labels[name] = label
            self.form.addRow(f"{name}:", _with_note(label, self.tr("from the layer above")))
        for arg in t.args:
            editor = make_editor(arg)
            editor.valueChanged.connect(lambda value, name=arg.name: self._apply(name, value))
            self.editors[arg.name] = editor
            self.form.addRow(f"{arg.name}:", editor)
        for name, value in t.fixed.items():
            self.form.addRow(f"{name}:", _with_note(QLabel(_show(value)),
                                                    self.tr("always, inputs are (batch, steps, …)")))
        undo_keys_to_document(self.form_host)
        self._built = (self.row, type_name)

    def _apply(self, name: str, value) -> None:
        try:
            self.document.set_arg(self.row, name, value)
        except SpecError as e:
            self._show_error(ui_text(e.args[0]))

    def _show_error(self, text: str) -> None:
        color = error_color(self.palette()).name()
        self.status.setText(f"<span style='color:{color}'>⚠ {html.escape(text)}</span>")


def _show(value) -> str:
    return format_shape(value) if isinstance(value, tuple) else str(value)


def _with_note(label: QLabel, note: str) -> QWidget:
    host = QWidget()
    layout = QHBoxLayout(host)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(label)
    hint = QLabel(f"<small><i>{note}</i></small>")
    hint.setEnabled(False)
    layout.addWidget(hint, 1)
    return host
