"""mtorch-train end to end, and the plain metrics behind the panel's views."""

import subprocess
import sys

import numpy as np

import mtorch
from mtorch_gui.model.presets import preset
from mtorch_gui.training import cli
from mtorch_gui.training.metrics import confusion_matrix, first_layer_images, per_class_accuracy, tile_images


def test_headless_command_trains_saves_and_resumes(tmp_path, capsys):
    model = tmp_path / "mlp.json"
    model.write_text(preset("MLP 784-128-64-10").to_json())
    weights, checkpoint, history = tmp_path / "w.safetensors", tmp_path / "run.ckpt", tmp_path / "h.csv"
    code = cli.main([str(model), "--dataset", "mnist", "--epochs", "1", "--limit", "256", "--batch-size", "64",
                     "--save", str(weights), "--checkpoint", str(checkpoint), "--history-csv", str(history)])
    out = capsys.readouterr()
    assert code == 0
    assert "epoch 1, train loss" in out.out and "val acc" in out.out
    assert "epoch 1/1 [" in out.err  # the progress bar
    state = mtorch.load(weights)
    assert set(state) == {"1.weight", "1.bias", "3.weight", "3.bias", "5.weight", "5.bias"}
    assert history.read_text().count("\n") == 2

    assert cli.main(["--resume", str(checkpoint), "--epochs", "2", "--checkpoint", str(checkpoint)]) == 0
    assert "epoch 2, train loss" in capsys.readouterr().out


def test_headless_command_reports_bad_input(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert cli.main([str(bad)]) == 2
    assert "mtorch-train:" in capsys.readouterr().err
    assert cli.main([str(tmp_path / "missing.json")]) == 2


def test_console_script_runs(tmp_path):
    model = tmp_path / "rnn.json"
    model.write_text(preset("RNN sin-to-cos").to_json())
    done = subprocess.run([sys.executable, "-m", "mtorch_gui.training.cli", str(model), "--epochs", "1",
                           "--limit", "64"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "val MSE from step 6" in done.stdout


def test_confusion_matrix_and_per_class_accuracy():
    cm = confusion_matrix(np.array([0, 0, 1, 2, 2, 2]), np.array([0, 1, 1, 2, 0, 2]), 4)
    assert cm.tolist() == [[1, 1, 0, 0], [0, 1, 0, 0], [1, 0, 2, 0], [0, 0, 0, 0]]
    acc = per_class_accuracy(cm)
    assert np.allclose(acc[:3], [0.5, 1.0, 2 / 3]) and np.isnan(acc[3])


def test_first_layer_pictures():
    linear = {"1.weight": np.ones((16, 784), np.float32), "1.bias": np.zeros(16, np.float32)}
    images, caption = first_layer_images(linear)
    assert images.shape == (16, 28, 28) and "28x28" in caption
    conv = {"0.weight": np.ones((6, 3, 5, 5), np.float32)}
    assert first_layer_images(conv)[0].shape == (6, 5, 5)
    rnn = {"0.weight_ih_l0": np.ones((8, 1), np.float32), "1.weight": np.ones((1, 8), np.float32)}
    assert first_layer_images(rnn)[0] is None
    mosaic = tile_images(np.random.default_rng(0).normal(size=(10, 5, 5)), columns=4)
    assert mosaic.shape == (3 * 6 + 1, 4 * 6 + 1) and mosaic.min() >= 0 and mosaic.max() <= 1
