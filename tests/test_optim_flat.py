"""The elementwise optimisers' flat-buffer path gives the same numbers, bit for bit, as one parameter at a time,
and falls back to one parameter at a time whenever the flat layout does not hold."""

import numpy as np
import pytest

import mtorch
from mtorch import nn, optim
from mtorch.optim import optimizer as optimizer_module

CASES = [
    ("Adam", {}), ("Adam", dict(weight_decay=0.1, amsgrad=True)), ("Adam", dict(maximize=True)),
    ("Adam", dict(weight_decay=0.1, decoupled_weight_decay=True)), ("AdamW", dict(amsgrad=True)),
    ("SGD", dict(lr=0.01)), ("SGD", dict(lr=0.01, momentum=0.9, nesterov=True, weight_decay=0.01)),
    ("SGD", dict(lr=0.01, momentum=0.9, dampening=0.3, maximize=True)),
    ("RMSprop", {}), ("RMSprop", dict(momentum=0.9, centered=True, weight_decay=0.1)), ("RMSprop", dict(momentum=0.5)),
]
MODES = ["plain", "groups", "sparse", "no_grad"]


def train(name, kwargs, mode, steps=40):
    """A small MLP trained ``steps`` steps: (its parameters, the optimiser)."""
    mtorch.manual_seed(0)
    model = nn.Sequential(nn.Linear(20, 16), nn.ReLU(), nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 3))
    ps = list(model.parameters())
    params = [{"params": ps[:2], "lr": 0.05}, {"params": ps[2:]}] if mode == "groups" else ps
    opt = getattr(optim, name)(params, **kwargs)
    rng = np.random.default_rng(1)
    for step in range(steps):
        x = mtorch.from_numpy(rng.standard_normal((32, 20)).astype(np.float32))
        y = mtorch.from_numpy(rng.integers(0, 3, 32))
        opt.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        if mode == "sparse" and step % 3 == 1:
            ps[0].grad = ps[3].grad = None
        if mode == "no_grad" and step < 10:
            ps[5].grad = None
        opt.step()
    return ps, opt


def assert_same(a, b):
    (ps_a, opt_a), (ps_b, opt_b) = a, b
    for p, q in zip(ps_a, ps_b):
        assert np.array_equal(p.numpy(), q.numpy())
    sa, sb = opt_a.state_dict()["state"], opt_b.state_dict()["state"]
    assert sa.keys() == sb.keys()
    for i in sa:
        assert sa[i].keys() == sb[i].keys()
        for name in sa[i]:
            x, y = sa[i][name].numpy(), sb[i][name].numpy()
            assert x.dtype == y.dtype and x.shape == y.shape and np.array_equal(x, y)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name, kwargs", CASES)
def test_flat_path_is_bit_identical_to_one_parameter_at_a_time(name, kwargs, mode, monkeypatch):
    flat = train(name, kwargs, mode)
    monkeypatch.setattr(optimizer_module._FlatState, "build", classmethod(lambda cls, *args: None))
    assert_same(flat, train(name, kwargs, mode))


def test_flat_state_is_views_of_one_buffer_and_the_step_counts_too():
    ps, opt = train("Adam", {}, "plain", steps=3)
    flat = opt._flat[(0, np.dtype(np.float32))]
    for p in ps:
        assert opt.state[p]["exp_avg"].numpy().base is flat.arrays["exp_avg"]
        assert float(opt.state[p]["step"]) == 3.0
    assert flat.arrays["exp_avg"].size == sum(p.numel() for p in ps)


def test_sparse_steps_fall_back_to_one_parameter_at_a_time():
    """After steps where some parameters had no gradient, the step counts differ: no flat layout holds."""
    ps, opt = train("Adam", {}, "sparse", steps=6)
    assert opt._flat[(0, np.dtype(np.float32))] is None
    assert {float(opt.state[p]["step"]) for p in ps} == {4.0, 6.0}


def test_replaced_data_grad_and_loaded_state_keep_working():
    """``p.data = ...``, a user's own ``p.grad`` and ``load_state_dict`` between steps: the same result as a
    run one parameter at a time."""
    def run():
        ps, opt = train("Adam", dict(amsgrad=True), "plain", steps=5)
        ps[0].data = ps[0].numpy() * 0.5
        for p in ps:
            p.grad = mtorch.from_numpy(np.ones_like(p.numpy()))
        opt.step()
        opt.load_state_dict(opt.state_dict())
        ps[1].grad = mtorch.from_numpy(np.ones(ps[1].shape))  # float64: not the parameter's dtype
        opt.step()
        return ps, opt

    flat = run()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(optimizer_module._FlatState, "build", classmethod(lambda cls, *args: None))
        assert_same(flat, run())
