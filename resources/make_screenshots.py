"""Regenerate the README's picture of the main window (and a dark-theme one to check the colours).

    python resources/make_screenshots.py

Runs ``mtorch-gui --screenshot`` offscreen, so it works without a display; QSettings are not touched.
"""

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHOTS = {"main_window.png": "light", "main_window_dark.png": "dark"}


def main() -> int:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    (HERE / "screenshots").mkdir(exist_ok=True)
    for name, theme in SHOTS.items():
        path = HERE / "screenshots" / name
        subprocess.run([sys.executable, "-m", "mtorch_gui", "--theme", theme, "--screenshot", str(path)],
                       env=env, check=True)
        print(f"wrote {path.relative_to(HERE.parent)} ({path.stat().st_size // 1024} kB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
