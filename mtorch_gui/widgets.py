"""Small widget constructors shared by the views."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton


def push_button(text: str, slot, tip: str, name: str = "") -> QPushButton:
    """A QPushButton with its tooltip, its clicked slot and, when given, an object name (for tests)."""
    button = QPushButton(text, objectName=name, toolTip=tip)
    button.clicked.connect(slot)
    return button
