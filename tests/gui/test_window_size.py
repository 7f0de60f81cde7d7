"""The first window sizes itself to the screen it opens on (issue 12)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

pytest.importorskip("pytestqt")

from PySide6.QtCore import QRect  # noqa: E402

from mtorch_gui import app  # noqa: E402


@pytest.mark.parametrize("screen, expected", [
    (QRect(0, 0, 1280, 720), QRect(0, 0, 1280, 720)),
    (QRect(0, 0, 1366, 768), QRect(0, 0, 1366, 768)),
    (QRect(0, 0, 1920, 1080), QRect(240, 90, 1440, 900)),
    (QRect(1920, 30, 1280, 690), QRect(1920, 30, 1280, 690)),  # a second screen below a top bar
])
def test_initial_geometry_fits_the_available_screen(screen, expected):
    assert app.initial_geometry(screen) == expected


def test_the_main_window_asks_for_its_screens_geometry(qtbot, monkeypatch):
    from mtorch_gui import main_window

    asked = []
    monkeypatch.setattr(main_window, "initial_geometry",
                        lambda available: asked.append(available) or app.initial_geometry(QRect(0, 0, 1280, 720)))
    window = main_window.MainWindow(use_settings=False)
    qtbot.addWidget(window)
    assert asked == [window.screen().availableGeometry()]


def test_the_window_fits_a_1280x720_screen_and_scrolls_to_every_pane(qtbot):
    from PySide6.QtWidgets import QScrollArea

    from mtorch_gui import main_window

    window = main_window.MainWindow(use_settings=False)
    qtbot.addWidget(window)
    window.setGeometry(app.initial_geometry(QRect(0, 0, 1280, 720)))
    window.show()
    assert window.minimumSizeHint().width() <= 1280 and window.minimumSizeHint().height() <= 720
    assert window.width() <= 1280 and window.height() <= 720
    scroll = window.centralWidget()
    assert isinstance(scroll, QScrollArea) and scroll.widget() is window.splitter
    # the panes keep their smallest layout inside the scroll area: nothing is squeezed, it scrolls instead
    assert window.splitter.width() >= window.splitter.minimumSizeHint().width()
    assert window.splitter.height() >= window.splitter.minimumSizeHint().height()
