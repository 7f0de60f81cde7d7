"""Export a spec as a Python script that rebuilds the network with mtorch or with PyTorch, as is."""

from __future__ import annotations

import inspect
import io
import unicodedata
from pathlib import Path
from string import Template

import numpy as np

from mtorch.datasets.mnist import shipped
from mtorch.serialization import write_bytes_atomic, write_text_atomic
from mtorch_gui.data import augment
from mtorch_gui.data.builtin import MNIST_VALIDATION_SIZE, SIN_TO_COS_TRAIN, SIN_TO_COS_VALIDATION
from mtorch_gui.data.registry import dataset_info, title_of
from mtorch_gui.training.config import INDEX_TARGET_LOSSES, TrainingConfig
from mtorch_gui.training.engine import optimizer_options

from . import layers
from .catalog import CATALOG, SpecError, format_shape
from .spec import ModelSpec

FRAMEWORKS = {"mtorch": ("import mtorch\nfrom mtorch import nn", "mtorch"),
              "torch": ("import torch\nfrom torch import nn", "torch")}


def _call(type_name: str, kwargs: dict, derived: dict) -> str:
    """``nn.Linear(in_features=784, out_features=128)``: derived, required and non-default arguments."""
    t = CATALOG[type_name]
    shown = dict(derived)
    for a in t.args:
        if a.required or kwargs[a.name] != a.default:
            shown[a.name] = kwargs[a.name]
    shown.update(t.fixed)
    prefix = "" if hasattr(layers, type_name) else "nn."
    return f"{prefix}{type_name}(" + ", ".join(f"{k}={v!r}" for k, v in shown.items()) + ")"


def _docstring_safe(text: str) -> str:
    """``text`` as the inside of a one-line docstring that reads back as ``text``: backslashes and quotes
    escaped, and every control character, lone surrogate or other invisible code point (NUL, newline,
    U+2028, ...) written as its escape, so the source compiles and encodes to UTF-8 whatever the name."""
    def safe(c):
        if c in '\\"':
            return "\\" + c
        if unicodedata.category(c) in ("Cc", "Cs", "Cf", "Co", "Cn", "Zl", "Zp"):
            return c.encode("unicode_escape").decode("ascii")    # "\\x00", "\\n", "\\ud800", ...
        return c
    return "".join(map(safe, text))


def _model_lines(spec: ModelSpec, result) -> tuple[list[str], list[str]]:
    """(the definitions of mtorch_gui's recurrent wrappers the model uses, the ``nn.Sequential(...)`` lines)."""
    calls = spec.constructor_args(result)
    wrappers = sorted({name for name, _ in calls if hasattr(layers, name)})
    definitions = []
    for name in wrappers:
        definitions += ["", inspect.getsource(getattr(layers, name)).rstrip(), ""]
    sequential = ["nn.Sequential("]
    sequential += [f"    {_call(name, kwargs, r.derived)}," for (name, kwargs), r in zip(calls, result.layers)]
    return definitions, sequential + [")"]


def _checked(spec: ModelSpec):
    """The spec's validation; SpecError when the stack is empty or invalid."""
    if not spec.layers:
        raise SpecError("the model has no layers yet: add one from the palette or choose a preset")
    return spec.validate()


def module_code(spec: ModelSpec, framework: str = "mtorch") -> str:
    """The source of a script defining ``model``, an nn.Sequential equal to ``spec.build()``.

    Raises SpecError when the stack is invalid or empty.
    """
    imports, package = FRAMEWORKS[framework]
    result = _checked(spec)
    definitions, sequential = _model_lines(spec, result)
    lines = [
        f'"""{_docstring_safe(spec.name)}: a network built in mtorch_gui\'s layer-stack editor, exported for '
        f"{package}.",
        "",
        f"Input per sample: {format_shape(spec.input_shape)} ({title_of(spec.dataset, spec.dataset_options)}); "
        f"output: {format_shape(result.output_shape)}; {result.total_params:,} parameters.",
        '"""',
        "",
        imports,
        "",
        *definitions,
        "",
        "model = " + sequential[0],
        *sequential[1:],
    ]
    shape = ", ".join(str(n) for n in spec.input_shape)
    lines += [
        "",
        'if __name__ == "__main__":',
        "    print(model)",
        f"    x = {package}.randn(2, {shape})",
        '    print("output shape:", tuple(model(x).shape))',
        "",
    ]
    return "\n".join(lines)


# ---- a complete PyTorch training script ------------------------------------------------------------------
# The script is assembled from the blocks below: $names are filled in from the model file; everything else
# is the script's text as the user will read it.

_SCRIPT_HEAD = '''"""$title: a training script exported from mtorch_gui, for PyTorch.

The network built in mtorch_gui's layer-stack editor, trained with the settings of its model file:
$summary
Input per sample: $input_shape; output: $output_shape; $params parameters.

    python $script                          # the settings below, on the GPU when there is one
    python $script --epochs 1 --limit 1000 --device cpu
    torchrun --nproc_per_node=2 $script     # distributed: one process per GPU (nccl) or CPU (gloo)

With torchrun each process trains on its own share of every epoch (DistributedSampler) and
DistributedDataParallel averages the gradients, so a step sees BATCH_SIZE x processes samples; only
process 0 prints and saves. Multi-node runs take torchrun's usual flags (--nnodes, --rdzv-endpoint, ...).
The trained weights are saved as safetensors with the keys mtorch_gui uses, for its Load weights.
Needs torch, numpy and safetensors.
"""

$imports

import numpy as np
import torch
import torch.distributed as dist
from safetensors.torch import save_file
from torch import nn
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, DistributedSampler, Subset, TensorDataset

# ---- the settings from the model file ----
EPOCHS = $epochs
BATCH_SIZE = $batch_size  # per process
SEED = $seed
SAMPLE_LIMIT = $sample_limit  # at most this many samples per split (train, validation, test); None: all
'''

_SCRIPT_MODEL = '''

def make_model():
    """The network from the editor: the same layers, arguments and state_dict keys."""
    return $sequential


def make_training(model, epochs, batches_per_epoch):
    """$training_doc"""
    loss_fn = $loss
    optimizer = $optimizer$scheduler
'''

_MNIST = '''

# ---- the data: MNIST ----
# the folder of the four IDX files (.gz or not), or of MNIST/raw/ holding them (torchvision's layout)
MNIST_FOLDER = $folder
VALIDATION_SIZE = $validation  # training images held out for validation, the same ones as in mtorch_gui
CLASSES = 10


def read_idx(folder, name):
    """The uint8 array in IDX file `name` (magic 0 0 8 ndim, ndim big-endian sizes, the data)."""
    folder = Path(folder)
    if (folder / "MNIST" / "raw").is_dir():
        folder = folder / "MNIST" / "raw"
    path = folder / (name + ".gz")
    raw = gzip.decompress(path.read_bytes()) if path.exists() else (folder / name).read_bytes()
    ndim = raw[3]
    sizes = np.frombuffer(raw, ">u4", ndim, 4)
    return np.frombuffer(raw, np.uint8, offset=4 + 4 * ndim).reshape(sizes)


def mnist_split(train):
    """Images as float32 (N, 1, 28, 28) in [0, 1], as mtorch_gui feeds them, and int64 labels."""
    prefix = "train" if train else "t10k"
    images = read_idx(MNIST_FOLDER, f"{prefix}-images-idx3-ubyte")
    labels = read_idx(MNIST_FOLDER, f"{prefix}-labels-idx1-ubyte")
    x = torch.from_numpy(images.astype(np.float32).reshape(-1, 1, 28, 28) / 255.0)
    return x, torch.from_numpy(labels.astype(np.int64))


def load_data(limit):
    """(train, validation, test) TensorDatasets, each cut to `limit` samples when it is given."""
    x, y = mnist_split(train=True)
    order = torch.from_numpy(np.random.default_rng(0).permutation(len(x)))
    val, train = order[:VALIDATION_SIZE], order[VALIDATION_SIZE:]
    splits = [(x[train], y[train]), (x[val], y[val]), mnist_split(train=False)]
    return [TensorDataset(sx[:limit], sy[:limit]) for sx, sy in splits]
'''

_SIN_TO_COS = '''

# ---- the data: sin -> cos sequences ----
STEPS = $steps  # time steps per sequence
TRAIN_SEQUENCES, VALIDATION_SEQUENCES = $train, $validation  # the test split has as many as validation
SKIP = $skip  # the error that counts starts at step SKIP + 1: before it the cosine's sign is unknowable


def sine_to_cosine(n, split):
    """n pairs (sin(w t + phase), cos(w t + phase)), each (STEPS, 1): mtorch's SineToCosine, seed 0."""
    rng = np.random.default_rng([0, split])  # split 0: training stream, 1: test stream
    w = rng.uniform(1.0, 2.0, n)
    phase = rng.uniform(0, 2 * np.pi, n)
    angle = w[:, None] * 0.2 * np.arange(STEPS) + phase[:, None]
    x, y = np.sin(angle)[..., None].astype(np.float32), np.cos(angle)[..., None].astype(np.float32)
    return torch.from_numpy(x), torch.from_numpy(y)


def load_data(limit):
    """(train, validation, test) TensorDatasets, each cut to `limit` samples when it is given."""
    x, y = sine_to_cosine(TRAIN_SEQUENCES + VALIDATION_SEQUENCES, split=0)
    t = TRAIN_SEQUENCES
    splits = [(x[:t], y[:t]), (x[t:], y[t:]), sine_to_cosine(VALIDATION_SEQUENCES, split=1)]
    return [TensorDataset(sx[:limit], sy[:limit]) for sx, sy in splits]
'''

_SAVED = '''

# ---- the data: $title, as mtorch_gui prepared it ----
# x_train, y_train, x_val, y_val, x_test, y_test: written beside this script when it was exported
DATA_FILE = Path(__file__).with_name($file)$constant


def load_data(limit):
    """(train, validation, test) TensorDatasets, each cut to `limit` samples when it is given."""
    with np.load(DATA_FILE, allow_pickle=False) as data:
        splits = [(data[f"x_{split}"], data[f"y_{split}"]) for split in ("train", "val", "test")]
    return [TensorDataset(torch.from_numpy(x[:limit]), torch.from_numpy(y[:limit])) for x, y in splits]
'''

_AUGMENT = '''

# ---- augmentation of the training batches, as mtorch_gui does it (its data/augment.py) ----
# The same distributions as the app (one draw per image), from torch's generator: not the app's draws.
SHIFT = $shift  # whole pixels, up to, along each axis
ROTATION = $rotation  # degrees, up to, either way
SCALE = $scale  # a zoom factor from 1 - SCALE to 1 + SCALE
NOISE = $noise  # the standard deviation of the Gaussian noise added (the result clipped to [0, 1])


def warp(x, angle, scale, dx, dy):
    """Each image of x (N, C, H, W) rotated by angle (degrees), scaled by scale about its centre and moved
    by (dx, dy) pixels (one value per image): bilinear, 0 outside, the image's size kept."""
    height, width = x.shape[-2:]
    cos, sin = torch.cos(torch.deg2rad(angle)) / scale, torch.sin(torch.deg2rad(angle)) / scale
    # theta takes each output pixel to where it reads from, in grid_sample's coordinates (-1 to 1 across)
    theta = torch.stack([
        torch.stack([cos, sin * height / width, -(cos * dx + sin * dy) * 2 / width], 1),
        torch.stack([-sin * width / height, cos, (sin * dx - cos * dy) * 2 / height], 1)], 1)
    grid = nn.functional.affine_grid(theta.to(x.dtype), list(x.shape), align_corners=False)
    out = nn.functional.grid_sample(x, grid, align_corners=False)
    inside = nn.functional.grid_sample(torch.ones_like(x[:, :1]), grid, align_corners=False)
    return out * inside  # the border blended with 0 as torchvision (and the app) do


def augment(x):
    """A new training batch: each image of x (N, C, H, W) in [0, 1] randomly moved, then noised."""
    if SHIFT or ROTATION or SCALE:
        n = len(x)

        def uniform(low, high):
            return torch.empty(n, dtype=torch.float64, device=x.device).uniform_(low, high)

        angle, scale = uniform(-ROTATION, ROTATION), uniform(1 - SCALE, 1 + SCALE)
        dx, dy = uniform(-SHIFT, SHIFT).round(), uniform(-SHIFT, SHIFT).round()
        x = warp(x, angle, scale, dx, dy)
    if NOISE:
        x = (x + NOISE * torch.randn_like(x)).clamp(0, 1)
    return x
'''

_TARGETS = {
    "index": '''

def targets(y):
    """What the loss compares the output with: the class indices."""
    return y
''',
    "one_hot": '''

def targets(y):
    """What the loss compares the output with: one-hot rows (1 for the true class), as mtorch_gui does."""
    return nn.functional.one_hot(y, CLASSES).float()
''',
    "regression": '''

def targets(y):
    """What the loss compares the output with: the target sequences themselves."""
    return y
''',
}

# what a batch adds to the metric's sum (divided by the samples at the end), and how the metric is printed
_METRIC = {
    "classification": ("(out.argmax(1) == y).sum().item()", ":.2%"),
    "regression": ("((out[:, SKIP:] - y[:, SKIP:]) ** 2).mean().item() * len(x)", ":.3g"),
}

_SCRIPT_LOOP = '''

def setup(device):
    """(rank, world size, device): one process, or one of torchrun's (which sets RANK and LOCAL_RANK)."""
    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else "cpu"
    if "RANK" not in os.environ:
        return 0, 1, torch.device(device)
    if device == "cuda":
        local_rank = int(os.environ["LOCAL_RANK"])
        torch.cuda.set_device(local_rank)
        dist.init_process_group("nccl")
        return dist.get_rank(), dist.get_world_size(), torch.device("cuda", local_rank)
    dist.init_process_group("gloo")
    return dist.get_rank(), dist.get_world_size(), torch.device("cpu")


def total(values, device, world):
    """The sums of `values` (a list of numbers) over all processes."""
    sums = torch.tensor(values, dtype=torch.float64, device=device)
    if world > 1:
        dist.all_reduce(sums)
    return sums.tolist()


@torch.no_grad()
def evaluate(model, dataset, loss_fn, rank, world, device):
    """Mean loss and $metric_words over `dataset`; each process takes every world-th sample."""
    model.eval()
    loss_sum = metric_sum = 0.0
    for x, y in DataLoader(Subset(dataset, range(rank, len(dataset), world)), batch_size=500):
        x, y = x.to(device), y.to(device)
        out = model(x)
        loss_sum += loss_fn(out, targets(y)).item() * len(x)
        metric_sum += $metric_sum
    loss_sum, metric_sum = total([loss_sum, metric_sum], device, world)
    return loss_sum / len(dataset), metric_sum / len(dataset)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--limit", type=int, default=SAMPLE_LIMIT, help="at most this many samples per split")
    parser.add_argument("--seed", type=int, default=SEED, help="of the initial weights and the data order")
    parser.add_argument("--device", choices=("cpu", "cuda", "auto"), default="auto")
    parser.add_argument("--save", default=str(Path(__file__).with_suffix(".safetensors")),
                        help="where to write the trained weights (safetensors)")
    args = parser.parse_args(argv)
    rank, world, device = setup(args.device)

    torch.manual_seed(args.seed)  # the same initial weights in every process (DDP also copies process 0's)
    train_set, val_set, test_set = load_data(args.limit)
    net = make_model().to(device)
    model = DistributedDataParallel(net) if world > 1 else net
    sampler = DistributedSampler(train_set, num_replicas=world, rank=rank, shuffle=True, seed=args.seed)
    loader = DataLoader(train_set, batch_size=BATCH_SIZE, sampler=sampler)
    $training = make_training(model, args.epochs, len(loader))
    if rank == 0:
        print(f"{len(train_set)} training, {len(val_set)} validation, {len(test_set)} test samples; "
              f"{world} process(es) on {device}")

    for epoch in range(args.epochs):
        sampler.set_epoch(epoch)  # a new order every epoch, the same in every process
        model.train()
        sums = [0.0, 0.0, 0]  # loss * samples, $metric_words * samples, samples
        for x, y in loader:
            x, y = x.to(device), y.to(device)$augment
            out = model(x)
            loss = loss_fn(out, targets(y))
            if not torch.isfinite(loss):
                raise SystemExit(f"the loss became {loss.item()} in epoch {epoch + 1}: try a smaller learning rate")
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()$batch_step
            sums[0] += loss.item() * len(x)
            sums[1] += $train_metric_sum
            sums[2] += len(x)
        lr = optimizer.param_groups[0]["lr"]$epoch_step
        loss_sum, metric_sum, seen = total(sums, device, world)
        val_loss, val_metric = evaluate(net, val_set, loss_fn, rank, world, device)
        test_loss, test_metric = evaluate(net, test_set, loss_fn, rank, world, device)
        if rank == 0:
            print(f"epoch {epoch + 1}, train loss {loss_sum / seen:.4f}, "
                  f"train $metric_name {metric_sum / seen$fmt}, "
                  f"val loss {val_loss:.4f}, val $metric_name {val_metric$fmt}, "
                  f"test loss {test_loss:.4f}, test $metric_name {test_metric$fmt}, lr {lr:.3g}", flush=True)

    if rank == 0:
        save_file({name: t.detach().cpu().contiguous() for name, t in net.state_dict().items()}, args.save)
        print(f"saved weights to {args.save}")
    if world > 1:
        dist.destroy_process_group()
    return net


if __name__ == "__main__":
    main()
'''


def data_file_name(script: str) -> str:
    """The file beside ``script`` that holds the data of datasets the script cannot load itself."""
    return Path(script).stem + "_data.npz"


def needs_data_file(config) -> bool:
    """Does the script of ``config`` read its data from ``data_file_name`` (all but MNIST and sin-to-cos)?"""
    return config.dataset not in ("mnist", "sin_to_cos")


def _data_code(config, script: str) -> tuple[str, str, str]:
    """(the stdlib imports, the data section, the task) of the script for the config's dataset."""
    if config.dataset == "mnist":
        code = Template(_MNIST).substitute(folder=repr(str(shipped("mnist"))), validation=MNIST_VALIDATION_SIZE)
        return "import argparse\nimport gzip\nimport os\nfrom pathlib import Path", code, "classification"
    if config.dataset == "sin_to_cos":
        info = dataset_info("sin_to_cos")
        code = Template(_SIN_TO_COS).substitute(steps=info.input_shape[0],
                                                train=SIN_TO_COS_TRAIN, validation=SIN_TO_COS_VALIDATION,
                                                skip=info.error_from_step)
        return "import argparse\nimport os\nfrom pathlib import Path", code, "regression"
    info = dataset_info(config.dataset, config.dataset_options)
    constant = (f"\nCLASSES = {info.num_classes}" if info.task == "classification" else
                f"\nSKIP = {info.error_from_step}  # the error that counts starts at step SKIP + 1")
    code = Template(_SAVED).substitute(title=_docstring_safe(str(info.title)), file=repr(data_file_name(script)),
                                       constant=constant)
    return "import argparse\nimport os\nfrom pathlib import Path", code, info.task


def write_training_script(spec: ModelSpec, config: TrainingConfig, path) -> list[str]:
    """Write the training script at ``path`` and, for a dataset it cannot load itself, the data beside it
    (an .npz of the splits as the app prepared them). Returns the paths written; SpecError, DatasetError
    (ValueErrors) or OSError when it cannot."""
    path = Path(path)
    written = [str(path)]
    code = training_script(spec, config, script=path.name)
    if needs_data_file(config):
        splits = dataset_info(config.dataset, config.dataset_options).load()
        arrays = {f"{a}_{name}": getattr(split, a) for name, split in
                  (("train", splits.train), ("val", splits.val), ("test", splits.test)) for a in ("x", "y")}
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        data = path.with_name(data_file_name(path.name))
        write_bytes_atomic(data, buffer.getvalue())
        written.append(str(data))
    write_text_atomic(path, code)
    return written


def _scheduler_code(config) -> tuple[str, str, str]:
    """(the scheduler's construction, its step after each batch, its step after each epoch); empty strings
    for a constant learning rate."""
    scheduler = "\n    scheduler = torch.optim.lr_scheduler."
    after_batch = after_epoch = ""
    if config.scheduler == "StepLR":
        scheduler += f"StepLR(optimizer, step_size={config.step_size!r}, gamma={config.gamma!r})"
    elif config.scheduler == "CosineAnnealingLR":
        scheduler += "CosineAnnealingLR(optimizer, T_max=epochs)"
    elif config.scheduler == "OneCycleLR":
        scheduler += f"OneCycleLR(optimizer, max_lr={config.lr!r}, total_steps=epochs * batches_per_epoch)"
        after_batch = "\n            scheduler.step()  # OneCycleLR moves the rate after every batch"
    else:
        return "", "", ""
    if not after_batch:
        after_epoch = f"\n        scheduler.step()  # {config.scheduler} moves the rate once per epoch"
    return scheduler, after_batch, after_epoch


def training_script(spec: ModelSpec, config: TrainingConfig | None = None, script: str = "train.py") -> str:
    """The source of a self-contained PyTorch script that trains ``spec`` with ``config`` (default: the
    spec's own training settings) on one device or under torchrun, and saves the weights as safetensors.

    Raises SpecError when the stack is invalid or the settings cannot start a run.
    """
    if config is None:
        config = TrainingConfig.for_spec(spec)
    result = _checked(spec)
    if not result.ok:
        raise SpecError(result.first_error)
    problems = config.problems()
    if problems:
        raise SpecError(problems[0])
    imports, data, task = _data_code(config, script)
    definitions, sequential = _model_lines(spec, result)
    options = ", ".join(f"{k}={v!r}" for k, v in optimizer_options(config).items())
    scheduler, after_batch, after_epoch = _scheduler_code(config)
    metric_sum, fmt = _METRIC[task]
    if task == "regression":
        first = dataset_info(config.dataset, config.dataset_options).error_from_step + 1
        target_kind, metric_name = "regression", f"MSE from step {first}" if first > 1 else "MSE"
        metric_words = f"mean squared error from step {first}" if first > 1 else "mean squared error"
    else:
        target_kind = "index" if config.loss in INDEX_TARGET_LOSSES else "one_hot"
        metric_name, metric_words = "acc", "accuracy"
    scheduler_words = "constant learning rate" if config.scheduler == "none" else config.scheduler
    summary = (f"{title_of(config.dataset, config.dataset_options)}, {config.loss}, {config.optimizer} ({options}),\n"
               f"{scheduler_words}, {config.epochs} epochs of batches of {config.batch_size}, seed {config.seed}.")
    augmenting = augment.active(config.augmentation)
    if augmenting:
        summary += "\nThe training batches are augmented as in the app (augment below)."
    head = Template(_SCRIPT_HEAD).substitute(
        title=_docstring_safe(spec.name), summary="\n".join(map(_docstring_safe, summary.split("\n"))),
        script=script, imports=imports,
        input_shape=format_shape(spec.input_shape), output_shape=format_shape(result.output_shape),
        params=f"{result.total_params:,}", epochs=config.epochs, batch_size=config.batch_size, seed=config.seed,
        sample_limit=config.sample_limit)
    if scheduler:
        training_doc, training = "The loss, the optimiser and the learning-rate scheduler.", \
            "loss_fn, optimizer, scheduler"
    else:
        training_doc, training = "The loss and the optimiser (a constant learning rate).", "loss_fn, optimizer"
    model = Template(_SCRIPT_MODEL).substitute(
        sequential="\n    ".join(sequential), loss=f"nn.{config.loss}()", training_doc=training_doc,
        optimizer=f"torch.optim.{config.optimizer}(model.parameters(), {options})",
        scheduler=scheduler + f"\n    return {training}")
    loop = Template(_SCRIPT_LOOP).substitute(training=training, metric_words=metric_words,
        metric_name=metric_name, metric_sum=metric_sum, train_metric_sum=metric_sum.replace("out", "out.detach()", 1),
        fmt=fmt, batch_step=after_batch, epoch_step=after_epoch,
        augment="\n            x = augment(x)  # the training batches only" if augmenting else "")
    augmentation = _augment_code(config.augmentation) if augmenting else ""
    return head + "\n".join(definitions) + model + data + augmentation + _TARGETS[target_kind] + loop


def _augment_code(settings: dict) -> str:
    """The script's augmentation section for the app's ``augmentation`` settings (data/augment.py)."""
    return Template(_AUGMENT).substitute(shift=int(settings.get("shift", 0)),
                                         rotation=float(settings.get("rotation", 0.0)),
                                         scale=float(settings.get("scale", 0.0)),
                                         noise=float(settings.get("noise", 0.0)))
