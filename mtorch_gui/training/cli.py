"""``mtorch-train MODEL.json --dataset mnist --epochs 3 ...``: the training panel's engine without a window.

Prints a progress bar (to stderr) and one line of metrics per epoch (to stdout); can save the trained
weights (a state dict readable by ``mtorch.load`` and ``safetensors``), a checkpoint to resume from, and
the history as CSV. Settings default to the model file's ``training`` section.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time

import mtorch
from mtorch_gui.model.files import load_spec

from .checkpoint import CheckpointError, load_checkpoint, resume, save_checkpoint
from .config import DATASETS, LOSSES, OPTIMIZERS, SCHEDULERS, TrainingConfig
from .engine import BatchInfo, EpochReport, Trainer, TrainingError

BAR_WIDTH = 30


def parse_args(argv=None):
    p = argparse.ArgumentParser(prog="mtorch-train", description=__doc__.split("\n\n")[0].strip("`"))
    p.add_argument("model", nargs="?", help="a model architecture (.json, as saved by the editor)")
    p.add_argument("--resume", metavar="CHECKPOINT", help="continue the run saved in CHECKPOINT")
    p.add_argument("--dataset", choices=DATASETS)
    p.add_argument("--epochs", type=int, help="train until this many epochs are done")
    p.add_argument("--batch-size", type=int)
    p.add_argument("--lr", type=float, help="learning rate")
    p.add_argument("--loss", choices=LOSSES)
    p.add_argument("--optimizer", choices=OPTIMIZERS)
    p.add_argument("--momentum", type=float)
    p.add_argument("--nesterov", action="store_true", default=None)
    p.add_argument("--weight-decay", type=float)
    p.add_argument("--scheduler", choices=SCHEDULERS)
    p.add_argument("--seed", type=int)
    p.add_argument("--limit", type=int, dest="sample_limit", help="use at most this many samples per split")
    p.add_argument("--save", metavar="WEIGHTS", help="write the trained weights (safetensors) here")
    p.add_argument("--checkpoint", metavar="PATH", help="write a checkpoint here at the end (or on Ctrl+C)")
    p.add_argument("--history-csv", metavar="PATH", help="write the per-epoch metrics as CSV here")
    args = p.parse_args(argv)
    if (args.model is None) == (args.resume is None):
        p.error("give either a MODEL.json or --resume CHECKPOINT")
    return args


def _overrides(args) -> dict:
    names = ("dataset", "epochs", "batch_size", "lr", "loss", "optimizer", "momentum", "nesterov",
             "weight_decay", "scheduler", "seed", "sample_limit")
    return {name: getattr(args, name) for name in names if getattr(args, name) is not None}


class ProgressBar:
    """One self-rewriting line on a terminal, redrawn at most 10 times a second."""

    def __init__(self, stream):
        self.stream, self.last = stream, 0.0

    def update(self, info: BatchInfo):
        now = time.monotonic()
        if now - self.last < 0.1 and info.batch < info.batches_per_epoch:
            return
        self.last = now
        filled = round(BAR_WIDTH * info.batch / info.batches_per_epoch)
        self.stream.write(
            f"\repoch {info.epoch + 1}/{info.target_epochs} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] "
            f"{info.batch}/{info.batches_per_epoch} loss {info.loss:.4f} "
            f"{info.samples_per_second:,.0f} samples/s ETA {info.eta:.0f}s ")
        self.stream.flush()

    def clear(self):
        self.stream.write("\r" + " " * (BAR_WIDTH + 90) + "\r")


def format_metrics(m: dict) -> str:
    parts = [f"epoch {m['epoch']}", f"train loss {m['train_loss']:.4f}"]
    if "val_accuracy" in m:
        parts += [f"train acc {m['train_accuracy']:.2%}", f"val loss {m['val_loss']:.4f}",
                  f"val acc {m['val_accuracy']:.2%}", f"test acc {m['test_accuracy']:.2%}"]
    else:
        parts += [f"val loss {m['val_loss']:.3g}", f"val MSE from step 6 {m['val_tail_mse']:.3g}"]
    parts += [f"lr {m['lr']:.3g}", f"{m['seconds']:.1f}s"]
    return ", ".join(parts)


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        if args.resume:
            checkpoint = load_checkpoint(args.resume)
            checkpoint.config = TrainingConfig.from_dict(checkpoint.config.to_dict(), **_overrides(args))
            trainer = resume(checkpoint)
        else:
            spec = load_spec(args.model)
            config = TrainingConfig.from_dict({**spec.training, "dataset": spec.dataset}, **_overrides(args))
            trainer = Trainer(spec, config)
    except (OSError, ValueError, KeyError, TypeError, TrainingError, CheckpointError) as error:
        print(f"mtorch-train: {error}", file=sys.stderr)
        return 2

    bar = ProgressBar(sys.stderr)
    interrupted = []
    # Ctrl+C stops cleanly after the current batch, so a checkpoint saved below resumes exactly
    previous_handler = signal.signal(signal.SIGINT, lambda signum, frame: interrupted.append(signum))
    steps = trainer.train()
    outcome = "finished"
    try:
        for report in steps:
            if isinstance(report, BatchInfo):
                bar.update(report)
            elif isinstance(report, EpochReport):
                bar.clear()
                print(format_metrics(report.metrics), flush=True)
            if interrupted:
                outcome = "stopped"
                break
    except TrainingError as error:
        outcome = "failed"
        bar.clear()
        print(f"mtorch-train: {error}", file=sys.stderr)
    finally:
        steps.close()
        signal.signal(signal.SIGINT, previous_handler)
    bar.clear()
    if outcome == "stopped":
        print(f"mtorch-train: stopped by Ctrl+C in epoch {trainer.epoch + 1} after batch {trainer.batch}",
              file=sys.stderr)
    if args.save:
        mtorch.save(trainer.model.state_dict(), args.save)
        print(f"saved weights to {args.save}")
    if args.checkpoint:
        save_checkpoint(args.checkpoint, trainer)
        print(f"saved checkpoint to {args.checkpoint}")
    if args.history_csv:
        trainer.history.to_csv(args.history_csv)
        print(f"saved history to {args.history_csv}")
    return 0 if outcome == "finished" else 1


if __name__ == "__main__":
    sys.exit(main())
