"""The Runs tab: recorded runs overlaid, the window's runs recorded, a sweep queued and cancelled, the
learning-rate finder's suggestion used. Runs are steered with the ``gate`` (tests/gui/conftest.py)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from mtorch_gui.editor.document import ModelDocument  # noqa: E402
from mtorch_gui.model.spec import LayerSpec, ModelSpec  # noqa: E402
from mtorch_gui.runs.recorder import RunRecorder  # noqa: E402
from mtorch_gui.runs.store import RunStore  # noqa: E402
from mtorch_gui.runs.summary import COLUMNS  # noqa: E402
from mtorch_gui.runs.sweep import grid  # noqa: E402
from mtorch_gui.runs.view import RunsView  # noqa: E402
from mtorch_gui.training.config import TrainingConfig  # noqa: E402
from mtorch_gui.training.engine import BatchInfo  # noqa: E402
from mtorch_gui.training.panel import TrainingPanel  # noqa: E402

RUN_TIMEOUT = 60_000


def tiny_spec():
    return ModelSpec(
        name="tiny", dataset="mnist", input_shape=(1, 28, 28),
        layers=[LayerSpec("Flatten"), LayerSpec("Linear", {"out_features": 16}), LayerSpec("ReLU"),
                LayerSpec("Linear", {"out_features": 10})],
        training={"optimizer": "Adam", "lr": 3e-3, "batch_size": 32, "epochs": 1})


def record_run(store, name, lr, accuracies, batches=20):
    recorder = RunRecorder(store)
    recorder.begin(tiny_spec(), TrainingConfig(lr=lr, epochs=len(accuracies)), "cli", name=name)
    step = 0
    for epoch, accuracy in enumerate(accuracies):
        infos = []
        for _ in range(batches):
            step += 1
            infos.append(BatchInfo(epoch=epoch, batch=step, batches_per_epoch=batches, target_epochs=len(accuracies),
                                   step=step, loss=2.0 / step ** (lr * 100), lr=lr))
        recorder.add_batches(infos)
        recorder.add_epoch({"epoch": epoch + 1, "train_loss": 1.0, "val_accuracy": accuracy,
                            "test_accuracy": accuracy - 0.01, "seconds": 3.0 * (epoch + 1)})
    recorder.end("finished", {"1.weight": np.zeros((16, 784), np.float32), "1.bias": np.zeros(16, np.float32),
                              "3.weight": np.zeros((10, 16), np.float32), "3.bias": np.zeros(10, np.float32)})
    return recorder.run_id


@pytest.fixture
def make_view(qtbot, gate, tmp_path):
    made = []

    def make(limit=64):
        panel = TrainingPanel(ModelDocument(tiny_spec()))
        panel.settings.sample_limit.setValue(limit)
        view = RunsView(panel, tmp_path / "runs.db")
        view.useLearningRate.connect(panel.settings.lr.setValue)
        qtbot.addWidget(panel)
        qtbot.addWidget(view)
        made.append(view)
        return view

    yield make
    gate.open()
    for view in made:
        view.cancel_sweep()
        assert view.panel.stop_and_wait(RUN_TIMEOUT)
        if view.lr_dialog is not None:
            assert view.lr_dialog.stop_and_wait()
    qtbot.waitUntil(lambda: not any(v.panel.is_running() or (v.lr_dialog and v.lr_dialog.is_running())
                                    for v in made), timeout=RUN_TIMEOUT)


def test_two_runs_overlaid_one_colour_each(make_view, tmp_path):
    store = RunStore(tmp_path / "runs.db")
    first = record_run(store, "slow", 0.001, [0.5, 0.6, 0.7])
    second = record_run(store, "fast", 0.01, [0.7, 0.8])
    view = make_view()
    assert view.table.rowCount() == 2 and view.loss_plot.listDataItems() == []
    view.set_ticked(first, True)
    view.set_ticked(second, True)
    losses, metrics = view.loss_plot.listDataItems(), view.metric_plot.listDataItems()
    assert len(losses) == len(metrics) == 2
    colours = [curve.opts["pen"].color().name() for curve in losses]
    assert len(set(colours)) == 2
    assert [c.opts["pen"].color().name() for c in metrics] == colours  # a run has one colour in both plots
    # the same axes: epochs on x for both runs, their accuracies per epoch
    assert losses[0].xData.max() == pytest.approx(3.0) and losses[1].xData.max() == pytest.approx(2.0)
    assert metrics[0].yData.tolist() == [0.5, 0.6, 0.7] and metrics[1].xData.tolist() == [1, 2]
    assert [view.legend.item(i).text() for i in range(view.legend.count())] == [f"{first}: slow", f"{second}: fast"]

    view.set_ticked(first, False)
    assert len(view.loss_plot.listDataItems()) == 1 and view.legend.count() == 1


def test_table_sorts_renames_tags_exports_and_deletes(make_view, tmp_path, dialogs):
    store = RunStore(tmp_path / "runs.db")
    worse = record_run(store, "worse", 0.001, [0.5])
    better = record_run(store, "better", 0.01, [0.9])
    view = make_view()
    best_column = 1 + [str(header) for header, _, _ in COLUMNS].index("Best val")
    view.table.sortByColumn(best_column, Qt.SortOrder.DescendingOrder)
    assert view.table.item(0, 2).text() == "better"
    view.rename(worse, "baseline")
    view.set_tags(worse, "adam small")
    assert (store.run(worse).name, store.run(worse).tags) == ("baseline", "adam small")
    view.select([worse, better])
    view.export_selected(str(tmp_path / "runs.csv"))
    lines = (tmp_path / "runs.csv").read_text().splitlines()
    assert len(lines) == 3 and lines[0].startswith("run,name,tags,outcome")
    assert {line.split(",")[1] for line in lines[1:]} == {"baseline", "better"}
    dialogs.answer = QMessageBox.Yes
    view.select([worse])
    view.delete_selected()
    assert [r.id for r in store.runs()] == [better] and view.table.rowCount() == 1


def test_open_model_and_load_weights(make_view, tmp_path, qtbot):
    store = RunStore(tmp_path / "runs.db")
    run = record_run(store, "kept", 0.02, [0.8])
    view = make_view()
    view.select([run])
    with qtbot.waitSignal(view.openModel) as opened:
        view.open_selected()
    assert opened.args[0].training["lr"] == 0.02 and len(opened.args[0].layers) == 4
    with qtbot.waitSignal(view.loadWeights) as loaded:
        view.load_selected_weights()
    assert set(loaded.args[0]["state_dict"]) == {"1.weight", "1.bias", "3.weight", "3.bias"}


def test_the_panels_runs_are_recorded(make_view, qtbot, tmp_path):
    view = make_view()
    with qtbot.waitSignal(view.panel.modelTrained, timeout=RUN_TIMEOUT):
        view.panel.start()
    qtbot.waitUntil(lambda: not view.panel.is_running(), timeout=RUN_TIMEOUT)
    store = RunStore(tmp_path / "runs.db")
    (run,) = store.runs()
    assert (run.name, run.outcome, run.source, len(run.epochs), run.lr) == ("tiny", "finished", "gui", 1, 3e-3)
    assert len(store.loss_curve(run.id)[0]) == 2 and run.weights  # 64 samples in batches of 32
    with qtbot.waitSignal(view.panel.modelTrained, timeout=RUN_TIMEOUT):
        view.panel.one_more_epoch()  # the same run goes on
    qtbot.waitUntil(lambda: not view.panel.is_running(), timeout=RUN_TIMEOUT)
    (run,) = store.runs()
    assert run.outcome == "finished" and len(run.epochs) == 2 and len(store.loss_curve(run.id)[0]) == 4
    qtbot.waitUntil(lambda: view.table.rowCount() == 1 and view.table.item(0, 8).text() == "2")


def test_weights_that_cannot_be_written_are_said_and_the_run_still_ends(make_view, qtbot, tmp_path):
    (tmp_path / "runs_weights").write_text("a file where the weights folder belongs")
    view = make_view()
    with qtbot.waitSignal(view.panel.modelTrained, timeout=RUN_TIMEOUT):
        view.panel.start()
    qtbot.waitUntil(lambda: not view.panel.is_running(), timeout=RUN_TIMEOUT)
    assert "Cannot write run 1's weights" in view.message.text() and "runs_weights" in view.message.text()
    (run,) = RunStore(tmp_path / "runs.db").runs()
    assert (run.outcome, run.weights) == ("finished", None)


def test_a_sweep_queues_runs_and_cancels(make_view, qtbot, gate, tmp_path):
    view = make_view()
    gate.close()
    view.start_sweep(grid(view.panel.document.config, {"lr": [1e-3, 2e-3, 3e-3]}))
    qtbot.waitUntil(lambda: gate.held, timeout=RUN_TIMEOUT)
    assert view.sweeps.queue.current.label == "lr=0.001" and len(view.sweeps.queue.pending) == 2
    assert "run 1 of 3" in view.queue.text() and "lr=0.002, lr=0.003" in view.queue.text()
    assert view.cancel_sweep_button.isEnabled() and not view.sweep_button.isEnabled()
    gate.release(2)  # the first run's two batches: it finishes, the second starts and waits after its first
    qtbot.waitUntil(lambda: view.sweeps.queue.current.label == "lr=0.002" and gate.held, timeout=RUN_TIMEOUT)
    assert "run 2 of 3" in view.queue.text()
    view.cancel_sweep()
    gate.release()  # the run waiting at the gate takes one more step, then sees the stop
    qtbot.waitUntil(lambda: not view.panel.is_running() and not view.sweeps.is_running(), timeout=RUN_TIMEOUT)
    runs = RunStore(tmp_path / "runs.db").runs()
    assert [(r.name, r.outcome, r.lr) for r in runs] == [("tiny lr=0.001", "finished", 1e-3),
                                                         ("tiny lr=0.002", "stopped", 2e-3)]
    assert view.queue.text() == "" and view.sweep_button.isEnabled()


def test_a_sweep_never_goes_on_with_another_model(make_view, qtbot, gate, tmp_path, dialogs):
    view = make_view()
    gate.close()
    view.start_sweep(grid(view.panel.document.config, {"lr": [1e-3, 2e-3, 3e-3]}))
    qtbot.waitUntil(lambda: gate.held, timeout=RUN_TIMEOUT)
    dialogs.answer = QMessageBox.Yes  # New: "Stop the run"
    assert view.panel.confirm_new_document()
    other = tiny_spec()
    other.name = "other"
    view.panel.document.reset(other)
    assert view.sweeps.queue.pending == [] and "dropped" in view.message.text()
    gate.open()
    qtbot.waitUntil(lambda: not view.panel.is_running() and not view.sweeps.is_running(), timeout=RUN_TIMEOUT)
    assert not view.panel.is_running() and view.queue.text() == "" and view.sweep_button.isEnabled()
    runs = RunStore(tmp_path / "runs.db").runs()
    assert [(r.name, r.outcome) for r in runs] == [("tiny lr=0.001", "stopped")]  # nothing of "other" trained


def test_no_sweep_on_a_checkpoint_waiting_for_continue(make_view, qtbot, tmp_path):
    view = make_view()
    with qtbot.waitSignal(view.panel.modelTrained, timeout=RUN_TIMEOUT):
        view.panel.start()
    qtbot.waitUntil(lambda: not view.panel.is_running(), timeout=RUN_TIMEOUT)
    view.panel.save_checkpoint(tmp_path / "tiny.safetensors")
    assert view.panel.resume_checkpoint(tmp_path / "tiny.safetensors") and view.panel.holds_checkpoint()
    view.start_sweep(grid(view.panel.document.config, {"lr": [1e-3, 2e-3]}))
    assert not view.panel.is_running() and not view.sweeps.is_running() and "checkpoint" in view.message.text()
    assert view.panel.train_button.text() == "Continue" and len(RunStore(tmp_path / "runs.db").runs()) == 1


def test_lr_finder_marks_a_suggestion_and_uses_it(make_view, qtbot):
    view = make_view(limit=512)
    view.find_lr()
    dialog = view.lr_dialog
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=RUN_TIMEOUT)
    assert len(dialog.lrs) > 100 and dialog.lrs[0] == pytest.approx(1e-7)
    assert dialog.suggestion is not None and 1e-5 < dialog.suggestion < 1
    assert dialog.marker.isVisible() and dialog.marker.value() == pytest.approx(np.log10(dialog.suggestion))
    assert dialog.plot.getPlotItem().getAxis("bottom").logMode
    dialog.use_button.click()
    assert view.panel.settings.lr.value() == pytest.approx(dialog.suggestion, rel=1e-3)
