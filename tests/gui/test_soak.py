"""Soak: 500 short training runs started and ended back to back in the real main window (offscreen), with
random pauses, resumes, stops and "One more epoch"s, and never a hang. A watchdog re-armed before every
run dumps every thread's stack and ends the process if one run takes over ``WATCHDOG_SECONDS``: that is
the only clock here, and only to turn a deadlock into a failure with its stacks.

Marked ``soak``: the default test run skips it; ``python -m pytest -m soak`` runs it (.ci/run does).
"""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import collections  # noqa: E402
import faulthandler  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import pytest  # noqa: E402

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QMessageBox  # noqa: E402

from mtorch_gui.main_window import MainWindow  # noqa: E402
from mtorch_gui.model.spec import LayerSpec, ModelSpec  # noqa: E402

RUNS = 500
WATCHDOG_SECONDS = 120  # one run of 5 batches takes well under a second; a hang is caught, not waited out
SPEC = ModelSpec(name="soak", dataset="mnist", input_shape=(1, 28, 28),
                 layers=[LayerSpec("Flatten"), LayerSpec("Linear", {"out_features": 16}), LayerSpec("ReLU"),
                         LayerSpec("Dropout", {"p": 0.2}), LayerSpec("Linear", {"out_features": 10})],
                 training={"loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 3e-3, "batch_size": 64,
                           "epochs": 1})


@pytest.fixture
def watchdog():
    def arm():
        faulthandler.dump_traceback_later(WATCHDOG_SECONDS, exit=True, file=sys.stderr)

    yield arm
    faulthandler.cancel_dump_traceback_later()


@pytest.mark.soak
def test_500_short_runs_never_hang(qtbot, dialogs, watchdog):
    window = MainWindow(SPEC, use_settings=False)
    qtbot.addWidget(window)
    window.show()
    panel = window.training
    panel.settings.sample_limit.setValue(300)  # 5 batches of 64, then a 300-sample evaluation
    window.document.undo_stack.setClean()  # (a setting is a document edit: closing would ask about it)
    rng = random.Random(9)
    outcomes, actions = collections.Counter(), collections.Counter()
    started = time.perf_counter()

    def wait_for(condition):
        qtbot.waitUntil(condition, timeout=WATCHDOG_SECONDS * 2000)  # the watchdog fires first

    for _ in range(RUNS):
        watchdog()
        action = rng.choice(["run to the end", "stop", "stop at once", "pause and resume", "stop while paused"])
        if panel.more_button.isEnabled() and rng.random() < 0.3:
            panel.one_more_epoch()
            actions["one more epoch"] += 1
        else:
            panel.start()
        actions[action] += 1
        assert panel.is_running()
        after = rng.randint(1, 4)  # batches seen before acting (the run may end first)
        if action == "stop at once":
            panel.stop()
        elif action != "run to the end":
            wait_for(lambda: panel.plots.loss.raw.size >= after or not panel.is_running())  # noqa: B023
            if panel.is_running() and action == "stop":
                panel.stop()
            elif panel.is_running():
                panel.toggle_pause()
                if action == "stop while paused":
                    panel.stop()
                else:
                    qtbot.wait(rng.randint(0, 20))
                    panel.toggle_pause()
        wait_for(lambda: not panel.is_running())
        outcomes[panel._worker.outcome] += 1
        assert panel.train_button.isEnabled() and not panel.stop_button.isEnabled()

    panel.start()  # and close the window during a run
    window.document.undo_stack.setClean()  # (One more epoch sets the document's epochs)
    dialogs.answer = QMessageBox.StandardButton.Yes
    assert window.close() and panel.stop_and_wait()
    faulthandler.cancel_dump_traceback_later()
    seconds = time.perf_counter() - started
    print(f"\nsoak: {RUNS} runs in {seconds:.0f} s, hangs 0; outcomes {dict(outcomes)}; actions {dict(actions)}")
    assert sum(outcomes.values()) == RUNS and outcomes["failed"] == 0
