"""Learning-rate schedulers: the same lr (and momentum) sequences as PyTorch's, and state round trips."""

import math
import warnings

import pytest

import mtorch
from mtorch.optim import lr_scheduler


def _optimizer(module, name="SGD", groups=2, **kwargs):
    """An optimiser over `groups` param groups with lrs 0.1, 0.05, ... of `module` (mtorch or torch)."""
    groups = [{"params": [module.zeros(2, requires_grad=True)], "lr": 0.1 / (i + 1)} for i in range(groups)]
    return getattr(module.optim, name)(groups, **kwargs)


def _momenta(opt):
    return [g["betas"][0] if "betas" in g else g.get("momentum") for g in opt.param_groups]


def _sequence(module, make_scheduler, steps, optimizer=("SGD", {"momentum": 0.9}), metrics=None):
    """The lrs and momenta after construction and after each of `steps` steps."""
    name, kwargs = optimizer
    opt = _optimizer(module, name, **kwargs)
    scheduler = make_scheduler(module.optim.lr_scheduler, opt)
    seen = [(list(scheduler.get_last_lr()), _momenta(opt))]
    for i in range(steps):
        opt.step()
        if metrics is None:
            scheduler.step()
        else:
            scheduler.step(metrics[i])
        seen.append((list(scheduler.get_last_lr()), _momenta(opt)))
    assert seen[-1][0] == [g["lr"] for g in opt.param_groups]
    return seen


SCHEDULERS = {
    "StepLR": (lambda m, o: m.StepLR(o, step_size=3, gamma=0.5), 12),
    "MultiStepLR": (lambda m, o: m.MultiStepLR(o, milestones=[2, 5, 5, 9], gamma=0.3), 12),
    "ExponentialLR": (lambda m, o: m.ExponentialLR(o, gamma=0.9), 20),
    "CosineAnnealingLR": (lambda m, o: m.CosineAnnealingLR(o, T_max=7), 30),
    "CosineAnnealingLR-eta_min": (lambda m, o: m.CosineAnnealingLR(o, T_max=5, eta_min=0.01), 23),
    "LambdaLR": (lambda m, o: m.LambdaLR(o, lr_lambda=lambda epoch: 0.95**epoch / (1 + epoch)), 10),
    "LambdaLR-per-group": (lambda m, o: m.LambdaLR(o, [lambda e: e + 1, lambda e: 1 / (e + 1)]), 6),
    "OneCycleLR": (lambda m, o: m.OneCycleLR(o, max_lr=1.0, total_steps=20), 20),
    "OneCycleLR-linear-3-phase": (
        lambda m, o: m.OneCycleLR(o, max_lr=[1.0, 0.5], epochs=3, steps_per_epoch=5, pct_start=0.4,
                                  anneal_strategy="linear", three_phase=True, div_factor=10.0), 15),
    "OneCycleLR-no-momentum": (
        lambda m, o: m.OneCycleLR(o, max_lr=0.3, total_steps=10, cycle_momentum=False), 10),
}


@pytest.mark.parametrize("key", list(SCHEDULERS))
def test_lr_sequence_equals_pytorch(key):
    torch = pytest.importorskip("torch")
    make, steps = SCHEDULERS[key]
    assert _sequence(mtorch, make, steps) == _sequence(torch, make, steps)


def test_one_cycle_cycles_adams_beta1_like_pytorch():
    torch = pytest.importorskip("torch")
    make = lambda m, o: m.OneCycleLR(o, max_lr=0.01, total_steps=12)  # noqa: E731
    adam = ("Adam", {})
    ours, theirs = _sequence(mtorch, make, 12, adam), _sequence(torch, make, 12, adam)
    assert ours == theirs
    assert ours[0][1] == [0.95, 0.95]


@pytest.mark.parametrize("kwargs, metrics", [
    (dict(patience=2), [5, 4, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3]),
    (dict(mode="max", factor=0.5, patience=1, cooldown=2), [1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3]),
    (dict(threshold=0.5, threshold_mode="abs", patience=0, min_lr=[0.02, 0.001]), [10, 9.6, 9, 8.7, 8, 8, 8]),
    (dict(mode="max", threshold_mode="abs", patience=0, factor=0.1, eps=1e-3), [1] * 6),
])
def test_reduce_on_plateau_equals_pytorch(kwargs, metrics):
    torch = pytest.importorskip("torch")
    make = lambda m, o: m.ReduceLROnPlateau(o, **kwargs)  # noqa: E731
    assert _sequence(mtorch, make, len(metrics), metrics=metrics) == _sequence(
        torch, make, len(metrics), metrics=metrics)


@pytest.mark.parametrize("key", ["StepLR", "MultiStepLR", "ExponentialLR", "CosineAnnealingLR-eta_min"])
def test_step_with_epoch_uses_the_closed_form_like_pytorch(key):
    torch = pytest.importorskip("torch")
    make = SCHEDULERS[key][0]
    lrs = {}
    for module in (mtorch, torch):
        opt = _optimizer(module)
        scheduler = make(module.optim.lr_scheduler, opt)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for epoch in (3, 4, 9, 2, 17):
                opt.step()
                scheduler.step(epoch)
        lrs[module.__name__] = [g["lr"] for g in opt.param_groups]
    assert lrs["mtorch"] == lrs["torch"]
    with pytest.warns(UserWarning, match="deprecated"):
        lr_scheduler.StepLR(_optimizer(mtorch), 2).step(3)


def test_cosine_resumed_with_last_epoch_matches_pytorch():
    torch = pytest.importorskip("torch")
    lrs = {}
    for module in (mtorch, torch):
        opt = _optimizer(module)
        for group in opt.param_groups:
            group["initial_lr"] = group["lr"]
        scheduler = module.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=10, eta_min=0.001, last_epoch=4)
        for _ in range(8):
            opt.step()
            scheduler.step()
        lrs[module.__name__] = scheduler.get_last_lr()
    assert lrs["mtorch"] == lrs["torch"]


def test_step_lr_without_pytorch():
    opt = _optimizer(mtorch, groups=1)
    scheduler = lr_scheduler.StepLR(opt, step_size=2, gamma=0.1)
    lrs = []
    for _ in range(5):
        lrs.append(scheduler.get_last_lr()[0])
        opt.step()
        scheduler.step()
    assert [round(lr, 12) for lr in lrs] == [0.1, 0.1, 0.01, 0.01, 0.001]
    assert scheduler.last_epoch == 5 and opt.param_groups[0]["initial_lr"] == 0.1


def test_cosine_reaches_eta_min_at_t_max():
    opt = _optimizer(mtorch, groups=1)
    scheduler = lr_scheduler.CosineAnnealingLR(opt, T_max=10, eta_min=0.001)
    for _ in range(10):
        scheduler.step()
    assert math.isclose(scheduler.get_last_lr()[0], 0.001)


@pytest.mark.parametrize("key", ["StepLR", "MultiStepLR", "CosineAnnealingLR", "OneCycleLR", "LambdaLR"])
@pytest.mark.parametrize("through_file", [False, True])
def test_state_dict_round_trip_continues_identically(key, through_file, tmp_path):
    make, steps = SCHEDULERS[key]
    opt, opt2 = _optimizer(mtorch), _optimizer(mtorch)
    scheduler = make(lr_scheduler, opt)
    for _ in range(steps // 2):
        opt.step()
        scheduler.step()
    state = scheduler.state_dict()
    if through_file:
        mtorch.save(state, tmp_path / "scheduler.safetensors")
        state = mtorch.load(tmp_path / "scheduler.safetensors")
    opt2.load_state_dict(opt.state_dict())
    scheduler2 = make(lr_scheduler, opt2)
    scheduler2.load_state_dict(state)
    for _ in range(steps - steps // 2):
        for o, s in ((opt, scheduler), (opt2, scheduler2)):
            o.step()
            s.step()
        assert scheduler2.get_last_lr() == scheduler.get_last_lr()
        assert [g["lr"] for g in opt2.param_groups] == [g["lr"] for g in opt.param_groups]


def test_reduce_on_plateau_state_round_trip():
    opt, opt2 = _optimizer(mtorch, groups=1), _optimizer(mtorch, groups=1)
    scheduler = lr_scheduler.ReduceLROnPlateau(opt, patience=1)
    for metric in (3, 2, 2):
        scheduler.step(metric)
    scheduler2 = lr_scheduler.ReduceLROnPlateau(opt2, mode="max")
    scheduler2.load_state_dict(scheduler.state_dict())
    scheduler.step(2)
    scheduler2.step(2)
    assert scheduler2.mode == "min" and scheduler2.best == 2.0
    assert scheduler.get_last_lr() == [0.010000000000000002]
    assert scheduler2.num_bad_epochs == scheduler.num_bad_epochs == 0


def test_scheduler_errors():
    with pytest.raises(TypeError, match="is not an Optimizer"):
        lr_scheduler.StepLR(object(), 2)
    with pytest.raises(KeyError, match="initial_lr"):
        lr_scheduler.StepLR(_optimizer(mtorch), 2, last_epoch=3)
    with pytest.raises(ValueError, match="Expected 2 lr_lambdas"):
        lr_scheduler.LambdaLR(_optimizer(mtorch), [lambda e: 1.0])
    with pytest.raises(ValueError, match="total_steps"):
        lr_scheduler.OneCycleLR(_optimizer(mtorch), max_lr=1.0)
    with pytest.raises(ValueError, match="momentum or beta1"):
        lr_scheduler.OneCycleLR(_optimizer(mtorch, "Adagrad"), max_lr=1.0, total_steps=5)
    scheduler = lr_scheduler.OneCycleLR(_optimizer(mtorch), max_lr=1.0, total_steps=2)
    scheduler.step()
    scheduler.step()
    with pytest.raises(ValueError, match="Tried to step 3 times"):
        scheduler.step()
    with pytest.raises(ValueError, match="Factor should be < 1.0"):
        lr_scheduler.ReduceLROnPlateau(_optimizer(mtorch), factor=1.0)
    with pytest.raises(ValueError, match="mode median is unknown"):
        lr_scheduler.ReduceLROnPlateau(_optimizer(mtorch), mode="median")
