"""The learning-rate finder: an exponential lr range test (Leslie Smith's, as fastai's ``lr_find``), no Qt.

``LRFinder`` is a Trainer whose ``train()`` runs the test instead of epochs: ``steps`` batches, the learning
rate growing geometrically from ``start_lr`` to ``end_lr``, one ``BatchInfo`` (lr, loss) per batch, stopping
early once the loss (an exponential moving average, as fastai's) has blown up to ``DIVERGED`` times its best.
The training worker drives it like any run (pause, stop). Whatever way it ends, the model's weights and the
optimiser are put back as they were before the test. ``suggest_lr`` then picks the learning rate where the
smoothed loss falls fastest against log(lr); that smoothing is a centred moving average, which (unlike the
running average) does not lag behind the curve and so does not push the suggestion towards larger rates.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np

import mtorch
from mtorch_gui.training.engine import BatchInfo, Trainer, make_optimizer

START_LR, END_LR, STEPS = 1e-7, 10.0, 300
SMOOTHING = 0.98  # the divergence check's running average of the loss, bias-corrected (fastai's)
DIVERGED = 4.0  # stop when that average exceeds this many times its best
MIN_POINTS = 10


def smooth(losses) -> np.ndarray:
    """``losses`` averaged over a centred window of about a twentieth of them (at least 5; shorter at the
    ends, where the window is cut)."""
    losses = np.asarray(losses, dtype=np.float64)
    half = max(2, len(losses) // 40)
    sums = np.concatenate([[0.0], np.cumsum(losses)])
    lo = np.clip(np.arange(len(losses)) - half, 0, None)
    hi = np.clip(np.arange(len(losses)) + half + 1, None, len(losses))
    return (sums[hi] - sums[lo]) / (hi - lo)


def suggest_lr(lrs, losses) -> float | None:
    """The learning rate where the smoothed loss falls fastest against log10(lr), up to the smoothed
    loss's minimum (beyond it the loss climbs); None when the test is too short or the loss never falls."""
    lrs, smoothed = np.asarray(lrs, dtype=np.float64), smooth(losses)
    if len(lrs) < MIN_POINTS:
        return None
    end = int(np.argmin(smoothed)) + 1
    if end < 3:
        return None
    slope = np.gradient(smoothed[:end], np.log10(lrs[:end]))
    steepest = int(np.argmin(slope))
    return float(lrs[steepest]) if slope[steepest] < 0 else None


class LRFinder(Trainer):
    """The range test of ``spec`` with ``config``'s optimiser, batch size, loss and data (see the module)."""

    def __init__(self, spec, config, data=None, start_lr: float = START_LR, end_lr: float = END_LR,
                 steps: int = STEPS):
        super().__init__(spec, config, data)
        self.start_lr, self.end_lr, self.steps = start_lr, end_lr, steps
        self.lrs: list[float] = []
        self.losses: list[float] = []

    def lr_at(self, step: int) -> float:
        return self.start_lr * (self.end_lr / self.start_lr) ** (step / (self.steps - 1))

    def suggestion(self) -> float | None:
        return suggest_lr(self.lrs, self.losses)

    def train(self, until_epoch: int | None = None) -> Iterator[BatchInfo]:
        self._elapsed = 0.0
        return self._own_stream(self._range_test())

    def _batches(self) -> Iterator[np.ndarray]:
        """Batch indices for as long as asked, the training set in a new permutation every pass."""
        train, bs = self.data.train, self.config.batch_size
        for rounds in range(self.steps):  # at most `steps` passes are ever needed
            order = np.random.default_rng([self.config.seed, rounds]).permutation(len(train))
            for start in range(0, len(train), bs):
                yield order[start:start + bs]

    def _range_test(self) -> Iterator[BatchInfo]:
        weights = [np.array(p.numpy(), copy=True) for p in self._params]
        self.lrs, self.losses = [], []
        self.model.train()
        average, best = 0.0, math.inf
        try:
            for step, idx in zip(range(self.steps), self._batches()):
                lr = self.lr_at(step)
                for group in self.optimizer.param_groups:
                    group["lr"] = lr
                x, y = self.data.train.x[idx], self.data.train.y[idx]
                loss = self.loss_fn(self.model(mtorch.from_numpy(x)), self._targets(y))
                value = float(loss.item())
                if not math.isfinite(value):
                    return
                self.optimizer.zero_grad()
                loss.backward()
                self.optimizer.step()
                self.lrs.append(lr)
                self.losses.append(value)
                self.batch = step + 1
                yield BatchInfo(epoch=0, batch=step + 1, batches_per_epoch=self.steps, target_epochs=1,
                                step=step + 1, loss=value, lr=lr, elapsed=self._elapsed)
                average = SMOOTHING * average + (1 - SMOOTHING) * value
                smoothed = average / (1 - SMOOTHING ** (step + 1))
                best = min(best, smoothed)
                if smoothed > DIVERGED * best:
                    return
        finally:  # the weights as they were, a fresh optimiser
            for p, w in zip(self._params, weights):
                np.copyto(p.numpy(), w)
            self.optimizer = make_optimizer(self.config, self.model.parameters())
