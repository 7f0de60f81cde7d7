"""The default model on mouse-drawn digits, replayed through the canvas with mouse events: two robustness
sets of 10 per digit in tests/data/strokes/ (digits.json from hand-authored stroke skeletons with random
variation, make_strokes.py; mnist_traced.json traced from MNIST test images' skeletons, trace_mnist.py);
and the bars following every mouse move."""

import json
import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

pytest.importorskip("pytestqt")

from PySide6.QtCore import QPoint, Qt  # noqa: E402

from mtorch_gui.canvas.panel import CanvasPanel  # noqa: E402

STROKES = Path(__file__).parents[1] / "data" / "strokes"
DIGITS = json.loads((STROKES / "digits.json").read_text())["digits"]


@pytest.fixture
def panel(qtbot):
    p = CanvasPanel()
    qtbot.addWidget(p)
    p.show()
    qtbot.waitExposed(p)
    assert p.usable(), p.message.text()
    return p


def replay(qtbot, panel, strokes):
    """Draw the strokes with mouse events; returns the prediction made when the last stroke ends."""
    canvas = panel.canvas
    for stroke in strokes:
        qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(*stroke[0]))
        for x, y in stroke[1:]:
            qtbot.mouseMove(canvas, QPoint(x, y))
        with qtbot.waitSignal(panel.predictionChanged) as blocker:
            qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(*stroke[-1]))
    return blocker.args[0]


@pytest.mark.parametrize("name", ["digits.json", "mnist_traced.json"])
def test_default_model_reads_mouse_drawn_digits(panel, qtbot, name):
    digits = json.loads((STROKES / name).read_text())["digits"]
    assert all(sum(d["label"] == k for d in digits) >= 5 for k in range(10))
    wrong = []
    for i, digit in enumerate(digits):
        qtbot.keyClick(panel.canvas, Qt.Key.Key_Escape)
        read = replay(qtbot, panel, digit["strokes"])
        if read != digit["label"]:
            wrong.append(f"#{i}: {digit['label']} read as {read}")
    accuracy = 1 - len(wrong) / len(digits)
    print(f"\n{name}: {accuracy:.1%} of {len(digits)} read correctly; wrong: {', '.join(wrong) or 'none'}")
    assert accuracy >= 0.9


def test_every_mouse_move_updates_the_bars(panel, qtbot):
    """While a digit is drawn, each mouse move brings a new prediction to the bars (how fast:
    benchmarks/bench_gui_latency.py; a test never depends on the machine's speed)."""
    predictions = []
    panel.predictionChanged.connect(lambda digit, probabilities: predictions.append(digit))
    moves = 0
    for stroke in DIGITS[38]["strokes"]:
        qtbot.mousePress(panel.canvas, Qt.MouseButton.LeftButton, pos=QPoint(*stroke[0]))
        for x, y in stroke[1:]:
            with qtbot.waitSignal(panel.predictionChanged, timeout=60_000):
                qtbot.mouseMove(panel.canvas, QPoint(x, y))
            moves += 1
        qtbot.mouseRelease(panel.canvas, Qt.MouseButton.LeftButton, pos=QPoint(*stroke[-1]))
    assert moves > 50 and len(predictions) >= moves and predictions[-1] == DIGITS[38]["label"]
