"""``mtorch-train MODEL.json --dataset mnist --epochs 3 ...``: the training panel's engine without a window.

Prints one line of metrics per epoch (to stdout) and, when stderr is a terminal, a self-rewriting progress bar
(to stderr); can save the trained weights (a state dict readable by ``mtorch.load`` and ``safetensors``), a
checkpoint to resume from, and the history as CSV. Settings default to the model file's ``training`` section,
read as the training panel reads it (``TrainingConfig.for_spec``). Every run is recorded in the run database
(``--runs PATH``, default the app's; ``--list-runs`` prints its runs). Ctrl+C stops after the current batch
(still writing what was asked) and exits with status 130; bad files exit with status 2.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time

import mtorch
from mtorch_gui.data import registry
from mtorch_gui.model.codegen import write_training_script
from mtorch_gui.model.files import load_spec
from mtorch_gui.runs.recorder import RunRecorder
from mtorch_gui.runs.store import RunStore, RunStoreError, default_database
from mtorch_gui.runs.summary import runs_table

from .checkpoint import CheckpointError, load_checkpoint, resume, save_checkpoint
from .config import LOSSES, OPTIMIZERS, SCHEDULERS, TrainingConfig
from .engine import BatchInfo, Divergence, EpochReport, Trainer, TrainingError

BAR_WIDTH = 30
DESCRIPTION = "Train an mtorch_gui model file (.json) without a window, as the training panel would."
EXIT_BAD_INPUT, EXIT_INTERRUPTED = 2, 130  # 130 = 128 + SIGINT, what shells report for Ctrl+C


def parse_args(argv=None):
    p = argparse.ArgumentParser(prog="mtorch-train", description=DESCRIPTION)
    p.add_argument("model", nargs="?", help="a model architecture (.json, as saved by the editor)")
    p.add_argument("--runs", metavar="PATH", help="record the run in this run database (default: the app's)")
    p.add_argument("--list-runs", action="store_true", help="print the runs recorded in the run database")
    p.add_argument("--resume", metavar="CHECKPOINT", help="continue the run saved in CHECKPOINT")
    data = p.add_argument_group("data", "the dataset and its options (saved with the run's model)")
    data.add_argument("--dataset", metavar="NAME|PATH",
                      help=f"a dataset ({', '.join(n for n in registry.names() if n not in registry.FILE_KINDS)}) or "
                      "your own: a folder of class folders of images, a .csv table or an .npz file")
    data.add_argument("--image-size", type=int, dest="size", metavar="N",
                      help="image folders: resize every image to N x N")
    data.add_argument("--color", choices=("grayscale", "rgb"), help="image folders: the colour mode")
    data.add_argument("--label", help="CSV: the label column (default: the last)")
    data.add_argument("--task", choices=("auto", "classification", "regression"), help="CSV and .npz")
    data.add_argument("--points", type=int, help="2-D sets: the number of points")
    data.add_argument("--noise", type=float, help="2-D sets: the noise, 0 to 0.5")
    data.add_argument("--features", help="2-D sets: the features the network reads, e.g. x1,x2,x1^2")
    data.add_argument("--test-ratio", type=float, help="the share of the data held out for testing (when the data "
                      "has no test split of its own)")
    data.add_argument("--data-seed", type=int, metavar="N", help="the seed of the generated points and of the split")
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
    p.add_argument("--export-pytorch", metavar="SCRIPT", help="write a PyTorch training script (also for torchrun) "
                   "with these settings instead of training")
    p.add_argument("--threads", type=int, default=1, metavar="N",
                   help="BLAS threads (default 1: fastest for these small models)")
    args = p.parse_args(argv)
    if (args.model is None) == (args.resume is None) and not args.list_runs:
        p.error("give either a MODEL.json or --resume CHECKPOINT")
    if args.export_pytorch and args.model is None:
        p.error("--export-pytorch needs a MODEL.json")
    if args.threads < 1:
        p.error("--threads must be at least 1")
    if args.resume and (args.dataset or _dataset_options(args)):
        p.error("a resumed run keeps its data: --dataset and the data options need a MODEL.json")
    return args


DATASET_OPTIONS = {"size": "--image-size", "color": "--color", "label": "--label", "task": "--task",
                   "points": "--points", "noise": "--noise", "features": "--features", "test_ratio": "--test-ratio",
                   "seed": "--data-seed"}


def _dataset_options(args) -> dict:
    values = {"size": args.size, "color": args.color, "label": args.label, "task": args.task, "points": args.points,
              "noise": args.noise, "features": args.features, "test_ratio": args.test_ratio, "seed": args.data_seed}
    return {k: v for k, v in values.items() if v is not None}


def with_dataset(spec, args):
    """``spec`` on the dataset and options given (its input shape follows, as in the editor); ValueError
    (DatasetError) when they do not fit. An image folder takes its size and colour from the model's input
    (C, N, N) unless given."""
    given = _dataset_options(args)
    if not args.dataset and not given:
        return spec
    name, options = spec.dataset, dict(spec.dataset_options)
    if args.dataset:
        name, options = (args.dataset, {}) if args.dataset in registry.names() else \
            registry.options_for_path(args.dataset)
        if name == "image_folder" and len(spec.input_shape) == 3 and spec.input_shape[0] in (1, 3) \
                and spec.input_shape[1] == spec.input_shape[2]:
            options.update(size=spec.input_shape[1], color="grayscale" if spec.input_shape[0] == 1 else "rgb")
    takes = registry.KINDS[name].options if name in registry.KINDS else {}
    for key in given:
        if key not in takes:
            raise ValueError(f"{DATASET_OPTIONS[key]} is not an option of the dataset {name}")
    options.update(given)
    info = registry.dataset_info(name, options)
    spec = spec.copy()
    spec.dataset, spec.dataset_options, spec.input_shape = name, options, info.input_shape
    return spec


def _overrides(args) -> dict:
    names = ("epochs", "batch_size", "lr", "loss", "optimizer", "momentum", "nesterov",
             "weight_decay", "scheduler", "seed", "sample_limit")
    return {name: getattr(args, name) for name in names if getattr(args, name) is not None}


class ProgressBar:
    """One self-rewriting line on a terminal, redrawn at most 10 times a second; nothing on a pipe or a
    file, where ``\r`` would only clutter a log."""

    def __init__(self, stream):
        self.stream, self.last = stream, 0.0
        self.enabled = stream.isatty()

    def update(self, info: BatchInfo):
        if not self.enabled:
            return
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
        if self.enabled:
            self.stream.write("\r" + " " * (BAR_WIDTH + 90) + "\r")


def format_metrics(m: dict, error_from_step: int = 5) -> str:
    """One epoch's line; a regression's error counts from step ``error_from_step`` + 1 (its dataset's)."""
    parts = [f"epoch {m['epoch']}", f"train loss {m['train_loss']:.4f}"]
    if "val_accuracy" in m:
        parts += [f"train acc {m['train_accuracy']:.2%}", f"val loss {m['val_loss']:.4f}",
                  f"val acc {m['val_accuracy']:.2%}", f"test acc {m['test_accuracy']:.2%}"]
    else:
        since = f" from step {error_from_step + 1}" if error_from_step else ""
        parts += [f"val loss {m['val_loss']:.3g}", f"val MSE{since} {m['val_tail_mse']:.3g}"]
    parts += [f"lr {m['lr']:.3g}", f"{m['seconds']:.1f}s"]
    return ", ".join(parts)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.export_pytorch:
        return _export_pytorch(args)
    try:
        return _list_runs(args) if args.list_runs else _train(args)
    except KeyboardInterrupt:  # Ctrl+C outside the run (loading data, saving): no traceback
        print("mtorch-train: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def _open_store(args) -> RunStore:
    return RunStore(args.runs or default_database())


def _list_runs(args) -> int:
    try:
        print(runs_table(_open_store(args).runs()))
    except RunStoreError as error:
        print(f"mtorch-train: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return 0


def _export_pytorch(args) -> int:
    """Write the PyTorch training script of the model file with its settings (and the options given)."""
    try:
        spec = load_spec(args.model)
        config = TrainingConfig.for_spec(spec, **_overrides(args))
        written = write_training_script(spec, config, args.export_pytorch)
    except (ValueError, TypeError) as error:
        print(f"mtorch-train: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as error:
        return _cannot_write(error, args.export_pytorch)
    print(f"wrote {', '.join(written)}: python {args.export_pytorch}, or torchrun --nproc_per_node=N "
          f"{args.export_pytorch}")
    return 0


def _cannot_write(error: OSError, what: str) -> int:
    """Say which file could not be written and why; the exit status for it."""
    print(f"mtorch-train: cannot write {error.filename or what}: {error.strerror or error}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _train(args) -> int:
    mtorch.set_num_threads(args.threads)
    try:
        if args.resume:
            checkpoint = load_checkpoint(args.resume)
            checkpoint.config = TrainingConfig.from_dict(checkpoint.config.to_dict(), **_overrides(args))
            trainer = resume(checkpoint)
        else:
            spec = with_dataset(load_spec(args.model), args)
            config = TrainingConfig.for_spec(spec, **_overrides(args))  # as the training panel reads the file
            trainer = Trainer(spec, config)
    except (OSError, ValueError, KeyError, TypeError, TrainingError, CheckpointError) as error:
        print(f"mtorch-train: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        recorder = RunRecorder(_open_store(args))
        recorder.begin(trainer.spec, trainer.config, "cli")
    except RunStoreError as error:
        print(f"mtorch-train: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT

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
                recorder.add_batches([report])
            elif isinstance(report, EpochReport):
                recorder.add_epoch(report.metrics)
                bar.clear()
                print(format_metrics(report.metrics, trainer.data.info.error_from_step), flush=True)
            elif isinstance(report, Divergence):  # the window pauses here; without one, stop
                bar.clear()
                print(f"mtorch-train: {report.message} Stopped (--lr {report.suggested_lr:g} to try).", file=sys.stderr)
                outcome = "failed"
                break
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
    try:
        recorder.end(outcome, trainer.model.state_dict())
        print(f"recorded run {recorder.run_id} in {recorder.store.path}")
        if args.save:
            mtorch.save(trainer.model.state_dict(), args.save)
            print(f"saved weights to {args.save}")
        if args.checkpoint:
            save_checkpoint(args.checkpoint, trainer)
            print(f"saved checkpoint to {args.checkpoint}")
        if args.history_csv:
            trainer.history.to_csv(args.history_csv)
            print(f"saved history to {args.history_csv}")
    except RunStoreError as error:
        print(f"mtorch-train: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as error:
        return _cannot_write(error, "the output")
    return {"finished": 0, "stopped": EXIT_INTERRUPTED}.get(outcome, 1)


if __name__ == "__main__":
    sys.exit(main())
