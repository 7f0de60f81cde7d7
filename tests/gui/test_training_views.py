"""The training panel's views (issue 12): a diverging run pauses with its reason, layers are numbered from 1,
nothing of the last run stays on screen when a new one starts, and the ETA goes when a run ends.

Runs are steered with the ``gate`` (tests/gui/conftest.py), never with the clock.
"""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402

from mtorch_gui.editor.document import ModelDocument  # noqa: E402
from mtorch_gui.model.spec import LayerSpec, ModelSpec  # noqa: E402
from mtorch_gui.training.panel import TrainingPanel  # noqa: E402

RUN_TIMEOUT = 60_000


def tiny_spec(**training):
    return ModelSpec(
        name="tiny", dataset="mnist", input_shape=(1, 28, 28),
        layers=[LayerSpec("Flatten"), LayerSpec("Linear", {"out_features": 16}), LayerSpec("ReLU"),
                LayerSpec("Linear", {"out_features": 10})],
        training={"loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 3e-3, "batch_size": 32, "epochs": 1,
                  **training})


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


def click(qtbot, button):
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_lr_10_pauses_with_the_reason_then_goes_on_at_the_lower_rate(qtbot, make_panel):
    panel = make_panel(tiny_spec(lr=10.0, epochs=2))
    click(qtbot, panel.train_button)
    qtbot.waitUntil(lambda: panel.message.text().startswith("Paused: After epoch 1"), timeout=RUN_TIMEOUT)
    text = panel.message.text()
    assert "the run diverges" in text and "try 1." in text and text.endswith("press Resume, or press Stop.")
    assert panel.is_running() and panel.pause_button.text() == "Resume" and panel.stop_button.isEnabled()
    assert panel.settings.lr.isEnabled()
    panel.settings.lr.setValue(0.001)
    click(qtbot, panel.pause_button)
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=RUN_TIMEOUT)
    end = panel.last_run()
    assert panel._worker.outcome == "finished" and end.epoch == 2 and end.history.batch_lr[-1] == 0.001
    assert panel.message.text().startswith("Finished 2 epochs")


def test_a_diverging_run_can_be_stopped_while_paused(qtbot, make_panel):
    panel = make_panel(tiny_spec(lr=10.0, epochs=3))
    click(qtbot, panel.train_button)
    qtbot.waitUntil(lambda: panel.message.text().startswith("Paused: "), timeout=RUN_TIMEOUT)
    click(qtbot, panel.stop_button)
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=RUN_TIMEOUT)
    assert panel._worker.outcome == "stopped" and panel.last_run().epoch == 1 and panel.more_button.isEnabled()
