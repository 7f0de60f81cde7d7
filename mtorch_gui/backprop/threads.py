"""The one way these views compute off the UI thread (a finite-difference check, an epoch's analysis)."""

import threading


def run_in_thread(job, done):
    """Run ``job()`` on a plain thread and hand its result (or the exception it raised) to ``done``: a
    signal's ``emit``, so the result reaches the UI thread queued. The job must read copies only (it never
    touches a QObject or a training run's arrays)."""
    def run():
        try:
            result = job()
        except Exception as error:  # noqa: BLE001 - shown in the view, never lost on the thread
            result = error
        try:
            done(result)
        except RuntimeError:  # "Signal source has been deleted": the view was closed meanwhile, nothing to show
            pass

    threading.Thread(target=run, daemon=True).start()
