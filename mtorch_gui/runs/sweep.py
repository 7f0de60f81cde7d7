"""Sweeps: a grid over up to three training settings, run one after another (no Qt).

``parse_values("lr", "1e-3, 3e-3, 1e-2")`` reads the values a user typed for one setting; ``grid(base, {...})``
gives every combination as a named TrainingConfig, each checked like the settings form's; ``SweepQueue`` holds
the runs still to go, in order, until they are taken or cancelled.
"""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass

from mtorch_gui.model.text import Text
from mtorch_gui.training.config import TrainingConfig

MAX_SETTINGS = 3
MAX_RUNS = 64
SWEEPABLE = ("lr", "batch_size", "optimizer", "momentum", "weight_decay", "epochs", "loss", "scheduler", "seed")


class SweepError(ValueError):
    """A sweep that cannot run, with the reason in plain words (a Text)."""


@dataclass
class SweepRun:
    label: str  # "lr=0.001 batch_size=32"
    config: TrainingConfig


def parse_values(name: str, text: str) -> list:
    """The comma-separated values of setting ``name`` in ``text``, converted to the setting's type."""
    kind = type(getattr(TrainingConfig(), name))
    values = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        try:
            values.append(_convert(kind, part))
        except ValueError:
            raise SweepError(Text("runs", "{name}: {value} is not a valid value").format(
                name=name, value=part)) from None
    if not values:
        raise SweepError(Text("runs", "{name}: give at least one value").format(name=name))
    return list(dict.fromkeys(values))


def _convert(kind, text: str):
    if kind is int:  # "64" or "1e3", not "32.5"
        number = float(text)
        if not number.is_integer():
            raise ValueError(text)
        return int(number)
    return kind(text)


def grid(base: TrainingConfig, values: dict[str, list]) -> list[SweepRun]:
    """Every combination of ``values`` (setting -> values; at most three settings) over ``base``."""
    if not 1 <= len(values) <= MAX_SETTINGS:
        raise SweepError(Text("runs", "A sweep varies one to three settings."))
    unknown = [name for name in values if name not in SWEEPABLE]
    if unknown:
        raise SweepError(Text("runs", "{name} cannot be swept").format(name=unknown[0]))
    names = list(values)
    combinations = list(itertools.product(*(values[n] for n in names)))
    if len(combinations) > MAX_RUNS:
        raise SweepError(Text("runs", "That is {count} runs; a sweep has at most {most}.").format(
            count=len(combinations), most=MAX_RUNS))
    runs = []
    for combination in combinations:
        config = dataclasses.replace(base, **dict(zip(names, combination)))
        label = " ".join(f"{n}={v:g}" if isinstance(v, float) else f"{n}={v}" for n, v in zip(names, combination))
        problems = config.problems()
        if problems:
            raise SweepError(Text("runs", "{label}: {problem}").format(label=label, problem=problems[0]))
        runs.append(SweepRun(label, config))
    return runs


class SweepQueue:
    """The runs of a sweep still to start, first to last."""

    def __init__(self):
        self.pending: list[SweepRun] = []
        self.current: SweepRun | None = None  # the one training now
        self.done = 0

    def add(self, runs: list[SweepRun]):
        self.pending.extend(runs)

    def take(self) -> SweepRun | None:
        """The next run to start (it becomes ``current``), or None when the queue is empty."""
        if self.current is not None:
            self.done += 1
        self.current = self.pending.pop(0) if self.pending else None
        return self.current

    def cancel(self):
        """Drop the runs not started yet."""
        self.pending.clear()

    @property
    def active(self) -> bool:
        return self.current is not None or bool(self.pending)
