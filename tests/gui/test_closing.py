"""Closing the window while a run is still being prepared (its Trainer loading a large dataset): the stop is
honoured as soon as the preparation ends, the user is told why the window has not closed yet, and it closes
itself once the run's thread has ended and been waited for. The preparation is held by an event the test
releases, never by the clock."""

import threading

import pytest
from PySide6.QtWidgets import QMessageBox

from mtorch_gui.main_window import MainWindow
from mtorch_gui.model.spec import LayerSpec, ModelSpec
from mtorch_gui.training import engine, panel

RUN_TIMEOUT = 60_000


class HeldLoader:
    """engine.load_dataset waiting for ``release`` (a large dataset being read); records the loading thread."""

    def __init__(self, monkeypatch):
        self.entered, self.release, self.threads = threading.Event(), threading.Event(), []
        load = engine.load_dataset

        def held(*args, **kwargs):
            self.threads.append(threading.current_thread())
            self.entered.set()
            self.release.wait()
            return load(*args, **kwargs)

        monkeypatch.setattr(engine, "load_dataset", held)


@pytest.fixture
def window(qtbot, gate):
    window = MainWindow(ModelSpec(name="tiny", dataset="mnist", input_shape=(1, 28, 28),
                                  layers=[LayerSpec("Flatten"), LayerSpec("Linear", {"out_features": 10})],
                                  training={"batch_size": 32, "epochs": 1, "sample_limit": 128}),
                        use_settings=False)
    window.show()
    qtbot.waitExposed(window)
    yield window
    gate.open()
    assert window.training.stop_and_wait(RUN_TIMEOUT)
    qtbot.waitUntil(lambda: not window.training.is_running(), timeout=RUN_TIMEOUT)
    window.close()
    window.deleteLater()


@pytest.fixture
def held(window, monkeypatch):
    """Torn down before ``window``: the preparation is always released, so nothing is left running."""
    loader = HeldLoader(monkeypatch)
    yield loader
    loader.release.set()


def test_closing_while_the_run_is_prepared_stops_it_then_closes(window, held, qtbot, dialogs, monkeypatch):
    monkeypatch.setattr(panel, "CLOSE_WAIT_MS", 0)  # the preparation is held: no wait could see it end
    training = window.training
    training.start()
    assert held.entered.wait(RUN_TIMEOUT / 1000)
    dialogs.answer = QMessageBox.StandardButton.Yes
    assert not window.close()  # the run cannot stop before its data is loaded
    assert window.isVisible() and training.is_running() and window.tabs.currentWidget() is training
    assert "closes as soon as" in training.message.text()
    assert len(dialogs.of("question")) == 1
    assert not window.close() and len(dialogs.of("question")) == 1  # asked once: it is already stopping
    with qtbot.waitSignal(training.running, timeout=RUN_TIMEOUT, check_params_cb=lambda on: not on):
        held.release.set()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=RUN_TIMEOUT)
    assert not training.is_running() and training._worker.outcome == "stopped"
    assert training.plots.loss.raw.size == 0  # no batch was trained after the stop
    assert held.threads and held.threads[0] is not threading.main_thread()


def test_closing_when_the_run_stops_in_time_closes_at_once(window, held, qtbot, dialogs, monkeypatch):
    monkeypatch.setattr(panel, "CLOSE_WAIT_MS", RUN_TIMEOUT)  # the wait sees the released run stop
    training = window.training
    training.start()
    assert held.entered.wait(RUN_TIMEOUT / 1000)
    dialogs.answer = QMessageBox.StandardButton.Yes
    request_stop = training._worker.request_stop

    def stop_then_load():
        request_stop()
        held.release.set()  # the data is loaded after the stop was asked: it is honoured before the first batch

    monkeypatch.setattr(training._worker, "request_stop", stop_then_load)
    assert window.close() and not window.isVisible()
    qtbot.waitUntil(lambda: not training.is_running(), timeout=RUN_TIMEOUT)
    assert training._worker.outcome == "stopped"


def test_declining_keeps_the_window_and_the_run(window, held, qtbot, dialogs):
    training = window.training
    training.start()
    assert held.entered.wait(RUN_TIMEOUT / 1000)
    dialogs.answer = QMessageBox.StandardButton.No
    assert not window.close() and window.isVisible() and training.is_running()
    held.release.set()
    qtbot.waitUntil(lambda: not training.is_running(), timeout=RUN_TIMEOUT)
    assert window.isVisible() and training._worker.outcome == "finished"


def test_unsaved_changes_are_asked_about_once_when_the_close_waits_for_the_run(window, held, qtbot, dialogs,
                                                                               monkeypatch):
    monkeypatch.setattr(panel, "CLOSE_WAIT_MS", 0)
    answers = {"Training is running": QMessageBox.StandardButton.Yes, "Unsaved changes": QMessageBox.Discard}
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda parent, title, text, *args, **kwargs: dialogs.append(("question", title, text)) or answers[title]))
    window.document.set_setting("lr", 0.5)
    training = window.training
    training.start()
    assert held.entered.wait(RUN_TIMEOUT / 1000)
    assert not window.close()
    assert not window.close()  # closed again while the run stops: nothing is asked again
    with qtbot.waitSignal(training.stoppedForClose, timeout=RUN_TIMEOUT):
        held.release.set()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=RUN_TIMEOUT)
    assert [d[1] for d in dialogs.of("question")] == ["Unsaved changes", "Training is running"]


def test_an_edit_while_the_run_stops_is_asked_about_again(window, held, qtbot, dialogs, monkeypatch):
    monkeypatch.setattr(panel, "CLOSE_WAIT_MS", 0)
    answers = {"Training is running": QMessageBox.StandardButton.Yes, "Unsaved changes": QMessageBox.Discard}
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda parent, title, text, *args, **kwargs: dialogs.append(("question", title, text)) or answers[title]))
    window.document.set_setting("lr", 0.5)
    window.training.start()
    assert held.entered.wait(RUN_TIMEOUT / 1000)
    assert not window.close()
    window.document.set_setting("lr", 0.25)
    assert not window.close()
    assert [d[1] for d in dialogs.of("question")] == ["Unsaved changes", "Training is running", "Unsaved changes"]
