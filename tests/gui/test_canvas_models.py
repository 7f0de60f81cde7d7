"""The Draw tab's choice of model (pytest-qt, offscreen): the shipped CNN, the model just trained, weights
loaded from a file; "Next mistake" on the shipped CNN with the true label; all ten percentages on the bars;
the brush size."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

pytest.importorskip("pytestqt")

from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtWidgets import QPushButton  # noqa: E402
from test_canvas import MLP, RNN, SEVEN, draw, payload  # noqa: E402  (tests/gui is on sys.path)

import mtorch  # noqa: E402
from mtorch_gui.canvas.choice import FILE, SHIPPED, TRAINED  # noqa: E402
from mtorch_gui.canvas.panel import CanvasPanel, percent  # noqa: E402
from mtorch_gui.canvas.preprocess import strokes_to_mnist  # noqa: E402
from mtorch_gui.data.builtin import mnist_arrays  # noqa: E402
from mtorch_gui.model.spec import LayerSpec  # noqa: E402

SEARCH_TIMEOUT = 120_000    # ms; a guard against a hang, never reached on a working build


@pytest.fixture
def panel(qtbot):
    p = CanvasPanel()           # with the shipped CNN
    qtbot.addWidget(p)
    p.show()
    qtbot.waitExposed(p)
    assert p.usable(), p.message.text()
    return p


def box_items(panel):
    box = panel.model_box
    return [(box.itemText(i), box.itemData(i)) for i in range(box.count())]


def choose_in_box(qtbot, panel, source):
    """Pick `source` in the combo box with the keyboard, as a user would."""
    box = panel.model_box
    box.setFocus()
    while box.itemData(box.currentIndex()) != source:
        key = Qt.Key.Key_Up if box.findData(source) < box.currentIndex() else Qt.Key.Key_Down
        qtbot.keyClick(box, key)


def test_choice_of_model_and_back_to_the_shipped_cnn_after_an_rnn_run(panel, qtbot):
    shipped = panel.predictor
    assert box_items(panel) == [("Shipped CNN", SHIPPED)] and panel.model_label.text().startswith("Model: Default CNN")
    panel.set_model(payload(RNN, dataset="sin_to_cos", input_shape=(50, 1)))     # an RNN run ended
    assert box_items(panel) == [("Shipped CNN", SHIPPED), ("Just trained: test model", TRAINED)]
    assert panel.pages.currentWidget() is panel.sine_view
    assert "Choose “Shipped CNN” above" in panel.message.text()
    choose_in_box(qtbot, panel, SHIPPED)
    assert panel.predictor is shipped and panel.pages.currentIndex() == 0 and panel.usable()
    with qtbot.waitSignal(panel.predictionChanged) as blocker:
        draw(qtbot, panel.canvas, SEVEN)
    assert blocker.args[0] == 7 and panel.message.text() == ""
    # the RNN's next epochs do not take the canvas away from the chosen CNN; the end of a run does
    panel.follow_training(payload(RNN, dataset="sin_to_cos", input_shape=(50, 1)))
    assert panel.predictor is shipped and panel.model_box.currentData() == SHIPPED
    panel.set_model(payload(MLP))
    assert panel.model_box.currentData() == TRAINED and panel.predictor.name == "test model"
    assert panel.pages.currentIndex() == 0
    choose_in_box(qtbot, panel, SHIPPED)
    assert panel.predictor is shipped


def test_a_new_sequence_run_is_followed_live_from_its_first_epoch(panel):
    panel.follow_training(payload(RNN, dataset="sin_to_cos", input_shape=(50, 1)))
    assert panel.model_box.currentData() == TRAINED and panel.pages.currentWidget() is panel.sine_view
    second = payload(RNN, dataset="sin_to_cos", input_shape=(50, 1))
    panel.follow_training(second)
    assert panel.sine_view.predictor is panel.predictor and panel.predictor.spec is second["spec"]


def test_load_weights_into_the_open_architecture_and_a_mismatch_changes_nothing(qtbot, tmp_path, dialogs):
    spec = payload(MLP)["spec"]
    p = CanvasPanel(open_spec=lambda: spec)
    qtbot.addWidget(p)
    shipped = p.predictor
    wrong = payload(MLP[:-1] + [LayerSpec("Linear", {"out_features": 5})])["spec"].build()
    mtorch.save(wrong.state_dict(), tmp_path / "wrong.safetensors")
    assert not p.load_weights(tmp_path / "wrong.safetensors")
    (kind, title, text), = dialogs
    assert kind == "warning" and title == "Cannot load the weights"
    assert "wrong.safetensors do not fit the open model “test model”; nothing was loaded" in text
    assert "size mismatch for 3.weight: copying a param with shape (5, 32)" in text
    assert p.predictor is shipped and box_items(p) == [("Shipped CNN", SHIPPED)]

    model = spec.build()
    mtorch.save(model.state_dict(), tmp_path / "mlp.safetensors")
    assert p.load_weights(tmp_path / "mlp.safetensors")
    assert box_items(p)[-1] == ("From file: mlp.safetensors", FILE) and p.model_box.currentData() == FILE
    image = strokes_to_mnist([SEVEN])
    probs, _ = p.predictor.forward(image)
    with mtorch.no_grad():
        expected = mtorch.softmax(model(mtorch.from_numpy(image[None, None])), dim=1).numpy()[0]
    np.testing.assert_allclose(probs, expected, rtol=1e-5, atol=1e-7)
    assert p.predictor.spec is not spec          # a copy: later edits of the open model do not reach it


def test_next_mistake_on_the_shipped_cnn_shows_the_true_label(panel, qtbot):
    images, labels = mnist_arrays(False)
    mistake = panel.findChild(QPushButton, "mistakeButton")
    with qtbot.waitSignal(panel.mistakesFound, timeout=SEARCH_TIMEOUT) as found:
        qtbot.mouseClick(mistake, Qt.MouseButton.LeftButton)
        # the click returned at once: the test images load off the UI thread, then the search goes on in chunks
        assert panel.source_label.text().startswith("Loading the test images of MNIST")
    assert found.args == [147]                   # 98.53% of MNIST's 10000 test images right
    shown = []
    for n in (1, 2):
        if n == 2:
            qtbot.mouseClick(mistake, Qt.MouseButton.LeftButton)
        wrong, predictions = panel.predictor.mistakes
        i = wrong[n - 1]
        np.testing.assert_array_equal(panel.network_input(), images[i].reshape(28, 28))
        assert panel.truth_label.text() == f"true label: {labels[i]}"
        assert panel.digit_label.text() == str(predictions[n - 1]) != str(labels[i])
        assert panel.source_label.text().startswith(f"Mistake {n} of 147: MNIST test image {i}, labelled "
                                                    f"{labels[i]}, read as {predictions[n - 1]}")
        shown.append(i)
    assert shown[0] != shown[1]
    with qtbot.waitSignal(panel.predictionChanged):
        draw(qtbot, panel.canvas, SEVEN)         # a drawing has no true label
    assert panel.truth_label.text() == ""


def test_a_random_test_image_shows_its_true_label(panel, qtbot):
    qtbot.mouseClick(panel.findChild(QPushButton, "randomImageButton"), Qt.MouseButton.LeftButton)
    assert panel.source_label.text().startswith("Loading the test images of MNIST")  # off the UI thread
    qtbot.waitUntil(lambda: "labelled " in panel.source_label.text(), timeout=SEARCH_TIMEOUT)
    label = panel.source_label.text().split("labelled ")[1].split(".")[0]
    assert panel.truth_label.text() == f"true label: {label}"


def test_all_ten_percentages_are_shown(panel, qtbot):
    with qtbot.waitSignal(panel.predictionChanged) as blocker:
        draw(qtbot, panel.canvas, SEVEN)
    probs = blocker.args[1]
    texts = [label.toPlainText() for label in panel.bar_labels]
    assert texts == [percent(p) for p in probs] and all(texts)
    assert texts[7] == f"{probs[7]:.0%}"
    for i, label in enumerate(panel.bar_labels):
        assert label.isVisible() and label.pos().x() == i and label.pos().y() == pytest.approx(probs[i])
    plot_area = panel.bars_plot.getViewBox().sceneBoundingRect()
    assert all(plot_area.contains(label.sceneBoundingRect()) for label in panel.bar_labels)     # none cut off
    assert [percent(p) for p in (1.0, 0.456, 0.004, 0.0001)] == ["100%", "46%", "<1%", "0%"]
    with qtbot.waitSignal(panel.predictionChanged):
        panel.canvas.clear()
    assert [label.toPlainText() for label in panel.bar_labels] == [""] * 10


def ink_pixels(canvas):
    image = canvas.grab().toImage()
    return sum(image.pixelColor(x, y).lightness() < 100 for x in range(0, canvas.width(), 2)
               for y in range(0, canvas.height(), 2))


def test_brush_size(panel, qtbot):
    draw(qtbot, panel.canvas, SEVEN)
    thin_screen, thin_input = ink_pixels(panel.canvas), panel.network_input().sum()
    np.testing.assert_array_equal(panel.network_input(), strokes_to_mnist([SEVEN]))   # the default is MNIST's pen
    with qtbot.waitSignal(panel.predictionChanged):
        panel.brush.setValue(36)
    assert panel.canvas.pen_width == 36
    assert ink_pixels(panel.canvas) > 1.5 * thin_screen and panel.network_input().sum() > 1.5 * thin_input
    panel.brush.setValue(1000)
    assert panel.canvas.pen_width == panel.brush.maximum() == 40
    panel.canvas.clear()
    panel.brush.setValue(10)        # with nothing drawn, nothing to read again
    assert panel.canvas.strokes.is_empty() and panel.canvas.pen_width == 10
    qtbot.mousePress(panel.canvas, Qt.MouseButton.LeftButton, pos=QPoint(140, 140))
    qtbot.mouseRelease(panel.canvas, Qt.MouseButton.LeftButton, pos=QPoint(140, 140))
    assert panel.network_input().max() > 0
