"""The training worker's one rule: every run ends in exactly one ``finished`` with its reason, whatever
happens (set-up included), and the worker is back on the UI thread when its thread has ended."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import threading  # noqa: E402

import pytest  # noqa: E402

pytest.importorskip("pytestqt")

from PySide6.QtCore import QCoreApplication, QObject, QThread, Slot  # noqa: E402

from mtorch_gui.model.spec import LayerSpec, ModelSpec  # noqa: E402
from mtorch_gui.training.checkpoint import Checkpoint, resume  # noqa: E402
from mtorch_gui.training.config import TrainingConfig  # noqa: E402
from mtorch_gui.training.datasets import load_dataset  # noqa: E402
from mtorch_gui.training.engine import BatchInfo, Trainer, TrainingError  # noqa: E402
from mtorch_gui.training.worker import TrainingWorker  # noqa: E402

RUN_TIMEOUT = 60_000
SPEC = ModelSpec(name="tiny", dataset="mnist", input_shape=(1, 28, 28),
                 layers=[LayerSpec("Flatten"), LayerSpec("Linear", {"out_features": 16}), LayerSpec("ReLU"),
                         LayerSpec("Linear", {"out_features": 10})])


@pytest.fixture(scope="module")
def data():
    return load_dataset("mnist", limit=128)


def config(**kw):
    return TrainingConfig(**{"optimizer": "Adam", "lr": 3e-3, "batch_size": 32, "epochs": 1, **kw})


class Receiver(QObject):
    def __init__(self):
        super().__init__()
        self.ended = []

    @Slot()
    def thread_finished(self):
        self.ended.append(QThread.currentThread() is QCoreApplication.instance().thread())


def run(qtbot, worker, until_epoch=None, before=lambda: None):
    """Start ``worker``, call ``before()``, wait for its thread to end; every signal it sent, in order
    (recorded by plain callables, which PySide calls on the emitting thread)."""
    signals = []
    for name in ("prepared", "batchesReady", "epochEnded", "failed", "finished"):
        getattr(worker, name).connect(lambda *args, name=name: signals.append((name, *args)))
    receiver = Receiver()
    thread = worker.start(until_epoch, receiver.thread_finished)
    before()
    qtbot.waitUntil(lambda: bool(receiver.ended), timeout=RUN_TIMEOUT)
    assert thread.isFinished() and receiver.ended == [True]  # handled once, on the UI thread
    QCoreApplication.processEvents()  # every queued signal of the run
    QCoreApplication.processEvents()
    assert [s[0] for s in signals].count("finished") == 1 and signals[-1] == ("finished", worker.outcome)
    assert worker.thread() is QCoreApplication.instance().thread()  # nothing of it dies on the worker thread
    thread.deleteLater()
    return signals


def test_a_run_to_the_end(qtbot, data):
    worker = TrainingWorker(lambda: Trainer(SPEC, config(), data=data))
    signals = run(qtbot, worker)
    assert signals[0][0] == "prepared" and signals[0][1].task == "classification"
    assert worker.outcome == "finished" and (worker.end.epoch, worker.end.batch) == (1, 0)
    assert sum(len(s[1]) for s in signals if s[0] == "batchesReady") == 4
    assert [s[0] for s in signals].count("epochEnded") == 1 and "failed" not in [s[0] for s in signals]

    run(qtbot, worker, until_epoch=2)  # "One more epoch": the same worker on a new thread
    assert worker.outcome == "finished" and worker.end.epoch == 2 and len(worker.end.history.batch_loss) == 8


@pytest.mark.parametrize("error, message", [(TrainingError("No such data."), "No such data."),
                                            (MemoryError("out of memory"), "MemoryError: out of memory")])
def test_a_set_up_that_fails(qtbot, error, message):
    def make_trainer():
        raise error

    worker = TrainingWorker(make_trainer)
    signals = run(qtbot, worker)
    assert worker.outcome == "failed" and worker.end is None
    assert [s[0] for s in signals] == ["failed", "finished"] and message in signals[0][1]


def test_a_resume_with_a_damaged_random_state(qtbot, data):
    state = Trainer(SPEC, config(), data=data).state_dict()
    damaged = Checkpoint(SPEC, config(), {**state, "rng_state": {"bit_generator": "PCG64", "state": "?"}})
    worker = TrainingWorker(lambda: resume(damaged, data=data))
    signals = run(qtbot, worker)
    assert worker.outcome == "failed" and "random state" in signals[0][1]


def test_an_exception_in_the_middle_of_a_run(qtbot, data, monkeypatch):
    train = Trainer.train

    def breaks_after_one_batch(trainer, until_epoch=None):
        steps = train(trainer, until_epoch)
        yield next(steps)
        steps.close()
        raise RuntimeError("a bug")

    monkeypatch.setattr(Trainer, "train", breaks_after_one_batch)
    worker = TrainingWorker(lambda: Trainer(SPEC, config(), data=data))
    signals = run(qtbot, worker)
    assert worker.outcome == "failed" and ("failed", "Training failed: RuntimeError: a bug") in signals
    assert (worker.end.epoch, worker.end.batch) == (0, 1) and worker.can_continue()


def test_a_diverged_run_fails_and_cannot_continue(qtbot, data):
    worker = TrainingWorker(lambda: Trainer(SPEC, config(optimizer="SGD", lr=1e30), data=data))
    signals = run(qtbot, worker)
    assert worker.outcome == "failed" and "too high" in [s for s in signals if s[0] == "failed"][0][1]
    assert worker.end.diverged and not worker.can_continue()
    run(qtbot, worker, until_epoch=2)
    assert worker.outcome == "failed" and worker.end.diverged


def test_a_stop_during_set_up_stops_before_the_first_batch(qtbot, data):
    set_up = threading.Event()

    def make_trainer():
        set_up.wait()
        return Trainer(SPEC, config(epochs=50), data=data)

    worker = TrainingWorker(make_trainer)

    def stop_then_finish_set_up():
        worker.request_stop()
        set_up.set()

    signals = run(qtbot, worker, before=stop_then_finish_set_up)
    assert worker.outcome == "stopped" and worker.end.batch == 0
    assert [s[0] for s in signals] == ["finished"]  # no run started: not even prepared


def test_a_stop_while_paused_and_the_last_learning_rate_wins(qtbot, data, gate):
    worker = TrainingWorker(lambda: Trainer(SPEC, config(epochs=50), data=data))
    gate.close()

    def pause_after_two_batches():
        qtbot.waitUntil(lambda: worker.end is None and gate_holds(), timeout=RUN_TIMEOUT)
        worker.set_lr(0.1)
        worker.set_lr(0.01)
        worker.pause()
        gate.release(1)
        qtbot.waitUntil(lambda: paused == [True], timeout=RUN_TIMEOUT)
        worker.request_stop()

    batches, paused = [], []
    worker.batchesReady.connect(batches.extend)
    worker.pausedChanged.connect(paused.append)  # called on the worker thread: a list is safe there

    def gate_holds():
        QCoreApplication.processEvents()
        return len(batches) == 1 and gate.held

    run(qtbot, worker, before=pause_after_two_batches)
    assert worker.outcome == "stopped" and (worker.end.epoch, worker.end.batch) == (0, 2)
    assert worker.end.history.batch_lr == [3e-3, 3e-3]  # asked for while batch 2 ran: from batch 3 on
    assert all(isinstance(b, BatchInfo) for b in batches)


def test_a_diverging_run_pauses_itself_then_goes_on_at_a_lower_rate(qtbot, data):
    worker = TrainingWorker(lambda: Trainer(SPEC, config(lr=10.0, epochs=2), data=data))
    paused, diverging = [], []
    worker.pausedChanged.connect(paused.append)  # called on the worker thread: a list is safe there
    worker.diverging.connect(lambda d: diverging.append((d, list(paused))))

    def lower_the_rate_and_resume():
        qtbot.waitUntil(lambda: bool(diverging), timeout=RUN_TIMEOUT)
        assert worker.paused and worker.end is None  # paused, not ended
        worker.set_lr(diverging[0][0].suggested_lr / 100)
        worker.resume()

    run(qtbot, worker, before=lower_the_rate_and_resume)
    [(divergence, paused_before)] = diverging
    assert paused_before == [True] and "the run diverges" in divergence.message and divergence.suggested_lr == 1.0
    assert worker.outcome == "finished" and worker.can_continue() and paused == [True, False]
    history = worker.end.history
    assert [e["epoch"] for e in history.epochs] == [1, 2] and history.batch_lr[-1] == 0.01
