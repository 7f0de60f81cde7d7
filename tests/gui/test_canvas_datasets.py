"""The Draw tab for any dataset (pytest-qt, offscreen): a model trained on an image folder (grayscale or
colour) reads what is drawn at the dataset's size and in its colours, with its class names on the bars;
a classifier of 2-D points reads the points clicked on its map."""

import os
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

pytest.importorskip("pytestqt")

from PySide6.QtCore import QPoint, QPointF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QImage  # noqa: E402
from PySide6.QtWidgets import QColorDialog, QPushButton  # noqa: E402

from mtorch_gui.canvas.panel import CanvasPanel  # noqa: E402
from mtorch_gui.data.registry import DatasetInfo  # noqa: E402
from mtorch_gui.model.spec import LayerSpec, ModelSpec  # noqa: E402
from mtorch_gui.training.config import TrainingConfig  # noqa: E402
from mtorch_gui.training.engine import Trainer  # noqa: E402

SEARCH_TIMEOUT = 120_000    # ms; a guard against a hang, never reached on a working build
SIZE = 12


def write_folder(root, colours):
    """An image folder of white SIZE x SIZE pictures: class "rows" has a 2-pixel horizontal bar, "columns" a
    vertical one, at seeded places, in the class's colour (RGB 0-255)."""
    rng = np.random.default_rng(0)
    for name, colour in colours.items():
        (root / name).mkdir(parents=True)
        for i in range(24):
            pixels = np.full((SIZE, SIZE, 3), 255, np.uint8)
            at = rng.integers(2, SIZE - 4)
            if name == "rows":
                pixels[at:at + 2, 1:-1] = colour
            else:
                pixels[1:-1, at:at + 2] = colour
            image = QImage(pixels.data, SIZE, SIZE, 3 * SIZE, QImage.Format.Format_RGB888)
            image.copy().save(str(root / name / f"{i}.png"))
    return root


def trained(spec, epochs):
    trainer = Trainer(spec, TrainingConfig.for_spec(spec, epochs=epochs, lr=0.01, batch_size=16, seed=0))
    for _ in trainer.train():
        pass
    return {"spec": spec, "state_dict": {k: v.numpy().copy() for k, v in trainer.model.state_dict().items()}}


def image_model(root, color, channels):
    return ModelSpec(name="bars", dataset="image_folder",
                     dataset_options={"path": str(root), "size": SIZE, "color": color, "test_ratio": 0.25},
                     input_shape=(channels, SIZE, SIZE),
                     layers=[LayerSpec("Flatten"), LayerSpec("Linear", {"out_features": 32}), LayerSpec("ReLU"),
                             LayerSpec("Linear", {"out_features": 2})])


@pytest.fixture
def panel(qtbot):
    p = CanvasPanel()
    qtbot.addWidget(p)
    p.show()
    qtbot.waitExposed(p)
    return p


def wait_for_test_split(qtbot, panel):
    """Wait until the test split the panel asked for has arrived from its thread."""
    qtbot.waitUntil(lambda: panel._loading is None, timeout=SEARCH_TIMEOUT)


def draw(qtbot, panel, points):
    with qtbot.waitSignal(panel.predictionChanged):
        qtbot.mousePress(panel.canvas, Qt.MouseButton.LeftButton, pos=QPoint(*points[0]))
        for p in points[1:]:
            qtbot.mouseMove(panel.canvas, QPoint(*p))
        qtbot.mouseRelease(panel.canvas, Qt.MouseButton.LeftButton, pos=QPoint(*points[-1]))
    qtbot.waitUntil(lambda: not panel._timer.isActive())
    panel.update_prediction()
    return panel.digit_label.text()


HORIZONTAL = [(30, 140), (140, 140), (250, 140)]
VERTICAL = [(140, 30), (140, 140), (140, 250)]


def test_a_grayscale_image_folder_model_reads_drawings_at_its_size(panel, qtbot, tmp_path):
    root = write_folder(tmp_path / "bars", {"columns": (0, 0, 0), "rows": (0, 0, 0)})
    panel.set_model(trained(image_model(root, "grayscale", 1), epochs=30))
    p = panel.predictor
    assert p.task == "image" and not p.mnist_style and p.problem is None and p.classes == ("columns", "rows")
    ticks = panel.bars_plot.getAxis("bottom")._tickLevels[0]
    assert [name for _, name in ticks] == ["columns", "rows"] and len(panel.bar_labels) == 2
    assert panel.canvas.paper == QColor(255, 255, 255) and panel.canvas.ink == QColor(0, 0, 0)
    assert panel.canvas.hint == "Draw here" and not panel.ink_button.isVisibleTo(panel)
    panel.brush.setValue(40)        # the ink as thick as the dataset's bars: 40 of 280 px is 1.7 of 12

    assert draw(qtbot, panel, HORIZONTAL) == "rows"
    drawn = panel.network_input()
    assert drawn.shape == (SIZE, SIZE) and drawn[0].min() == 1 and drawn[SIZE // 2].min() < 0.3   # dark on white
    assert [label.toPlainText() for label in panel.bar_labels] == [f"{q:.0%}" if q >= 0.005 else
                                                                   ("<1%" if q >= 0.0005 else "0%")
                                                                   for q in p.forward(drawn)[0]]
    panel.canvas.clear()
    assert draw(qtbot, panel, VERTICAL) == "columns"

    qtbot.mouseClick(panel.findChild(QPushButton, "randomImageButton"), Qt.MouseButton.LeftButton)
    assert panel.network_input().shape == (SIZE, SIZE)
    label = panel.source_label.text().split("labelled ")[1].split(".")[0]
    assert panel.source_label.text().startswith("bars test image") and label in ("columns", "rows")
    assert panel.truth_label.text() == f"true label: {label}"
    with qtbot.waitSignal(panel.mistakesFound, timeout=SEARCH_TIMEOUT) as found:
        qtbot.mouseClick(panel.findChild(QPushButton, "mistakeButton"), Qt.MouseButton.LeftButton)
    x, y = panel._tests[p.dataset]
    wrong = np.flatnonzero(p.read(x).argmax(axis=1) != y)
    assert found.args == [len(wrong)] and 0 < len(wrong) < len(y) / 3      # 3 of 12 with this seed
    label = p.classes[y[wrong[0]]]
    assert panel.source_label.text().startswith(f"Mistake 1 of {len(wrong)}: bars test image {wrong[0]}, labelled "
                                                f"{label}, read as {p.classes[1 - y[wrong[0]]]}")
    assert panel.truth_label.text() == f"true label: {label}"


def test_a_colour_image_folder_is_drawn_in_colour(panel, qtbot, tmp_path, monkeypatch):
    root = write_folder(tmp_path / "colours", {"columns": (0, 0, 230), "rows": (230, 0, 0)})
    panel.set_model(trained(image_model(root, "rgb", 3), epochs=30))
    wait_for_test_split(qtbot, panel)
    assert panel.ink_button.isVisibleTo(panel) and panel.canvas.paper == QColor(255, 255, 255)
    monkeypatch.setattr(QColorDialog, "getColor", staticmethod(lambda *args, **kwargs: QColor(230, 0, 0)))
    qtbot.mouseClick(panel.ink_button, Qt.MouseButton.LeftButton)
    assert panel.canvas.ink == QColor(230, 0, 0)
    panel.brush.setValue(40)
    assert draw(qtbot, panel, HORIZONTAL) == "rows"
    drawn = panel.network_input()
    red, green, blue = drawn[:, SIZE // 2].min(axis=1)
    assert drawn.shape == (3, SIZE, SIZE) and red > 0.8 and green < 0.2 and blue < 0.2
    ink = panel.canvas.grab().toImage().pixelColor(140, 140)
    assert ink.red() > 200 and ink.green() < 50
    panel.show_image(np.ones((SIZE, SIZE), np.float32))      # a grey image (the gallery's) gets every channel
    assert panel.network_input().shape == (3, SIZE, SIZE)


def test_a_model_that_reads_other_sizes_is_told_why(panel, qtbot, tmp_path):
    root = write_folder(tmp_path / "bars", {"columns": (0, 0, 0), "rows": (0, 0, 0)})
    spec = image_model(root, "grayscale", 1)
    spec.input_shape = (1, 28, 28)
    panel.set_model({"spec": spec, "state_dict": {}})
    assert "reads inputs of shape 1x28x28; bars (image folder) gives 1x12x12 (144 values)" in panel.message.text()


def click_at(qtbot, view, x, y):
    """Click the points plot where the point (x, y) of the plane is."""
    plot = view.plot
    scene = plot.getPlotItem().getViewBox().mapViewToScene(QPointF(x, y))
    with qtbot.waitSignal(view.pointRead) as read:
        qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=plot.mapFromScene(scene))
    return read.args


def test_a_two_d_classifier_reads_clicked_points(panel, qtbot, monkeypatch):
    spec = ModelSpec(name="circle MLP", dataset="circle", input_shape=(2,), layers=[
        LayerSpec("Linear", {"out_features": 16}), LayerSpec("ReLU"), LayerSpec("Linear", {"out_features": 2})])
    payload, loaded_on, load = trained(spec, epochs=40), [], DatasetInfo.load
    monkeypatch.setattr(DatasetInfo, "load", lambda info, *a: loaded_on.append(threading.current_thread()) or
                        load(info, *a))
    panel.set_model(payload)
    view = panel.points_view
    assert not view.isEnabled()                             # until its test points are in
    wait_for_test_split(qtbot, panel)
    assert loaded_on and threading.main_thread() not in loaded_on          # never on the UI thread
    assert panel.pages.currentWidget() is view and view.isEnabled() and panel.message.text() == ""
    assert view.map.image.shape == (120, 120, 3) and len(view.test_points.data) > 0
    assert "inside" in view.legend.text() and "outside" in view.legend.text()
    top, probs = click_at(qtbot, view, 0.2, -0.1)
    assert top == 1 and probs.shape == (2,) and " is read as inside (" in view.reading.text()
    top, _ = click_at(qtbot, view, 4.2, 0.3)
    assert top == 0 and "read as outside" in view.reading.text() and len(view.points) == 2
    qtbot.mouseClick(view.findChild(QPushButton, "clearPointsButton"), Qt.MouseButton.LeftButton)
    assert len(view.points) == 0
    for name in ("randomImageButton", "mistakeButton"):
        getattr(panel, {"randomImageButton": "show_random_test_image", "mistakeButton": "show_next_mistake"}[name])()
        assert "reads 2-D points, not images" in panel.message.text()


def test_a_dataset_the_draw_tab_cannot_show_is_explained(panel):
    spec = ModelSpec(name="plane MLP", dataset="plane", input_shape=(2,), layers=[
        LayerSpec("Linear", {"out_features": 8}), LayerSpec("ReLU"), LayerSpec("Linear", {"out_features": 1})])
    panel.set_model({"spec": spec, "state_dict": {k: v.numpy() for k, v in spec.build().state_dict().items()}})
    assert panel.predictor.task is None and "The Draw tab has nothing to draw for Plane (2-D regression)" in \
        panel.message.text()
    panel.show_random_test_image()
    assert "nothing to draw" in panel.message.text() and not panel.canvas.has_image()
