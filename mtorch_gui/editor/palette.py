"""The palette of layer types (objectName ``layerPalette``): a search box over the catalogue's groups.

Add a layer by double-clicking it, pressing Enter on it, or dragging it into the stack.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from mtorch_gui.i18n import catalog_text
from mtorch_gui.model.catalog import CATALOG, by_group, find_layers

from .icons import group_icon, icon
from .stack import LAYER_TYPE_MIME

TypeRole = Qt.UserRole + 1


class _PaletteTree(QTreeWidget):
    """The grouped list; its drags carry the layer type's name."""

    activatedType = Signal(str)

    def mimeTypes(self):
        return [LAYER_TYPE_MIME]

    def mimeData(self, items):
        data = QMimeData()
        data.setData(LAYER_TYPE_MIME, items[0].data(0, TypeRole).encode())
        return data

    def supportedDropActions(self):
        return Qt.CopyAction

    def keyPressEvent(self, event):
        item = self.currentItem()
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and item is not None and item.data(0, TypeRole):
            self.activatedType.emit(item.data(0, TypeRole))
            return
        super().keyPressEvent(event)


class LayerPalette(QWidget):
    layerChosen = Signal(str)     # a layer type's name, to be added to the stack

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("layerPalette")
        self.search = QLineEdit(placeholderText=self.tr("Search layers"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.LeadingPosition)
        self.search.textChanged.connect(self.filter)
        self.search.returnPressed.connect(self._add_current)

        self.tree = _PaletteTree()
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(8)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.tree.setDragEnabled(True)
        self.tree.setDragDropMode(QAbstractItemView.DragOnly)
        self.tree.setDefaultDropAction(Qt.CopyAction)
        self.tree.itemDoubleClicked.connect(self._on_double_click)
        self.tree.activatedType.connect(self.layerChosen)
        self.tree.currentItemChanged.connect(self._describe)
        bold = QFont(self.font())
        bold.setBold(True)
        for group, types in by_group().items():
            group_item = QTreeWidgetItem(self.tree, [catalog_text(group).upper()])
            group_item.setFlags(Qt.ItemIsEnabled)
            small = QFont(bold)
            small.setPointSizeF(bold.pointSizeF() * 0.85)
            group_item.setFont(0, small)
            for t in types:
                item = QTreeWidgetItem(group_item, [t.name])
                item.setIcon(0, group_icon(group))
                item.setData(0, TypeRole, t.name)
                item.setToolTip(0, f"{t.name}: {catalog_text(t.description)}\n{catalog_text(t.formula)}")
                item.setStatusTip(0, catalog_text(t.description))
                item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemIsDragEnabled)
        self.tree.expandAll()

        self.description = QLabel(wordWrap=True)
        self.description.setObjectName("paletteDescription")
        self.description.setMinimumHeight(self.fontMetrics().height() * 4)
        self.description.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self._describe(None)

        # narrow enough for a 1280x720 screen (longer names elide); the editor's splitter gives it more room
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("BatchNorm2d") + 48)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.description)

    def items(self) -> dict[str, QTreeWidgetItem]:
        """{layer type name: its item}."""
        out = {}
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            for i in range(group.childCount()):
                out[group.child(i).data(0, TypeRole)] = group.child(i)
        return out

    def filter(self, text: str) -> None:
        """Show the layers ``find_layers`` finds for ``text`` (in English or as shown), or a hint if none."""
        found = set(find_layers(text, also=lambda t: f"{catalog_text(t.group)} {catalog_text(t.description)}"))
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            shown = 0
            for i in range(group.childCount()):
                item = group.child(i)
                item.setHidden(item.data(0, TypeRole) not in found)
                shown += not item.isHidden()
            group.setHidden(shown == 0)
        visible = [item for item in self.items().values() if not item.isHidden()]
        if visible and (self.tree.currentItem() is None or self.tree.currentItem().isHidden()):
            self.tree.setCurrentItem(visible[0])
        elif not visible:
            self.tree.setCurrentItem(None)
            hint = self.tr("No layer matches “{text}”. Try a layer name (Linear, Conv2d) or a word such as dense, "
                           "conv, pool, norm, rnn, activation, dropout or embed.").format(text=text.strip())
            self.description.setText(f"<i>{html.escape(hint)}</i>")

    def _on_double_click(self, item, _column):
        name = item.data(0, TypeRole)
        if name:
            self.layerChosen.emit(name)

    def _describe(self, item, _previous=None):
        name = item.data(0, TypeRole) if item is not None else None
        if not name:
            hint = self.tr("Double-click a layer, press Enter or drag it into the stack.")
            self.description.setText(f"<i>{hint}</i>")
            return
        t = CATALOG[name]
        self.description.setText(f"<b>{t.name}</b> — {html.escape(catalog_text(t.description))}<br>"
                                 f"<small>{html.escape(catalog_text(t.formula))}</small>")

    def _add_current(self):
        item = self.tree.currentItem()
        if item is not None and not item.isHidden():
            self._on_double_click(item, 0)
