"""The Help menu: how to, keyboard shortcuts (made from the window's actions), about with the versions."""

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QTableWidget, QTextBrowser

import mtorch
from mtorch_gui.main_window import MainWindow, _plain_action_text, readme_markdown


def test_about_shows_the_versions(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    text = window.about_text()
    assert f"mtorch {mtorch.__version__}" in text
    assert f"PySide6 {PySide6.__version__}" in text and f"Qt {qVersion()}" in text


def test_the_shortcuts_dialog_lists_every_action_with_a_shortcut(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    rows = dict(window.shortcuts())
    assert rows["Save"] == QKeySequence(QKeySequence.Save).toString(QKeySequence.NativeText)
    assert rows["Duplicate layer"] == QKeySequence("Ctrl+D").toString(QKeySequence.NativeText)
    assert {"New", "Open architecture", "Undo", "Delete layer", "Move layer up"} <= set(rows)
    # generated from the actions: one added later shows up too
    extra = QAction("Frobnicate", window, shortcut=QKeySequence("Ctrl+Shift+F"))
    window.addAction(extra)
    dialog = window.shortcuts_dialog()
    table = dialog.findChild(QTableWidget)
    listed = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert listed == {**rows, "Frobnicate": QKeySequence("Ctrl+Shift+F").toString(QKeySequence.NativeText)}


def test_help_menu_has_how_to_shortcuts_and_about(qtbot, dialogs):
    window = MainWindow()
    qtbot.addWidget(window)
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    assert [a.text() for a in help_menu.actions() if a.text()] == ["&How to…", "&Keyboard shortcuts", "&README",
                                                                    "&About mtorch"]
    help_menu.actions()[0].trigger()
    kind, title, text = dialogs[-1]
    assert kind == "information" and "Build a model" in text and "Train" in text and "Draw" in text


def test_shortcut_names_lose_their_mnemonics():
    assert _plain_action_text("&Open architecture…") == "Open architecture"
    assert _plain_action_text("保存(&S)") == "保存"
    assert _plain_action_text("Drag && drop") == "Drag & drop"


def test_the_readme_comes_from_the_installed_metadata_without_pictures(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    text = readme_markdown()
    assert text.startswith("# mtorch") and "pip install" in text and "![" not in text
    browser = window.readme_dialog().findChild(QTextBrowser)
    assert "mtorch" in browser.toPlainText() and "pip install" in browser.toPlainText()
