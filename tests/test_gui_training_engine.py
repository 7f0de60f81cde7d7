"""The training engine without Qt, on small MNIST and sin-to-cos subsets."""

import numpy as np
import pytest

import mtorch
from mtorch_gui.model.spec import LayerSpec, ModelSpec
from mtorch_gui.training.checkpoint import CheckpointError, load_checkpoint, resume, save_checkpoint
from mtorch_gui.training.config import TrainingConfig
from mtorch_gui.training.datasets import load_dataset
from mtorch_gui.training.engine import BatchInfo, Divergence, EpochReport, EvalProgress, Trainer, TrainingError


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


def run(trainer, until_epoch=None, stop_at_step=None, reports=None):
    """Drive ``trainer.train()`` as the GUI's worker does: "finished", or "stopped" once the batch of
    overall step ``stop_at_step`` is done (the generator is closed there); every report goes to
    ``reports``."""
    steps = trainer.train(until_epoch)
    try:
        for report in steps:
            if reports is not None:
                reports.append(report)
            if isinstance(report, BatchInfo) and report.step == stop_at_step:
                return "stopped"
    finally:
        steps.close()
    return "finished"


def test_a_few_batches_reduce_the_loss(mnist):
    trainer = Trainer(mlp(), config(epochs=1, lr=1e-2), data=mnist)
    assert run(trainer) == "finished"
    losses = trainer.history.batch_loss
    assert len(losses) == 10
    assert np.mean(losses[-3:]) < 0.8 * np.mean(losses[:3])
    epoch = trainer.history.epochs[0]
    assert epoch["epoch"] == 1 and 0 < epoch["val_accuracy"] <= 1 and epoch["test_loss"] > 0


def test_reports_come_in_order(mnist):
    reports = []
    trainer = Trainer(mlp(), config(epochs=2, batch_size=64), data=mnist)
    assert run(trainer, reports=reports) == "finished"
    events = [("batch", r.epoch, r.batch) if isinstance(r, BatchInfo) else
              ("epoch", r.metrics["epoch"]) if isinstance(r, EpochReport) else ("eval", r.split, r.done)
              for r in reports]
    evaluation = [("eval", "val", 320), ("eval", "test", 320)]  # one chunk each
    expected = [("batch", 0, b) for b in range(1, 6)] + evaluation + [("epoch", 1)]
    expected += [("batch", 1, b) for b in range(1, 6)] + evaluation + [("epoch", 2)]
    assert events == expected
    assert reports[-1].metrics["seconds"] >= reports[-4].elapsed > 0


def test_the_engine_uses_no_threads():
    import mtorch_gui.training.engine as engine

    source = open(engine.__file__).read()
    assert "threading" not in source and "Qt" not in source.replace("no Qt", "")


def test_epoch_report_holds_copies_for_the_views(mnist):
    reports = []
    trainer = Trainer(mlp(), config(epochs=1), data=mnist)
    run(trainer, reports=reports)
    (report,) = [r for r in reports if isinstance(r, EpochReport)]
    cm = report.confusion
    assert cm.shape == (10, 10) and cm.sum() == len(mnist.test)
    assert np.isclose(np.trace(cm) / cm.sum(), report.metrics["test_accuracy"])
    wrong = report.misclassified
    assert wrong["images"].shape[1:] == (28, 28) and wrong["images"].dtype == np.float32
    assert np.all(wrong["targets"] != wrong["predictions"])
    state = report.state_dict
    state["1.weight"][:] = 0  # a copy: the model is untouched
    assert np.any(trainer.model.state_dict()["1.weight"].numpy() != 0)


@pytest.mark.parametrize("stop_step", [3, 10, 14])  # mid-epoch 1, its last batch, mid-epoch 2
def test_stop_and_resume_equals_an_uninterrupted_run(mnist, stop_step):
    spec = mlp(LayerSpec("Dropout", {"p": 0.3}))  # dropout: the random stream must resume too
    settings = config(scheduler="StepLR", step_size=1, gamma=0.5)
    whole = Trainer(spec, settings, data=mnist)
    assert run(whole) == "finished"

    parted = Trainer(spec, settings, data=mnist)
    assert run(parted, stop_at_step=stop_step) == "stopped"
    assert len(parted.history.batch_loss) == stop_step
    mtorch.manual_seed(12345)  # anything else drawing random numbers meanwhile must not matter
    mtorch.randn(7)
    assert run(parted) == "finished"
    assert_same_weights(weights(parted), weights(whole))
    assert parted.history.batch_loss == whole.history.batch_loss
    assert [e["val_loss"] for e in parted.history.epochs] == [e["val_loss"] for e in whole.history.epochs]


def test_the_run_draws_from_its_own_generator_only(mnist):
    spec = mlp(LayerSpec("Dropout", {"p": 0.3}))
    quiet = Trainer(spec, config(), data=mnist)
    run(quiet)

    mtorch.manual_seed(7)
    expected = mtorch.randn(3).numpy().copy()
    mtorch.manual_seed(7)
    busy = Trainer(spec, config(), data=mnist)
    for _ in busy.train():
        mtorch.rand(0)  # draws between two steps (none here) would not change the run...
    np.testing.assert_array_equal(mtorch.randn(3).numpy(), expected)  # ...and the run draws none of the caller's
    assert_same_weights(weights(busy), weights(quiet))

    noisy = Trainer(spec, config(), data=mnist)
    for _ in noisy.train():
        mtorch.rand(5)
    assert_same_weights(weights(noisy), weights(quiet))


def test_a_damaged_random_state_in_a_checkpoint_is_a_clear_error(mnist):
    from mtorch_gui.training.checkpoint import Checkpoint

    trainer = Trainer(mlp(), config(), data=mnist)
    state = trainer.state_dict()
    for damaged in ("not a state", {"bit_generator": "MT19937"}, {**state["rng_state"], "state": {"state": -1}}):
        with pytest.raises(TrainingError, match="random state"):
            resume(Checkpoint(trainer.spec, trainer.config, {**state, "rng_state": damaged}), data=mnist)


def test_one_more_epoch_continues_with_the_optimiser_state(mnist):
    two = Trainer(mlp(), config(epochs=2), data=mnist)
    run(two)
    one_then_more = Trainer(mlp(), config(epochs=1), data=mnist)
    assert run(one_then_more) == "finished" and (one_then_more.epoch, one_then_more.batch) == (1, 0)
    assert run(one_then_more, until_epoch=2) == "finished"
    assert_same_weights(weights(one_then_more), weights(two))


def test_a_stop_during_evaluation_evaluates_first_when_continued(mnist):
    trainer = Trainer(mlp(), config(epochs=1), data=mnist)
    steps = trainer.train()
    for report in steps:
        if isinstance(report, EvalProgress):
            break
    steps.close()
    assert (trainer.epoch, trainer.batch, trainer.history.epochs) == (1, 0, [])
    reports = []
    assert run(trainer, reports=reports) == "finished"
    assert [type(r) for r in reports] == [EvalProgress, EvalProgress, EpochReport]
    assert trainer.history.epochs[0]["epoch"] == 1


def test_lr_change_while_running_applies_from_the_next_batch(mnist):
    trainer = Trainer(mlp(), config(epochs=1, optimizer="SGD", lr=0.1), data=mnist)
    for report in trainer.train():
        if isinstance(report, BatchInfo) and report.batch == 4:
            trainer.set_lr(0.02)
    assert trainer.history.batch_lr[:4] == [0.1] * 4
    assert trainer.history.batch_lr[4:] == [0.02] * 6


def test_nan_loss_stops_with_an_explanation_and_keeps_the_last_good_weights(mnist):
    trainer = Trainer(mlp(), config(optimizer="SGD", lr=1e30), data=mnist)
    with pytest.raises(TrainingError, match="restored.*learning rate 1e\\+30 is too high for SGD"):
        run(trainer)
    assert all(np.isfinite(w).all() for w in weights(trainer).values())
    assert trainer.diverged and trainer.history.epochs == []
    with pytest.raises(TrainingError, match="diverged"):  # a diverged run does not continue
        run(trainer)


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
    assert run(trainer) == "finished"
    assert trainer.history.epochs[-1]["val_accuracy"] > 0.3  # chance is 0.1


def test_checkpoint_round_trip_resumes_to_identical_results(mnist, tmp_path):
    spec = mlp(LayerSpec("Dropout", {"p": 0.2}))
    settings = config(scheduler="OneCycleLR", optimizer="AdamW", weight_decay=0.01)
    whole = Trainer(spec, settings, data=mnist)
    run(whole)

    first = Trainer(spec, settings, data=mnist)
    assert run(first, stop_at_step=6) == "stopped"
    path = tmp_path / "run.ckpt.safetensors"
    save_checkpoint(path, first)
    del first

    checkpoint = load_checkpoint(path)
    assert checkpoint.spec.to_json() == spec.to_json() and checkpoint.config == settings
    resumed = resume(checkpoint, data=mnist)
    assert resumed.epoch == 0 and resumed.batch == 6
    assert run(resumed) == "finished"
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
    run(trainer)
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
    assert run(trainer) == "finished"
    first, last = trainer.history.epochs
    assert last["val_loss"] < first["val_loss"] and "val_tail_mse" in last and "val_accuracy" not in last


def divergences(trainer, until_epoch=None):
    """Drive ``trainer.train()`` to the end; the Divergence reports it gave, with (epoch, batch) where each
    came and the weights in the model then."""
    found = []
    for report in trainer.train(until_epoch):
        if isinstance(report, Divergence):
            found.append((report, (trainer.epoch, trainer.batch), weights(trainer)))
    return found


@pytest.mark.parametrize("optimizer", ["Adam", "SGD"])
def test_lr_10_at_chance_after_an_epoch_pauses_with_the_epochs_first_weights(mnist, optimizer):
    trainer = Trainer(mlp(), config(optimizer=optimizer, lr=10.0, epochs=1), data=mnist)
    initial = weights(trainer)
    [(report, where, restored)] = divergences(trainer)
    assert where == (1, 0) and trainer.history.epochs[0]["val_accuracy"] < 0.15
    assert "as good as guessing" not in report.message and "about what guessing gives (10%)" in report.message
    assert f"learning rate 10 is too high for {optimizer} on this model: try 1." in report.message
    assert (report.lr, report.suggested_lr) == (10.0, 1.0)
    assert_same_weights(restored, initial)  # the first epoch's start: the initial weights
    assert not trainer.optimizer.state and not trainer.diverged  # the run can go on


def test_a_loss_far_above_its_start_pauses_mid_epoch_and_goes_on_at_a_lower_rate():
    from mtorch_gui.model.presets import preset

    data = load_dataset("mnist", limit=640)
    trainer = Trainer(preset(), config(lr=10.0, epochs=1), data=data)
    initial = weights(trainer)
    steps = trainer.train()
    report = next(r for r in steps if isinstance(r, Divergence))
    start = trainer.history.batch_loss[0]
    assert report.message.startswith(f"The loss was above 10 times its starting value {start:.3g} in 11 of the last "
                                     "20 batches (up to epoch 1, batch 12,")
    # batch 12 (the 11th so far above) is not counted: it is trained again from the restored weights
    assert (trainer.epoch, trainer.batch) == (0, 11)
    assert sum(loss > 10 * start for loss in trainer.history.batch_loss) == 10
    assert_same_weights(weights(trainer), initial)  # the loss was far above its start from the second batch on
    trainer.set_lr(1e-3)
    rest = list(steps)
    assert not [r for r in rest if isinstance(r, Divergence)]
    assert trainer.history.batch_lr[11:] == [1e-3] * 9 and trainer.history.epochs[0]["val_accuracy"] > 0.25


@pytest.mark.parametrize("name, limit, epochs", [("MLP 784-128-64-10", 640, 2),
                                                 ("Original MLP (784-16-16-10, sigmoid output, square loss)", 640, 3),
                                                 ("RNN sin-to-cos", 128, 4)])
def test_normal_runs_never_look_diverged(name, limit, epochs):
    from mtorch_gui.model.presets import preset

    spec = preset(name)
    trainer = Trainer(spec, TrainingConfig.from_dict({**spec.training, "dataset": spec.dataset}, epochs=epochs),
                      data=load_dataset(spec.dataset, limit=limit))
    assert divergences(trainer) == [] and len(trainer.history.epochs) == epochs


def old_checkpoint(path, layers_from_0: bool):
    """Rewrite the checkpoint at ``path`` as version 1, as the first writers did (layers numbered from 0 in its
    gradient-norm names) or later ones (from 1)."""
    saved = mtorch.load(path)
    saved["format_version"] = 1
    if layers_from_0:
        norms = saved["history"]["grad_norms"]
        saved["history"]["grad_norms"] = {f"{int(k.split()[0]) - 1} {k.split()[1]}": v for k, v in norms.items()}
    mtorch.save(saved, path)


@pytest.mark.parametrize("layers_from_0", [True, False])
def test_a_version_1_checkpoint_resumes_with_layers_numbered_from_1(mnist, tmp_path, layers_from_0):
    trainer = Trainer(mlp(), config(), data=mnist)
    assert run(trainer, stop_at_step=3) == "stopped"
    norms = trainer.history.grad_norms
    assert list(norms) == ["2 Linear", "4 Linear"]  # Flatten, Linear, ReLU, Linear: counted from 1
    path = tmp_path / "old.ckpt"
    save_checkpoint(path, trainer)
    old_checkpoint(path, layers_from_0)
    if layers_from_0:
        assert list(mtorch.load(path)["history"]["grad_norms"]) == ["1 Linear", "3 Linear"]

    checkpoint = load_checkpoint(path)
    assert checkpoint.history.grad_norms == norms  # the resumed plots' legends
    resumed = resume(checkpoint, data=mnist)
    assert run(resumed, stop_at_step=6) == "stopped"
    assert list(resumed.history.grad_norms) == ["2 Linear", "4 Linear"]  # one series per layer, never two
    assert all(len(series) == 6 for series in resumed.history.grad_norms.values())
    save_checkpoint(path, resumed)
    assert mtorch.load(path)["format_version"] == 2
    assert load_checkpoint(path).history.grad_norms == resumed.history.grad_norms  # version 2: read as written
