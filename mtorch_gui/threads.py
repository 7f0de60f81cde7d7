"""The one way the views compute off the UI thread (a finite-difference check, an epoch's analysis, reading a
dataset): ``run_in_thread`` runs a job on a plain thread, and ``OffThreadJobs`` hands the result back to the
view on the UI thread through one never-deleted relay, so a worker thread never holds a widget (its last
reference must drop on the UI thread). The main window waits briefly for jobs still running when it closes
(``wait_for_threads``)."""

from __future__ import annotations

import itertools
import threading
import time

from PySide6.QtCore import QObject, Signal, Slot

_live: set[threading.Thread] = set()
_live_lock = threading.Lock()


def run_in_thread(job, done):
    """Run ``job()`` on a plain thread and hand its result (or the exception it raised) to ``done``: a signal's
    ``emit`` (of an object that is not a widget), so the result reaches the UI thread queued. The job must read
    copies only (it never touches a QObject or a training run's arrays)."""
    def run():
        try:
            try:
                result = job()
            except Exception as error:  # noqa: BLE001 - shown in the view, never lost on the thread
                result = error
            try:
                done(result)
            except RuntimeError:  # "Signal source has been deleted": Qt is being torn down, nothing to show
                pass
        finally:
            with _live_lock:
                _live.discard(threading.current_thread())

    thread = threading.Thread(target=run, daemon=True)
    with _live_lock:
        _live.add(thread)
    thread.start()


def wait_for_threads(seconds: float) -> bool:
    """Wait up to ``seconds`` in all for the jobs still running; true when none is left."""
    deadline = time.monotonic() + seconds
    with _live_lock:
        threads = list(_live)
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    with _live_lock:
        return not _live


class Answers(QObject):
    """The one object, made on the UI thread and never deleted, whose signal carries the answers of jobs run
    off the UI thread: ``arrived((owner, request, result))`` reaches every connected view queued, on the UI
    thread; a view takes the answers meant for it. A view closed meanwhile is simply no longer connected, and
    the thread never holds the view itself."""

    arrived = Signal(object)


_answers: list[Answers] = []
_owners = itertools.count(1)


def answers() -> Answers:
    if not _answers:
        _answers.append(Answers())
    return _answers[0]


class OffThreadJobs:
    """For a view that computes off the UI thread, one job at a time: ``start_job(job)`` runs ``job()`` with
    ``run_job`` (``run_in_thread``; tests put ``lambda job, done: done(job())``) and the last started job's
    result (or the exception it raised) reaches ``job_done(result)`` on the UI thread. Call ``listen()`` once
    in ``__init__``."""

    _request = 0
    run_job = staticmethod(run_in_thread)

    def listen(self):
        self._owner = next(_owners)  # not id(self): a deleted view's id may be reused by a new one
        answers().arrived.connect(self._arrived)

    def start_job(self, job):
        self._request += 1
        owner, request, relay = self._owner, self._request, answers()  # the thread holds no view, only numbers
        self.run_job(job, lambda result: relay.arrived.emit((owner, request, result)))

    def forget_job(self):
        """The running job's result is no longer wanted."""
        self._request += 1

    @Slot(object)
    def _arrived(self, answer):
        owner, request, result = answer
        if owner == self._owner and request == self._request:
            self.job_done(result)
