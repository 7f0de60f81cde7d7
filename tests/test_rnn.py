"""RNN, LSTM, GRU and their cells: gradient checks, PyTorch parity, shapes and errors."""

import numpy as np
import pytest

import mtorch
import mtorch.nn as nn
from mtorch.autograd import gradcheck
from mtorch.nn.functional.rnn import GRUStep, LSTMStep, RNNReLUStep, RNNTanhStep, Unbind

rng = np.random.default_rng(0)


def t64(*shape, requires_grad=True):
    return mtorch.tensor(rng.standard_normal(shape), dtype=mtorch.float64, requires_grad=requires_grad)


# ---- the step Functions ---------------------------------------------------------------------------

@pytest.mark.parametrize("step, gates", [(RNNTanhStep, 1), (RNNReLUStep, 1), (GRUStep, 3)])
@pytest.mark.parametrize("bias", [True, False])
def test_step_gradcheck(step, gates, bias):
    hidden = 3
    xw, h, w = t64(2, gates * hidden), t64(2, hidden), t64(gates * hidden, hidden)
    b = t64(gates * hidden) if bias else None
    assert gradcheck(lambda *a: step.apply(*a), (xw, h, w, b))


@pytest.mark.parametrize("bias", [True, False])
def test_lstm_step_gradcheck(bias):
    hidden = 3
    xw, h, c, w = t64(2, 4 * hidden), t64(2, hidden), t64(2, hidden), t64(4 * hidden, hidden)
    b = t64(4 * hidden) if bias else None
    assert gradcheck(lambda *a: LSTMStep.apply(*a)[0] * 2 + LSTMStep.apply(*a)[1], (xw, h, c, w, b))
    assert gradcheck(lambda *a: LSTMStep.apply(*a)[1], (xw, h, c, w, b))  # h' unused: its gradient is None


def test_unbind_gradcheck():
    x = t64(4, 2, 3)
    assert gradcheck(lambda x: Unbind.apply(x)[1] * Unbind.apply(x)[3], (x,))


# ---- whole layers, every parameter checked ---------------------------------------------------------

def layer_gradcheck(module, x, state=()):
    """gradcheck of the module's outputs w.r.t. its input, initial state and every parameter."""
    module.double()
    names = [name for name, _ in module.named_parameters()]
    params = [p.detach().requires_grad_() for p in module.parameters()]
    n_state = len(state)

    def run(x, *rest):
        for name, p in zip(names, rest[n_state:]):
            module._parameters[name] = p
        hx = None if not n_state else rest[0] if n_state == 1 else tuple(rest[:n_state])
        out = module(x, hx)
        out = (out,) if not isinstance(out, tuple) else out
        flat = [o for item in out for o in (item if isinstance(item, tuple) else (item,))]
        return sum((o * (k + 1)).sum() for k, o in enumerate(flat))

    return gradcheck(run, (x, *state, *params))


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
def test_bidirectional_two_layer_gradcheck(kind):
    module = getattr(nn, kind)(2, 2, num_layers=2, bidirectional=True)
    x = t64(3, 2, 2)
    n_states = 2 if kind == "LSTM" else 1
    state = tuple(t64(4, 2, 2) for _ in range(n_states))
    assert layer_gradcheck(module, x, state)
    assert layer_gradcheck(module, x)  # zero initial state


def test_rnn_relu_batch_first_no_bias_gradcheck():
    module = nn.RNN(3, 4, nonlinearity="relu", batch_first=True, bias=False)
    assert layer_gradcheck(module, t64(2, 5, 3), (t64(1, 2, 4),))


def test_unbatched_gradcheck():
    assert layer_gradcheck(nn.GRU(2, 3, num_layers=2), t64(4, 2), (t64(2, 3),))


@pytest.mark.parametrize("cell, n_states", [(nn.RNNCell, 1), (nn.LSTMCell, 2), (nn.GRUCell, 1)])
def test_cell_gradcheck(cell, n_states):
    assert layer_gradcheck(cell(3, 2), t64(2, 3), tuple(t64(2, 2) for _ in range(n_states)))
    assert layer_gradcheck(cell(3, 2), t64(3))  # unbatched, zero state


# ---- PyTorch parity ---------------------------------------------------------------------------------

CONFIGS = [
    ("RNN", dict()),
    ("RNN", dict(nonlinearity="relu", num_layers=2, batch_first=True)),
    ("RNN", dict(bias=False, bidirectional=True)),
    ("LSTM", dict(num_layers=2, bidirectional=True)),
    ("LSTM", dict(batch_first=True, bias=False)),
    ("GRU", dict(num_layers=2, bidirectional=True, batch_first=True)),
    ("GRU", dict()),
]


def copy_from_torch(torch_module, module):
    module.load_state_dict({k: v.numpy() for k, v in torch_module.state_dict().items()})


@pytest.mark.parametrize("kind, kwargs", CONFIGS)
@pytest.mark.parametrize("with_state", [False, True])
def test_layer_matches_pytorch(kind, kwargs, with_state):
    torch = pytest.importorskip("torch")
    torch_module = getattr(torch.nn, kind)(3, 4, **kwargs)
    module = getattr(nn, kind)(3, 4, **kwargs)
    assert list(module.state_dict()) == list(torch_module.state_dict())
    copy_from_torch(torch_module, module)

    d = 2 if kwargs.get("bidirectional") else 1
    layers = kwargs.get("num_layers", 1)
    x = rng.standard_normal((2, 5, 3) if kwargs.get("batch_first") else (5, 2, 3)).astype(np.float32)
    states = [rng.standard_normal((d * layers, 2, 4)).astype(np.float32)
              for _ in range(2 if kind == "LSTM" else 1)] if with_state else []

    def run(lib, m, tensor):
        xs = [tensor(a, requires_grad=True) for a in [x, *states]]
        hx = None if not states else xs[1] if kind != "LSTM" else (xs[1], xs[2])
        out, h = m(xs[0], hx)
        hs = h if kind == "LSTM" else (h,)
        loss = (out * tensor(np.cos(np.arange(out.numel())).reshape(tuple(out.shape)).astype(np.float32))).sum()
        for k, hk in enumerate(hs):
            loss = loss + (hk * (k + 2)).sum()
        loss.backward()
        return [out, *hs], [a.grad for a in xs], {n: p.grad for n, p in m.named_parameters()}

    outs, in_grads, p_grads = run(mtorch, module, mtorch.tensor)
    t_outs, t_in_grads, t_p_grads = run(torch, torch_module, torch.tensor)
    for a, b in zip(outs + in_grads, t_outs + t_in_grads):
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-4, atol=1e-5)
    for name, grad in p_grads.items():
        np.testing.assert_allclose(grad.numpy(), t_p_grads[name].numpy(), rtol=1e-4, atol=1e-5, err_msg=name)


@pytest.mark.parametrize("kind", ["RNNCell", "LSTMCell", "GRUCell"])
def test_cell_matches_pytorch(kind):
    torch = pytest.importorskip("torch")
    torch_cell, cell = getattr(torch.nn, kind)(3, 4), getattr(nn, kind)(3, 4)
    assert list(cell.state_dict()) == list(torch_cell.state_dict())
    copy_from_torch(torch_cell, cell)
    x = rng.standard_normal((2, 3)).astype(np.float32)
    h = rng.standard_normal((2, 4)).astype(np.float32)

    def run(m, tensor):
        xs = [tensor(x, requires_grad=True), tensor(h, requires_grad=True), tensor(h * 0.5, requires_grad=True)]
        out = m(xs[0], (xs[1], xs[2]) if kind == "LSTMCell" else xs[1])
        outs = out if kind == "LSTMCell" else (out,)
        sum((o * (k + 1)).sum() for k, o in enumerate(outs)).backward()
        return [*outs, *(a.grad for a in xs if a.grad is not None), *(p.grad for p in m.parameters())]

    for a, b in zip(run(cell, mtorch.tensor), run(torch_cell, torch.tensor)):
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-4, atol=1e-5)


def test_unbatched_matches_pytorch():
    torch = pytest.importorskip("torch")
    torch_lstm, lstm = torch.nn.LSTM(3, 4, num_layers=2), nn.LSTM(3, 4, num_layers=2)
    copy_from_torch(torch_lstm, lstm)
    x = rng.standard_normal((6, 3)).astype(np.float32)
    out, (h, c) = lstm(mtorch.tensor(x))
    t_out, (t_h, t_c) = torch_lstm(torch.tensor(x))
    assert tuple(out.shape) == (6, 4) and tuple(h.shape) == tuple(c.shape) == (2, 4)
    for a, b in [(out, t_out), (h, t_h), (c, t_c)]:
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-4, atol=1e-5)


def test_initialisation_and_repr_like_pytorch():
    torch = pytest.importorskip("torch")
    module = nn.GRU(3, 16, num_layers=2, bias=False, batch_first=True, dropout=0.5, bidirectional=True)
    torch_module = torch.nn.GRU(3, 16, num_layers=2, bias=False, batch_first=True, dropout=0.5,
                                bidirectional=True)
    assert repr(module) == repr(torch_module)
    assert repr(nn.RNNCell(2, 3, nonlinearity="relu")) == repr(torch.nn.RNNCell(2, 3, nonlinearity="relu"))
    assert repr(nn.RNN(2, 3, nonlinearity="relu")) == "RNN(2, 3, nonlinearity=relu)"  # PyTorch omits it
    for name, p in module.named_parameters():
        assert tuple(p.shape) == tuple(torch_module.state_dict()[name].shape)
        assert np.abs(p.numpy()).max() <= 0.25 and p.numpy().std() > 0.1  # U(-1/sqrt(16), 1/sqrt(16))


# ---- behaviour -------------------------------------------------------------------------------------

def test_dropout_between_layers_only_in_training():
    mtorch.manual_seed(0)
    lstm = nn.LSTM(3, 8, num_layers=2, dropout=0.5)
    x = mtorch.randn(4, 2, 3)
    lstm.eval()
    first, second = lstm(x)[0].numpy(), lstm(x)[0].numpy()
    np.testing.assert_array_equal(first, second)
    lstm.train()
    assert not np.allclose(lstm(x)[0].numpy(), first)


def test_backprop_through_time_reaches_the_first_step():
    rnn = nn.RNN(1, 8)
    x = mtorch.randn(30, 1, 1, requires_grad=True)
    out, _ = rnn(x)
    out[-1].sum().backward()
    assert np.abs(x.grad.numpy()[0]).sum() > 0  # the last output depends on the first input


# ---- errors -----------------------------------------------------------------------------------------

def test_wrong_feature_size_names_layer_and_shapes():
    with pytest.raises(ValueError, match=r"LSTM\(3, 4\): expected input \(L, N, 3\).*got \(5, 2, 7\)"):
        nn.LSTM(3, 4)(mtorch.randn(5, 2, 7))
    with pytest.raises(ValueError, match=r"RNN\(3, 4, batch_first=True\): expected input \(N, L, 3\).*got \(5,\)"):
        nn.RNN(3, 4, batch_first=True)(mtorch.randn(5))
    with pytest.raises(ValueError, match=r"GRUCell\(3, 4\): expected input \(N, 3\).*got \(2, 5\)"):
        nn.GRUCell(3, 4)(mtorch.randn(2, 5))


def test_wrong_hidden_shape_names_layer_and_shapes():
    with pytest.raises(ValueError, match=r"GRU\(3, 4, num_layers=2\): expected h_0 of shape \(2, 5, 4\), "
                                         r"got \(1, 5, 4\)"):
        nn.GRU(3, 4, num_layers=2)(mtorch.randn(6, 5, 3), mtorch.zeros(1, 5, 4))
    with pytest.raises(ValueError, match=r"LSTM\(3, 4\): expected c_0 of shape \(1, 5, 4\), got \(1, 5, 3\)"):
        nn.LSTM(3, 4)(mtorch.randn(6, 5, 3), (mtorch.zeros(1, 5, 4), mtorch.zeros(1, 5, 3)))
    with pytest.raises(TypeError, match=r"LSTM\(3, 4\): expected the initial state as a tuple \(h_0, c_0\)"):
        nn.LSTM(3, 4)(mtorch.randn(6, 5, 3), mtorch.zeros(1, 5, 4))
    with pytest.raises(ValueError, match=r"LSTMCell\(3, 4\): expected hidden state h of shape \(2, 4\), got \(4,\)"):
        nn.LSTMCell(3, 4)(mtorch.randn(2, 3), (mtorch.zeros(4), mtorch.zeros(2, 4)))


def test_bad_constructor_arguments():
    with pytest.raises(ValueError, match="nonlinearity"):
        nn.RNN(3, 4, nonlinearity="sigmoid")
    with pytest.raises(ValueError, match="hidden_size"):
        nn.GRU(3, 0)
    with pytest.warns(UserWarning, match="dropout"):
        nn.LSTM(3, 4, dropout=0.2)


def test_rnn_learns_sine_to_cosine():
    """The original project's RNN never trained; ours must (a short run of examples/rnn_sin_to_cos.py)."""
    from mtorch.datasets import SineToCosine

    mtorch.manual_seed(0)
    train, test = SineToCosine(256, seq_len=30), SineToCosine(64, seq_len=30, split="test")
    rnn, head = nn.RNN(1, 16, batch_first=True), nn.Linear(16, 1)
    optimizer = mtorch.optim.Adam([*rnn.parameters(), *head.parameters()], lr=0.01)

    def held_out_mse():
        with mtorch.no_grad():
            return ((head(rnn(test.inputs)[0]) - test.targets)[:, 5:] ** 2).mean().item()

    before = held_out_mse()
    for _ in range(8):
        for start in range(0, len(train), 32):
            x, y = train.inputs[start:start + 32], train.targets[start:start + 32]
            optimizer.zero_grad()
            loss = ((head(rnn(x)[0]) - y)[:, 5:] ** 2).mean()
            loss.backward()
            optimizer.step()
    assert held_out_mse() < min(0.03, before / 10)  # from 0.5 to about 0.018 in these 8 epochs


@pytest.mark.parametrize("kwargs", [dict(), dict(batch_first=True, padding_value=-1.0),
                                    dict(batch_first=True, padding_side="left")])
def test_pad_sequence_matches_pytorch_and_gradchecks(kwargs):
    from mtorch.autograd import gradcheck
    from mtorch.nn.utils.rnn import pad_sequence

    rng = np.random.default_rng(0)
    xs = [rng.standard_normal((n, 3)) for n in (4, 2, 5)]
    ours = [mtorch.tensor(x, requires_grad=True) for x in xs]
    assert gradcheck(lambda *s: pad_sequence(s, **kwargs), ours)
    torch = pytest.importorskip("torch")
    np.testing.assert_array_equal(pad_sequence(ours, **kwargs).detach().numpy(),
                                  torch.nn.utils.rnn.pad_sequence([torch.tensor(x) for x in xs], **kwargs).numpy())


# ---- the fused layer Functions against the step-by-step maths ----------------------------------------

@pytest.mark.parametrize("kind, cell", [("RNN", nn.RNNCell), ("LSTM", nn.LSTMCell), ("GRU", nn.GRUCell)])
def test_fused_layer_trains_like_the_step_by_step_cell(kind, cell):
    """A layer (one Function for all time steps, backward through time inside it) trained for a few steps
    ends with the same weights, to float32 rounding, as the same layer run step by step through its cell
    (one step Function per time step, back-propagation through time by the autograd)."""
    mtorch.manual_seed(0)
    layer, step = getattr(nn, kind)(3, 8), cell(3, 8)
    step.load_state_dict({k[:-3]: v for k, v in layer.state_dict().items()})  # weight_ih_l0 -> weight_ih
    x = mtorch.tensor(rng.standard_normal((12, 4, 3)), dtype=mtorch.float32)
    target = mtorch.tensor(rng.standard_normal((12, 4, 8)), dtype=mtorch.float32)

    def step_by_step(x):
        state, outs = None, []
        for t in range(x.shape[0]):
            state = step(x[t], state)
            outs.append(state[0] if kind == "LSTM" else state)
        return mtorch.stack(outs)

    for module, run in ((layer, lambda x: layer(x)[0]), (step, step_by_step)):
        optimizer = mtorch.optim.Adam(module.parameters(), lr=1e-2)
        for _ in range(5):
            optimizer.zero_grad()
            ((run(x) - target) ** 2).mean().backward()
            optimizer.step()
    for (name, p), q in zip(layer.named_parameters(), step.parameters()):
        np.testing.assert_allclose(p.detach().numpy(), q.detach().numpy(), rtol=1e-5, atol=1e-6, err_msg=name)


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
def test_no_grad_layer_records_nothing(kind):
    module = getattr(nn, kind)(3, 4, num_layers=2, bidirectional=True)
    with mtorch.no_grad():
        out, _ = module(mtorch.randn(5, 2, 3))
    assert out.grad_fn is None and not out.requires_grad


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
@pytest.mark.parametrize("bidirectional", [False, True])
def test_an_output_changed_in_place_keeps_the_gradients_right(kind, bidirectional):
    """The output sequence is the user's own array: changing it in place must not rewrite the states saved for
    backward (h[1:] is contiguous, so a view of it would have been shared)."""
    torch = pytest.importorskip("torch")
    ours = getattr(nn, kind)(3, 4, bidirectional=bidirectional).double()
    theirs = getattr(torch.nn, kind)(3, 4, bidirectional=bidirectional).double()
    theirs.load_state_dict({k: torch.tensor(v.detach().numpy()) for k, v in ours.state_dict().items()})
    grads = []
    for fw, layer in ((mtorch, ours), (torch, theirs)):
        x = fw.tensor(np.linspace(-1, 1, 5 * 2 * 3).reshape(5, 2, 3), requires_grad=True)
        out, _ = layer(x)
        out.mul_(2)
        (out * out).sum().backward()
        grads.append([x.grad.numpy()] + [p.grad.numpy() for p in layer.parameters()])
    for ours, theirs in zip(*grads):
        np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
def test_gradients_do_not_share_the_work_buffers_of_a_later_call(kind):
    """Backward reuses its work arrays from call to call: the gradients of one backward must stay as they
    were after another backward of the same shapes."""
    layer = getattr(nn, kind)(3, 4, num_layers=2)
    x = mtorch.randn(5, 2, 3, requires_grad=True)
    h0 = mtorch.randn(2, 2, 4, requires_grad=True)
    state = (h0, mtorch.randn(2, 2, 4, requires_grad=True)) if kind == "LSTM" else h0
    out, _ = layer(x, state)
    grads = mtorch.autograd.grad(out.sum(), [x, h0, *layer.parameters()])
    first = [g.numpy().copy() for g in grads]
    out, _ = layer(x * 3, state)
    mtorch.autograd.grad((out * out).sum(), [x, h0, *layer.parameters()])
    for before, after in zip(first, grads):
        np.testing.assert_array_equal(before, after.numpy())


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
def test_packed_bidirectional_gradcheck(kind):
    """Packed input of unequal lengths: the held states of finished sequences (the layers' mask/skip paths)."""
    from mtorch.nn.utils.rnn import pack_padded_sequence

    module = getattr(nn, kind)(2, 3, num_layers=2, bidirectional=True).double()
    names = [name for name, _ in module.named_parameters()]
    params = [p.detach().requires_grad_() for p in module.parameters()]
    lengths = [2, 4, 1]

    def run(x, *weights):
        for name, p in zip(names, weights):
            module._parameters[name] = p
        out, state = module(pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False))
        states = state if isinstance(state, tuple) else (state,)
        return (out.data * out.data).sum() + sum((s * (k + 2)).sum() for k, s in enumerate(states))

    assert gradcheck(run, (t64(3, 4, 2), *params))


def test_a_large_lstm_keeps_no_work_array_after_its_backward():
    from mtorch.nn.functional import rnn

    lstm = mtorch.nn.LSTM(4, 256)
    lstm(mtorch.randn(80, 64, 4, requires_grad=True))[0].sum().backward()   # work arrays of 20 MB each
    kept = sum(a.nbytes for a in vars(rnn._work).values() if a is not None)
    assert kept <= 2 * rnn._KEEP_BYTES
