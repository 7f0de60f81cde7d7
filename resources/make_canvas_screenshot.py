"""Regenerate resources/screenshots/canvas.png: the Draw tab reading a digit drawn with mouse events
with the shipped CNN, its probability bars each with its percentage, and every layer's activations
(offscreen, no display needed).

    python resources/make_canvas_screenshot.py
"""

import json
import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from mtorch_gui.canvas.panel import CanvasPanel  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
STROKES = ROOT / "tests" / "data" / "strokes" / "digits.json"
DIGIT = 17           # a 1 from the robustness set that looks a little like a 9, 7 and 4: several bars show
OUT = ROOT / "resources" / "screenshots" / "canvas.png"


def main():
    app = QApplication.instance() or QApplication([])
    panel = CanvasPanel()
    panel.resize(900, 700)
    panel.show()
    for stroke in json.loads(STROKES.read_text())["digits"][DIGIT]["strokes"]:
        QTest.mousePress(panel.canvas, Qt.MouseButton.LeftButton, pos=QPoint(*stroke[0]))
        for x, y in stroke[1:]:
            QTest.mouseMove(panel.canvas, QPoint(x, y))
        QTest.mouseRelease(panel.canvas, Qt.MouseButton.LeftButton, pos=QPoint(*stroke[-1]))
    QTest.qWait(200)
    OUT.parent.mkdir(exist_ok=True)
    panel.grab().save(str(OUT))
    print(f"wrote {OUT.relative_to(ROOT)}: read as {panel.digit_label.text()} ({panel.confidence_label.text()})")
    app.processEvents()


if __name__ == "__main__":
    main()
