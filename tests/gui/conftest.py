"""Qt tests run offscreen, with QSettings in a temporary folder and no modal dialog ever blocking.

``dialogs`` records every QMessageBox shown (kind, title, text); ``dialogs.answer`` is what
QMessageBox.question (and ``exec`` of a box made in place) returns (Discard by default, so a test never waits
for a click).

``gate`` holds GUI training runs between two batches and lets them go batch by batch, so what a test
sees depends on the events it releases, never on the clock or the machine's load.
"""

import gc
import os
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

pytest.importorskip("pytestqt")

from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from mtorch_gui.app import APPLICATION, ORGANIZATION, collect_garbage_on_the_ui_thread  # noqa: E402
from mtorch_gui.training import worker  # noqa: E402
from mtorch_gui.training.engine import BatchInfo, Trainer  # noqa: E402


class Dialogs(list):
    answer = QMessageBox.Discard

    def of(self, kind):
        return [d for d in self if d[0] == kind]


@pytest.fixture(autouse=True)
def garbage_collected_on_the_ui_thread(qapp):
    """As in the app (make_application): cyclic garbage is collected on the UI thread only, never on a training
    worker, where destroying a Qt object deadlocks. Garbage of earlier tests is collected first."""
    gc.collect()
    collector = collect_garbage_on_the_ui_thread()
    yield
    collector.timer.stop()
    gc.enable()


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, qapp):
    """Every test gets empty QSettings of its own."""
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "settings"))
    yield
    QSettings().clear()


@pytest.fixture(autouse=True)
def dialogs(monkeypatch):
    shown = Dialogs()

    def question(parent, title, text, *args, **kwargs):
        shown.append(("question", title, text))
        return shown.answer

    def report(kind):
        def show(parent, title, text, *args, **kwargs):
            shown.append((kind, title, text))
            return QMessageBox.Ok
        return staticmethod(show)

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    # a message box made in place (one with buttons of its own, such as the run question) answers the same
    monkeypatch.setattr(QMessageBox, "exec", lambda box: question(box.parent(), box.windowTitle(), box.text()))
    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, report(kind))
    return shown


class Gate:
    """Once installed (``monkeypatch``), every run's ``Trainer.train`` waits after each batch until the
    test ``release``s one more (or ``open``s the gate); the worker sends every batch report at once.
    A new gate is open: ``close`` it to start holding runs. ``held`` is true while a run waits at the
    gate: wait for it before a request that must land between two given batches (a batch report reaches
    the UI before its run reaches the gate)."""

    def __init__(self, monkeypatch):
        self._state = threading.Condition()
        self._open, self.permits, self.held = True, 0, False
        train = Trainer.train

        def gated_train(trainer, until_epoch=None):
            return self._held(train(trainer, until_epoch))

        monkeypatch.setattr(Trainer, "train", gated_train)
        monkeypatch.setattr(worker, "BATCH_SIGNAL_INTERVAL", 0.0)

    def _held(self, steps):
        try:
            for report in steps:
                yield report
                if isinstance(report, BatchInfo):
                    self._wait()
        finally:
            steps.close()

    def _wait(self):
        with self._state:
            while not self._open and self.permits == 0:
                self.held = True
                self._state.wait()
            self.held = False
            if not self._open:
                self.permits -= 1

    def close(self):
        with self._state:
            self._open = False

    def release(self, batches: int = 1):
        with self._state:
            self.permits += batches
            self._state.notify_all()

    def open(self):
        with self._state:
            self._open = True
            self._state.notify_all()


@pytest.fixture
def gate(monkeypatch):
    gate = Gate(monkeypatch)
    yield gate
    gate.open()
