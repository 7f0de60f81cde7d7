"""mtorch-train end to end, and the plain metrics behind the panel's views."""

import io
import signal
import subprocess
import sys

import numpy as np
import pytest

import mtorch
from mtorch_gui.model.presets import preset
from mtorch_gui.training import cli
from mtorch_gui.training.engine import BatchInfo, Trainer
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
    assert "\r" not in out.err + out.out  # stderr is not a terminal here: no progress bar
    state = mtorch.load(weights)
    assert set(state) == {"1.weight", "1.bias", "3.weight", "3.bias", "5.weight", "5.bias"}
    assert history.read_text().count("\n") == 2

    assert cli.main(["--resume", str(checkpoint), "--epochs", "2", "--checkpoint", str(checkpoint)]) == 0
    assert "epoch 2, train loss" in capsys.readouterr().out


def test_a_diverging_run_stops_with_the_reason_and_a_learning_rate_to_try(tmp_path, capsys):
    model = tmp_path / "mlp.json"
    model.write_text(preset("MLP 784-128-64-10").to_json())
    assert cli.main([str(model), "--limit", "320", "--batch-size", "32", "--lr", "10", "--epochs", "3",
                     "--history-csv", str(tmp_path / "h.csv")]) == 1
    err = capsys.readouterr().err
    assert "the run diverges" in err and "Stopped (--lr 1 to try)." in err
    assert (tmp_path / "h.csv").read_text().count("\n") == 2  # what was asked is still written: one epoch


def test_headless_command_reports_bad_input(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert cli.main([str(bad)]) == 2
    assert "mtorch-train:" in capsys.readouterr().err
    assert cli.main([str(tmp_path / "missing.json")]) == 2


def test_bad_model_file_is_one_line_naming_the_file(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    done = subprocess.run([sys.executable, "-m", "mtorch_gui.training.cli", str(bad)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "bad.json" in done.stderr and "JSON" in done.stderr
    assert "Traceback" not in done.stderr


def test_help_is_plain_text(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    assert "`" not in text and "--threads N" in text


def test_one_blas_thread_unless_asked(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(mtorch, "set_num_threads", calls.append)
    missing = str(tmp_path / "missing.json")
    assert cli.main([missing]) == 2 and calls == [1]
    assert cli.main([missing, "--threads", "2"]) == 2 and calls == [1, 2]


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_only_on_a_terminal():
    info = BatchInfo(epoch=0, batch=4, batches_per_epoch=4, target_epochs=2, step=4, loss=0.5, lr=0.1)
    pipe, terminal = io.StringIO(), _Terminal()
    for stream in (pipe, terminal):
        bar = cli.ProgressBar(stream)
        bar.update(info)
        bar.clear()
    assert pipe.getvalue() == ""
    assert terminal.getvalue().startswith("\repoch 1/2 [") and "4/4 loss 0.5000" in terminal.getvalue()


def test_keyboard_interrupt_exits_130_without_traceback(tmp_path, monkeypatch, capsys):
    model = tmp_path / "rnn.json"
    model.write_text(preset("RNN sin-to-cos").to_json())

    def interrupted(self):
        raise KeyboardInterrupt
        yield

    monkeypatch.setattr(Trainer, "train", interrupted)
    assert cli.main([str(model), "--limit", "64"]) == 130
    assert capsys.readouterr().err.strip() == "mtorch-train: interrupted"


def test_ctrl_c_stops_after_the_batch_saves_and_exits_130(tmp_path):
    model, checkpoint = tmp_path / "rnn.json", tmp_path / "run.ckpt"
    model.write_text(preset("RNN sin-to-cos").to_json())
    child = subprocess.Popen([sys.executable, "-m", "mtorch_gui.training.cli", str(model), "--epochs", "100000",
                              "--limit", "64", "--checkpoint", str(checkpoint)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = child.stdout.readline()  # the first epoch's line: the run, and its Ctrl+C handler, are live
        assert first.startswith("epoch 1, "), child.stderr.read()
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=120)
    finally:
        child.kill()
    assert child.returncode == 130, err
    assert "stopped by Ctrl+C" in err and "Traceback" not in err
    assert f"saved checkpoint to {checkpoint}" in out and checkpoint.exists()


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
    assert caption.startswith("Linear weights of layer 2,")  # numbered from 1, as in the editor's stack
    conv = {"0.weight": np.ones((6, 3, 5, 5), np.float32)}
    images, caption = first_layer_images(conv)
    assert images.shape == (6, 5, 5) and caption.startswith("Conv2d filters of layer 1 ")
    rnn = {"0.weight_ih_l0": np.ones((8, 1), np.float32), "1.weight": np.ones((1, 8), np.float32)}
    images, caption = first_layer_images(rnn)
    assert images is None and "(layer 2)" in caption
    mosaic = tile_images(np.random.default_rng(0).normal(size=(10, 5, 5)), columns=4)
    assert mosaic.shape == (3 * 6 + 1, 4 * 6 + 1) and mosaic.min() >= 0 and mosaic.max() <= 1
