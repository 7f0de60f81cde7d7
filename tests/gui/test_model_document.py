"""One document: the model file holds the architecture and every training setting; the training panel
belongs to the open document; presets open as new untitled models; small editor items (Ctrl+Z in a field,
the header after the first save)."""

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from mtorch_gui.main_window import MainWindow
from mtorch_gui.model.files import save_spec
from mtorch_gui.model.spec import LayerSpec, ModelSpec
from mtorch_gui.training import cli
from mtorch_gui.training.config import TrainingConfig
from mtorch_gui.training.engine import TrainingError

RUN_TIMEOUT = 60_000


def tiny_spec(name="tiny", **training):
    return ModelSpec(name=name, dataset="mnist", input_shape=(1, 28, 28),
                     layers=[LayerSpec("Flatten"), LayerSpec("Linear", {"out_features": 10})],
                     training={"lr": 3e-3, "batch_size": 32, "epochs": 1, "sample_limit": 128, **training})


@pytest.fixture
def window(qtbot, gate):
    """The window, closed by this fixture once its run has ended (not by qtbot, which would delete it first)."""
    window = MainWindow(tiny_spec(), use_settings=False)
    window.show()
    qtbot.waitExposed(window)
    yield window
    gate.open()
    assert window.training.stop_and_wait(RUN_TIMEOUT)
    qtbot.waitUntil(lambda: not window.training.is_running(), timeout=RUN_TIMEOUT)
    window.document.undo_stack.setClean()
    assert window.close()
    window.deleteLater()


def press(widget, keys):
    """Type ``keys`` (a standard key) into ``widget``, which has the focus, as a person would."""
    combination = QKeySequence(keys)[0]
    QTest.keyClick(widget, combination.key(), combination.keyboardModifiers())


def test_a_setting_typed_in_the_form_is_one_undoable_document_edit(window, qtbot):
    lr = window.training.settings.lr
    lr.setFocus()
    lr.lineEdit().selectAll()
    qtbot.keyClicks(lr.lineEdit(), "0.005")
    assert window.document.config.lr == 0.005 and window.document.modified
    assert window.document.undo_stack.count() == 1 and window.windowTitle().startswith("tiny[*]")
    press(lr, QKeySequence.StandardKey.Undo)  # the cursor is still in the field
    assert window.document.config.lr == 3e-3 and lr.value() == 3e-3 and not window.document.modified
    press(lr, QKeySequence.StandardKey.Redo)
    assert window.document.config.lr == 0.005 and lr.value() == 0.005

    window.training.settings.optimizer.setCurrentText("SGD")
    window.training.settings.momentum.setValue(0.9)
    assert window.document.undo_stack.count() == 3
    window.document.undo_stack.undo()
    assert window.training.settings.momentum.value() == 0 and window.document.config.optimizer == "SGD"


def test_save_writes_what_the_form_shows_and_open_loads_every_setting(window, tmp_path, monkeypatch):
    form = window.training.settings
    form.optimizer.setCurrentText("SGD")
    form.momentum.setValue(0.5)
    form.nesterov.setChecked(True)
    form.scheduler.setCurrentText("StepLR")
    form.gamma.setValue(0.25)
    form.seed.setValue(9)
    form.epochs.setValue(4)
    shown = form.config()
    assert window.save_as(str(tmp_path / "mine.json"))
    saved = json.loads((tmp_path / "mine.json").read_text())["training"]
    assert TrainingConfig.from_dict({**saved, "dataset": "mnist"}) == shown == window.document.config

    other = tiny_spec("other", optimizer="RMSprop", lr=0.02, weight_decay=0.01, batch_size=16)
    save_spec(other, tmp_path / "other.json")
    assert window.open_file(str(tmp_path / "other.json"))
    assert form.config() == window.document.config == TrainingConfig.from_dict({**other.training, "dataset": "mnist"})
    assert not window.document.modified

    built = []  # mtorch-train FILE trains with exactly the settings the panel shows for FILE

    def no_training(spec, config):
        built.append(config)
        raise TrainingError("stop here")

    monkeypatch.setattr(cli, "Trainer", no_training)
    cli.main([str(tmp_path / "other.json")])
    cli.main([str(tmp_path / "mine.json")])
    assert built == [form.config(), shown]


def test_a_preset_opens_as_a_new_untitled_model_and_never_overwrites_the_file(window, tmp_path, monkeypatch):
    path = tmp_path / "mycnn.json"
    assert window.save_as(str(path))
    before = path.read_text()
    assert window.new_from_preset("LeNet-5")
    assert window.document.file_path is None and window.document.spec.name == "LeNet-5"
    assert window.document.config.epochs == 5 and window.training.settings.epochs.value() == 5
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (asked.append(args[2]), ("", ""))[1])
    window.save_action.trigger()  # Ctrl+S
    assert asked and asked[0].endswith("LeNet-5.json") and path.read_text() == before


def test_the_header_names_an_untitled_model_after_its_first_save(window, tmp_path):
    window.new_model()
    assert window.editor.title.text() == "Untitled"
    assert window.save_as(str(tmp_path / "mycnn.json"))
    assert window.editor.title.text() == "mycnn" and not window.document.modified
    assert json.loads((tmp_path / "mycnn.json").read_text())["name"] == "mycnn"


def test_ctrl_z_in_a_property_field_undoes_the_document(window, qtbot):
    window.editor.stack.select(1)  # the Linear
    field = window.editor.properties.editors["out_features"]
    field.setFocus()
    field.lineEdit().selectAll()
    qtbot.keyClicks(field.lineEdit(), "12")
    assert window.document.layers[1].args["out_features"] == 12
    press(field, QKeySequence.StandardKey.Undo)
    assert window.document.layers[1].args["out_features"] == 10 and field.value() == 10


def train_to_the_end(qtbot, panel):
    with qtbot.waitSignal(panel.running, timeout=RUN_TIMEOUT, check_params_cb=lambda on: not on):
        qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)


def test_a_kept_run_is_only_ever_continued_on_its_own_model(window, qtbot, tmp_path, dialogs):
    panel = window.training
    train_to_the_end(qtbot, panel)
    assert panel.owns_run() and not panel.owner_label.isVisible()
    save_spec(tiny_spec("B", epochs=9), tmp_path / "b.json")

    dialogs.answer = QMessageBox.StandardButton.Cancel
    assert not window.open_file(str(tmp_path / "b.json")) and window.document.spec.name == "tiny"
    assert dialogs[-1][1] == "A training run exists" and "“tiny”" in dialogs[-1][2]

    dialogs.answer = QMessageBox.StandardButton.No  # keep it for its own model
    assert window.open_file(str(tmp_path / "b.json"))
    assert not panel.owns_run() and panel.owner_label.isVisible() and "“tiny”" in panel.owner_label.text()
    assert panel.more_button.isEnabled() and "“tiny”" in panel.more_button.toolTip()
    with qtbot.waitSignal(panel.modelTrained, timeout=RUN_TIMEOUT) as trained:
        qtbot.mouseClick(panel.more_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=RUN_TIMEOUT)
    assert trained.args[0]["spec"].name == "tiny" and panel.last_run().epoch == 2
    assert window.document.spec.name == "B" and window.document.config.epochs == 9  # B is untouched

    train_to_the_end(qtbot, panel)  # Train starts B's own run
    assert panel.owns_run() and panel.last_run().epoch == 9 and not panel.owner_label.isVisible()

    dialogs.answer = QMessageBox.StandardButton.Yes  # close the run
    assert window.new_from_preset("LeNet-5")
    assert not panel.has_run() and not panel.more_button.isEnabled() and not panel.save_button.isEnabled()
    assert panel.plots.loss.raw.size == 0 and len(panel.plots.epochs) == 0
    drawn = panel.plots.raw_curve.xData
    assert drawn is None or len(drawn) == 0  # drawn empty at once, not at the plots' next tick


def test_a_running_run_stopped_for_another_model_is_forgotten(window, qtbot, gate, dialogs):
    panel = window.training
    window.document.set_setting("epochs", 50)
    window.document.undo_stack.setClean()
    gate.close()
    qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.plots.loss.raw.size == 1 and gate.held, timeout=RUN_TIMEOUT)
    dialogs.answer = QMessageBox.StandardButton.Yes
    assert window.new_from_preset("RNN sin-to-cos")
    assert "is training" in dialogs.of("question")[-1][2]
    gate.open()
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=RUN_TIMEOUT)
    assert not panel.has_run() and panel.last_run() is None and panel.plots.loss.raw.size == 0
    assert not panel.more_button.isEnabled() and panel.train_button.isEnabled()
    assert panel.settings.config() == window.document.config and window.document.config.loss == "MSELoss"


def test_one_more_epoch_sets_the_epochs_shown(window, qtbot):
    panel = window.training
    train_to_the_end(qtbot, panel)
    assert not window.document.modified
    with qtbot.waitSignal(panel.running, timeout=RUN_TIMEOUT, check_params_cb=lambda on: not on):
        qtbot.mouseClick(panel.more_button, Qt.MouseButton.LeftButton)
    assert panel.last_run().epoch == 2 and panel.settings.epochs.value() == 2
    assert window.document.config.epochs == 2 and window.document.modified
    assert "“tiny”" in panel.message.text() or "Finished 2 epochs" in panel.message.text()


def test_checkpoint_and_history_dialogs_offer_the_models_names_in_the_last_folder(window, qtbot, tmp_path,
                                                                                  monkeypatch):
    assert window.save_as(str(tmp_path / "mycnn.json"))
    panel = window.training
    train_to_the_end(qtbot, panel)
    offered = []

    def save_dialog(parent, title, suggested, *rest):
        offered.append(suggested)
        return str(tmp_path / "runs" / suggested.rsplit("/", 1)[-1]), ""

    (tmp_path / "runs").mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    panel.save_button.click()
    panel.csv_button.click()
    assert offered[0].endswith("/mycnn-epoch1.safetensors") and offered[1] == str(tmp_path / "runs" /
                                                                                   "mycnn-history.csv")
    assert (tmp_path / "runs" / "mycnn-epoch1.safetensors").exists()


def test_a_run_kept_running_for_its_model_never_takes_the_open_models_settings(window, qtbot, gate, tmp_path,
                                                                               dialogs):
    panel = window.training
    window.document.set_setting("epochs", 50)
    window.document.undo_stack.setClean()
    save_spec(tiny_spec("B"), tmp_path / "b.json")
    gate.close()
    qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.plots.loss.raw.size == 1 and gate.held, timeout=RUN_TIMEOUT)
    dialogs.answer = QMessageBox.StandardButton.No  # keep it running for "tiny"
    assert window.open_file(str(tmp_path / "b.json"))
    assert panel.is_running() and not panel.owns_run() and not panel.train_button.isEnabled()
    assert panel.settings.optimizer.isEnabled() and panel.settings.batch_size.isEnabled()  # B's to edit
    panel.settings.lr.setValue(0.5)  # B's learning rate, not the running run's
    assert window.document.config.lr == 0.5
    with qtbot.waitSignal(panel.running, timeout=RUN_TIMEOUT, check_params_cb=lambda on: not on):
        panel.stop()
        gate.open()
    assert set(panel.last_run().history.batch_lr) == {3e-3}
    assert "“tiny”" in panel.owner_label.text() and panel.more_button.isEnabled()


def test_resume_asks_about_unsaved_changes_and_opens_the_checkpoints_model(window, qtbot, tmp_path, dialogs):
    panel = window.training
    train_to_the_end(qtbot, panel)
    panel.save_checkpoint(tmp_path / "tiny-epoch1.safetensors")
    dialogs.answer = QMessageBox.StandardButton.No  # keep the run
    assert window.new_from_preset("LeNet-5")
    window.document.add_layer("ReLU")
    dialogs.answer = QMessageBox.StandardButton.Cancel
    assert not panel.resume_checkpoint(tmp_path / "tiny-epoch1.safetensors")
    assert "before resuming the checkpoint" in dialogs[-1][2] and window.document.spec.name == "LeNet-5"
    dialogs.answer = QMessageBox.StandardButton.Discard
    assert panel.resume_checkpoint(tmp_path / "tiny-epoch1.safetensors")
    assert window.document.spec.name == "tiny" and window.document.file_path is None
    assert not window.document.modified and panel.owns_run() and panel.train_button.text() == "Continue"
    assert panel.last_run() is None and not panel.more_button.isEnabled()  # the kept run gave way
