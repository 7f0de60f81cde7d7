"""The Draw tab (pytest-qt, offscreen): drawing, clear and undo, the model messages, the activations view
and the sin-to-cos view."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

pytest.importorskip("pytestqt")

from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtWidgets import QPushButton  # noqa: E402

import mtorch  # noqa: E402
import mtorch.nn.functional as F  # noqa: E402
from mtorch_gui.canvas.panel import CanvasPanel  # noqa: E402
from mtorch_gui.model.spec import LayerSpec, ModelSpec  # noqa: E402

MLP = [LayerSpec("Flatten"), LayerSpec("Linear", {"out_features": 32}), LayerSpec("ReLU"),
       LayerSpec("Linear", {"out_features": 10})]
CNN = [LayerSpec("Conv2d", {"out_channels": 4, "kernel_size": 3, "padding": 1}), LayerSpec("ReLU"),
       LayerSpec("MaxPool2d", {"kernel_size": 2}), LayerSpec("Flatten"), LayerSpec("Linear", {"out_features": 10})]
RNN = [LayerSpec("RNN", {"hidden_size": 16}), LayerSpec("Linear", {"out_features": 1})]


def payload(layers, trained=True, dataset="mnist", input_shape=(1, 28, 28)):
    spec = ModelSpec(name="test model", dataset=dataset, input_shape=input_shape, layers=layers)
    model = spec.build()
    state = {k: v.numpy().copy() for k, v in model.state_dict().items()} if trained else None
    return {"spec": spec, "state_dict": state}


@pytest.fixture
def panel(qtbot):
    p = CanvasPanel(model_path="no such model")      # tests choose their models
    qtbot.addWidget(p)
    p.set_model(payload(MLP))
    return p


def draw(qtbot, canvas, points):
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(*points[0]))
    for p in points[1:]:
        qtbot.mouseMove(canvas, QPoint(*p))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(*points[-1]))


SEVEN = [(60, 50), (120, 50), (200, 52), (170, 120), (140, 190), (120, 240)]
BAR = [(90, 140), (190, 140)]


def test_drawing_gives_ink_and_a_prediction(panel, qtbot):
    with qtbot.waitSignal(panel.predictionChanged) as blocker:
        draw(qtbot, panel.canvas, SEVEN)
    digit, probs = blocker.args
    assert 0 <= digit <= 9 and probs.shape == (10,) and abs(probs.sum() - 1) < 1e-5
    assert digit == int(np.argmax(probs)) and panel.digit_label.text() == str(digit)
    assert len(panel.canvas.strokes) == 1 and len(panel.canvas.strokes.strokes[0]) == len(SEVEN)
    ink = panel.canvas.grab().toImage()
    assert ink.pixelColor(200, 52).lightness() < 100 and ink.pixelColor(20, 260).lightness() > 200
    assert panel.network_input().max() > 0.9


def test_clear_and_undo(panel, qtbot):
    canvas = panel.canvas
    draw(qtbot, canvas, SEVEN)
    draw(qtbot, canvas, BAR)
    assert len(canvas.strokes) == 2
    qtbot.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert canvas.strokes.strokes[0][0] == SEVEN[0] and len(canvas.strokes) == 1
    with qtbot.waitSignal(panel.predictionChanged) as blocker:
        qtbot.keyClick(canvas, Qt.Key.Key_Delete)
    assert canvas.strokes.is_empty() and blocker.args[0] == -1
    for clear in (lambda: qtbot.keyClick(canvas, Qt.Key.Key_Escape),
                  lambda: qtbot.mouseClick(canvas, Qt.MouseButton.RightButton, pos=QPoint(10, 10)),
                  lambda: qtbot.mouseClick(panel.findChild(QPushButton, "clearButton"), Qt.MouseButton.LeftButton)):
        draw(qtbot, canvas, SEVEN)
        clear()
        assert canvas.strokes.is_empty()
    qtbot.mouseClick(panel.findChild(QPushButton, "undoButton"), Qt.MouseButton.LeftButton)   # nothing to undo
    assert canvas.strokes.is_empty()


@pytest.mark.parametrize("model, expected", [
    (payload(MLP, trained=False), "not been trained"),
    (payload(MLP[:-1] + [LayerSpec("Linear", {"out_features": 5})]), "ends with (5) values per sample"),
    (payload(MLP, input_shape=(3, 32, 32)), "reads inputs of shape 3x32x32"),
    ({"spec": payload(MLP)["spec"], "state_dict": {"1.weight": np.zeros((3, 3))}}, "cannot run"),
])
def test_says_why_it_cannot_read(panel, qtbot, model, expected):
    panel.set_model(model)
    with qtbot.waitSignal(panel.predictionChanged) as blocker:
        draw(qtbot, panel.canvas, SEVEN)
    assert blocker.args == [-1, None]
    assert expected in panel.message.text() and panel.message.isVisibleTo(panel)
    assert panel.digit_label.text() == "?"


def test_activations_of_an_mlp_and_enlarge(panel, qtbot):
    panel.show()
    draw(qtbot, panel.canvas, SEVEN)
    qtbot.waitUntil(lambda: len(panel.activations.tiles) == 5)
    qtbot.waitUntil(lambda: all(tile.isVisible() for tile in panel.activations.tiles))
    titles = [t.title for t in panel.activations.tiles]
    assert titles == ["1 Flatten", "2 Linear", "3 ReLU", "4 Linear", "softmax"]
    assert panel.activations.tiles[1].values.shape == (32,)
    qtbot.mouseClick(panel.activations.tiles[1], Qt.MouseButton.LeftButton)
    assert panel.activations.enlarged.isVisible() and "2 Linear" in panel.activations.enlarged.windowTitle()


def test_activations_of_a_cnn(panel, qtbot):
    panel.set_model(payload(CNN))
    draw(qtbot, panel.canvas, SEVEN)
    qtbot.waitUntil(lambda: len(panel.activations.tiles) == 6)
    conv, _, pool = panel.activations.tiles[:3]
    assert conv.values.shape == (4, 28, 28) and pool.values.shape == (4, 14, 14)
    assert conv._picture.pixmap().width() >= 2 * 28     # feature maps drawn side by side


def test_loads_a_test_image(panel, qtbot):
    with qtbot.waitSignal(panel.predictionChanged) as blocker:
        qtbot.mouseClick(panel.findChild(QPushButton, "randomImageButton"), Qt.MouseButton.LeftButton)
    assert panel.canvas.has_image() and 0 <= blocker.args[0] <= 9
    assert panel.source_label.text().startswith("MNIST test image")
    image = np.zeros((28, 28), np.float32)
    image[5:23, 13:15] = 1
    panel.show_image(image)
    np.testing.assert_array_equal(panel.network_input(), image)
    with qtbot.waitSignal(panel.predictionChanged):
        draw(qtbot, panel.canvas, SEVEN)      # drawing replaces the image
    assert not panel.canvas.has_image() and panel.source_label.text() == ""


def train_rnn(steps=150):
    mtorch.manual_seed(0)
    data = mtorch.datasets.SineToCosine(256, seq_len=50)
    model_payload = payload(RNN, dataset="sin_to_cos", input_shape=(50, 1))
    model = model_payload["spec"].build()
    optimizer = mtorch.optim.Adam(model.parameters(), lr=0.01)
    for step in range(steps):
        i = slice(step * 32 % 256, step * 32 % 256 + 32)
        loss = F.mse_loss(model(data.inputs[i]), data.targets[i])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    model_payload["state_dict"] = {k: v.numpy().copy() for k, v in model.state_dict().items()}
    return model_payload


def sine_mse(view):
    x, y = view.prediction_curve.getData()
    return float(np.mean((y[5:] - view.curves()[1][5:]) ** 2))


def test_sine_view_untrained_then_trained(panel, qtbot):
    panel.set_model(payload(RNN, trained=False, dataset="sin_to_cos", input_shape=(50, 1)))
    view = panel.sine_view
    assert panel.pages.currentWidget() is view and "sequence model" in panel.message.text()
    assert "not been trained" in view.title.text()
    assert view.prediction_curve.getData()[0] is None or len(view.prediction_curve.getData()[0]) == 0
    assert len(view.target_curve.getData()[1]) == 50

    random_weights = payload(RNN, dataset="sin_to_cos", input_shape=(50, 1))
    panel.follow_training(random_weights)                 # an epoch's weights: followed live
    before = sine_mse(view)
    panel.follow_training(train_rnn())
    after = sine_mse(view)
    assert after < before / 3 and "Mean squared error" in view.error_label.text()
    old_target = view.target_curve.getData()[1].copy()
    view.phase.setValue(200)
    assert not np.allclose(view.target_curve.getData()[1], old_target)
    assert len(view.prediction_curve.getData()[1]) == 50

    panel.set_model(payload(MLP))                           # back to digits
    assert panel.pages.currentIndex() == 0


def test_digit_models_replace_the_current_one_only_when_training_ends(panel):
    before = panel.predictor
    panel.follow_training(payload(CNN))
    assert panel.predictor is before


def test_a_sequence_model_never_reads_images(panel, qtbot):
    panel.set_model(payload(RNN, dataset="sin_to_cos", input_shape=(50, 1)))
    for name in ("mistakeButton", "randomImageButton"):
        qtbot.mouseClick(panel.findChild(QPushButton, name), Qt.MouseButton.LeftButton)  # was KeyError (50, 1)
        assert "cannot read images" in panel.message.text() and not panel.canvas.has_image()
        assert "Shipped CNN" in panel.message.text()          # the way back
    panel.show_image(np.zeros((28, 28), np.float32))
    assert panel.pages.currentWidget() is panel.sine_view


def test_model_names_are_plain_text_and_a_stored_accuracy_must_be_a_number(panel):
    model = payload(MLP)
    model["spec"].name = "<b>bold</b> <img src=x>"
    for stored, shown in (("high", None), (True, None), (float("nan"), None), (0.9812, "98.1%")):
        model["spec"].metrics = {"test_accuracy": stored}
        panel.set_model(model)  # a string here raised when a run ended
        assert panel.model_label.textFormat() == Qt.TextFormat.PlainText
        text = panel.model_label.text()
        assert text.startswith("Model: <b>bold</b> <img src=x>")
        assert (shown in text) if shown else ("accuracy" not in text)
