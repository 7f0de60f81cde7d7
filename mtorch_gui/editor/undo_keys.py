"""Ctrl+Z / Ctrl+Shift+Z in a field of the document (a layer argument, a training setting) undo the document.

A QLineEdit or spin box with the focus claims the undo keys for its own text (a ShortcutOverride), so the
window's Undo would never run while the cursor is in a field, although every value typed there is already
a document edit. ``undo_keys_to_document(widget)`` lets those keys through to the window's actions.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit, QWidget


class _UndoKeysFilter(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.ShortcutOverride and (
                event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo)):
            return True  # not accepted: the shortcut (the window's Undo/Redo) runs
        return False


def undo_keys_to_document(widget: QWidget) -> None:
    """Let the undo keys of ``widget``'s text fields and spin boxes (and its own) reach the window."""
    keys = widget.findChild(_UndoKeysFilter, "undoKeysFilter")
    if keys is None:
        keys = _UndoKeysFilter(widget)
        keys.setObjectName("undoKeysFilter")
    for field in [widget, *widget.findChildren(QWidget)]:
        if isinstance(field, QLineEdit | QAbstractSpinBox):
            field.installEventFilter(keys)
