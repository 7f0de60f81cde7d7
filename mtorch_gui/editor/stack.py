"""The layer stack: an item model over the document's layer list and a list view that draws each layer as
a row with its type, its arguments in short, its output shape and parameter count, or its error.

Drag a row to reorder it (the view calls ``moveRows``), drop a palette entry to insert a layer
(``dropMimeData``); both become undoable document edits.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QMimeData, QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyle, QStyledItemDelegate

from mtorch_gui.i18n import catalog_text, ui_text
from mtorch_gui.model.catalog import CATALOG, format_shape

from .document import ModelDocument
from .icons import error_color, group_color

LAYER_TYPE_MIME = "application/x-mtorch-layer-type"   # a palette entry: the layer type's name
LAYER_ROW_MIME = "application/x-mtorch-layer-row"     # a stack row being dragged: its index


class LayerStackModel(QAbstractListModel):
    """One row per layer of ``document``; reads the spec and the validation, edits through the document."""

    TypeRole = Qt.UserRole + 1
    ArgsRole = Qt.UserRole + 2
    ShapeRole = Qt.UserRole + 3      # the output shape as text, or "" when unknown
    ParamsRole = Qt.UserRole + 4     # the parameter count as text: a Python int may not fit Qt's 64 bits
    ErrorRole = Qt.UserRole + 5      # the error text or None
    GroupRole = Qt.UserRole + 6

    def __init__(self, document: ModelDocument, parent=None):
        super().__init__(parent)
        self.document = document
        self._rows = len(document.layers)
        self.moving = False          # True between beginMoveRows and endMoveRows
        document.changed.connect(self._on_changed)

    def _on_changed(self):
        if self.moving:
            return
        if len(self.document.layers) != self._rows:
            self.beginResetModel()
            self._rows = len(self.document.layers)
            self.endResetModel()
        elif self._rows:
            self.dataChanged.emit(self.index(0), self.index(self._rows - 1))

    # ---- reading ---------------------------------------------------------------------------------------

    def rowCount(self, parent=None):
        return 0 if parent is not None and parent.isValid() else self._rows

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid() or index.row() >= self._rows:
            return None
        layer = self.document.layers[index.row()]
        result = self.document.validation.layers[index.row()]
        t = CATALOG[layer.type]
        if role == self.TypeRole:
            return layer.type
        if role == self.ArgsRole:
            return "" if result.error else ui_text(t.short({**layer.values(), **result.derived}))
        if role == self.ShapeRole:
            return format_shape(result.output_shape) if result.output_shape is not None else ""
        if role == self.ParamsRole:
            if result.params:
                return self.tr("{count} params").format(count=f"{result.params:,}")
            return self.tr("no params") if result.output_shape is not None else ""
        if role == self.ErrorRole:
            return ui_text(result.error)
        if role == self.GroupRole:
            return t.group
        if role == Qt.DisplayRole:
            return f"{layer.type} {self.data(index, self.ArgsRole)}".strip()
        if role == Qt.ToolTipRole:
            if result.error:
                return self.tr("{layer} cannot work here:\n{error}").format(layer=layer.type,
                                                                            error=ui_text(result.error))
            if result.output_shape is None:
                return self.tr("{layer}: its input is unknown until the layers above it are fixed").format(
                    layer=layer.type)
            return (self.tr("{layer}: {input} → {output}, {params:,} parameters").format(
                layer=layer.type, input=format_shape(result.input_shape), output=format_shape(result.output_shape),
                params=result.params) + f"\n{catalog_text(t.description)}\n{catalog_text(t.formula)}")
        return None

    # ---- drag and drop ---------------------------------------------------------------------------------

    def flags(self, index):
        if index.isValid():
            return Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemIsDragEnabled
        return Qt.ItemIsDropEnabled          # drops land between rows, never onto one

    def supportedDropActions(self):
        return Qt.MoveAction | Qt.CopyAction

    def supportedDragActions(self):
        return Qt.MoveAction

    def mimeTypes(self):
        return [LAYER_ROW_MIME, LAYER_TYPE_MIME]

    def mimeData(self, indexes):
        data = QMimeData()
        data.setData(LAYER_ROW_MIME, str(indexes[0].row()).encode())
        return data

    def canDropMimeData(self, data, action, row, column, parent):
        return data.hasFormat(LAYER_ROW_MIME) or data.hasFormat(LAYER_TYPE_MIME)

    def dropMimeData(self, data, action, row, column, parent):
        """A drop at insertion position ``row`` (-1: onto ``parent`` or the empty space below)."""
        if row < 0:
            row = parent.row() if parent.isValid() else self._rows
        if data.hasFormat(LAYER_TYPE_MIME):
            name = bytes(data.data(LAYER_TYPE_MIME)).decode()
            if name not in CATALOG:
                return False
            self.document.add_layer(name, row)
            return True
        if data.hasFormat(LAYER_ROW_MIME):
            source = int(bytes(data.data(LAYER_ROW_MIME)).decode())
            return self.moveRows(QModelIndex(), source, 1, QModelIndex(), row)
        return False

    def moveRows(self, source_parent, source_row, count, destination_parent, destination_child):
        """Move one row to insertion position ``destination_child`` (Qt's convention) as an undoable edit."""
        if count != 1 or destination_child in (source_row, source_row + 1):
            return False
        if not self.beginMoveRows(QModelIndex(), source_row, source_row, QModelIndex(), destination_child):
            return False
        to = destination_child if destination_child < source_row else destination_child - 1
        self.moving = True
        try:
            self.document.move_layer(source_row, to)
        finally:
            self.moving = False
            self.endMoveRows()
        self.dataChanged.emit(self.index(0), self.index(self._rows - 1))   # shapes below may have changed
        return True


class LayerRowDelegate(QStyledItemDelegate):
    """Draws a row as: colour stripe of the layer's group | number | type + arguments | params
    and below: → output shape, or the error in red."""

    def _lines(self, index) -> int:
        return 3 if index.data(LayerStackModel.ErrorRole) else 2

    def sizeHint(self, option, index):
        line = option.fontMetrics.height()
        return QSize(200, self._lines(index) * line + 14)

    def paint(self, painter: QPainter, option, index):
        painter.save()
        painter.setRenderHint(QPainter.Antialiasing)
        style = option.widget.style() if option.widget else None
        error = index.data(LayerStackModel.ErrorRole)
        shape = index.data(LayerStackModel.ShapeRole)
        palette = option.palette
        selected = bool(option.state & QStyle.State_Selected)
        red = error_color(palette)

        card = option.rect.adjusted(4, 2, -4, -2)
        if error:
            tint = QColor(red)
            tint.setAlpha(40)
            painter.setPen(Qt.NoPen)
            painter.setBrush(tint)
            painter.drawRoundedRect(card, 5, 5)
        if style is not None:
            option.rect = card
            style.drawPrimitive(QStyle.PE_PanelItemViewItem, option, painter, option.widget)
        stripe = red if error else group_color(index.data(LayerStackModel.GroupRole))
        painter.setPen(Qt.NoPen)
        painter.setBrush(stripe)
        painter.drawRoundedRect(QRect(card.left() + 3, card.top() + 5, 4, card.height() - 10), 2, 2)

        text = palette.color(QPalette.HighlightedText if selected else QPalette.Text)
        muted = QColor(text)
        muted.setAlpha(150)
        fm = option.fontMetrics
        line = fm.height()
        left = card.left() + 14
        top = card.top() + 5
        right = card.right() - 8

        number = str(index.row() + 1)
        painter.setPen(muted)
        number_width = fm.horizontalAdvance("00") + 6
        painter.drawText(QRect(left, top, number_width, line), Qt.AlignLeft | Qt.AlignVCenter, number)
        left += number_width

        params_text = index.data(LayerStackModel.ParamsRole)
        params_width = fm.horizontalAdvance(params_text)
        painter.drawText(QRect(right - params_width, top, params_width, line), Qt.AlignRight | Qt.AlignVCenter,
                         params_text)

        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text)
        name = index.data(LayerStackModel.TypeRole)
        name_width = painter.fontMetrics().horizontalAdvance(name)
        painter.drawText(QRect(left, top, name_width + 1, line), Qt.AlignLeft | Qt.AlignVCenter, name)
        painter.setFont(option.font)
        painter.setPen(muted)
        args_left = left + name_width + 8
        args = fm.elidedText(index.data(LayerStackModel.ArgsRole), Qt.ElideRight,
                             max(0, right - params_width - 12 - args_left))
        painter.drawText(QRect(args_left, top, right - args_left, line), Qt.AlignLeft | Qt.AlignVCenter, args)

        below = QRect(left, top + line + 2, right - left, line * (self._lines(index) - 1))
        if error:
            painter.setPen(text if selected else red)
            painter.drawText(below, Qt.AlignLeft | Qt.AlignTop | Qt.TextWordWrap, f"⚠ {error}")
        else:
            painter.setPen(text if shape else muted)
            painter.drawText(below, Qt.AlignLeft | Qt.AlignTop,
                             f"→ {shape}" if shape else "→ ?  " + self.tr("(fix the layer above)"))
        painter.restore()


class LayerStackView(QListView):
    """The stack of layers (objectName ``layerStack``): select, drag to reorder, drop palette entries."""

    layerSelected = Signal(int)       # the selected row, -1 for none

    def __init__(self, document: ModelDocument, parent=None):
        super().__init__(parent)
        self.setObjectName("layerStack")
        self.document = document
        self.setModel(LayerStackModel(document, self))
        self.setItemDelegate(LayerRowDelegate(self))
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setDragDropMode(QAbstractItemView.DragDrop)
        self.setDefaultDropAction(Qt.MoveAction)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollPerPixel)
        self.setSpacing(0)
        self.selectionModel().currentRowChanged.connect(self._on_current)
        self.model().modelReset.connect(self._select_document_row)
        self.model().rowsMoved.connect(self._select_document_row)
        document.currentRowChanged.connect(self.select)
        self.setAccessibleName(self.tr("Layer stack"))

    def _select_document_row(self, *_args) -> None:
        self.select(self.document.current_row)

    def current_row(self) -> int:
        index = self.currentIndex()
        return index.row() if index.isValid() else -1

    def select(self, row: int) -> None:
        """Make ``row`` the current layer (-1: none)."""
        if self.model().moving:
            return          # never touch the selection between beginMoveRows and endMoveRows: see rowsMoved
        if 0 <= row < self.model().rowCount():
            self.setCurrentIndex(self.model().index(row))
            self.scrollTo(self.model().index(row))
        else:
            self.clearSelection()
            self.setCurrentIndex(QModelIndex())
        self._on_current(self.currentIndex())

    def _on_current(self, index, _previous=None):
        row = index.row() if index.isValid() else -1
        self.document.set_current_row(row)
        self.layerSelected.emit(row)

    def paintEvent(self, event):
        super().paintEvent(event)
        if self.model().rowCount() == 0:
            painter = QPainter(self.viewport())
            color = self.palette().color(QPalette.Text)
            color.setAlpha(140)
            painter.setPen(color)
            painter.drawText(self.viewport().rect().adjusted(24, 0, -24, 0), Qt.AlignCenter | Qt.TextWordWrap,
                             self.tr("No layers yet.\nDouble-click a layer in the palette or drag it here, "
                                     "or choose a preset."))
