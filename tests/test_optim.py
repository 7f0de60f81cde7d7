"""Optimisers: PyTorch parity step by step, state_dict round trips, the Optimizer API, convergence."""

import copy

import numpy as np
import pytest

import mtorch
from mtorch import optim

SHAPES = [(5, 4), (4,), (3,)]  # the last parameter never gets a gradient

CONFIGS = [
    ("SGD", dict(lr=0.1)),
    ("SGD", dict(lr=0.1, momentum=0.9)),
    ("SGD", dict(lr=0.1, momentum=0.9, dampening=0.3, weight_decay=0.1)),
    ("SGD", dict(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.05)),
    ("SGD", dict(lr=0.1, momentum=0.5, maximize=True)),
    ("Adam", dict(lr=0.01)),
    ("Adam", dict(lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)),
    ("Adam", dict(lr=0.01, amsgrad=True, maximize=True)),
    ("Adam", dict(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True)),
    ("AdamW", dict(lr=0.01)),
    ("AdamW", dict(lr=0.01, weight_decay=0.5, amsgrad=True)),
    ("RMSprop", dict(lr=0.01)),
    ("RMSprop", dict(lr=0.01, alpha=0.9, momentum=0.9, weight_decay=0.1)),
    ("RMSprop", dict(lr=0.01, centered=True)),
    ("RMSprop", dict(lr=0.01, centered=True, momentum=0.5, maximize=True)),
    ("Adagrad", dict(lr=0.1)),
    ("Adagrad", dict(lr=0.1, lr_decay=0.1, weight_decay=0.1, initial_accumulator_value=0.5, eps=1e-6)),
    ("Adagrad", dict(lr=0.1, maximize=True)),
    ("Adadelta", dict()),
    ("Adadelta", dict(lr=0.5, rho=0.8, eps=1e-5, weight_decay=0.1, maximize=True)),
]


def _arrays(seed):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(s).astype(np.float32) for s in SHAPES]


def _mtorch_params(seed=0):
    return [mtorch.tensor(a, requires_grad=True) for a in _arrays(seed)]


def _set_grads(params, grads):
    for p, g in zip(params[:-1], grads):
        p.grad = mtorch.tensor(g)


def _grads(step):
    """Gradients for step `step`, some entries exactly zero as in real training."""
    grads = _arrays(100 + step)[:-1]
    grads[0][0] = 0
    return grads


def _step_both(ours, theirs, ours_params, their_params, torch, steps):
    for step in range(steps):
        grads = _grads(step)
        _set_grads(ours_params, grads)
        for p, g in zip(their_params[:-1], grads):
            p.grad = torch.from_numpy(g.copy())
        ours.step()
        theirs.step()


def _assert_state_close(ours, theirs):
    """Same state keys and values, parameter by parameter (state_dict numbering is PyTorch's)."""
    our_state, their_state = ours.state_dict()["state"], theirs.state_dict()["state"]
    assert our_state.keys() == their_state.keys()
    for index, entries in their_state.items():
        assert our_state[index].keys() == entries.keys()
        for name, value in entries.items():
            ours_value = our_state[index][name].numpy()
            assert ours_value.dtype == value.numpy().dtype, name
            np.testing.assert_allclose(ours_value, value.numpy(), rtol=1e-5, atol=1e-6, err_msg=name)


@pytest.mark.parametrize("name, kwargs", CONFIGS, ids=[f"{n}-{sorted(k)}" for n, k in CONFIGS])
def test_matches_pytorch_over_several_steps(name, kwargs):
    torch = pytest.importorskip("torch")
    ours_params = _mtorch_params()
    their_params = [torch.tensor(a, requires_grad=True) for a in _arrays(0)]
    ours = getattr(optim, name)(ours_params, **kwargs)
    theirs = getattr(torch.optim, name)(their_params, **kwargs)
    _step_both(ours, theirs, ours_params, their_params, torch, steps=6)

    for p, q in zip(ours_params, their_params):
        assert p.numpy().dtype == np.float32
        np.testing.assert_allclose(p.numpy(), q.detach().numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(ours_params[-1].numpy(), _arrays(0)[-1])  # no grad: untouched
    _assert_state_close(ours, theirs)
    their_groups = theirs.state_dict()["param_groups"]
    for group, their_group in zip(ours.state_dict()["param_groups"], their_groups):
        assert group.keys() <= their_group.keys()
        assert all(group[k] == their_group[k] for k in group), (group, their_group)


STATEFUL = [(n, k) for n, k in CONFIGS if n != "SGD"]


@pytest.mark.parametrize("name, kwargs", STATEFUL, ids=[f"{n}-{sorted(k)}" for n, k in STATEFUL])
def test_a_group_updated_at_once_matches_pytorch(name, kwargs):
    """Every parameter with a gradient: the group's state lives in flat buffers and each step updates it
    whole (flat.py). One step leaves a parameter out (its state and step count must stay as they were, as
    in PyTorch), after which the group goes parameter by parameter on the same state."""
    torch = pytest.importorskip("torch")
    ours_params = _mtorch_params()
    their_params = [torch.tensor(a, requires_grad=True) for a in _arrays(0)]
    ours = getattr(optim, name)(ours_params, **kwargs)
    theirs = getattr(torch.optim, name)(their_params, **kwargs)
    for step in range(8):
        grads = _arrays(100 + step)
        left_out = 1 if step == 4 else None
        for i, (p, q, g) in enumerate(zip(ours_params, their_params, grads)):
            p.grad = None if i == left_out else mtorch.tensor(g)
            q.grad = None if i == left_out else torch.from_numpy(g.copy())
        ours.step()
        theirs.step()
        for p, q in zip(ours_params, their_params):
            np.testing.assert_allclose(p.numpy(), q.detach().numpy(), rtol=1e-5, atol=1e-6, err_msg=f"step {step}")
    _assert_state_close(ours, theirs)


def test_flat_state_is_shared_live_and_survives_load_and_copy():
    """The state Tensors are views of the group's buffers: a state dict taken at any time follows the
    training, also after load_state_dict; a deep copy trains on as the original does, bit for bit."""
    params = _mtorch_params()
    opt = optim.Adam(params, lr=0.01)
    for step in range(2):
        for p, g in zip(params, _arrays(100 + step)):
            p.grad = mtorch.tensor(g)
        opt.step()
    first, second = (opt.state[p]["exp_avg"].numpy() for p in params[:2])
    assert first.base is not None and first.base is second.base  # one buffer for the group
    live = opt.state_dict()["state"][0]["exp_avg"]
    before = live.numpy().copy()
    twin_params = [mtorch.tensor(p.numpy().copy(), requires_grad=True) for p in params]
    twin = optim.Adam(twin_params, lr=0.5)
    twin.load_state_dict(opt.state_dict())
    loaded = twin.state_dict()["state"][0]["exp_avg"]
    twin_copy = copy.deepcopy(twin)
    copy_params = twin_copy.param_groups[0]["params"]
    for step in range(2, 5):
        for group in (params, twin_params, copy_params):
            for p, g in zip(group, _arrays(100 + step)):
                p.grad = mtorch.tensor(g)
        opt.step()
        twin.step()
        twin_copy.step()
    assert not np.array_equal(live.numpy(), before)
    np.testing.assert_array_equal(live.numpy(), opt.state[params[0]]["exp_avg"].numpy())
    np.testing.assert_array_equal(loaded.numpy(), twin.state[twin_params[0]]["exp_avg"].numpy())
    for p, q, r in zip(params, twin_params, copy_params):
        np.testing.assert_array_equal(p.numpy(), q.numpy())
        np.testing.assert_array_equal(p.numpy(), r.numpy())
    assert all(float(opt.state[p]["step"].numpy()) == 5 for p in params)


def test_flat_state_gives_way_to_what_the_user_changed():
    """What a FlatGroup cannot see through is done parameter by parameter, like PyTorch: a state Tensor
    given new data, parameters that share memory (updated one after the other), a loaded state entry that
    is not a Tensor; after state.clear() the next step starts afresh."""
    torch = pytest.importorskip("torch")
    w = np.random.default_rng(1).standard_normal((3, 2)).astype(np.float32)
    ours = mtorch.nn.Parameter(mtorch.from_numpy(w.copy()))
    ours_t = mtorch.nn.Parameter(ours.detach().t())  # the same memory, transposed
    theirs = torch.nn.Parameter(torch.from_numpy(w.copy()))
    theirs_t = torch.nn.Parameter(theirs.detach().t())
    opt = optim.AdamW([ours, ours_t], lr=0.1, weight_decay=0.5)
    ref = torch.optim.AdamW([theirs, theirs_t], lr=0.1, weight_decay=0.5, foreach=False)
    for step in range(4):
        g6 = np.random.default_rng(100 + step).standard_normal(6).astype(np.float32)
        for p in (ours, ours_t, theirs, theirs_t):
            g = g6.reshape(p.shape)
            p.grad = mtorch.tensor(g) if isinstance(p, mtorch.Tensor) else torch.from_numpy(g.copy())
        if step == 2:  # a reset the optimiser must use: new data for the first parameter's moments
            for state in (opt.state[ours], ref.state[theirs]):
                for name in ("exp_avg", "exp_avg_sq"):
                    state[name].data = state[name].data * 0
        opt.step()
        ref.step()
        np.testing.assert_allclose(ours.numpy(), theirs.detach().numpy(), rtol=1e-5, atol=1e-6)

    model = mtorch.nn.Linear(3, 2)
    opt = optim.Adam(model.parameters())
    model(mtorch.randn(4, 3)).sum().backward()
    opt.step()
    state = opt.state_dict()
    state["state"][0]["note"] = 3  # PyTorch loads whatever a state holds
    opt.load_state_dict(state)
    opt.step()
    assert opt.state[model.weight]["note"] == 3 and float(opt.state[model.weight]["step"].numpy()) == 2
    opt.state.clear()
    opt.step()
    first, second = (opt.state[p]["exp_avg"].numpy() for p in model.parameters())
    assert first.base is not None and first.base is second.base  # flat again


def test_param_groups_with_own_options_match_pytorch():
    torch = pytest.importorskip("torch")
    ours_params = _mtorch_params()
    their_params = [torch.tensor(a, requires_grad=True) for a in _arrays(0)]
    ours = optim.Adam([{"params": ours_params[:1], "lr": 0.1}, {"params": ours_params[1:]}], lr=0.01)
    theirs = torch.optim.Adam([{"params": their_params[:1], "lr": 0.1}, {"params": their_params[1:]}], lr=0.01)
    _step_both(ours, theirs, ours_params, their_params, torch, steps=3)
    for p, q in zip(ours_params, their_params):
        np.testing.assert_allclose(p.numpy(), q.detach().numpy(), rtol=1e-5, atol=1e-6)
    assert [g["lr"] for g in ours.param_groups] == [0.1, 0.01]
    assert ours.state_dict()["param_groups"][1]["params"] == [1, 2]


def test_loads_pytorch_state_dict_and_continues_alike():
    torch = pytest.importorskip("torch")
    their_params = [torch.tensor(a, requires_grad=True) for a in _arrays(0)]
    theirs = torch.optim.Adam(their_params, lr=0.01, amsgrad=True)
    ours_params = _mtorch_params()
    ours = optim.Adam(ours_params, lr=0.01, amsgrad=True)
    for step in range(3):  # train PyTorch's alone, then hand its parameters and state over
        for p, g in zip(their_params[:-1], _grads(step)):
            p.grad = torch.from_numpy(g)
        theirs.step()
    for p, q in zip(ours_params, their_params):
        p.numpy()[...] = q.detach().numpy()
    sd = theirs.state_dict()
    ours.load_state_dict({
        "state": {i: {k: mtorch.tensor(v.numpy()) for k, v in s.items()} for i, s in sd["state"].items()},
        "param_groups": sd["param_groups"],
    })
    for step in range(3, 6):
        _set_grads(ours_params, _grads(step))
        for p, g in zip(their_params[:-1], _grads(step)):
            p.grad = torch.from_numpy(g)
        ours.step()
        theirs.step()
    for p, q in zip(ours_params, their_params):
        np.testing.assert_allclose(p.numpy(), q.detach().numpy(), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name, kwargs", CONFIGS[1::2], ids=[n for n, _ in CONFIGS[1::2]])
@pytest.mark.parametrize("through_file", [False, True])
def test_state_dict_round_trip_continues_identically(name, kwargs, through_file, tmp_path):
    params = _mtorch_params()
    opt = getattr(optim, name)(params, **kwargs)
    for step in range(3):
        _set_grads(params, _grads(step))
        opt.step()
    state = opt.state_dict()
    if through_file:
        mtorch.save(state, tmp_path / "optim.safetensors")
        state = mtorch.load(tmp_path / "optim.safetensors")
    else:
        state = copy.deepcopy(state)
    params2 = [mtorch.tensor(p.numpy().copy(), requires_grad=True) for p in params]
    opt2 = getattr(optim, name)(params2, lr=123.0)  # hyper-parameters come from the state dict
    opt2.load_state_dict(state)
    assert opt2.param_groups[0]["lr"] == kwargs.get("lr", opt.defaults["lr"])
    for step in range(3, 6):
        _set_grads(params, _grads(step))
        _set_grads(params2, _grads(step))
        opt.step()
        opt2.step()
    for p, q in zip(params, params2):
        np.testing.assert_array_equal(p.numpy(), q.numpy())


def test_load_state_dict_copies_and_casts_the_state():
    params = [mtorch.tensor(np.ones(3), dtype=mtorch.float64, requires_grad=True)]
    opt = optim.Adam(params)
    params[0].grad = mtorch.ones(3, dtype=mtorch.float64)
    opt.step()
    state = opt.state_dict()
    state["state"][0]["exp_avg"] = mtorch.tensor([1.0, 2.0, 3.0])  # float32 in, cast to the param's float64
    opt.load_state_dict(state)
    loaded = opt.state[params[0]]
    assert loaded["exp_avg"].dtype == mtorch.float64 and loaded["step"].dtype == mtorch.float32
    assert loaded["step"].shape == () and loaded["step"].item() == 1.0
    assert loaded["exp_avg_sq"] is not state["state"][0]["exp_avg_sq"]


def test_load_state_dict_rejects_mismatched_groups():
    opt = optim.SGD(_mtorch_params(), lr=0.1)
    other = optim.SGD(_mtorch_params()[:2], lr=0.1)
    with pytest.raises(ValueError, match="doesn't match the size"):
        opt.load_state_dict(other.state_dict())
    two_groups = optim.SGD([{"params": _mtorch_params()[:1]}, {"params": _mtorch_params()[1:]}], lr=0.1)
    with pytest.raises(ValueError, match="different number of parameter groups"):
        opt.load_state_dict(two_groups.state_dict())


def test_zero_grad_sets_none_or_zeros():
    params = _mtorch_params()
    opt = optim.SGD(params, lr=0.1)
    _set_grads(params, _grads(0))
    grad = params[0].grad
    opt.zero_grad(set_to_none=False)
    assert params[0].grad is grad and not grad.numpy().any()
    opt.zero_grad()
    assert all(p.grad is None for p in params)


def test_add_param_group_and_its_errors():
    params = _mtorch_params()
    opt = optim.SGD(params[:2], lr=0.1, momentum=0.9)
    opt.add_param_group({"params": params[2], "lr": 0.5})
    assert opt.param_groups[1]["params"] == [params[2]]
    assert opt.param_groups[1]["lr"] == 0.5 and opt.param_groups[1]["momentum"] == 0.9
    with pytest.raises(ValueError, match="more than one parameter group"):
        opt.add_param_group({"params": [params[0]]})
    with pytest.raises(TypeError, match="ordered collections"):
        opt.add_param_group({"params": {mtorch.zeros(1, requires_grad=True)}})
    with pytest.raises(TypeError, match="can only optimize Tensors"):
        optim.SGD([np.zeros(3)])
    with pytest.raises(ValueError, match="empty parameter list"):
        optim.Adam([])
    with pytest.raises(ValueError, match="non-leaf"):
        optim.Adam([mtorch.ones(2, requires_grad=True) * 2])
    with pytest.raises(ValueError, match="Nesterov"):
        optim.SGD(params, lr=0.1, nesterov=True)
    with pytest.raises(ValueError, match="Invalid beta"):
        optim.Adam(params, betas=(1.0, 0.999))


def test_step_runs_closure_with_grad_enabled_and_records_nothing():
    x = mtorch.tensor([1.0, -2.0], requires_grad=True)
    opt = optim.Adam([x], lr=0.1)

    def closure():
        opt.zero_grad()
        loss = (x * x).sum()
        loss.backward()
        return loss

    with mtorch.no_grad():
        loss = opt.step(closure)
    assert loss.item() == 5.0
    assert x.is_leaf and x.grad_fn is None and x.requires_grad
    assert opt.step() is None


def test_repr_lists_each_group():
    opt = optim.SGD(_mtorch_params(), lr=0.1)
    assert repr(opt).startswith("SGD (\nParameter Group 0\n    dampening: 0\n")
    assert repr(opt).endswith("    weight_decay: 0\n)")


def test_adam_moments_never_stay_subnormal():
    x = mtorch.tensor(np.ones(8, np.float32), requires_grad=True)
    opt = optim.Adam([x])
    x.grad = mtorch.tensor(np.full(8, 1e-3, np.float32))
    opt.step()
    x.grad = mtorch.zeros(8)
    for _ in range(1000):  # m = 1e-4 * 0.9^t passes below float32's smallest normal after ~780 steps
        opt.step()
    tiny = np.finfo(np.float32).tiny
    for name in ("exp_avg", "exp_avg_sq"):
        m = np.abs(opt.state[x][name].numpy())
        assert np.all((m == 0) | (m >= tiny)), name
    assert np.all(opt.state[x]["exp_avg"].numpy() == 0)


@pytest.mark.parametrize("name, kwargs, steps", [
    ("SGD", dict(lr=0.1), 100),
    ("SGD", dict(lr=0.05, momentum=0.9, nesterov=True), 100),
    ("Adam", dict(lr=0.1), 300),
    ("AdamW", dict(lr=0.1, weight_decay=1e-4), 300),
    ("RMSprop", dict(lr=0.01, centered=True, momentum=0.5), 300),
    ("Adagrad", dict(lr=0.5), 300),
    ("Adadelta", dict(lr=10.0), 300),
])
def test_minimises_a_quadratic(name, kwargs, steps):
    target = mtorch.tensor([1.0, -2.0, 3.0])
    scale = mtorch.tensor([1.0, 2.0, 0.5])
    x = mtorch.zeros(3, requires_grad=True)
    opt = getattr(optim, name)([x], **kwargs)
    for _ in range(steps):
        opt.zero_grad()
        loss = (scale * (x - target) ** 2).sum()  # minimum 0 at x = target
        loss.backward()
        opt.step()
    np.testing.assert_allclose(x.numpy(), target.numpy(), atol=2e-2)


@pytest.mark.parametrize("name", ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta"])
def test_a_step_updates_the_parameters_storage_in_place(name):
    """As in PyTorch, what shares a parameter's storage before training follows every step: its state dict,
    a detached view and the array from .numpy() (an optimiser that moved the values to a buffer of its own
    would leave them behind silently)."""
    model = mtorch.nn.Linear(3, 2)
    state, detached, array = model.state_dict(), model.weight.detach(), model.weight.numpy()
    start = array.copy()
    optimizer = getattr(optim, name)(model.parameters(), lr=0.1)
    for _ in range(3):
        optimizer.zero_grad()
        model(mtorch.randn(4, 3)).pow(2).sum().backward()
        optimizer.step()
    weight = model.weight.numpy()
    assert not np.array_equal(weight, start)
    for shared in (state["weight"].numpy(), detached.numpy(), array):
        assert np.shares_memory(shared, weight) and np.array_equal(shared, weight)


@pytest.mark.parametrize("kwargs", [dict(weight_decay=0.1), dict(maximize=True), dict(nesterov=True, weight_decay=0.1)])
def test_sgd_momentum_on_a_scalar_parameter(kwargs):
    """A learnable 0-d parameter with momentum and weight decay or maximize (PyTorch: 0.8266 for the first)."""
    p = mtorch.nn.Parameter(mtorch.tensor(1.0))
    optimizer = optim.SGD([p], lr=0.1, momentum=0.9, **kwargs)
    for _ in range(2):
        p.grad = mtorch.tensor(0.5)
        optimizer.step()
    buffer = optimizer.state[p]["momentum_buffer"]
    assert buffer.shape == () and buffer.dtype == mtorch.float32
    torch = pytest.importorskip("torch")
    q = torch.nn.Parameter(torch.tensor(1.0))
    reference = torch.optim.SGD([q], lr=0.1, momentum=0.9, **kwargs)
    for _ in range(2):
        q.grad = torch.tensor(0.5)
        reference.step()
    assert p.item() == pytest.approx(q.item(), rel=1e-6)
