"""The learning-rate finder: the range test, its suggestion, and the weights left as they were."""

import numpy as np

from mtorch_gui.model.spec import LayerSpec, ModelSpec
from mtorch_gui.runs.lr_finder import LRFinder, smooth, suggest_lr
from mtorch_gui.training.config import TrainingConfig
from mtorch_gui.training.engine import numpy_state_dict


def small_model() -> ModelSpec:
    layers = [LayerSpec("Flatten", {}), LayerSpec("Linear", {"out_features": 32}), LayerSpec("ReLU", {}),
              LayerSpec("Linear", {"out_features": 10})]
    return ModelSpec(name="small", dataset="mnist", input_shape=(1, 28, 28), layers=layers)


def _finder(steps=200, **settings):
    config = TrainingConfig(**{"optimizer": "SGD", "batch_size": 32, "sample_limit": 1000, **settings})
    return LRFinder(small_model(), config, steps=steps)


def test_suggestion_on_a_known_curve_is_where_it_falls_fastest():
    lrs = np.geomspace(1e-7, 10, 300)
    x = np.log10(lrs)
    losses = 2.0 - np.tanh(1.5 * (x + 3)) + np.where(x > 0, (x * 3) ** 2, 0.0)  # steepest at 1e-3, blows up past 1
    assert abs(np.log10(suggest_lr(lrs, losses)) - (-3)) < 0.1
    noisy = losses + np.random.default_rng(0).normal(0, 0.05, losses.shape)
    assert abs(np.log10(suggest_lr(lrs, noisy)) - (-3)) < 0.4
    assert suggest_lr(lrs, np.linspace(1, 2, 300)) is None  # a loss that only rises has no suggestion
    assert suggest_lr(lrs[:5], losses[:5]) is None


def test_range_test_on_a_small_model_suggests_where_the_loss_falls_fastest():
    finder = _finder()
    reports = list(finder.train())
    assert len(reports) == len(finder.lrs) > 50
    assert finder.lrs[0] == 1e-7 and all(b > a for a, b in zip(finder.lrs, finder.lrs[1:]))
    lrs, losses = np.array(finder.lrs), np.array(finder.losses)
    suggestion = finder.suggestion()
    assert suggestion is not None
    # measured another way: the mean loss per half decade up to the lowest one; the suggestion lies in one
    # of the two half decades between which the mean falls most
    edges = np.arange(-7, np.log10(lrs[-1]) + 0.5, 0.5)
    bins = np.digitize(np.log10(lrs), edges)
    means = np.array([losses[bins == b].mean() for b in range(1, bins.max() + 1)])
    falling = means[:np.argmin(means) + 1]
    steepest_bin = 1 + int(np.argmin(np.diff(falling)))  # the drop from this bin to the next
    where = np.digitize(np.log10(suggestion), edges)
    assert steepest_bin <= where <= steepest_bin + 1, (suggestion, means)
    # and it is on the way down: below the starting loss, above the lowest
    at = int(np.argmin(np.abs(lrs - suggestion)))
    smoothed = smooth(losses)
    assert smoothed[:10].mean() > smoothed[at] > smoothed.min()


def test_the_model_is_left_as_it_was():
    finder = _finder(steps=60)
    before = numpy_state_dict(finder.model)
    list(finder.train())
    after = numpy_state_dict(finder.model)
    assert all(np.array_equal(before[k], after[k]) for k in before)
    assert finder.optimizer.state_dict()["state"] == {}  # a fresh optimiser, no momentum left from the test

    steps = finder.train()  # stopped half-way: restored too
    for _ in range(5):
        next(steps)
    assert not np.array_equal(numpy_state_dict(finder.model)["3.weight"], before["3.weight"])
    steps.close()
    assert np.array_equal(numpy_state_dict(finder.model)["3.weight"], before["3.weight"])
