"""The Draw tab inside the main window: its tab, Ctrl+Z on the canvas, images from the training panel."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

pytest.importorskip("pytestqt")

from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtWidgets import QFileDialog, QPushButton  # noqa: E402

from mtorch_gui.main_window import MainWindow  # noqa: E402


@pytest.fixture
def window(qtbot):
    w = MainWindow(use_settings=False)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_draw_tab_and_undo_shortcut(window, qtbot):
    tabs = window.tabs
    assert "Draw" in [tabs.tabText(i) for i in range(tabs.count())]
    panel = window.findChild(type(window.canvas), "canvasPanel")
    assert panel is window.canvas
    window.document.add_layer("ReLU")                 # a model edit that the window's Ctrl+Z would undo
    edits = window.document.undo_stack.index()
    tabs.setCurrentWidget(panel)
    canvas = panel.canvas
    for stroke in ([(50, 50), (150, 60)], [(60, 200), (200, 210)]):
        qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(*stroke[0]))
        qtbot.mouseMove(canvas, QPoint(*stroke[1]))
        qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(*stroke[1]))
    assert canvas.hasFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(canvas.strokes) == 1                   # the stroke went, the model edit stayed
    assert window.document.undo_stack.index() == edits


def test_images_from_the_training_panel(window, qtbot):
    image = np.zeros((28, 28), np.float32)
    image[4:24, 12:16] = 1
    with qtbot.waitSignal(window.canvas.predictionChanged):
        window.training.imageChosen.emit(image)
    assert window.tabs.currentWidget() is window.canvas and window.canvas.canvas.has_image()
    np.testing.assert_array_equal(window.canvas.network_input(), image)


def test_file_menu_load_weights_fills_the_open_model(window, qtbot, tmp_path, monkeypatch, dialogs):
    import mtorch
    from mtorch_gui.canvas.choice import FILE

    path = tmp_path / "mine.safetensors"
    mtorch.save(window.document.spec.build().state_dict(), path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *args, **kwargs: (str(path), "")))
    file_menu = window.menuBar().actions()[0].menu()
    action, = [a for a in file_menu.actions() if a.objectName() == "loadWeightsAction"]
    assert action.text() == "Load &weights…"
    window.tabs.setCurrentWidget(window.training)
    action.trigger()
    assert window.tabs.currentWidget() is window.canvas
    assert window.canvas.model_box.currentData() == FILE
    assert window.canvas.predictor.name == window.document.spec.name and window.canvas.usable()
    loaded = window.canvas.predictor
    window.document.add_layer("Linear")     # the open architecture now ends with 64 outputs, not MNIST's 10
    button = window.canvas.findChild(QPushButton, "loadWeightsButton")   # the Draw tab's button, same action
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    (kind, title, text), = dialogs
    assert kind == "warning" and text.startswith("The open model cannot take weights: The model ends with (64)")
    assert window.canvas.predictor is loaded
