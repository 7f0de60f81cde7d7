"""mtorch-gui: start the desktop app (``mtorch-gui [MODEL.json]`` or ``python -m mtorch_gui``).

``--screenshot PATH`` renders the main window to a PNG (offscreen works) and exits; ``--theme dark|light``
forces a palette instead of the system's; ``--language en|zh_CN`` a language instead of the one chosen in the
Language menu (or, by default, the system's).
"""

from __future__ import annotations

import argparse
import signal
import sys

import PySide6  # noqa: F401  (PySide6 before pyqtgraph, so pyqtgraph picks this binding)
from PySide6.QtCore import QCoreApplication, QRect, QSettings, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

import mtorch
from mtorch_gui.i18n import LANGUAGES, chosen_language, install_translators

ORGANIZATION, APPLICATION = "mtorch", "mtorch-gui"
SCREENSHOT_SIZE = (1440, 900)
SIGNAL_POLL_MS = 200  # how often the event loop hands control to Python, so a Ctrl+C is seen


def _dark_palette() -> QPalette:
    p = QPalette()
    colors = {
        QPalette.Window: "#24272b", QPalette.WindowText: "#e6e6e6", QPalette.Base: "#1c1e21",
        QPalette.AlternateBase: "#2a2d31", QPalette.ToolTipBase: "#2f3337", QPalette.ToolTipText: "#e6e6e6",
        QPalette.Text: "#e6e6e6", QPalette.Button: "#2f3337", QPalette.ButtonText: "#e6e6e6",
        QPalette.BrightText: "#ff6b6b", QPalette.Link: "#6cb4ff", QPalette.Highlight: "#2f6fbf",
        QPalette.HighlightedText: "#ffffff", QPalette.PlaceholderText: "#8a8f96", QPalette.Mid: "#3a3e43",
        QPalette.Midlight: "#34383d", QPalette.Dark: "#151719", QPalette.Shadow: "#000000",
        QPalette.Light: "#3f4449",
    }
    for role, color in colors.items():
        p.setColor(role, QColor(color))
    for role in (QPalette.Text, QPalette.WindowText, QPalette.ButtonText):
        p.setColor(QPalette.Disabled, role, QColor("#7c8188"))
    return p


def make_application(argv: list[str], theme: str = "system", language: str | None = None) -> QApplication:
    """The QApplication with mtorch's names (for QSettings), icon, translations (``language``, default: the
    one chosen in the Language menu, else the system's) and, if asked, a forced theme."""
    # The app's models are small: one BLAS thread is fastest for them (two made a canvas prediction 3x
    # slower here), and it leaves the other core to the user interface while a model trains.
    mtorch.set_num_threads(1)
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    app = QApplication.instance() or QApplication(argv)
    install_translators(app, language or chosen_language(QSettings()))
    from mtorch_gui.editor.icons import app_icon

    app.setWindowIcon(app_icon())
    app.setApplicationDisplayName("mtorch")
    app.garbage_collector = collect_garbage_on_the_ui_thread()
    if theme != "system":
        app.setStyle(QStyleFactory.create("Fusion"))
        app.setPalette(_dark_palette() if theme == "dark" else app.style().standardPalette())
    return app


def collect_garbage_on_the_ui_thread():
    """Turn Python's automatic cycle collection off and collect on a UI-thread timer instead (pyqtgraph's
    GarbageCollector); keep the returned object alive, stop its ``timer`` and ``gc.enable()`` to undo.

    Automatic collection runs in whichever thread happens to allocate. On the training worker's thread it may
    collect a cycle that holds a Qt object (a closed dialog, an old widget); the object's destructor then waits
    for the GIL that the UI thread holds while it waits for the worker: a deadlock (seen in CI, stack in
    ``QObject::~QObject`` under ``gc_collect_main`` on the worker).
    """
    from pyqtgraph.util.garbage_collector import GarbageCollector

    return GarbageCollector(interval=1.0)


def initial_geometry(available: QRect, preferred: tuple[int, int] = SCREENSHOT_SIZE) -> QRect:
    """The first window's frame: ``preferred`` (1440x900), shrunk to the screen's ``available`` area
    (without task bars) and centred in it."""
    width, height = min(preferred[0], available.width()), min(preferred[1], available.height())
    return QRect(available.x() + (available.width() - width) // 2, available.y() + (available.height() - height) // 2,
                 width, height)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="mtorch-gui", description="Build, train and probe mtorch networks.")
    parser.add_argument("model", nargs="?", help="an architecture file (.json) to open")
    parser.add_argument("--screenshot", metavar="PATH", help="save a PNG of the main window and exit")
    parser.add_argument("--theme", choices=("system", "light", "dark"), default="system",
                        help="colour theme (default: the system's)")
    parser.add_argument("--language", choices=tuple(LANGUAGES),
                        help="interface language (default: the one chosen in the app, else the system's)")
    return parser.parse_args(argv)


def screenshot(window, path: str) -> bool:
    """Lay the window out at a fixed size, let it settle, and save it as a PNG."""
    window.resize(*SCREENSHOT_SIZE)
    window.show()
    for _ in range(5):
        QApplication.processEvents()
    return window.grab().save(path, "PNG")


def close_on_ctrl_c(window) -> None:
    """Ctrl+C in the terminal closes ``window`` as File > Quit does (asking about unsaved work, stopping a
    run); a second Ctrl+C while it asks ends the process at once.

    Python runs signal handlers only between its own bytecodes, never while Qt's event loop waits in C++,
    so a timer owned by the window wakes the interpreter regularly; the handler then runs on the UI thread,
    inside the event loop, where closing a window is safe.
    """
    def close(signum, frame):
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        if not window.close():  # the user chose Cancel: listen again
            signal.signal(signal.SIGINT, close)

    signal.signal(signal.SIGINT, close)
    timer = QTimer(window)
    timer.timeout.connect(lambda: None)
    timer.start(SIGNAL_POLL_MS)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    app = make_application([sys.argv[0], *argv], args.theme, args.language)
    from mtorch_gui.main_window import MainWindow

    window = MainWindow(use_settings=args.screenshot is None)
    if args.model:
        window.open_file(args.model)
    if args.screenshot:
        ok = screenshot(window, args.screenshot)
        window.close()
        if not ok:
            print(f"mtorch-gui: could not write {args.screenshot}", file=sys.stderr)
        return 0 if ok else 1
    if window.opens_maximized:
        window.showMaximized()
    else:
        window.show()
    close_on_ctrl_c(window)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
