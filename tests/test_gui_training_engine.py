"""The training engine without Qt, on small MNIST and sin-to-cos subsets."""

import numpy as np
import pytest

import mtorch
from mtorch_gui.model.spec import LayerSpec, ModelSpec
from mtorch_gui.training.checkpoint import CheckpointError, load_checkpoint, resume, save_checkpoint
from mtorch_gui.training.config import TrainingConfig
from mtorch_gui.training.datasets import load_dataset
from mtorch_gui.training.engine import Trainer, TrainingError


@pytest.fixture(scope="module")
def mnist():
    return load_dataset("mnist", limit=320)


def mlp(*extra, hidden=24):
    layers = [LayerSpec("Flatten"), LayerSpec("Linear", {"out_features": hidden}), LayerSpec("ReLU"), *extra,
              LayerSpec("Linear", {"out_features": 10})]
    return ModelSpec(name="tiny", dataset="mnist", input_shape=(1, 28, 28), layers=layers)


def config(**kw):
    return TrainingConfig(**{"optimizer": "Adam", "lr": 3e-3, "batch_size": 32, "epochs": 2, "seed": 3, **kw})


def weights(trainer):
    return {k: v.numpy().copy() for k, v in trainer.model.state_dict().items()}


def assert_same_weights(a, b):
    assert a.keys() == b.keys()
    for k in a:
        np.testing.assert_array_equal(a[k], b[k], err_msg=k)


def stop_at(trainer, step):
    """Make ``trainer`` stop itself after its ``step``-th batch of the run."""
    def on_batch_end(info):
        if info.step == step:
            trainer.request_stop()
    trainer.on_batch_end = on_batch_end


def test_a_few_batches_reduce_the_loss(mnist):
    trainer = Trainer(mlp(), config(epochs=1, lr=1e-2), data=mnist)
    assert trainer.run() == "finished"
    losses = trainer.history.batch_loss
    assert len(losses) == 10
    assert np.mean(losses[-3:]) < 0.8 * np.mean(losses[:3])
    epoch = trainer.history.epochs[0]
    assert epoch["epoch"] == 1 and 0 < epoch["val_accuracy"] <= 1 and epoch["test_loss"] > 0


def test_callbacks_fire_in_order(mnist):
    events = []
    trainer = Trainer(mlp(), config(epochs=2, batch_size=64), data=mnist,
                      on_batch_end=lambda info: events.append(("batch", info.epoch, info.batch)),
                      on_epoch_end=lambda report: events.append(("epoch", report["metrics"]["epoch"])),
                      on_finished=lambda history: events.append(("finished",)),
                      on_failed=lambda message: events.append(("failed", message)))
    assert trainer.run() == "finished"
    expected = [("batch", 0, b) for b in range(1, 6)] + [("epoch", 1)]
    expected += [("batch", 1, b) for b in range(1, 6)] + [("epoch", 2), ("finished",)]
    assert events == expected


def test_epoch_report_holds_copies_for_the_views(mnist):
    reports = []
    trainer = Trainer(mlp(), config(epochs=1), data=mnist, on_epoch_end=reports.append)
    trainer.run()
    report = reports[0]
    cm = report["confusion"]
    assert cm.shape == (10, 10) and cm.sum() == len(mnist.test)
    assert np.isclose(np.trace(cm) / cm.sum(), report["metrics"]["test_accuracy"])
    wrong = report["misclassified"]
    assert wrong["images"].shape[1:] == (28, 28) and wrong["images"].dtype == np.float32
    assert np.all(wrong["targets"] != wrong["predictions"])
    state = report["state_dict"]
    state["1.weight"][:] = 0  # a copy: the model is untouched
    assert np.any(trainer.model.state_dict()["1.weight"].numpy() != 0)


@pytest.mark.parametrize("stop_step", [3, 10, 14])  # mid-epoch 1, its last batch, mid-epoch 2
def test_stop_and_resume_equals_an_uninterrupted_run(mnist, stop_step):
    spec = mlp(LayerSpec("Dropout", {"p": 0.3}))  # dropout: the random stream must resume too
    settings = config(scheduler="StepLR", step_size=1, gamma=0.5)
    whole = Trainer(spec, settings, data=mnist)
    assert whole.run() == "finished"

    parted = Trainer(spec, settings, data=mnist)
    stop_at(parted, stop_step)
    assert parted.run() == "stopped"
    assert len(parted.history.batch_loss) == stop_step
    parted.on_batch_end = None
    mtorch.manual_seed(12345)  # anything else drawing random numbers meanwhile must not matter
    mtorch.randn(7)
    assert parted.run() == "finished"
    assert_same_weights(weights(parted), weights(whole))
    assert parted.history.batch_loss == whole.history.batch_loss
    assert [e["val_loss"] for e in parted.history.epochs] == [e["val_loss"] for e in whole.history.epochs]


def test_one_more_epoch_continues_with_the_optimiser_state(mnist):
    two = Trainer(mlp(), config(epochs=2), data=mnist)
    two.run()
    one_then_more = Trainer(mlp(), config(epochs=1), data=mnist)
    assert one_then_more.run() == "finished" and (one_then_more.epoch, one_then_more.batch) == (1, 0)
    assert one_then_more.run(until_epoch=2) == "finished"
    assert_same_weights(weights(one_then_more), weights(two))


def test_pause_blocks_until_resume(mnist):
    import threading

    trainer = Trainer(mlp(), config(epochs=1), data=mnist)
    seen = []

    def on_batch_end(info):
        seen.append(info.batch)
        if info.batch == 2:
            trainer.pause()

    trainer.on_batch_end = on_batch_end
    thread = threading.Thread(target=trainer.run)
    thread.start()
    thread.join(timeout=1.0)
    assert thread.is_alive() and seen == [1, 2] and trainer.paused
    trainer.resume()
    thread.join(timeout=30)
    assert not thread.is_alive() and seen == list(range(1, 11))


def test_lr_change_while_running_applies_from_the_next_batch(mnist):
    trainer = Trainer(mlp(), config(epochs=1, optimizer="SGD", lr=0.1), data=mnist)

    def on_batch_end(info):
        if info.batch == 4:
            trainer.set_lr(0.02)

    trainer.on_batch_end = on_batch_end
    trainer.run()
    assert trainer.history.batch_lr[:4] == [0.1] * 4
    assert trainer.history.batch_lr[4:] == [0.02] * 6


def test_nan_loss_stops_with_an_explanation_and_keeps_the_last_good_weights(mnist):
    failures = []
    trainer = Trainer(mlp(), config(optimizer="SGD", lr=1e30), data=mnist, on_failed=failures.append)
    assert trainer.run() == "failed"
    (message,) = failures
    assert "learning rate 1e+30 is too high for SGD" in message and "restored" in message
    assert all(np.isfinite(w).all() for w in weights(trainer).values())
    assert trainer.diverged and trainer.history.epochs == []
    assert trainer.run() == "failed"  # a diverged run does not continue


def test_invalid_settings_and_models_never_start(mnist):
    with pytest.raises(TrainingError, match="learning rate must be a positive number"):
        Trainer(mlp(), config(lr=-1.0), data=mnist)
    wrong_width = ModelSpec(dataset="mnist", input_shape=(1, 28, 28),
                            layers=[LayerSpec("Flatten"), LayerSpec("Linear", {"out_features": 7})])
    with pytest.raises(TrainingError, match="MNIST has 10 classes"):
        Trainer(wrong_width, config(), data=mnist)
    with pytest.raises(TrainingError, match="NLLLoss needs log-probabilities"):
        Trainer(mlp(), config(loss="NLLLoss"), data=mnist)
    with pytest.raises(TrainingError, match="regression"):
        Trainer(mlp(), config(dataset="sin_to_cos", loss="CrossEntropyLoss"), data=mnist)


@pytest.mark.parametrize("loss", ["MSELoss", "BCEWithLogitsLoss"])
def test_one_hot_losses_train(mnist, loss):
    trainer = Trainer(mlp(), config(loss=loss, lr=1e-2), data=mnist)
    assert trainer.run() == "finished"
    assert trainer.history.epochs[-1]["val_accuracy"] > 0.3  # chance is 0.1


def test_checkpoint_round_trip_resumes_to_identical_results(mnist, tmp_path):
    spec = mlp(LayerSpec("Dropout", {"p": 0.2}))
    settings = config(scheduler="OneCycleLR", optimizer="AdamW", weight_decay=0.01)
    whole = Trainer(spec, settings, data=mnist)
    whole.run()

    first = Trainer(spec, settings, data=mnist)
    stop_at(first, 6)
    assert first.run() == "stopped"
    path = tmp_path / "run.ckpt.safetensors"
    save_checkpoint(path, first)
    del first

    checkpoint = load_checkpoint(path)
    assert checkpoint.spec.to_json() == spec.to_json() and checkpoint.config == settings
    resumed = resume(checkpoint, data=mnist)
    assert resumed.epoch == 0 and resumed.batch == 6
    assert resumed.run() == "finished"
    assert_same_weights(weights(resumed), weights(whole))
    assert resumed.history.batch_loss == whole.history.batch_loss


def test_a_damaged_checkpoint_gives_a_clear_error(tmp_path, mnist):
    path = tmp_path / "weights.safetensors"
    mtorch.save(Trainer(mlp(), config(), data=mnist).model.state_dict(), path)
    with pytest.raises(CheckpointError, match="not a training checkpoint"):
        load_checkpoint(path)
    path.write_bytes(b"\x10\x00")
    with pytest.raises(CheckpointError, match=str(path.name)):
        load_checkpoint(path)


def test_history_exports_csv(mnist, tmp_path):
    trainer = Trainer(mlp(), config(), data=mnist)
    trainer.run()
    path = tmp_path / "history.csv"
    trainer.history.to_csv(path)
    lines = path.read_text().splitlines()
    assert lines[0].startswith("epoch,train_loss,train_accuracy,lr,val_loss")
    assert len(lines) == 3 and lines[2].startswith("2,")


def test_sin_to_cos_trains():
    spec = ModelSpec(dataset="sin_to_cos", input_shape=(50, 1),
                     layers=[LayerSpec("RNN", {"hidden_size": 8}), LayerSpec("Linear", {"out_features": 1})])
    data = load_dataset("sin_to_cos", limit=128)
    trainer = Trainer(spec, config(dataset="sin_to_cos", loss="MSELoss", lr=0.01, epochs=2), data=data)
    assert trainer.run() == "finished"
    first, last = trainer.history.epochs
    assert last["val_loss"] < first["val_loss"] and "val_tail_mse" in last and "val_accuracy" not in last
