"""Regenerate the README's pictures of the main window (and a dark-theme one to check the colours).

    python resources/make_screenshots.py                 # English, light and dark
    python resources/make_screenshots.py --lang zh_CN    # Simplified Chinese (needs a CJK font, e.g. fonts-noto-cjk)

Runs ``mtorch-gui --screenshot`` offscreen, so it works without a display; QSettings are not touched.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHOTS = {"en": {"main_window.png": "light", "main_window_dark.png": "dark"},
         "zh_CN": {"main_window_zh_CN.png": "light"}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=tuple(SHOTS), default="en", help="interface language (default: en)")
    args = parser.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    (HERE / "screenshots").mkdir(exist_ok=True)
    for name, theme in SHOTS[args.lang].items():
        path = HERE / "screenshots" / name
        subprocess.run([sys.executable, "-m", "mtorch_gui", "--theme", theme, "--language", args.lang,
                        "--screenshot", str(path)], env=env, check=True)
        print(f"wrote {path.relative_to(HERE.parent)} ({path.stat().st_size // 1024} kB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
