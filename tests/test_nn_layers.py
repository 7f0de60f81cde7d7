"""Layers and activations: gradient checks (float64), PyTorch parity, shapes, modes and shape errors."""

import warnings

import numpy as np
import pytest

import mtorch
import mtorch.nn.functional as F
from mtorch import nn
from mtorch.autograd import gradcheck
from mtorch.nn import ShapeError


def r(*shape, seed=0, scale=1.0):
    x = np.random.default_rng(seed).standard_normal(shape) * scale
    return mtorch.tensor(x, dtype=mtorch.float64, requires_grad=True)


def double(module):
    return module.double()


# every layer and activation with an input; gradcheck covers the input and all parameters
LAYERS = {
    "Linear": (lambda: nn.Linear(4, 3), (5, 4)),
    "Linear no bias, 3-d input": (lambda: nn.Linear(4, 3, bias=False), (2, 5, 4)),
    "Linear 1-d input": (lambda: nn.Linear(4, 3), (4,)),
    "Identity": (lambda: nn.Identity(7, unused=True), (3, 2)),
    "Flatten": (lambda: nn.Flatten(), (2, 3, 2, 2)),
    "Flatten middle": (lambda: nn.Flatten(1, 2), (2, 3, 2, 2)),
    "Unflatten": (lambda: nn.Unflatten(1, (2, 3)), (4, 6)),
    "ReLU": (lambda: nn.ReLU(), (4, 5)),
    "LeakyReLU": (lambda: nn.LeakyReLU(0.2), (4, 5)),
    "ELU": (lambda: nn.ELU(alpha=0.7), (4, 5)),
    "GELU": (lambda: nn.GELU(), (4, 5)),
    "GELU tanh": (lambda: nn.GELU(approximate="tanh"), (4, 5)),
    "Sigmoid": (lambda: nn.Sigmoid(), (4, 5)),
    "Tanh": (lambda: nn.Tanh(), (4, 5)),
    "Softmax": (lambda: nn.Softmax(dim=1), (3, 4)),
    "Softmax dim 0": (lambda: nn.Softmax(dim=0), (3, 4, 2)),
    "LogSoftmax": (lambda: nn.LogSoftmax(dim=-1), (3, 4)),
    "Softplus": (lambda: nn.Softplus(), (4, 5)),
    "Softplus beta threshold": (lambda: nn.Softplus(beta=2.0, threshold=1.0), (4, 5)),
    "Dropout (eval)": (lambda: nn.Dropout(0.3).eval(), (4, 5)),
    "Sequential MLP": (lambda: nn.Sequential(nn.Linear(4, 6), nn.GELU(), nn.Linear(6, 2), nn.LogSoftmax(1)), (3, 4)),
}


@pytest.mark.parametrize("name", LAYERS)
def test_layer_gradcheck(name):
    make, shape = LAYERS[name]
    mtorch.manual_seed(0)
    layer = double(make())
    # keep inputs off the kinks (0 for relu-likes, the threshold of softplus)
    x = r(*shape, seed=1, scale=1.5)
    x.numpy()[np.abs(x.numpy()) < 0.05] += 0.1
    params = list(layer.parameters())
    assert gradcheck(lambda x, *ps: layer(x), (x, *params))


def test_dropout_gradcheck_in_training_with_fixed_mask():
    x = r(6, 5)

    def fn(x):
        mtorch.manual_seed(3)  # the same mask for every evaluation
        return F.dropout(x, 0.4, training=True)

    assert gradcheck(fn, (x,))

    def fn2d(x):
        mtorch.manual_seed(3)
        return F.dropout2d(x, 0.5, training=True)

    assert gradcheck(fn2d, (r(2, 3, 2, 2),))


# ---- parity with PyTorch ----------------------------------------------------------------------------

TORCH_LAYERS = {
    "Linear": ("nn.Linear(5, 3)", (4, 5)),
    "Linear 3-d": ("nn.Linear(5, 3, bias=False)", (2, 4, 5)),
    "Flatten": ("nn.Flatten()", (2, 3, 4)),
    "Unflatten": ("nn.Unflatten(1, (3, 2))", (4, 6)),
    "ReLU": ("nn.ReLU()", (4, 5)),
    "LeakyReLU": ("nn.LeakyReLU(0.1)", (4, 5)),
    "ELU": ("nn.ELU(alpha=1.3)", (4, 5)),
    "GELU": ("nn.GELU()", (4, 5)),
    "GELU tanh": ("nn.GELU(approximate='tanh')", (4, 5)),
    "Sigmoid": ("nn.Sigmoid()", (4, 5)),
    "Tanh": ("nn.Tanh()", (4, 5)),
    "Softmax": ("nn.Softmax(dim=1)", (4, 5)),
    "LogSoftmax": ("nn.LogSoftmax(dim=0)", (4, 5)),
    "Softplus": ("nn.Softplus()", (4, 5)),
    "Softplus beta": ("nn.Softplus(beta=3, threshold=2)", (4, 5)),
    "Identity": ("nn.Identity()", (4, 5)),
}


@pytest.mark.parametrize("name", TORCH_LAYERS)
def test_layer_matches_pytorch(name):
    torch = pytest.importorskip("torch")
    code, shape = TORCH_LAYERS[name]
    ours, theirs = eval(code, {"nn": nn}), eval(code, {"nn": torch.nn})
    ours.load_state_dict(theirs.state_dict())
    x = (np.random.default_rng(0).standard_normal(shape) * 3).astype(np.float32)
    gy = np.random.default_rng(1).standard_normal(theirs(torch.tensor(x)).shape).astype(np.float32)

    xm, xt = mtorch.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    ym, yt = ours(xm), theirs(xt)
    assert ym.dtype == np.float32
    np.testing.assert_allclose(ym.numpy(), yt.detach().numpy(), rtol=1e-5, atol=1e-6)
    ym.backward(mtorch.tensor(gy))
    yt.backward(torch.tensor(gy))
    np.testing.assert_allclose(xm.grad.numpy(), xt.grad.numpy(), rtol=1e-5, atol=1e-6)
    for (name_m, pm), (name_t, pt) in zip(ours.named_parameters(), theirs.named_parameters()):
        assert name_m == name_t
        np.testing.assert_allclose(pm.grad.numpy(), pt.grad.numpy(), rtol=1e-5, atol=1e-5)


def test_gelu_exact_is_accurate_far_out():
    torch = pytest.importorskip("torch")
    x = np.linspace(-12, 12, 2001)
    np.testing.assert_allclose(F.gelu(mtorch.tensor(x)).numpy(),
                               torch.nn.functional.gelu(torch.tensor(x)).numpy(), rtol=1e-12, atol=1e-14)


def test_extreme_inputs_stay_finite():
    x = mtorch.tensor([-1e4, -50.0, 0.0, 50.0, 1e4], requires_grad=True)
    for fn in (F.softplus, F.elu, F.sigmoid, F.gelu, lambda t: F.softmax(t, 0), lambda t: F.log_softmax(t, 0)):
        x.grad = None
        y = fn(x)
        y.sum().backward()
        assert np.all(np.isfinite(y.numpy())) and np.all(np.isfinite(x.grad.numpy()))


# ---- behaviour --------------------------------------------------------------------------------------


def test_dropout_train_and_eval():
    mtorch.manual_seed(0)
    drop = nn.Dropout(0.25)
    x = mtorch.ones(200, 100)
    y = drop(x).numpy()
    assert set(np.unique(y)) <= {0.0, np.float32(1 / 0.75)}
    assert abs((y == 0).mean() - 0.25) < 0.01
    assert drop.eval()(x) is x
    assert np.all(nn.Dropout(1.0)(x).numpy() == 0)
    with pytest.raises(ValueError):
        nn.Dropout(1.5)


def test_dropout2d_zeroes_whole_channels():
    mtorch.manual_seed(0)
    y = nn.Dropout2d(0.5)(mtorch.ones(8, 16, 3, 3)).numpy()
    per_channel = y.reshape(8, 16, 9)
    assert np.all((per_channel == 0).all(-1) | (per_channel == 2).all(-1))
    assert 0.3 < (per_channel[..., 0] == 0).mean() < 0.7


@pytest.mark.parametrize("layer, shape, mask, warning", [
    (nn.Dropout2d, (6, 5), (6, 5), "Received a 2-D input to dropout2d, which is deprecated"),
    (nn.Dropout2d, (6, 5, 4), (6, 5, 1), "Received a 3D input to dropout2d and assuming that channel-wise 1D"),
    (nn.Dropout2d, (3, 4, 2, 2, 2), (3, 4, 1, 1, 1), "Received a 5-D input to dropout2d"),
    (nn.Dropout1d, (6, 5, 4), (6, 5, 1), None),
    (nn.Dropout1d, (6, 5), (6, 1), None),
    (nn.Dropout3d, (6, 5, 2, 2, 2), (6, 5, 1, 1, 1), None),
    (nn.Dropout3d, (6, 2, 2, 2), (6, 1, 1, 1), None),
])
def test_feature_dropout_shapes_and_warnings_like_pytorch(layer, shape, mask, warning):
    """Which entries are dropped together, and PyTorch's warning for the shapes it deprecates."""
    mtorch.manual_seed(0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        y = layer(0.5)(mtorch.ones(*shape)).numpy()
    assert [str(w.message) for w in caught if warning and warning in str(w.message)] or not warning
    assert not caught if warning is None else len(caught) == 1
    first = y[tuple(slice(0, 1) if n == 1 else slice(None) for n in mask)]  # one draw per mask entry
    assert np.all(y == first) and set(np.unique(y)) <= {0.0, 2.0}
    torch = pytest.importorskip("torch")
    with warnings.catch_warnings(record=True) as torch_caught:
        warnings.simplefilter("always")
        getattr(torch.nn, layer.__name__)(0.5)(torch.ones(*shape))
    assert [str(w.message) for w in caught] == [str(w.message) for w in torch_caught]


def test_feature_dropout_errors_like_pytorch():
    with pytest.raises(RuntimeError, match="Feature dropout requires at least 2 dimensions"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nn.Dropout2d()(mtorch.ones(4))
    with pytest.raises(RuntimeError, match="dropout1d: Expected 2D or 3D input, but received a 4D input"):
        nn.Dropout1d()(mtorch.ones(2, 3, 4, 5))


def test_softmax_rows_sum_to_one_and_repr():
    y = nn.Softmax(dim=1)(mtorch.randn(3, 5))
    np.testing.assert_allclose(y.numpy().sum(1), 1, rtol=1e-6)
    assert repr(nn.Softmax(dim=1)) == "Softmax(dim=1)"
    assert repr(nn.LeakyReLU()) == "LeakyReLU(negative_slope=0.01)"
    assert repr(nn.ReLU(inplace=True)) == "ReLU(inplace=True)"
    assert repr(nn.Dropout()) == "Dropout(p=0.5, inplace=False)"
    assert repr(nn.Flatten()) == "Flatten(start_dim=1, end_dim=-1)"
    assert repr(nn.Unflatten(1, (1, 28, 28))) == "Unflatten(dim=1, unflattened_size=(1, 28, 28))"
    assert repr(nn.GELU()) == "GELU(approximate='none')"
    assert repr(nn.Softplus()) == "Softplus(beta=1.0, threshold=20.0)"


def test_flatten_unflatten_shapes():
    x = mtorch.randn(2, 3, 4, 5)
    assert nn.Flatten()(x).shape == (2, 60)
    assert nn.Flatten(0, 1)(x).shape == (6, 4, 5)
    assert nn.Unflatten(1, (1, 28, 28))(mtorch.randn(3, 784)).shape == (3, 1, 28, 28)
    assert nn.Unflatten(-1, (2, -1))(mtorch.randn(3, 8)).shape == (3, 2, 4)


def test_float32_stays_float32():
    model = nn.Sequential(nn.Linear(4, 3), nn.ELU(), nn.GELU(), nn.Softplus(), nn.LeakyReLU(), nn.LogSoftmax(1))
    x = mtorch.randn(2, 4, requires_grad=True)
    y = model(x)
    y.sum().backward()
    assert y.dtype == np.float32 and x.grad.dtype == np.float32
    assert all(p.grad.dtype == np.float32 for p in model.parameters())


def test_linear_skips_input_gradient_when_not_needed():
    lin = nn.Linear(3, 2)
    x = mtorch.randn(4, 3)
    lin(x).sum().backward()
    assert x.grad is None and lin.weight.grad is not None
    np.testing.assert_allclose(lin.bias.grad.numpy(), [4, 4])


# ---- shape errors name the layer and both shapes ----------------------------------------------------


def test_linear_shape_error_message():
    with pytest.raises(ShapeError) as info:
        nn.Linear(784, 16)(mtorch.randn(64, 28, 28))
    assert str(info.value) == "Linear(in_features=784, out_features=16, bias=True): expected input (*, 784), " \
                              "got (64, 28, 28)"
    assert isinstance(info.value, ValueError) and isinstance(info.value, RuntimeError)


def test_shape_error_inside_sequential_names_the_failing_layer():
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 16), nn.ReLU(), nn.Linear(15, 10))
    with pytest.raises(ShapeError, match=r"^Linear\(in_features=15, out_features=10, bias=True\): "
                                         r"expected input \(\*, 15\), got \(2, 16\)$"):
        model(mtorch.randn(2, 1, 28, 28))


def test_other_shape_errors():
    with pytest.raises(ShapeError, match=r"Unflatten\(dim=1, unflattened_size=\(1, 28, 28\)\): expected input "
                                         r"with dim 1 of size 784, got \(3, 780\)"):
        nn.Unflatten(1, (1, 28, 28))(mtorch.randn(3, 780))
    with pytest.raises(ShapeError, match=r"Flatten\(start_dim=1, end_dim=-1\): expected input with at least 2 "
                                         r"dims, got \(5,\)"):
        nn.Flatten()(mtorch.randn(5))
    with pytest.raises(ShapeError, match=r"Linear.*expected input \(\*, 3\), got \(\)"):
        nn.Linear(3, 2)(mtorch.tensor(1.0))


def test_inplace_activations_change_their_input_and_keep_gradients_right():
    torch = pytest.importorskip("torch")
    for make in (lambda nn: nn.ReLU(inplace=True), lambda nn: nn.LeakyReLU(0.1, inplace=True),
                 lambda nn: nn.ELU(inplace=True), lambda nn: nn.SiLU(inplace=True)):
        grads = []
        for fw in (mtorch, torch):
            w = fw.tensor([-1.0, 2.0, -3.0, 4.0], requires_grad=True)
            pre = w * 2
            out = make(fw.nn)(pre)
            assert out is pre
            (out * fw.tensor([1.0, 2.0, 3.0, 4.0])).sum().backward()
            grads.append((pre.detach().numpy().copy(), w.grad.numpy().copy()))
        for a, b in zip(*grads):
            # float32 exp differs by a few ulps between numpy's and torch's kernels (3.6e-7 on ELU's 0.0149)
            np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-6)
    x = mtorch.ones(1000)
    assert nn.Dropout(0.5, inplace=True)(x) is x and 0.3 < (x.numpy() == 0).mean() < 0.7


def test_silu_and_normalize_gradcheck_and_match_pytorch():
    from mtorch.autograd import gradcheck

    torch = pytest.importorskip("torch")
    x = np.random.default_rng(0).standard_normal((3, 4))
    x[0] = 0  # normalize leaves a zero row at zero
    assert gradcheck(F.silu, (mtorch.tensor(x, requires_grad=True),))
    assert gradcheck(lambda t: F.normalize(t, dim=1), (mtorch.tensor(x[1:], requires_grad=True),))
    for name, kwargs in (("silu", {}), ("normalize", {"dim": 1}), ("normalize", {"p": 1.0, "dim": 0})):
        ours = getattr(F, name)(mtorch.tensor(x), **kwargs).numpy()
        theirs = getattr(torch.nn.functional, name)(torch.tensor(x), **kwargs).numpy()
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-15)
