"""Sweeps without Qt: values, the grid and the queue."""

import pytest

from mtorch_gui.runs.sweep import SweepError, SweepQueue, grid, parse_values
from mtorch_gui.training.config import TrainingConfig


def test_values_take_the_settings_type():
    assert parse_values("lr", "1e-3, 0.01,,0.01") == [1e-3, 0.01]
    assert parse_values("batch_size", "32, 64") == [32, 64]
    assert parse_values("optimizer", "SGD, Adam") == ["SGD", "Adam"]
    with pytest.raises(SweepError, match="batch_size: x is not"):
        parse_values("batch_size", "32, x")
    with pytest.raises(SweepError, match="at least one"):
        parse_values("lr", " , ")


def test_grid_is_every_combination_checked():
    base = TrainingConfig(epochs=2, seed=5)
    runs = grid(base, {"lr": [1e-3, 1e-2], "batch_size": [32, 64], "optimizer": ["SGD", "Adam"]})
    assert len(runs) == 8
    assert runs[0].label == "lr=0.001 batch_size=32 optimizer=SGD"
    assert (runs[-1].config.lr, runs[-1].config.batch_size, runs[-1].config.optimizer) == (1e-2, 64, "Adam")
    assert all(r.config.epochs == 2 and r.config.seed == 5 for r in runs)
    assert base.lr == 1e-3 and base.optimizer == "Adam"  # the base is left alone
    with pytest.raises(SweepError, match="one to three"):
        grid(base, {"lr": [1], "batch_size": [1], "optimizer": ["SGD"], "seed": [1]})
    with pytest.raises(SweepError, match="learning rate must be positive|learning rate"):
        grid(base, {"lr": [0.1, -1.0]})
    with pytest.raises(SweepError, match="at most 64"):
        grid(base, {"seed": list(range(100))})


def test_queue_hands_out_runs_in_order_and_cancels():
    queue = SweepQueue()
    queue.add(grid(TrainingConfig(), {"lr": [0.1, 0.2, 0.3]}))
    assert queue.take().config.lr == 0.1 and queue.active
    queue.cancel()
    assert queue.pending == [] and queue.active  # the current run still trains
    assert queue.take() is None and not queue.active and queue.done == 1
