"""The main window: first launch, files (save, reopen, bad files, export), unsaved changes, settings,
and ``--screenshot``."""

import json
import os
import subprocess
import sys

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton, QTabWidget, QWidget

import mtorch
from mtorch_gui.main_window import MainWindow
from mtorch_gui.model.presets import DEFAULT_PRESET, preset
from mtorch_gui.model.spec import ModelSpec


@pytest.fixture
def make_window(qtbot):
    windows = []

    def make(**kwargs):
        window = MainWindow(**kwargs)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.document.undo_stack.setClean()     # let teardown close without questions


def add_relu(window):
    window.document.add_layer("ReLU")
    assert window.document.modified


def test_first_launch(make_window):
    window = make_window()
    assert window.document.spec == preset(DEFAULT_PRESET)
    assert window.document.validation.ok and not window.document.modified
    assert isinstance(window.findChild(QTabWidget, "mainTabs"), QTabWidget) and window.tabs is not None
    for name in ("layerPalette", "layerStack", "layerProperties", "modelSummary"):
        assert window.findChild(QWidget, name) is not None
    assert "Tip:" in window.statusBar().currentMessage()
    assert window.windowTitle().startswith("MLP 784-128-64-10")
    assert not window.windowIcon().isNull()


def test_invalid_stack_disables_the_train_button_with_the_reason(make_window):
    window = make_window()
    train = window.findChild(QPushButton, "trainButton")
    assert train.isEnabled()
    window.document.remove_layer(0)
    assert not train.isEnabled()
    reason = "Layer 1: Linear needs a flat input but receives (1, 28, 28): add a Flatten before it"
    assert reason in train.toolTip()
    assert reason in window.findChild(QLabel, "trainingMessage").text()
    window.document.undo_stack.undo()
    assert train.isEnabled()


def test_save_and_reopen(make_window, tmp_path, dialogs):
    window = make_window()
    add_relu(window)
    path = tmp_path / "mine.json"
    assert window.save_as(str(path))
    assert not window.document.modified and window.windowTitle().startswith("mine.json")
    saved = window.document.spec
    assert ModelSpec.from_json(path.read_text()) == saved

    window.document.remove_layer(0)
    assert window.open_file(str(path))                      # the unsaved change is asked about first
    assert [d[0] for d in dialogs] == ["question"] and "unsaved changes" in dialogs[0][2]
    assert window.document.spec == saved and not window.document.modified
    assert window.document.undo_stack.count() == 0
    assert window.recent_files()[0] == str(path.resolve())


def test_recent_files_menu_reopens(make_window, tmp_path):
    window = make_window()
    window.document.load_preset("LeNet-5")
    window.save_as(str(tmp_path / "lenet.json"))
    window.new_model()
    window._fill_recent_menu()
    first = window.recent_menu.actions()[0]
    assert first.text() == "&1 lenet.json"
    first.trigger()
    assert window.document.spec.name == "LeNet-5" and window.document.file_path == str(tmp_path / "lenet.json")


@pytest.mark.parametrize("content, reason", [
    ("this is not JSON", "not valid JSON"),
    (json.dumps({"format_version": 1, "layers": [{"type": "Warp"}]}), "unknown layer type 'Warp'"),
    (json.dumps({"format_version": 1, "layers": [{"type": "Linear", "args": {"out_features": [1]}}]}),
     "out_features must be a whole number"),
    (json.dumps({"format_version": 1, "layers": [{"type": "Conv2d", "args": {"out_channels": 4, "kernel_size": 40}}]}),
     "its layers do not fit together"),
    (json.dumps({"format_version": 2, "layers": []}), "newer than this mtorch_gui reads"),
])
def test_bad_file_gives_one_message_and_keeps_the_model(make_window, tmp_path, dialogs, content, reason):
    window = make_window()
    add_relu(window)
    before, history = window.document.spec, window.document.undo_stack.count()
    dialogs.answer = QMessageBox.Discard
    path = tmp_path / "broken.json"
    path.write_text(content)
    assert not window.open_file(str(path))
    warnings = dialogs.of("warning")
    assert len(warnings) == 1
    assert "broken.json" in warnings[0][2] and reason in warnings[0][2]
    assert window.document.spec == before and window.document.modified
    assert window.document.undo_stack.count() == history


def test_unsaved_changes_are_asked_about(make_window, tmp_path, dialogs):
    window = make_window()
    add_relu(window)
    dialogs.answer = QMessageBox.Cancel
    window.new_model()
    assert len(window.document.layers) == 7                 # cancelled: nothing happened
    assert not window.close() and window.isVisible()
    assert len(dialogs.of("question")) == 2

    dialogs.answer = QMessageBox.Discard
    window.new_model()
    assert window.document.layers == [] and not window.document.modified

    add_relu(window)
    dialogs.answer = QMessageBox.Save                       # Save on an untitled model asks for a name
    window.save_as = lambda path=None: window._write(str(tmp_path / "kept.json"))
    window.new_model()
    assert (tmp_path / "kept.json").exists() and window.document.layers == []


def test_a_stack_that_does_not_fit_is_not_saved(make_window, tmp_path, dialogs):
    window = make_window()
    window.document.remove_layer(0)
    assert not window.save_as(str(tmp_path / "broken.json"))
    assert "Fix the model before saving it: Layer 1: Linear needs a flat input" in dialogs.of("warning")[0][2]
    assert not (tmp_path / "broken.json").exists()


def test_export_code_runs(make_window, tmp_path):
    window = make_window()
    window.document.load_preset("LeNet-5")
    path = tmp_path / "lenet.py"
    assert window.export_code("mtorch", str(path))
    namespace = {"__name__": "exported"}
    exec(path.read_text(), namespace)
    assert repr(namespace["model"]) == repr(window.document.spec.build())
    assert isinstance(namespace["model"], mtorch.nn.Sequential)


def test_settings_persist_geometry_splitters_recent_files_and_last_model(make_window, tmp_path):
    window = make_window()
    window.document.load_preset("LSTM sin-to-cos")
    window.document.add_layer("Tanh")
    window.resize(700, 560)                                 # within the offscreen 800x600 screen
    window.splitter.setSizes([500, 600])
    window.save_as(str(tmp_path / "lstm.json"))
    window.document.add_layer("Identity")
    sizes, size = window.splitter.sizes(), window.size()
    window.close()                                          # the dialogs fixture answers Discard

    again = make_window()                                   # the file again, without the discarded edit
    QApplication.processEvents()                            # its scroll area settles on the restored size
    assert [layer.type for layer in again.document.layers] == ["LSTM", "Linear", "Tanh"]
    assert again.document.file_path == str(tmp_path / "lstm.json") and not again.document.modified
    assert again.size() == size and again.splitter.sizes() == sizes
    assert again.recent_files() == [str((tmp_path / "lstm.json").resolve())]
    again.new_model()
    again.close()

    third = make_window()                                   # the last model, even untitled
    assert third.document.layers == [] and third.document.file_path is None


def test_discarded_untitled_edits_start_from_the_preset(make_window):
    window = make_window()
    window.new_from_preset("LeNet-5")
    window.document.add_layer("ReLU")
    window.close()
    assert make_window().document.spec == preset(DEFAULT_PRESET)


def test_screenshot_writes_a_png(tmp_path):
    path = tmp_path / "shot.png"
    out = subprocess.run([sys.executable, "-m", "mtorch_gui", "--screenshot", str(path)], capture_output=True,
                         text=True, timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
