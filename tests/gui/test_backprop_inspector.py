"""The Backprop tab, driven offscreen: what it shows is what mtorch.autograd computed."""

import copy

import numpy as np
import pytest
from PySide6.QtCore import Qt

import mtorch
from mtorch.nn.functional.linear import Linear
from mtorch_gui.backprop.epoch_views import EpochViews
from mtorch_gui.backprop.inspector import BackpropInspector, TensorCard
from mtorch_gui.backprop.sources import op_source
from mtorch_gui.editor.document import ModelDocument
from mtorch_gui.main_window import MainWindow
from mtorch_gui.model.spec import LayerSpec, ModelSpec


def tiny_spec():
    return ModelSpec(name="tiny", dataset="mnist", input_shape=(1, 28, 28),
                     layers=[LayerSpec("Flatten"), LayerSpec("Linear", {"out_features": 8}), LayerSpec("Sigmoid"),
                             LayerSpec("Linear", {"out_features": 10})],
                     training={"loss": "CrossEntropyLoss", "optimizer": "SGD", "lr": 0.1})


@pytest.fixture
def inspector(qtbot):
    view = BackpropInspector(ModelDocument(tiny_spec()))
    view.run_job = lambda job, done: done(job())  # no thread: the test sees the result at once
    qtbot.addWidget(view)
    view.show()
    image = np.random.default_rng(0).random((28, 28)).astype(np.float32)
    view.set_drawing_source(lambda: image)
    view.drawing_label.setValue(4)
    view.use_drawing()
    return view


def cards(view):
    return {card.caption.text().split("</b>")[0].removeprefix("<b>"): card.array
            for card in view.cards.findChildren(TensorCard)}


def test_it_steps_forward_then_backward_showing_autograds_gradients(inspector, qtbot):
    session = inspector.session
    assert inspector.steps.count() == 5 + 5  # 4 layers and the loss, then 5 nodes (the loss, 4 layers)
    assert inspector.steps.item(5).text() == "backward 1: CrossEntropyBackward0"
    # the same sample and weights through a plain backward
    model = copy.deepcopy(session.model)
    model.zero_grad()
    x = mtorch.from_numpy(session.sample.x[None].copy()).requires_grad_()
    mtorch.nn.functional.cross_entropy(model(x), mtorch.tensor([4])).backward()
    grads = {name: p.grad.numpy() for name, p in model.named_parameters()}

    qtbot.mouseClick(inspector.backward_button, Qt.LeftButton)
    assert session.position == 5
    for _ in range(3):
        qtbot.mouseClick(inspector.next_button, Qt.LeftButton)
    shown = cards(inspector)
    assert inspector.title.text().startswith("<b>Backward 4 of 5: LinearBackward0")
    np.testing.assert_array_equal(shown["dL/d 1.weight (sent)"], grads["1.weight"])
    np.testing.assert_array_equal(shown["dL/d 1.bias (sent)"], grads["1.bias"])
    np.testing.assert_array_equal(shown["input x: output of 1 Flatten"], session.sample.x.reshape(-1))
    assert inspector.source_view.toPlainText() == op_source(Linear)
    assert inspector.source_view.isReadOnly()
    assert "dL/dW = gᵀ·x" in inspector.formula.text()


def test_check_shows_both_gradients_and_their_largest_difference(inspector, qtbot):
    inspector.go(inspector.session.first_backward() + 1)  # the last Linear
    qtbot.mouseClick(inspector.check_button, Qt.LeftButton)
    text = inspector.check_result.text()
    assert text.count("agree") == 3 and "DIFFER" not in text
    assert len(inspector.check_cards.findChildren(TensorCard)) == 6  # backward | differences, for dx, dW, db
    grid = inspector.check_layout
    backward, numeric = grid.itemAtPosition(1, 0).widget().array, grid.itemAtPosition(1, 1).widget().array
    weight_grad = dict(inspector.session.model.named_parameters())["3.weight"].grad.numpy()
    assert backward.size == 64 and set(backward) <= set(weight_grad.reshape(-1))  # 64 of autograd's dL/dW
    np.testing.assert_allclose(numeric, backward, atol=1e-6)
    inspector.go(0)
    assert inspector.check_result.text() == "" and not inspector.check_button.isEnabled()


def test_one_sgd_step_lowers_the_loss_and_reset_brings_it_back(inspector, qtbot):
    loss = inspector.session.trace.loss
    qtbot.mouseClick(inspector.sgd_button, Qt.LeftButton)
    assert inspector.session.trace.loss < loss
    assert f"One SGD step with lr 0.1: loss {loss:.6g} → {inspector.session.trace.loss:.6g}" in inspector.message.text()
    assert "for class 4" in inspector.message.text()
    qtbot.mouseClick(inspector.reset_button, Qt.LeftButton)
    assert inspector.session.trace.loss == pytest.approx(loss)


def test_trained_weights_are_inspected_when_chosen(inspector):
    model = tiny_spec().build()
    state = {k: np.full(v.shape, 0.01, np.float32) for k, v in model.state_dict().items()}
    inspector.set_trained({"spec": tiny_spec(), "state_dict": state})
    assert not inspector.session.trained  # still the editor's model
    inspector.source.setCurrentIndex(inspector.source.findData("trained"))
    assert inspector.session.trained
    np.testing.assert_array_equal(inspector.session.model.state_dict()["1.weight"].numpy(), state["1.weight"])
    newer = {k: v * 2 for k, v in state.items()}
    inspector.set_trained({"spec": tiny_spec(), "state_dict": newer})  # the next epoch: at the next reload
    inspector._reload_trained()
    np.testing.assert_array_equal(inspector.session.model.state_dict()["1.weight"].numpy(), newer["1.weight"])


def test_the_main_window_has_a_backprop_tab(qtbot):
    window = MainWindow(use_settings=False)
    qtbot.addWidget(window)
    assert window.tabs.tabText(window.tabs.indexOf(window.backprop)) == "Backprop"
    assert window.backprop.drawing == window.canvas.network_input


def test_the_graph_tab_draws_every_node_and_a_click_shows_its_step(inspector, qtbot):
    from mtorch_gui.backprop.graph_view import NodeItem

    view = inspector.graph_view
    inspector.pages.setCurrentWidget(view)
    boxes = {item.node.label: item for item in view.scene().items() if isinstance(item, NodeItem)}
    assert set(boxes) == {"input x", "1.weight", "1.bias", "3.weight", "3.bias", "ReshapeBackward0",
                          "LinearBackward0", "SigmoidBackward0", "CrossEntropyBackward0"}
    sigmoid = boxes["SigmoidBackward0"]
    view.ensureVisible(sigmoid)
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=view.mapFromScene(sigmoid.sceneBoundingRect().center()))
    assert inspector.session.current().name == "SigmoidBackward0"
    assert inspector.pages.currentIndex() == 0
    assert sigmoid.pen().width() == 3


def test_the_epoch_views_show_the_analysis_and_a_clicked_sample(qtbot, monkeypatch):
    from mtorch_gui.backprop import epoch_views
    from mtorch_gui.backprop.analysis import pca_2d
    from mtorch_gui.data.registry import dataset_info
    from mtorch_gui.data.splits import DatasetSplits, Split

    rng = np.random.default_rng(0)
    split = Split(rng.random((120, 1, 28, 28)).astype(np.float32), rng.integers(0, 10, 120))
    splits = DatasetSplits(dataset_info("mnist"), split, split, split)
    monkeypatch.setattr(type(tiny_spec().dataset_info()), "load", lambda info, limit=None: splits)
    views = epoch_views.EpochViews()
    views.run_job = lambda job, done: done(job())
    views.budget = 1.0  # no pause between two analyses
    qtbot.addWidget(views.embedding)
    model = tiny_spec().build()
    for epoch in (1, 2):
        state = {k: v.numpy() * epoch for k, v in model.state_dict().items()}
        views.epoch_ended({"spec": tiny_spec(), "state_dict": state}, epoch)
    assert [r.epoch for r in views.histograms.results] == [1, 2]
    assert views.histograms.parameter.currentText() == "1.weight"
    assert len(views.histograms.weights_plot.listDataItems()) == 2  # one ridge per epoch
    model.load_state_dict({k: mtorch.from_numpy(v) for k, v in state.items()})  # the last epoch's weights
    with mtorch.no_grad():
        features = model[2](model[1](model[0](mtorch.from_numpy(split.x)))).numpy()
    shown = np.column_stack(views.embedding.points.getData())
    np.testing.assert_allclose(shown, pca_2d(features)[0], rtol=1e-4, atol=1e-4)
    views.embedding.show_sample(7)
    label = int(split.y[7])
    assert views.embedding.sample_text.text().startswith(f"test sample 7: class {label}, predicted ")
    assert views.embedding.point_text(data=7) == views.embedding.sample_text.text()  # the hover tooltip


def spiral_info(monkeypatch):
    """A two-class 2-D set registered for the test (a stand-in for the data tab's sets)."""
    from mtorch_gui.data import registry
    from mtorch_gui.data.splits import DatasetSplits, Split

    rng = np.random.default_rng(0)
    x = rng.uniform(-5, 5, (120, 2)).astype(np.float32)
    y = (x[:, 0] * x[:, 1] > 0).astype(np.int64)

    def load(info, limit):
        return DatasetSplits(info, Split(x[:80], y[:80]), Split(x[80:100], y[80:100]), Split(x[100:], y[100:]))

    info = registry.DatasetInfo("test_xor", "xor", "xor", registry.CLASSIFICATION, (2,), load, classes=("a", "b"))
    monkeypatch.setitem(registry.KINDS, "test_xor", registry.DatasetKind("test_xor", lambda options: info))
    return info, x, y


def test_the_playground_draws_the_models_plane_points_and_network(qtbot, monkeypatch):
    from mtorch_gui.backprop.playground import PlaygroundFrame
    from mtorch_gui.backprop.playground_view import PlaygroundView, surface_rgb

    spiral_info(monkeypatch)
    spec = ModelSpec(name="p", dataset="test_xor", input_shape=(2,),
                     layers=[LayerSpec("Linear", {"out_features": 3}), LayerSpec("Tanh"),
                             LayerSpec("Linear", {"out_features": 2})], training={"loss": "CrossEntropyLoss"})
    model = spec.build()
    view = PlaygroundView()
    qtbot.addWidget(view)
    view.set_payload({"spec": spec, "state_dict": {k: v.numpy() for k, v in model.state_dict().items()}})
    assert view.frame is None  # drawn at the next redraw, not at once
    view.redraw()
    model.eval()
    expected = PlaygroundFrame.compute(model)
    np.testing.assert_allclose(view.frame.surface, expected.surface, rtol=1e-6)
    np.testing.assert_array_equal(view.heat.image, surface_rgb(expected.surface, True)[::-1])
    train_x, _ = view.train_points.getData()
    assert len(train_x) == 80 and len(view.test_points.getData()[0]) == 20
    scene = view.diagram.scene()
    assert len([i for i in scene.items() if type(i).__name__ == "QGraphicsPixmapItem"]) == 2 + 3 + 2
    assert len([i for i in scene.items() if type(i).__name__ == "QGraphicsLineItem"]) == 2 * 3 + 3 * 2


def test_the_playground_says_when_the_model_is_not_of_2d_points(qtbot):
    from mtorch_gui.backprop.playground_view import PlaygroundView

    view = PlaygroundView()
    qtbot.addWidget(view)
    view.set_payload({"spec": tiny_spec(), "state_dict": {}})
    view.redraw()
    assert view.frame is None and "2-D" in view.caption.text()


def test_an_edit_of_the_editors_model_is_inspected(inspector):
    inspector.document.add_layer("ReLU")
    assert [type(m).__name__ for m in inspector.session.model][-1] == "ReLU"
    assert inspector.steps.item(inspector.session.first_backward() - 2).text() == "forward 5 ReLU"


def test_the_playgrounds_feature_boxes_choose_what_the_editors_model_reads(qtbot):
    from mtorch_gui.backprop.playground_view import PlaygroundView

    spec = ModelSpec(name="p", dataset="spiral", input_shape=(2,),
                     layers=[LayerSpec("Linear", {"out_features": 4}), LayerSpec("Tanh"),
                             LayerSpec("Linear", {"out_features": 2})], training={"loss": "CrossEntropyLoss"})
    document = ModelDocument(spec)
    view = PlaygroundView(document)
    qtbot.addWidget(view)
    assert [n for n, box in view.feature_boxes.items() if box.isChecked()] == ["x1", "x2"]
    view.feature_boxes["x1^2"].setChecked(True)
    view.feature_boxes["sin(x2)"].setChecked(True)
    assert document.spec.dataset_options["features"] == "x1,x2,x1^2,sin(x2)"
    assert document.spec.input_shape == (4,) and document.validation.ok  # in_features follows
    view.redraw()  # the untrained model of the document
    assert [len(c) for c in view.frame.columns] == [4, 4, 2]
    for name in ("x1", "x2", "x1^2"):
        view.feature_boxes[name].setChecked(False)
    view.feature_boxes["sin(x2)"].setChecked(False)  # the last one stays
    assert document.spec.dataset_options["features"] == "sin(x2)" and view.feature_boxes["sin(x2)"].isChecked()
    document.undo_stack.undo()
    assert document.spec.dataset_options["features"] == "x1^2,sin(x2)"


def test_a_paused_run_sends_its_mid_epoch_weights_to_the_backprop_tab(qtbot, gate):
    from mtorch_gui.training.panel import TrainingPanel

    spec = tiny_spec()
    spec.training = {**spec.training, "batch_size": 8, "epochs": 1}
    document = ModelDocument(spec)
    panel = TrainingPanel(document)
    panel.settings.sample_limit.setValue(400)
    inspector = BackpropInspector(document)
    inspector.run_job = lambda job, done: done(job())
    panel.weightsPaused.connect(inspector.set_trained)
    qtbot.addWidget(panel)
    qtbot.addWidget(inspector)
    inspector.show()
    inspector.source.setCurrentIndex(inspector.source.findData("trained"))
    paused = []
    panel.weightsPaused.connect(paused.append)
    gate.close()
    qtbot.mouseClick(panel.train_button, Qt.LeftButton)
    gate.release(2)
    qtbot.waitUntil(lambda: panel.plots.loss.raw.size == 3 and gate.held, timeout=60_000)
    qtbot.mouseClick(panel.pause_button, Qt.LeftButton)
    gate.release(1)  # the batch in flight ends, then the run pauses
    qtbot.waitUntil(lambda: panel.message.text() == "Paused.", timeout=60_000)
    weights = {k: v.numpy() for k, v in panel._worker._trainer.model.state_dict().items()}  # the run waits
    assert len(paused) == 1
    for name, value in weights.items():
        np.testing.assert_array_equal(paused[0]["state_dict"][name], value)
    inspector._reload_trained()
    np.testing.assert_array_equal(inspector.session.model.state_dict()["1.weight"].numpy(), weights["1.weight"])
    gate.open()
    qtbot.mouseClick(panel.pause_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=60_000)


def test_the_playground_shows_a_regressions_surface(qtbot):
    from mtorch_gui.backprop.playground import PlaygroundFrame
    from mtorch_gui.backprop.playground_view import PlaygroundView

    spec = ModelSpec(name="r", dataset="plane", input_shape=(2,),
                     layers=[LayerSpec("Linear", {"out_features": 3}), LayerSpec("Tanh"),
                             LayerSpec("Linear", {"out_features": 1})], training={"loss": "MSELoss"})
    model = spec.build()
    view = PlaygroundView()
    qtbot.addWidget(view)
    view.set_payload({"spec": spec, "state_dict": {k: v.numpy() for k, v in model.state_dict().items()}})
    view.redraw()
    model.eval()
    np.testing.assert_allclose(view.frame.surface, PlaygroundFrame.compute(model).surface, rtol=1e-6)
    assert "coloured by their target" in view.caption.text()
    assert len(view.train_points.getData()[0]) == len(spec.dataset_info().load().train)


def test_a_result_for_a_closed_view_is_dropped_quietly():
    import threading

    from mtorch_gui.threads import run_in_thread

    finished = threading.Event()

    def gone(result):
        finished.set()
        raise RuntimeError("Signal source has been deleted")

    run_in_thread(lambda: 42, gone)
    finished.wait()  # the thread ends without an unhandled exception (pytest would report it)


@pytest.mark.parametrize("make", [lambda: BackpropInspector(ModelDocument(tiny_spec())), EpochViews],
                         ids=["inspector", "epoch views"])
def test_a_job_off_the_ui_thread_never_holds_its_view(qtbot, make):
    import gc
    import threading
    import weakref

    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from mtorch_gui.threads import wait_for_threads

    view, gate, results = make(), threading.Event(), []
    view.job_done = results.append  # never called: the view is gone when the answer comes
    view.start_job(lambda: gate.wait() and 42)  # held by the gate while the view is deleted
    alive = weakref.ref(view)
    view.deleteLater()
    del view
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    assert alive() is None  # only the worker thread could still hold it, and it holds no view
    gate.set()
    assert wait_for_threads(60)  # a ceiling only: the thread ends once the gate opens
    QApplication.processEvents()  # the queued answer reaches no one, quietly
    assert results == []
