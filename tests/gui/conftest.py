"""Qt tests run offscreen, with QSettings in a temporary folder and no modal dialog ever blocking.

``dialogs`` records every QMessageBox shown (kind, title, text); ``dialogs.answer`` is what
QMessageBox.question returns (Discard by default, so a test never waits for a click).
"""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

pytest.importorskip("pytestqt")

from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from mtorch_gui.app import APPLICATION, ORGANIZATION  # noqa: E402


class Dialogs(list):
    answer = QMessageBox.Discard

    def of(self, kind):
        return [d for d in self if d[0] == kind]


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, qapp):
    """Every test gets empty QSettings of its own."""
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "settings"))
    yield
    QSettings().clear()


@pytest.fixture(autouse=True)
def dialogs(monkeypatch):
    shown = Dialogs()

    def question(parent, title, text, *args, **kwargs):
        shown.append(("question", title, text))
        return shown.answer

    def report(kind):
        def show(parent, title, text, *args, **kwargs):
            shown.append((kind, title, text))
            return QMessageBox.Ok
        return staticmethod(show)

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, report(kind))
    return shown
