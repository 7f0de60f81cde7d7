"""Regenerate the README's pictures of the main window (and a dark-theme one to check the colours).

    python resources/make_screenshots.py                 # English, light and dark
    python resources/make_screenshots.py --lang zh_CN    # Simplified Chinese (needs a CJK font, e.g. fonts-noto-cjk)
    python resources/make_screenshots.py --screens       # the first window on laptop and desktop screens

Runs ``mtorch-gui --screenshot`` offscreen, so it works without a display; QSettings are not touched. With
``--screens`` the offscreen platform pretends to be each screen below (its size and device pixel ratio,
through the plugin's ``configfile`` option), so the pictures show the window as it first opens there.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHOTS = {"en": {"main_window.png": "light", "main_window_dark.png": "dark"},
         "zh_CN": {"main_window_zh_CN.png": "light"}}
# picture: (width, height, device pixel ratio) of the screen, in logical pixels; a ratio of 2 is a
# 2560x1440 panel scaled by 2 (QT_SCALE_FACTOR: the offscreen plugin's own "dpr" is not applied to a grab)
SCREENS = {"main_window_1280x720.png": (1280, 720, 1), "main_window_1366x768.png": (1366, 768, 1),
           "main_window_1920x1080.png": (1920, 1080, 1), "main_window_1280x720_dpr2.png": (1280, 720, 2)}


# the window as it first opens on its screen (mtorch-gui --screenshot lays it out at a fixed 1440x900 instead)
FIRST_WINDOW = """
import sys
from PySide6.QtWidgets import QApplication
from mtorch_gui.app import make_application
app = make_application(sys.argv[:1], "light", "en")
from mtorch_gui.main_window import MainWindow
window = MainWindow(use_settings=False)
window.show()
for _ in range(5):
    QApplication.processEvents()
sys.exit(0 if window.grab().save(sys.argv[1], "PNG") else 1)
"""


def screen_environment(folder: Path, width: int, height: int, ratio: int) -> dict:
    """QT_QPA_PLATFORM and QT_SCALE_FACTOR for an offscreen screen of that logical size and pixel ratio."""
    config = folder / f"screen_{width}x{height}_{ratio}.json"
    config.write_text(json.dumps({"screens": [{"name": "screen", "x": 0, "y": 0, "width": width * ratio,
                                               "height": height * ratio, "logicalDpi": 96, "logicalBaseDpi": 96}]}))
    return {"QT_QPA_PLATFORM": f"offscreen:configfile={config}", "QT_SCALE_FACTOR": str(ratio)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=tuple(SHOTS), default="en", help="interface language (default: en)")
    parser.add_argument("--screens", action="store_true", help="the window on each screen of SCREENS instead")
    args = parser.parse_args()
    (HERE / "screenshots").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        if args.screens:
            shots = {name: (["-c", FIRST_WINDOW], screen_environment(Path(folder), *screen))
                     for name, screen in SCREENS.items()}
        else:
            shots = {name: (["-m", "mtorch_gui", "--theme", theme, "--language", args.lang, "--screenshot"],
                            {"QT_QPA_PLATFORM": "offscreen"}) for name, theme in SHOTS[args.lang].items()}
        for name, (command, environment) in shots.items():
            path = HERE / "screenshots" / name
            subprocess.run([sys.executable, *command, str(path)], env={**os.environ, **environment}, check=True)
            print(f"wrote {path.relative_to(HERE.parent)} ({path.stat().st_size // 1024} kB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
