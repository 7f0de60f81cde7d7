"""The window meets the bad files of issue 9 with one message box each and keeps the model it has."""

import json
import os

import pytest

from mtorch_gui.main_window import MainWindow
from mtorch_gui.model.presets import DEFAULT_PRESET, preset
from mtorch_gui.model.spec import ModelSpec


@pytest.fixture
def window(qtbot):
    window = MainWindow(use_settings=False)
    qtbot.addWidget(window)
    yield window
    window.document.undo_stack.setClean()


def _model(**changes):
    data = preset(DEFAULT_PRESET).to_dict()
    data.update(changes)
    return json.dumps(data)


@pytest.mark.parametrize("content, reason", [
    ('{"layers": ' + "[" * 50_000 + "]" * 50_000 + "}", "nests deeper than"),
    (_model()[:-1] + ', "extra": ' + "9" * 4400 + "}", "integer of 4,400 digits"),
    (_model(dataset=["mnist", "sin_to_cos"]), "unknown dataset"),
    (_model(training={"batch_size": "64"}), "training setting 'batch_size' must be a whole number"),
    (_model(training={"epochs": 2 ** 40}), "training setting 'epochs' must be a whole number"),
    (_model(metrics={"test_accuracy": "0.99"}), "metric 'test_accuracy' must be a finite number"),
])
def test_bad_model_files_give_one_message_and_keep_the_model(window, tmp_path, dialogs, content, reason):
    before = window.document.spec
    path = tmp_path / "hostile.json"
    path.write_text(content)
    assert not window.open_file(str(path))
    (warning,) = dialogs.of("warning")
    assert "hostile.json" in warning[2] and reason in warning[2]
    assert window.document.spec == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_does_not_freeze_the_window(window, tmp_path, dialogs):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    assert not window.open_file(str(fifo))
    (warning,) = dialogs.of("warning")
    assert "pipe.json" in warning[2] and "FIFO" in warning[2]


def test_exporting_an_empty_model_says_why(window, tmp_path, dialogs):
    window.document.reset(ModelSpec(name="Empty", layers=[]))
    assert not window.export_code("mtorch", str(tmp_path / "empty.py"))
    (warning,) = dialogs.of("warning")
    assert "no layers yet" in warning[2]
    assert not (tmp_path / "empty.py").exists()


def test_exporting_a_model_with_any_name_writes_code_that_compiles(window, tmp_path, dialogs):
    spec = preset(DEFAULT_PRESET)
    spec.name = "nul\x00 and lone \udc80 surrogate"
    window.document.reset(spec)
    path = tmp_path / "odd.py"
    assert window.export_code("torch", str(path))
    compile(path.read_bytes(), "odd.py", "exec")
    assert not dialogs
