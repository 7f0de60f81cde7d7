"""The exported PyTorch training script: readable code that ruff accepts, the same data as the app, the
accuracy the app reaches with the same settings, torchrun with two processes, and weights the app reads."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import mtorch
from mtorch_gui.canvas.predictor import Predictor
from mtorch_gui.canvas.preprocess import strokes_to_mnist
from mtorch_gui.model.catalog import SpecError
from mtorch_gui.model.codegen import training_script
from mtorch_gui.model.files import save_spec
from mtorch_gui.model.presets import DEFAULT_PRESET, PRESETS, preset
from mtorch_gui.resources import resource
from mtorch_gui.training import cli
from mtorch_gui.training.config import TrainingConfig
from mtorch_gui.training.datasets import load_dataset
from mtorch_gui.training.engine import EpochReport, Trainer

STROKES = Path(__file__).parent / "data" / "strokes"
RUFF = shutil.which("ruff")
AUGMENTATION = {"shift": 2, "rotation": 10.0, "scale": 0.1, "noise": 0.05}


def _config(spec, **overrides) -> TrainingConfig:
    return TrainingConfig.from_dict({**spec.training, "dataset": spec.dataset}, **overrides)


def _write(tmp_path, spec, name="train.py", **overrides) -> Path:
    path = tmp_path / name
    path.write_text(training_script(spec, _config(spec, **overrides), script=name))
    return path


def _run(path, *args, **kwargs) -> str:
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    out = subprocess.run([sys.executable, str(path), "--device", "cpu", *map(str, args)], capture_output=True,
                         text=True, cwd=path.parent, env=env, **kwargs)
    assert out.returncode == 0, out.stderr
    return out.stdout


def _import(path):
    """The script as a module (it runs nothing on import)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(RUFF is None, reason="ruff is not installed")
def test_every_presets_script_passes_ruff(tmp_path):
    for i, name in enumerate(PRESETS):
        _write(tmp_path, preset(name), f"train_{i}.py")
    _write(tmp_path, preset("LeNet-5"), "train_augmented.py", augmentation=AUGMENTATION)
    for config in ([], ["--select", "E,F,W,I,B,UP", "--line-length", "120", "--target-version", "py310"]):
        out = subprocess.run([RUFF, "check", "--isolated", *config, str(tmp_path)], capture_output=True, text=True)
        assert out.returncode == 0, out.stdout + out.stderr


@pytest.mark.parametrize("name", list(PRESETS))
def test_the_script_carries_the_model_files_settings(tmp_path, name):
    spec = preset(name)
    config = _config(spec)
    code = training_script(spec, config)
    compile(code, "train.py", "exec")
    assert f"EPOCHS = {config.epochs}\n" in code and f"BATCH_SIZE = {config.batch_size}  " in code
    assert f"loss_fn = nn.{config.loss}()" in code
    assert f"optimizer = torch.optim.{config.optimizer}(model.parameters(), lr={config.lr!r}" in code
    assert ("scheduler = torch.optim.lr_scheduler." + config.scheduler in code) == (config.scheduler != "none")
    assert "import mtorch" not in code


def test_settings_given_override_the_file_and_bad_ones_are_refused():
    spec = preset(DEFAULT_PRESET)
    code = training_script(spec, _config(spec, epochs=7, seed=3, scheduler="OneCycleLR", sample_limit=100))
    assert "EPOCHS = 7\n" in code and "SEED = 3\n" in code and "SAMPLE_LIMIT = 100  " in code
    assert "OneCycleLR(optimizer, max_lr=0.001, total_steps=epochs * batches_per_epoch)" in code
    with pytest.raises(SpecError, match="learning rate"):
        training_script(spec, _config(spec, lr=-1.0))
    del spec.layers[0]
    with pytest.raises(SpecError, match="Flatten"):
        training_script(spec)


def test_any_model_name_gives_a_script_that_compiles():
    spec = preset(DEFAULT_PRESET)
    spec.name = 'a "quoted""" \\ name\n\x00 \u2028'
    compile(training_script(spec), "train.py", "exec")


def test_mtorch_train_exports_the_script(tmp_path, capsys):
    model = tmp_path / "mlp.json"
    save_spec(preset(DEFAULT_PRESET), model)
    script = tmp_path / "out.py"
    assert cli.main([str(model), "--export-pytorch", str(script), "--epochs", "2"]) == 0
    assert "EPOCHS = 2\n" in script.read_text()
    assert cli.main([str(model), "--export-pytorch", str(script), "--lr", "-1"]) == cli.EXIT_BAD_INPUT
    assert cli.main([str(model), "--export-pytorch", str(tmp_path / "no" / "such" / "x.py")]) == cli.EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "learning rate" in err and "cannot write" in err and "Traceback" not in err


# ---- in PyTorch -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", [DEFAULT_PRESET, "LSTM sin-to-cos"])
def test_the_script_loads_the_same_samples_as_the_app(tmp_path, name):
    pytest.importorskip("torch")
    spec = preset(name)
    script = _import(_write(tmp_path, spec))
    mine = load_dataset(spec.dataset, 700)
    for theirs, split in zip(script.load_data(700), (mine.train, mine.val, mine.test)):
        x, y = theirs.tensors
        np.testing.assert_array_equal(x.numpy(), split.x)
        np.testing.assert_array_equal(y.numpy(), split.y)


def test_one_epoch_in_pytorch_reaches_the_accuracy_of_mtorch(tmp_path):
    """The same settings and the same sample (30,000 training images, the 5,000 validation and 10,000 test
    images): the test accuracy after one epoch, as a mean over three seeds, within one point."""
    pytest.importorskip("torch")
    spec = preset(DEFAULT_PRESET)
    spec.training.update(batch_size=32, lr=2e-3, epochs=1, sample_limit=30000)
    script = _write(tmp_path, spec)
    seeds = (0, 1, 2)
    ours, theirs = [], []
    for seed in seeds:
        trainer = Trainer(spec, _config(spec, seed=seed))
        ours += [r.metrics["test_accuracy"] for r in trainer.train() if isinstance(r, EpochReport)]
        out = _run(script, "--seed", seed)
        theirs += [float(m) / 100 for m in re.findall(r"test acc ([\d.]+)%", out)]
    assert len(ours) == len(theirs) == len(seeds)
    print(f"\ntest accuracy after one epoch, seeds {seeds}: mtorch {np.round(ours, 4)} mean {np.mean(ours):.2%}, "
          f"PyTorch {np.round(theirs, 4)} mean {np.mean(theirs):.2%}")
    assert abs(np.mean(ours) - np.mean(theirs)) <= 0.01
    assert min(ours + theirs) > 0.9


def test_sin_to_cos_trains_in_pytorch(tmp_path):
    pytest.importorskip("torch")
    out = _run(_write(tmp_path, preset("RNN sin-to-cos")), "--epochs", 2, "--limit", 500)
    mse = [float(m) for m in re.findall(r"val MSE from step 6 ([\d.e-]+)", out)]
    assert len(mse) == 2 and mse[1] < mse[0] and (tmp_path / "train.safetensors").exists()


WRAPPER = """
import hashlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train

net = train.main(sys.argv[1:])
state = net.state_dict()
digest = hashlib.sha256(b"".join(state[k].detach().numpy().tobytes() for k in sorted(state)))
open(f"rank{os.environ['RANK']}.sha256", "w").write(digest.hexdigest())
"""


def test_torchrun_with_two_processes_ends_with_the_same_weights_in_both(tmp_path):
    pytest.importorskip("torch")
    spec = preset("LeNet-5")
    _write(tmp_path, spec)
    (tmp_path / "wrapper.py").write_text(WRAPPER)
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    out = subprocess.run([sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node=2",
                          "wrapper.py", "--device", "cpu", "--epochs", "1", "--limit", "1000"],
                         capture_output=True, text=True, cwd=tmp_path, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("epoch 1,") == 1 and "2 process(es) on cpu" in out.stdout  # rank 0 alone prints
    digests = [(tmp_path / f"rank{rank}.sha256").read_text() for rank in (0, 1)]
    saved = mtorch.load(tmp_path / "train.safetensors")
    assert sorted(saved) == sorted(spec.build().state_dict())  # the app's keys
    import hashlib

    digest = hashlib.sha256(b"".join(saved[k].numpy().tobytes() for k in sorted(saved))).hexdigest()
    assert digests[0] == digests[1] == digest


def test_weights_trained_in_pytorch_read_the_canvas_test_digits(tmp_path):
    pytest.importorskip("torch")
    model = resource("models", "default_cnn.json")
    from mtorch_gui.model.files import load_spec

    spec = load_spec(model)
    _run(_write(tmp_path, spec), "--epochs", 1)  # all 55,000 training images
    state = {k: v.numpy() for k, v in mtorch.load(tmp_path / "train.safetensors").items()}
    predictor = Predictor({"spec": spec, "state_dict": state})
    assert predictor.problem is None
    for name in ("digits.json", "mnist_traced.json"):
        digits = json.loads((STROKES / name).read_text())["digits"]
        right = sum(int(np.argmax(predictor.forward(strokes_to_mnist(d["strokes"]))[0])) == d["label"]
                    for d in digits)
        print(f"\n{name}: {right} of {len(digits)} read correctly")
        assert right / len(digits) >= 0.9


def test_a_2d_set_travels_as_an_npz_beside_the_script(tmp_path):
    from mtorch_gui.model.codegen import write_training_script
    from mtorch_gui.model.spec import LayerSpec, ModelSpec

    spec = ModelSpec(name="spiral", dataset="spiral", input_shape=(2,), training={"lr": 0.01, "epochs": 2},
                     layers=[LayerSpec("Linear", {"out_features": 16}), LayerSpec("Tanh"),
                             LayerSpec("Linear", {"out_features": 2})])
    written = write_training_script(spec, _config(spec), tmp_path / "spiral.py")
    assert written == [str(tmp_path / "spiral.py"), str(tmp_path / "spiral_data.npz")]
    if RUFF is not None:
        assert subprocess.run([RUFF, "check", "--isolated", written[0]], capture_output=True).returncode == 0
    pytest.importorskip("torch")
    mine = load_dataset("spiral", 300)
    for theirs, split in zip(_import(Path(written[0])).load_data(300), (mine.train, mine.val, mine.test)):
        np.testing.assert_array_equal(theirs.tensors[0].numpy(), split.x)
        np.testing.assert_array_equal(theirs.tensors[1].numpy(), split.y)
    assert _run(Path(written[0])).count("test acc") == 2


def test_augmentation_is_in_the_script_only_when_the_model_file_asks_for_it():
    spec = preset("LeNet-5")
    plain = training_script(spec, _config(spec))
    augmented = training_script(spec, _config(spec, augmentation=AUGMENTATION))
    assert "augment" not in plain and "SHIFT" not in plain
    assert "SHIFT = 2  " in augmented and "ROTATION = 10.0  " in augmented and "SCALE = 0.1  " in augmented
    assert "NOISE = 0.05  " in augmented and "not in this script" not in augmented
    assert augmented.count("x = augment(x)") == 1  # in the training loop; evaluate() sees the images as they are


def test_an_augmented_script_trains_one_epoch(tmp_path):
    pytest.importorskip("torch")
    out = _run(_write(tmp_path, preset("LeNet-5"), augmentation=AUGMENTATION), "--epochs", 1, "--limit", 300)
    assert re.search(r"epoch 1, train loss [\d.]+, train acc [\d.]+%", out)


def _moved(image, dx, dy):
    """image (C, H, W) moved right by dx and down by dy pixels, 0 where nothing came from."""
    out = np.zeros_like(image)
    height, width = image.shape[-2:]
    out[:, max(dy, 0):height + min(dy, 0), max(dx, 0):width + min(dx, 0)] = \
        image[:, max(-dy, 0):height + min(-dy, 0), max(-dx, 0):width + min(-dx, 0)]
    return out


def _app_augment(x, settings, seed):
    """The app's augmentation of x and the draws it made (the same generator state, drawn again)."""
    from mtorch.datasets.transforms import RandomAffine
    from mtorch_gui.data import augment

    mtorch.manual_seed(seed)
    out = augment.augment(x, settings)
    mtorch.manual_seed(seed)
    height, width = x.shape[-2:]
    shift, rotation, scale = settings.get("shift", 0), settings.get("rotation", 0.0), settings.get("scale", 0.0)
    angle, (dx, dy), factor, _ = RandomAffine.get_params(
        [-rotation, rotation], (shift / width, shift / height) if shift else None,
        (1 - scale, 1 + scale) if scale else None, None, [width, height], n=len(x))
    return out, angle, factor, dx, dy


def test_the_scripts_augmentation_moves_images_as_the_app_does(tmp_path, monkeypatch):
    torch = pytest.importorskip("torch")
    script = _import(_write(tmp_path, preset("LeNet-5"), augmentation=AUGMENTATION))
    x = np.random.default_rng(0).random((6, 1, 12, 9)).astype(np.float32)  # not square: H and W kept apart
    batch = torch.from_numpy(x)
    torch.manual_seed(0)
    out = script.augment(batch)
    assert out.shape == batch.shape and out.dtype == batch.dtype and not torch.equal(out, batch)
    assert 0 <= out.min() and out.max() <= 1
    for name in ("SHIFT", "ROTATION", "SCALE", "NOISE"):
        monkeypatch.setattr(script, name, 0)
    assert torch.equal(script.augment(batch), batch)
    monkeypatch.setattr(script, "SHIFT", 3)
    torch.manual_seed(0)
    shifted = script.augment(batch).numpy()  # each image moved by whole pixels, up to 3 each way, 0 outside
    assert not np.array_equal(shifted, x)
    assert all(any(np.allclose(moved, _moved(image, dx, dy), atol=1e-5) for dx in range(-3, 4) for dy in range(-3, 4))
               for image, moved in zip(x, shifted))
    # the same draws give the app's images: a pure shift of whole pixels, and a shift with rotation and scale
    for settings in ({"shift": 3}, {"shift": 2, "rotation": 30.0, "scale": 0.3}):
        app, *draws = _app_augment(x, settings, seed=1)
        assert np.abs(app - x).max() > 0.1
        ours = script.warp(batch, *(torch.as_tensor(np.asarray(d, np.float64)) for d in draws)).numpy()
        np.testing.assert_allclose(ours, app, atol=1e-5)
