"""The training panel with pytest-qt (offscreen), on small MNIST subsets and tiny models.

Runs that a test steers are held by a ``gate``: the worker waits before each batch after the first until
the test releases it, so what a test sees never depends on the machine's speed or load.
"""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import time  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from mtorch_gui.editor.document import ModelDocument  # noqa: E402
from mtorch_gui.model.spec import LayerSpec, ModelSpec  # noqa: E402
from mtorch_gui.training.panel import TrainingPanel  # noqa: E402

RUN_TIMEOUT = 60_000


def tiny_spec(epochs=1, batch_size=32, **training):
    return ModelSpec(
        name="tiny", dataset="mnist", input_shape=(1, 28, 28),
        layers=[LayerSpec("Flatten"), LayerSpec("Linear", {"out_features": 16}), LayerSpec("ReLU"),
                LayerSpec("Linear", {"out_features": 10})],
        training={"loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 3e-3, "batch_size": batch_size,
                  "epochs": epochs, **training})


@pytest.fixture
def make_panel(qtbot, gate):
    panels = []

    def make(spec=None, limit=256):
        panel = TrainingPanel(ModelDocument(spec or tiny_spec()))
        panel.settings.sample_limit.setValue(limit)
        qtbot.addWidget(panel)
        panels.append(panel)
        return panel

    yield make
    gate.open()
    for panel in panels:
        assert panel.stop_and_wait(RUN_TIMEOUT)
    qtbot.waitUntil(lambda: not any(panel.is_running() for panel in panels), timeout=RUN_TIMEOUT)


def test_settings_default_from_the_spec(make_panel):
    panel = make_panel(tiny_spec(epochs=4, batch_size=48, optimizer="SGD", momentum=0.9, scheduler=None))
    config = panel.settings.config()
    assert (config.optimizer, config.momentum, config.batch_size, config.epochs, config.scheduler) == \
        ("SGD", 0.9, 48, 4, "none")
    assert config.sample_limit == 256 and config.dataset == "mnist"


def test_train_runs_to_the_end_and_fills_every_view(qtbot, make_panel):
    panel = make_panel()
    trained, updated = [], []
    panel.modelTrained.connect(trained.append)
    panel.weightsUpdated.connect(updated.append)
    with qtbot.waitSignal(panel.modelTrained, timeout=RUN_TIMEOUT):
        qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)
        assert panel.is_running() and not panel.train_button.isEnabled()
    qtbot.waitUntil(lambda: not panel.is_running())
    assert panel.plots.loss.raw.size == panel.plots.loss.smooth.size == 8  # 256 samples / 32
    assert len(panel.plots.epochs) == 1 and set(panel.plots.grad_norms) == {"2 Linear", "4 Linear"}
    curve = panel.plots.raw_curve
    qtbot.waitUntil(lambda: curve.xData is not None and len(curve.xData) == 8, timeout=10_000)  # next redraw
    assert np.allclose(curve.yData, panel.plots.loss.raw.values)
    assert panel.confusion.matrix.sum() == 256
    assert panel.gallery.count() > 0
    assert panel.first_layer.picture.pixmap() is not None and not panel.first_layer.picture.pixmap().isNull()
    assert panel.overall_progress.value() == 1000 and "samples/s" in panel.speed.text()
    assert "ETA" not in panel.speed.text()  # nothing left to estimate
    assert "Finished 1 epochs" in panel.message.text()
    payload = trained[0]
    assert payload["spec"].name == "tiny" and payload["state_dict"]["1.weight"].shape == (16, 784)
    assert len(updated) == 1 and panel.train_button.isEnabled() and panel.more_button.isEnabled()


def test_pause_resume_stop_and_one_more_epoch(qtbot, make_panel, gate):
    panel = make_panel(tiny_spec(epochs=3, batch_size=8), limit=2000)  # 250 batches an epoch
    gate.close()
    qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)
    gate.release(2)
    qtbot.waitUntil(lambda: panel.plots.loss.raw.size == 3 and gate.held, timeout=RUN_TIMEOUT)

    worker = panel._worker
    qtbot.mouseClick(panel.pause_button, Qt.MouseButton.LeftButton)
    assert panel.pause_button.text() == "Resume"
    gate.release(5)  # the batch in flight ends, then the run waits
    qtbot.waitUntil(lambda: panel.message.text() == "Paused.", timeout=RUN_TIMEOUT)
    assert panel.plots.loss.raw.size == 4 and gate.permits == 4 and panel.is_running()

    qtbot.mouseClick(panel.pause_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.plots.loss.raw.size == 8 and gate.held, timeout=RUN_TIMEOUT)
    assert gate.permits == 0

    with qtbot.waitSignal(panel.running, timeout=RUN_TIMEOUT) as stopped:
        qtbot.mouseClick(panel.stop_button, Qt.MouseButton.LeftButton)
        gate.release(1)
    assert stopped.args == [False]
    end = panel.last_run()
    assert (end.epoch, end.batch) == (0, 9) and worker.outcome == "stopped"
    assert "One more epoch" in panel.message.text()
    assert "samples/s" in panel.speed.text() and "ETA" not in panel.speed.text()  # ("ETA 0:01" stayed after Stop)

    gate.open()
    with qtbot.waitSignal(panel.modelTrained, timeout=RUN_TIMEOUT):
        qtbot.mouseClick(panel.more_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=RUN_TIMEOUT)
    end = panel.last_run()
    assert panel._worker is worker and (end.epoch, end.batch) == (1, 0)
    assert len(end.history.batch_loss) == 250 and panel.plots.loss.raw.size == 250


def test_learning_rate_changes_while_running(qtbot, make_panel, gate):
    panel = make_panel(tiny_spec(batch_size=8), limit=1000)
    gate.close()
    qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.plots.loss.raw.size == 1 and gate.held, timeout=RUN_TIMEOUT)
    assert panel.settings.lr.isEnabled() and not panel.settings.optimizer.isEnabled()
    panel.settings.lr.setValue(0.0005)  # batch 2 is in flight (held by the gate): it still uses 3e-3
    gate.open()
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=RUN_TIMEOUT)
    lrs = panel.last_run().history.batch_lr
    assert lrs[:2] == pytest.approx([3e-3] * 2) and lrs[2:] == pytest.approx([5e-4] * (len(lrs) - 2))


def test_stop_and_wait_ends_a_long_run(qtbot, make_panel):
    panel = make_panel(tiny_spec(epochs=50, batch_size=8), limit=2000)
    qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.plots.loss.raw.size > 0, timeout=RUN_TIMEOUT)
    assert panel.stop_and_wait(RUN_TIMEOUT)
    assert panel.is_running()  # until the thread's finished reaches the event loop
    with qtbot.waitSignal(panel.running, timeout=RUN_TIMEOUT, check_params_cb=lambda on: not on):
        pass
    end = panel.last_run()
    assert panel._worker.outcome == "stopped" and end.epoch < 50 and panel.more_button.isEnabled()


def test_closing_asks_and_stops(qtbot, make_panel, monkeypatch):
    panel = make_panel(tiny_spec(epochs=50, batch_size=8), limit=2000)
    qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.plots.loss.raw.size > 0, timeout=RUN_TIMEOUT)
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *args: answers.pop(0))
    assert not panel.confirm_close() and panel.is_running()
    assert panel.confirm_close()
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=RUN_TIMEOUT)


def test_gallery_click_sends_the_image_on(qtbot, make_panel):
    panel = make_panel()
    with qtbot.waitSignal(panel.modelTrained, timeout=RUN_TIMEOUT):
        panel.start()
    qtbot.waitUntil(lambda: not panel.is_running())
    item = panel.gallery.item(0)
    rect = panel.gallery.visualItemRect(item)
    with qtbot.waitSignal(panel.imageChosen) as chosen:
        qtbot.mouseClick(panel.gallery.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    image = chosen.args[0]
    assert image.shape == (28, 28) and image.dtype == np.float32 and 0 <= image.min() and image.max() <= 1
    np.testing.assert_array_equal(image, panel.gallery.images[0])


def test_an_invalid_model_cannot_start(make_panel):
    bad = tiny_spec()
    bad.layers = bad.layers[1:]  # Linear directly on the 1x28x28 image
    panel = make_panel(bad)
    assert not panel.train_button.isEnabled()
    assert "Fix the model first" in panel.message.text() and "Flatten" in panel.message.text()
    panel.start()
    assert not panel.is_running()


def test_checkpoint_save_and_resume(qtbot, make_panel, tmp_path):
    """Resume shows the checkpoint's real settings (the learning rate in use, epochs done of total) as its
    model's document and waits for Continue; the history's clock goes on where it stopped."""
    panel = make_panel(tiny_spec(epochs=2, scheduler="StepLR", step_size=1, gamma=0.5))
    with qtbot.waitSignal(panel.modelTrained, timeout=RUN_TIMEOUT):
        panel.start()
    qtbot.waitUntil(lambda: not panel.is_running())
    assert panel.checkpoint_name() == "tiny-epoch2.safetensors" and panel.history_name() == "tiny-history.csv"
    path = tmp_path / panel.checkpoint_name()
    panel.save_checkpoint(path)
    panel.export_history(tmp_path / "history.csv")
    trained = panel.last_run()
    assert (tmp_path / "history.csv").read_text().count("\n") == 3

    other = make_panel()
    assert not other.resume_checkpoint(tmp_path / "missing.ckpt")
    assert "missing.ckpt" in other.message.text() and not other.is_running()
    assert other.resume_checkpoint(path)
    assert not other.is_running() and other.train_button.text() == "Continue"  # waits for the user
    shown = other.settings.config()
    assert shown == other.document.config and other.document.file_path is None
    assert shown.lr == pytest.approx(3e-3 * 0.25) and shown.epochs == 2  # the rate in use after two decays
    assert "all 2 epochs done" in other.message.text() and len(other.plots.epochs) == 2
    assert other.settings.epochs.isEnabled() and other.settings.lr.isEnabled()
    assert not other.settings.optimizer.isEnabled()  # a resumed run keeps its optimiser
    other.settings.epochs.setValue(3)
    with qtbot.waitSignal(other.running, timeout=RUN_TIMEOUT, check_params_cb=lambda on: not on):
        qtbot.mouseClick(other.train_button, Qt.MouseButton.LeftButton)
    end = other.last_run()
    assert end.epoch == 3 and len(other.plots.epochs) == 3 and other.train_button.text() == "Train"
    assert end.history.batch_lr[-1] == pytest.approx(3e-3 * 0.25)
    assert end.history.batch_loss[:len(trained.history.batch_loss)] == trained.history.batch_loss
    seconds = [e["seconds"] for e in end.history.epochs]
    assert seconds == sorted(seconds) and seconds[:2] == [e["seconds"] for e in trained.history.epochs]


def test_plots_buffer_everything_but_redraw_at_most_20_times_a_second(qtbot):
    from mtorch_gui.training.engine import BatchInfo
    from mtorch_gui.training.plots import LivePlots

    plots = LivePlots()
    qtbot.addWidget(plots)
    plots.show()
    started = time.perf_counter()
    for step in range(1, 201):
        plots.add_batches([BatchInfo(0, step, 10**6, 1, step, 1.0 / step, 0.1, {"0 Linear": 1.0})])
        qtbot.wait(2)
    seconds = time.perf_counter() - started
    assert plots.steps.size == plots.loss.raw.size == plots.grad_norms["0 Linear"].raw.size == 200
    assert 1 <= plots.redraws <= 20 * seconds + 2


def test_smoothing_and_log_scale(qtbot):
    from mtorch_gui.training.plots import LivePlots, SeriesBuffer, ema

    buffer = SeriesBuffer(capacity=2)
    buffer.extend([1, 2, 3])
    buffer.extend([4])
    assert buffer.values.tolist() == [1, 2, 3, 4]
    assert ema(np.array([1.0, 0.0, 0.0]), 0.5).tolist() == [1.0, 0.5, 0.25]

    plots = LivePlots()
    qtbot.addWidget(plots)
    plots.loss.raw.extend([1.0, 0.0, 0.0])
    plots.smoothing.setValue(0.5)
    assert plots.loss.smooth.values.tolist() == [1.0, 0.5, 0.25]
    plots.smoothing.setValue(0.0)
    assert plots.loss.smooth.values.tolist() == [1.0, 0.0, 0.0]
    plots.log_scale.setChecked(True)
    assert plots.loss_plot.getAxis("left").logMode


def test_closing_the_main_window_during_a_run_asks_then_stops(qtbot, dialogs):
    from mtorch_gui.main_window import MainWindow

    window = MainWindow(tiny_spec(epochs=50, batch_size=8, sample_limit=2000), use_settings=False)
    qtbot.addWidget(window)
    window.show()
    panel = window.training
    panel.start()
    qtbot.waitUntil(lambda: panel.plots.loss.raw.size > 0, timeout=RUN_TIMEOUT)
    dialogs.answer = QMessageBox.StandardButton.No
    assert not window.close() and panel.is_running()
    dialogs.answer = QMessageBox.StandardButton.Yes
    thread = panel._thread
    assert window.close()
    assert thread.isFinished()
    assert dialogs.of("question")[-1][1] == "Training is running"


QUIT_WHILE_TRAINING = """
import os
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from mtorch_gui.editor.document import ModelDocument
from mtorch_gui.model.presets import preset
from mtorch_gui.training.panel import TrainingPanel
panel = TrainingPanel(ModelDocument(preset("MLP 784-128-64-10")))
panel.show()
panel.start()
def quit_once_training():
    if panel.last_batch is None:
        QTimer.singleShot(20, quit_once_training)
    else:
        app.quit()
quit_once_training()
app.exec()
print("quit while training; thread still running:", panel._thread.isRunning())
"""


def test_quitting_during_a_run_exits_cleanly():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", QUIT_WHILE_TRAINING], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert "thread still running: False" in done.stdout
    assert "QThread" not in done.stderr and "Fatal" not in done.stderr


def test_sin_to_cos_run_plots_the_sequence_error(qtbot, make_panel):
    spec = ModelSpec(name="rnn", dataset="sin_to_cos", input_shape=(50, 1),
                     layers=[LayerSpec("RNN", {"hidden_size": 8}), LayerSpec("Linear", {"out_features": 1})],
                     training={"loss": "MSELoss", "optimizer": "Adam", "lr": 0.01, "batch_size": 16, "epochs": 1})
    panel = make_panel(spec, limit=64)
    assert panel.settings.config().dataset == "sin_to_cos"
    with qtbot.waitSignal(panel.modelTrained, timeout=RUN_TIMEOUT) as trained:
        panel.start()
    assert trained.args[0]["spec"].dataset == "sin_to_cos"
    assert not panel.views.isTabEnabled(1)  # no confusion matrix for a regression
    assert "MSE from step 6" in panel.message.text() or "Finished" in panel.message.text()
    qtbot.waitUntil(lambda: panel.plots.epoch_curves["val_tail_mse"].xData is not None, timeout=10_000)
    assert panel.plots.accuracy_plot.getPlotItem().titleLabel.text == "MSE from step 6 per epoch"


def test_a_model_that_cannot_train_shows_why(qtbot, make_panel):
    panel = make_panel(tiny_spec(loss="NLLLoss"))  # NLLLoss needs a LogSoftmax at the end
    assert panel.train_button.isEnabled()  # the settings alone are fine
    with qtbot.waitSignal(panel.running, timeout=RUN_TIMEOUT, check_params_cb=lambda on: not on):
        panel.start()
    assert "NLLLoss needs log-probabilities" in panel.message.text()
    assert panel.last_run() is None and panel._worker.outcome == "failed"
    assert not panel.more_button.isEnabled() and panel.train_button.isEnabled()


def test_a_resume_that_fails_in_set_up_leaves_the_panel_usable(qtbot, make_panel, monkeypatch, dialogs, tmp_path):
    """Was stuck "running" for good: Train and Resume disabled, Stop useless, the window refusing to close."""
    from mtorch_gui.main_window import MainWindow
    from mtorch_gui.training import panel as panel_module
    from mtorch_gui.training.checkpoint import Checkpoint
    from mtorch_gui.training.config import TrainingConfig
    from mtorch_gui.training.engine import Trainer

    spec = tiny_spec()
    config = TrainingConfig.from_dict({**spec.training, "dataset": "mnist"}, sample_limit=64)
    state = Trainer(spec, config).state_dict()
    damaged = Checkpoint(spec, config, {**state, "rng_state": {"bit_generator": "PCG64", "state": "?"}})
    monkeypatch.setattr(panel_module, "load_checkpoint", lambda path: damaged)
    window = MainWindow(spec, use_settings=False)
    qtbot.addWidget(window)
    panel = window.training
    assert panel.resume_checkpoint(tmp_path / "damaged.ckpt")
    with qtbot.waitSignal(panel.running, timeout=RUN_TIMEOUT, check_params_cb=lambda on: not on):
        panel.start()
    assert "random state" in panel.message.text() and panel._worker.outcome == "failed"
    assert panel.train_button.isEnabled() and panel.load_button.isEnabled() and not panel.stop_button.isEnabled()
    assert window.close()


def test_a_gui_run_with_dropout_equals_the_same_run_headless(qtbot, make_panel, gate):
    """The UI thread draws random numbers (here: on every batch) from its own generator, never the run's."""
    import mtorch
    from mtorch_gui.training.engine import Trainer

    spec = tiny_spec(batch_size=32)
    spec.layers.insert(3, LayerSpec("Dropout", {"p": 0.5}))
    panel = make_panel(spec, limit=256)
    config = panel.settings.config()
    gate.close()
    with qtbot.waitSignal(panel.modelTrained, timeout=RUN_TIMEOUT) as trained:
        panel.start()
        for batch in range(1, 9):  # the UI draws while the run is held between two batches
            qtbot.waitUntil(lambda: panel.plots.loss.raw.size == batch, timeout=RUN_TIMEOUT)  # noqa: B023
            mtorch.randn(100)
            gate.release()
    gate.open()
    headless = Trainer(spec, config)
    for _ in headless.train():
        pass
    for name, value in headless.model.state_dict().items():
        np.testing.assert_array_equal(trained.args[0]["state_dict"][name], value.numpy(), err_msg=name)


def test_user_text_is_plain_and_a_new_run_clears_the_last_mistakes(qtbot, make_panel):
    spec = tiny_spec()
    spec.name = "<h1>big</h1>"
    panel = make_panel(spec)
    assert panel.message.textFormat() == Qt.TextFormat.PlainText
    with qtbot.waitSignal(panel.modelTrained, timeout=RUN_TIMEOUT):
        panel.start()
        assert panel.message.text() == "Preparing <h1>big</h1>…"
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=RUN_TIMEOUT)
    assert len(panel.gallery.images) > 0
    with qtbot.waitSignal(panel.running, timeout=RUN_TIMEOUT, check_params_cb=lambda on: not on):
        panel.start()
        assert len(panel.gallery.images) == 0 and panel.gallery.count() == 0


def test_a_stored_accuracy_that_is_not_a_number_never_breaks_the_end_of_a_run(qtbot):
    from mtorch_gui.main_window import MainWindow

    spec = tiny_spec()
    spec.metrics = {"test_accuracy": "high"}  # as a model file may hold it
    window = MainWindow(spec, use_settings=False)
    qtbot.addWidget(window)
    panel = window.training
    panel.settings.sample_limit.setValue(128)
    with qtbot.waitSignal(panel.modelTrained, timeout=RUN_TIMEOUT) as trained:
        panel.start()
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=RUN_TIMEOUT)
    accuracy = trained.args[0]["spec"].metrics["test_accuracy"]  # the run's own, a number
    assert isinstance(accuracy, float) and f"{accuracy:.1%}" in window.canvas.model_label.text()
