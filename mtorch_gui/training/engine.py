"""The training engine: epochs of mini-batches as a plain generator of reports, no Qt and no threads.

A ``Trainer`` owns one run: the model built from a spec, its optimiser and scheduler, the data, its own
random Generator, the position reached (epoch and batch) and the history. ``train()`` is a generator that
trains from that position until the target epoch, yielding a ``BatchInfo`` after every batch, an
``EvalProgress`` between evaluation chunks, an ``EpochReport`` after every epoch and a ``Divergence`` when the
run goes wrong without a NaN (below). Whoever iterates it
decides everything else: not asking for the next report pauses the run, closing the generator stops it,
``set_lr`` between two reports changes the learning rate. Calling ``train()`` again continues exactly
where the last one stopped (optimiser state, data order and random stream included), so a run stopped
and resumed ends with the same weights as one that never stopped. It raises ``TrainingError`` when the
run cannot go on (a loss that became NaN or infinite: the last good weights are restored first).

Divergence short of NaN is reported, not raised, so that the run can go on once the learning rate is lowered
(the GUI's worker pauses on a ``Divergence``; ``mtorch-train`` stops). Two rules, thresholds chosen so that no
normal run trips them:

- the batch loss is above ``DIVERGENCE_FACTOR`` (10) times the run's starting loss (its first batch's) in
  most of the last ``DIVERGENCE_BATCHES`` (20) batches (more than 10 of them: a diverging loss jumps about,
  so it is not asked to stay up in a row; a spike of up to 10 batches is no alarm); the weights from before
  the first of them are restored, and the batch that tripped the rule is trained again when the run goes on;
- a classifier ends an epoch with validation accuracy below ``CHANCE_MARGIN`` (1.5) times chance (1 / classes:
  15% on MNIST) *and* a mean training loss above ``CHANCE_LOSS_FACTOR`` (1.5) times its starting loss: at
  chance and worse than at the start (a slow run at chance has a falling loss and is left alone); the weights
  from the epoch's start are restored.

Either way the optimiser's state (momentum, Adam's moments, built from the diverging steps) is cleared, and
the report suggests a tenth of the learning rate.

All of the run's randomness (initialisation, dropout) draws from ``Trainer.generator`` through
``mtorch.random.use_generator``, only while the run computes: what other threads draw never changes it.

Each epoch visits the training set in a permutation drawn from ``(seed, epoch)`` alone, so the order of
any batch is known without replaying the epoch; that is what lets a run resume mid-epoch, even from a
checkpoint in another process.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

import mtorch
from mtorch import nn, optim
from mtorch.optim import lr_scheduler
from mtorch_gui.data import augment
from mtorch_gui.data.registry import CANVAS_IMAGE, CLASSIFICATION, DatasetError, output_problem
from mtorch_gui.model.text import Text

from . import metrics
from .config import INDEX_TARGET_LOSSES, MOMENTUM_OPTIMIZERS, TrainingConfig
from .datasets import DatasetSplits, Split, load_dataset
from .history import History

EVAL_CHUNK = 500  # samples per forward pass when evaluating
DIVERGENCE_FACTOR = 10.0  # a batch loss this many times the starting loss is "far above" it
DIVERGENCE_BATCHES = 20  # ... in most of this many recent batches is a diverging run
CHANCE_MARGIN = 1.5  # validation accuracy below this many times chance is "at chance"
CHANCE_LOSS_FACTOR = 1.5  # ... with an epoch's training loss above this many times the starting loss


class TrainingError(Exception):
    """A model, settings or run that cannot go on, with the reason in plain words."""


@dataclass
class BatchInfo:
    epoch: int  # 0-based epoch this batch belongs to
    batch: int  # batches done in this epoch (1-based)
    batches_per_epoch: int
    target_epochs: int
    step: int  # batches done in the whole run
    loss: float
    lr: float
    grad_norms: dict = field(default_factory=dict)  # "2 Linear" (layer number from 1, type) -> L2 norm of its gradients
    samples_per_second: float = 0.0
    elapsed: float = 0.0  # seconds spent training in this run (pauses excluded)
    eta: float = 0.0  # estimated seconds left until the target epoch

    @property
    def progress(self) -> float:
        """Fraction of the run done, from 0 to 1."""
        return (self.epoch * self.batches_per_epoch + self.batch) / (self.target_epochs * self.batches_per_epoch)


@dataclass
class EvalProgress:
    split: str  # "val" or "test"
    done: int  # samples evaluated so far in this split
    total: int


@dataclass
class EpochReport:
    """An evaluated epoch: its metrics and copies for the views (a classifier's confusion matrix,
    per-class accuracy and misclassified test images; None for a regression)."""
    metrics: dict
    state_dict: dict  # name -> numpy copy
    confusion: np.ndarray | None = None
    per_class_accuracy: np.ndarray | None = None
    misclassified: dict | None = None


@dataclass
class Divergence:
    """A run that diverges although its loss is still a number: why (a Text), and the learning rate to try.
    The weights from before the divergence are back in the model when it is reported."""
    message: str
    lr: float
    suggested_lr: float


def numpy_state_dict(model) -> dict:
    """The model's state dict as numpy copies, safe to hand to another thread."""
    return {name: np.array(t.numpy(), copy=True) for name, t in model.state_dict().items()}


def make_loss(name: str):
    return getattr(nn, name)()


def loss_targets(y: np.ndarray, num_classes: int, loss: str):
    """What the loss takes for targets ``y``: class indices (``num_classes`` of them; 0 for a regression's
    targets, taken as they are), or one-hot rows for a loss that is not one of INDEX_TARGET_LOSSES (MSELoss,
    BCELoss...)."""
    if num_classes and loss not in INDEX_TARGET_LOSSES:
        return mtorch.from_numpy(np.eye(num_classes, dtype=np.float32)[y])  # one-hot
    return mtorch.from_numpy(y)


def optimizer_options(config: TrainingConfig) -> dict:
    """The optimiser's keyword arguments (besides the parameters), as PyTorch's optimisers take them too."""
    options = {"lr": config.lr, "weight_decay": config.weight_decay}
    if config.optimizer in MOMENTUM_OPTIMIZERS:
        options["momentum"] = config.momentum
    if config.optimizer == "SGD":
        options["nesterov"] = config.nesterov
    return options


def make_optimizer(config: TrainingConfig, params):
    return getattr(optim, config.optimizer)(params, **optimizer_options(config))


def make_scheduler(config: TrainingConfig, optimizer, batches_per_epoch: int):
    if config.scheduler == "StepLR":
        return lr_scheduler.StepLR(optimizer, step_size=config.step_size, gamma=config.gamma)
    if config.scheduler == "CosineAnnealingLR":
        return lr_scheduler.CosineAnnealingLR(optimizer, T_max=config.epochs)
    if config.scheduler == "OneCycleLR":
        return lr_scheduler.OneCycleLR(optimizer, max_lr=config.lr, total_steps=config.epochs * batches_per_epoch)
    return None


class Trainer:
    """One training run of ``spec`` (a ModelSpec) with ``config``; see the module docstring."""

    def __init__(self, spec, config: TrainingConfig, data: DatasetSplits | None = None):
        problems = config.problems()
        if problems:
            raise TrainingError("\n".join(problems))
        self.spec, self.config = spec, config
        try:  # a file that changed or went since it was chosen is told as the data's problem
            self.data = data if data is not None else load_dataset(config.dataset, config.sample_limit,
                                                                         config.dataset_options)
        except DatasetError as error:
            raise TrainingError(error.args[0]) from error
        self.generator = mtorch.Generator().manual_seed(config.seed)
        with mtorch.random.use_generator(self.generator):
            try:
                self.model = spec.build()
            except Exception as error:
                message = Text("training", "The model cannot be built: {error}").format(error=error)
                raise TrainingError(message) from error
            self._check_model()
        self.loss_fn = make_loss(config.loss)
        self.batches_per_epoch = math.ceil(len(self.data.train) / config.batch_size)
        self.optimizer = make_optimizer(config, self.model.parameters())
        self.scheduler = make_scheduler(config, self.optimizer, self.batches_per_epoch)
        self.history = History()
        self.epoch = 0  # epochs finished
        self.batch = 0  # batches finished in the current epoch
        self.seconds = 0.0  # computing time of the whole run (every train(), pauses excluded): the history's clock
        self._epoch_sums = np.zeros(3)  # loss * samples, correct predictions, samples, this epoch so far
        self._pending_record = None  # a trained epoch's metrics until it is evaluated
        self.diverged = False
        self._augmenting = augment.active(config.augmentation)  # image data only (config.problems checks)

        self._params = list(self.model.parameters())
        self._last_good = [np.array(p.numpy(), copy=True) for p in self._params]
        self._recent_high = deque(maxlen=DIVERGENCE_BATCHES)  # True for each recent batch far above the start
        self._before_high = None  # the weights from before the first of the recent batches far above it
        self._epoch_start = None  # the weights when this epoch's training began (or went on)
        self._layers = [(f"{metrics.layer_number(name)} {type(m).__name__}", params)  # whose gradient norms are tracked
                        for name, m in self.model.named_children() if (params := list(m.parameters()))]

    def set_lr(self, lr: float):
        """Change the learning rate from the next batch on; a scheduler carries on from the new value.
        Call it between two reports of ``train()``."""
        if not (math.isfinite(lr) and lr > 0):
            raise ValueError(f"The learning rate must be a positive number, not {lr}.")
        scale = lr / self.lr
        for group in self.optimizer.param_groups:
            group["lr"] = float(lr)
        if self.scheduler is not None:  # schedulers compute from their base rates: move those too
            self.scheduler.base_lrs = [base * scale for base in self.scheduler.base_lrs]
            for group in self.optimizer.param_groups:
                for key in ("initial_lr", "max_lr", "min_lr"):
                    if key in group:
                        group[key] *= scale

    @property
    def lr(self) -> float:
        return float(self.optimizer.param_groups[0]["lr"])

    # ---- the run ---------------------------------------------------------------------------------

    def train(self, until_epoch: int | None = None) -> Iterator[BatchInfo | EvalProgress | EpochReport]:
        """Train until ``until_epoch`` epochs are done (default: the configured epochs), report by report;
        see the module docstring. Raises TrainingError when the run cannot go on."""
        if self.diverged:
            raise TrainingError(Text("training", "This run stopped because its loss diverged; start a new run."))
        target = self.config.epochs if until_epoch is None else until_epoch
        self._elapsed, self._run_steps, self._run_samples = 0.0, 0, 0
        self._target = max(target, self.epoch + (self.batch > 0))  # for progress and ETA
        return self._own_stream(self._reports(target))

    def _own_stream(self, reports: Iterator) -> Iterator:
        """``reports`` advanced one step at a time with the run's generator and numpy's error state
        (NaN/inf is checked, not warned) in force, and the computing time counted."""
        try:
            while True:
                started = self._step_started = time.perf_counter()
                with mtorch.random.use_generator(self.generator), \
                        np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                    try:
                        report = next(reports)
                    except StopIteration:
                        return
                    finally:
                        spent = time.perf_counter() - started
                        self._elapsed += spent
                        self.seconds += spent
                yield report
        finally:
            reports.close()

    def _reports(self, target: int) -> Iterator:
        while True:
            if self._pending_record is not None:
                yield from self._evaluate_epoch()
            if self.epoch >= target:
                return
            yield from self._train_epoch()
            self._finish_epoch_training()

    def _targets(self, y: np.ndarray):
        return loss_targets(y, self.data.num_classes if self.data.task == "classification" else 0, self.config.loss)

    def _train_epoch(self) -> Iterator[BatchInfo | Divergence]:
        """Train the rest of the current epoch, one report per batch."""
        train, bs = self.data.train, self.config.batch_size
        order = np.random.default_rng([self.config.seed, self.epoch]).permutation(len(train))
        self.model.train()
        self._epoch_start = self._weights()
        while self.batch < self.batches_per_epoch:
            idx = order[self.batch * bs:(self.batch + 1) * bs]
            x, y = train.x[idx], train.y[idx]
            if self._augmenting:
                x = augment.augment(x, self.config.augmentation)
            lr = self.lr
            output = self.model(mtorch.from_numpy(x))
            loss = self.loss_fn(output, self._targets(y))
            value = float(loss.item())
            if not math.isfinite(value):
                self._diverge(Text("training", "loss"), value, lr)
            if self._loss_stays_high(value):
                yield self._divergence(self._before_high, Text(
                    "training", "The loss was above {factor:g} times its starting value {start:.3g} in {high} of the "
                    "last {batches} batches (up to epoch {epoch}, batch {batch}, where it is {loss:.3g}): the run "
                    "diverges. The weights from before those batches were restored. {advice}"),
                    factor=DIVERGENCE_FACTOR, start=self._start_loss, high=sum(self._recent_high),
                    batches=DIVERGENCE_BATCHES,
                    epoch=self.epoch + 1, batch=self.batch + 1, loss=value)
                continue  # this batch again, from the restored weights
            for p, good in zip(self._params, self._last_good):
                np.copyto(good, p.numpy())
            self.optimizer.zero_grad()
            loss.backward()
            norms = {name: math.sqrt(sum(float(np.vdot(p.grad.numpy(), p.grad.numpy()))
                                         for p in params if p.grad is not None))
                     for name, params in self._layers}
            if not all(math.isfinite(n) for n in norms.values()):
                self._diverge(Text("training", "gradient"), math.inf, lr)
            self.optimizer.step()
            if self.config.scheduler == "OneCycleLR" and self.scheduler.last_epoch < self.scheduler.total_steps:
                self.scheduler.step()

            correct = np.count_nonzero(output.numpy().argmax(axis=1) == y) if self.data.task == "classification" else 0
            self._epoch_sums += (value * len(idx), correct, len(idx))
            self.batch += 1
            self.history.add_batch(value, lr, norms)
            self._run_steps += 1
            self._run_samples += len(idx)
            yield self._batch_info(value, lr, norms)

    def _batch_info(self, loss, lr, norms) -> BatchInfo:
        elapsed = self._elapsed + (time.perf_counter() - self._step_started)
        done_overall = self.epoch * self.batches_per_epoch + self.batch
        left = self._target * self.batches_per_epoch - done_overall
        return BatchInfo(
            epoch=self.epoch, batch=self.batch, batches_per_epoch=self.batches_per_epoch,
            target_epochs=self._target, step=len(self.history.batch_loss), loss=loss, lr=lr, grad_norms=norms,
            samples_per_second=self._run_samples / elapsed if elapsed > 0 else 0.0,
            elapsed=elapsed, eta=elapsed / self._run_steps * left,
        )

    @property
    def _start_loss(self) -> float:
        return self.history.batch_loss[0]

    def _weights(self) -> list[np.ndarray]:
        return [np.array(p.numpy(), copy=True) for p in self._params]

    def _loss_stays_high(self, value: float) -> bool:
        """Note whether this batch's loss is far above the starting one; True when most of the last
        ``DIVERGENCE_BATCHES`` were. ``_before_high`` keeps the weights from before the first of a stretch of
        such batches (``_last_good`` holds the previous batch's until this batch is trained)."""
        high = bool(self.history.batch_loss) and value > DIVERGENCE_FACTOR * self._start_loss
        if high and not any(self._recent_high):
            self._before_high = [good.copy() for good in self._last_good]
        self._recent_high.append(high)
        if not any(self._recent_high):
            self._before_high = None
        return 2 * sum(self._recent_high) > DIVERGENCE_BATCHES

    def _divergence(self, weights: list[np.ndarray], why: Text, **values) -> Divergence:
        """Restore ``weights``, clear the optimiser's state, and report ``why`` filled with ``values`` (a Text
        whose ``{advice}`` gets the learning rate to try)."""
        for p, good in zip(self._params, weights):
            np.copyto(p.numpy(), good)
        self.optimizer.state.clear()
        self._recent_high.clear()
        self._before_high = None
        return Divergence(why.format(**values, advice=self._lr_advice(self.lr)), self.lr, self.lr / 10)

    def _diverge(self, what: str, value: float, lr: float):
        for p, good in zip(self._params, self._last_good):
            np.copyto(p.numpy(), good)
        self.diverged = True
        kind = Text("training", "not a number (NaN)") if math.isnan(value) else Text("training", "infinite")
        raise TrainingError(Text(
            "training", "The {what} became {kind} at epoch {epoch}, batch {batch}, so training stopped and the "
            "weights from the last good batch were restored. {advice}").format(
            what=what, kind=kind, epoch=self.epoch + 1, batch=self.batch + 1, advice=self._lr_advice(lr)))

    def _lr_advice(self, lr: float) -> str:
        return Text("training", "Most likely the learning rate {lr:g} is too high for {optimizer} on this model: "
                    "try {smaller:g}.").format(lr=lr, optimizer=self.config.optimizer, smaller=lr / 10)

    # ---- evaluation ------------------------------------------------------------------------------

    def evaluate(self, split: Split, name: str = "") -> Iterator[EvalProgress]:
        """Loss, predictions and (for classification) accuracy of the model on ``split``, as the return
        value of a generator that reports progress between chunks (``name`` labels them)."""
        self.model.eval()
        losses, outputs = [], []
        for start in range(0, len(split), EVAL_CHUNK):
            x, y = split.x[start:start + EVAL_CHUNK], split.y[start:start + EVAL_CHUNK]
            with mtorch.no_grad():
                out = self.model(mtorch.from_numpy(x))
                losses.append(float(self.loss_fn(out, self._targets(y)).item()) * len(x))
            outputs.append(np.array(out.numpy(), copy=True))
            yield EvalProgress(name, start + len(x), len(split))
        output = np.concatenate(outputs)
        result = {"loss": sum(losses) / len(split), "output": output}
        if self.data.task == "classification":
            result["predictions"] = output.argmax(axis=1)
            result["accuracy"] = float(np.mean(result["predictions"] == split.y))
        else:  # mean squared error from the dataset's first meaningful step on (sin-to-cos: the 6th)
            skip = self.data.info.error_from_step
            result["tail_mse"] = float(np.mean((output[:, skip:] - split.y[:, skip:]) ** 2))
        return result

    def _finish_epoch_training(self):
        """Close the epoch's training half: its train metrics wait in ``_pending_record`` for evaluation."""
        loss_sum, correct, seen = self._epoch_sums
        record = {"epoch": self.epoch + 1, "train_loss": float(loss_sum / seen)}
        if self.data.task == "classification":
            record["train_accuracy"] = float(correct / seen)
        record["lr"] = self.lr
        self.epoch, self.batch = self.epoch + 1, 0
        self._epoch_sums[:] = 0
        if self.scheduler is not None and self.config.scheduler != "OneCycleLR":
            self.scheduler.step()
        self._pending_record = record

    def _evaluate_epoch(self) -> Iterator[EvalProgress | EpochReport | Divergence]:
        """Evaluate the finished epoch on validation and test data (a stop may interrupt it; the next run
        then evaluates first), record it and report it."""
        val = yield from self.evaluate(self.data.val, "val")
        test = yield from self.evaluate(self.data.test, "test")
        record = {**self._pending_record, "val_loss": val["loss"], "test_loss": test["loss"]}
        if self.data.task == "classification":
            record.update(val_accuracy=val["accuracy"], test_accuracy=test["accuracy"])
        else:
            record.update(val_tail_mse=val["tail_mse"], test_tail_mse=test["tail_mse"])
        record["seconds"] = self.seconds + (time.perf_counter() - self._step_started)
        self._pending_record = None
        self.history.add_epoch(record)
        yield self._epoch_report(record, test)
        chance = 1 / self.data.num_classes if self.data.task == "classification" else 0.0
        if (record.get("val_accuracy", 1.0) < CHANCE_MARGIN * chance and self._epoch_start is not None
                and record["train_loss"] > CHANCE_LOSS_FACTOR * self._start_loss):
            yield self._divergence(self._epoch_start, Text(
                "training", "After epoch {epoch} the validation accuracy is {accuracy:.1%}, about what guessing gives "
                "({chance:.0%}), and the training loss {loss:.3g} is above its starting value {start:.3g}: the run "
                "diverges. The weights from the start of the epoch were restored. {advice}"),
                epoch=record["epoch"], accuracy=record["val_accuracy"], chance=chance, loss=record["train_loss"],
                start=self._start_loss)

    def _epoch_report(self, record: dict, test: dict) -> EpochReport:
        report = EpochReport(metrics=dict(record), state_dict=numpy_state_dict(self.model))
        if self.data.task == "classification":
            y = self.data.test.y
            report.confusion = metrics.confusion_matrix(y, test["predictions"], self.data.num_classes)
            report.per_class_accuracy = metrics.per_class_accuracy(report.confusion)
            if self.data.info.canvas == CANVAS_IMAGE:  # images to show in the gallery
                report.misclassified = metrics.misclassified(self.data.test.x, y, test["predictions"])
        return report

    # ---- state -------------------------------------------------------------------------------------

    def state_dict(self) -> dict:
        """Everything needed to continue this run exactly (see checkpoint.py)."""
        return {
            "model": self.model.state_dict(),
            "optimizer": self.optimizer.state_dict(),
            "scheduler": self.scheduler.state_dict() if self.scheduler is not None else {},
            "history": self.history.to_dict(),
            "position": {"epoch": self.epoch, "batch": self.batch, "epoch_sums": self._epoch_sums.copy(),
                         "pending_record": self._pending_record, "seconds": self.seconds},
            "rng_state": self.generator.rng.bit_generator.state,
        }

    def load_state_dict(self, state: dict):
        self.model.load_state_dict(state["model"])
        self._last_good = self._weights()  # a NaN in the first batch goes back to these weights, not the initial ones
        self.optimizer.load_state_dict(state["optimizer"])
        if self.scheduler is not None:
            self.scheduler.load_state_dict(state["scheduler"])
        self.history = History.from_dict(state["history"])
        position = state["position"]
        self.epoch, self.batch = int(position["epoch"]), int(position["batch"])
        self._epoch_sums[:] = np.asarray(position["epoch_sums"])
        self._pending_record = position["pending_record"]
        last = self.history.epochs[-1] if self.history.epochs else {}
        self.seconds = float(position.get("seconds", last.get("seconds", 0.0)))  # (older checkpoints: none saved)
        try:  # numpy checks the state's structure and types
            self.generator.rng.bit_generator.state = state["rng_state"]
        except (KeyError, TypeError, ValueError, OverflowError) as error:
            raise ValueError(f"its random state (rng_state) is damaged: {error}") from error

    def _check_model(self):
        """Run two samples through the model so a mismatch with the data is told before training."""
        x = self.data.train.x[:2]
        name = self.data.info.label
        with mtorch.no_grad():
            try:
                out = self.model(mtorch.from_numpy(x)).numpy()
            except Exception as error:
                message = Text("training", "The model cannot read {data} samples of shape {shape}: {error}")
                raise TrainingError(message.format(data=name, shape=tuple(x.shape[1:]), error=error)) from error
        problem = output_problem(self.data.info, out.shape[1:])
        if problem:
            raise TrainingError(problem)
        if self.data.task == CLASSIFICATION:
            if self.config.loss == "BCELoss" and (out.min() < 0 or out.max() > 1):
                raise TrainingError(Text("training", "BCELoss needs probabilities in [0, 1]: end the model with "
                                         "Sigmoid, or choose BCEWithLogitsLoss."))
            if self.config.loss == "NLLLoss" and out.max() > 0:
                raise TrainingError(Text("training", "NLLLoss needs log-probabilities: end the model with "
                                         "LogSoftmax, or choose CrossEntropyLoss."))
