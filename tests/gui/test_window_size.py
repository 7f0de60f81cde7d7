"""The first window sizes itself to the screen it opens on (issue 12)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

pytest.importorskip("pytestqt")

from PySide6.QtCore import QPoint, QRect  # noqa: E402

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


@pytest.mark.parametrize("screen, maximized", [(QRect(0, 0, 1280, 720), True), (QRect(0, 0, 1920, 1080), False)])
def test_a_screen_smaller_than_the_window_opens_it_maximised(qtbot, monkeypatch, screen, maximized):
    """Its frame then fits too: the window manager adds the title bar to a maximised window's client area."""
    from mtorch_gui import main_window

    monkeypatch.setattr(main_window, "initial_geometry", lambda available: app.initial_geometry(screen))
    window = main_window.MainWindow(use_settings=False)
    qtbot.addWidget(window)
    assert window.opens_maximized is maximized


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


# the central area of a 1280x720 screen is about 1280 x 620 (menu, tool and status bars); the panes share it
EDITOR_BUDGET, RIGHT_PANE_BUDGET, HEIGHT_BUDGET = 480, 780, 600
SMALL_SCREENS = [QRect(0, 0, 1280, 720), QRect(0, 0, 1366, 768)]


def _window_on(qtbot, screen: QRect):
    """The window as it first opens on ``screen``."""
    from PySide6.QtWidgets import QApplication

    from mtorch_gui import main_window

    window = main_window.MainWindow(use_settings=False)
    qtbot.addWidget(window)
    window.setGeometry(app.initial_geometry(screen))
    window.show()
    for _ in range(3):
        QApplication.processEvents()
    return window


def _shown_whole(widget) -> bool:
    """No parent up to the window (a scroll area's viewport, a splitter pane) cuts any of ``widget``."""
    parent = widget.parentWidget()
    while parent is not None:
        if not parent.rect().contains(widget.rect().translated(widget.mapTo(parent, QPoint(0, 0)))):
            return False
        if parent.isWindow():
            return True
        parent = parent.parentWidget()
    return True


@pytest.mark.parametrize("screen", SMALL_SCREENS)
def test_a_small_screen_needs_no_horizontal_scrolling(qtbot, screen):
    window = _window_on(qtbot, screen)
    assert window.scroll.horizontalScrollBar().maximum() == 0
    assert window.splitter.width() <= window.scroll.viewport().width()
    editor = window.editor.minimumSizeHint()
    assert editor.width() <= EDITOR_BUDGET and editor.height() <= HEIGHT_BUDGET
    assert window.tabs.minimumSizeHint().width() <= RIGHT_PANE_BUDGET
    train = window.training.minimumSizeHint()
    assert train.width() <= RIGHT_PANE_BUDGET and train.height() + window.tabs.tabBar().height() <= HEIGHT_BUDGET
    # the splitter gives each pane at least its smallest layout
    assert window.editor.width() >= editor.width() and window.tabs.width() >= window.tabs.minimumSizeHint().width()


# every page of the right pane (Train, Runs, Draw, Backprop, Playground, Data) in its smallest layout; with the
# tab bar the pane stays within HEIGHT_BUDGET
TAB_BUDGET = (760, 560)


def test_every_tab_of_the_right_pane_fits_its_budget(qtbot):
    window = _window_on(qtbot, QRect(0, 0, 1280, 720))
    tabs = window.tabs
    assert tabs.count() >= 6
    for i in range(tabs.count()):
        hint = tabs.widget(i).minimumSizeHint()
        assert hint.width() <= TAB_BUDGET[0] and hint.height() <= TAB_BUDGET[1], (tabs.tabText(i), hint)
    assert tabs.minimumSizeHint().height() <= HEIGHT_BUDGET


@pytest.mark.parametrize("screen", SMALL_SCREENS)
def test_a_small_screen_needs_no_scrolling_on_any_tab(qtbot, screen):
    from PySide6.QtWidgets import QApplication

    window = _window_on(qtbot, screen)
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        QApplication.processEvents()
        assert window.scroll.verticalScrollBar().maximum() == 0, window.tabs.tabText(i)
        assert window.scroll.horizontalScrollBar().maximum() == 0, window.tabs.tabText(i)


def test_the_draw_tabs_layers_scroll_up_and_down_never_sideways(qtbot):
    from PySide6.QtWidgets import QApplication

    window = _window_on(qtbot, QRect(0, 0, 1280, 720))
    panel = window.canvas
    window.tabs.setCurrentWidget(panel)
    rng = np.random.default_rng(0)
    panel.show_image(rng.random((28, 28), np.float32))
    QApplication.processEvents()
    view = panel.activations
    assert len(view.tiles) >= 3 and view.horizontalScrollBar().maximum() == 0
    assert view.verticalScrollBar().maximum() > 0       # more layers than fit: they scroll
    for widget in (panel.canvas, panel.bars_plot, panel.input_view, panel.digit_label, panel.brush, view):
        assert widget.isVisible() and _shown_whole(widget), widget.objectName()
    for tile in view.tiles:                              # each tile whole across the list
        assert tile.width() >= tile.minimumSizeHint().width()
        assert tile.geometry().right() < view.viewport().width()


@pytest.mark.parametrize("screen", SMALL_SCREENS)
def test_every_widget_of_the_train_tab_is_shown_whole_on_a_small_screen(qtbot, screen):
    window = _window_on(qtbot, screen)
    panel = window.training
    assert window.scroll.verticalScrollBar().maximum() == 0
    form = panel.settings.layout()
    fields = [form.itemAt(i).widget() for i in range(form.count()) if form.itemAt(i).widget() is not None]
    shown = [w for w in fields if w.isVisible()]
    assert len(shown) >= 10
    for widget in (panel.train_button, panel.pause_button, panel.stop_button, panel.more_button,
                   panel.save_button, panel.load_button, panel.csv_button, panel.epoch_progress,
                   panel.overall_progress, panel.views.tabBar(), panel.plots.smoothing, panel.plots.log_scale,
                   panel.plots.scroll, *shown):
        assert widget.isVisible(), widget.objectName()
        assert _shown_whole(widget), widget.objectName() or widget.text()
        assert widget.width() >= widget.minimumSizeHint().width(), widget.objectName()
    # the plots scroll up and down inside their tab, never sideways
    assert panel.plots.scroll.horizontalScrollBar().maximum() == 0


def test_the_settings_fold_away_to_give_the_train_tabs_views_the_whole_width(qtbot):
    from PySide6.QtWidgets import QApplication

    window = _window_on(qtbot, QRect(0, 0, 1280, 720))
    panel = window.training
    width = panel.views.width()
    panel.settings_toggle.click()
    QApplication.processEvents()
    assert not panel.settings_scroll.isVisible() and panel.views.width() > width + 200
    bar = panel.views.tabBar()
    assert all(bar.rect().contains(bar.tabRect(i)) for i in range(bar.count()))  # every sub-tab in sight
    panel.settings_toggle.click()
    QApplication.processEvents()
    assert panel.settings_scroll.isVisible() and _shown_whole(panel.settings)
