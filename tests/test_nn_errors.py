"""The errors layers raise: shape errors named after the layer (or the function), and PyTorch's dtype errors."""

import numpy as np
import pytest

import mtorch
import mtorch.nn as nn
import mtorch.nn.functional as F
from mtorch.nn import ShapeError


def test_shape_error_names_the_innermost_layer_or_the_function():
    model = nn.Sequential(nn.Flatten(0), nn.Sequential(nn.Linear(784, 16)))
    with pytest.raises(ShapeError, match=r"^Linear\(in_features=784, out_features=16, bias=True\): expected input "
                                         r"\(\*, 784\), got \(64, 28, 28\)$"):
        model[1](mtorch.randn(64, 28, 28))
    with pytest.raises(ShapeError, match=r"^linear: expected input \(\*, 784\), got \(64, 28, 28\)$"):
        F.linear(mtorch.randn(64, 28, 28), mtorch.randn(16, 784))
    with pytest.raises(ShapeError, match=r"^linear: expected bias \(16,\), got \(3,\)$"):
        F.linear(mtorch.randn(2, 784), mtorch.randn(16, 784), mtorch.randn(3))

    class Net(nn.Module):  # a user's module calling nn.functional directly is the layer named
        def forward(self, x):
            return F.conv2d(x, mtorch.randn(4, 3, 3, 3))

    with pytest.raises(ShapeError, match=r"^Net\(\): expected input \(N, 3, H, W\), got \(1, 2, 5, 5\)$"):
        Net()(mtorch.randn(1, 2, 5, 5))
    with pytest.raises(ShapeError, match=r"^MaxPool2d\(kernel_size=2, .*\): expected input \(N, C, H, W\)"):
        nn.Sequential(nn.MaxPool2d(2))(mtorch.randn(5))


def _error(fn, *args):
    try:
        fn(*args)
    except Exception as e:  # noqa: BLE001 - the test compares whatever was raised
        return type(e), str(e)
    return None


@pytest.mark.parametrize("make, shape, dtype", [
    (lambda nn: nn.Linear(4, 3), (2, 4), "float64"),
    (lambda nn: nn.Linear(4, 3), (5, 2, 4), "float64"),
    (lambda nn: nn.Linear(4, 3, bias=False), (2, 4), "float64"),
    (lambda nn: nn.Linear(4, 3), (2, 4), "int64"),
    (lambda nn: nn.Conv2d(1, 2, 3), (1, 1, 5, 5), "float64"),
    (lambda nn: nn.Conv2d(1, 2, 3, bias=False), (1, 1, 5, 5), "float64"),
    (lambda nn: nn.Conv1d(1, 2, 3), (1, 1, 5), "float64"),
    (lambda nn: nn.ConvTranspose2d(1, 2, 3), (1, 1, 5, 5), "float64"),
    (lambda nn: nn.BatchNorm1d(4), (2, 4), "float64"),
    (lambda nn: nn.BatchNorm1d(4).eval(), (2, 4), "float64"),
    (lambda nn: nn.LayerNorm(4), (2, 4), "float64"),
    (lambda nn: nn.GroupNorm(2, 4), (2, 4), "float64"),
    (lambda nn: nn.LSTMCell(4, 3), (2, 4), "float64"),
    (lambda nn: nn.GRU(4, 3), (2, 1, 4), "float64"),
    (lambda nn: nn.Embedding(4, 3), (2,), "int16"),
])
def test_a_float32_layer_refuses_other_dtypes_as_pytorch_does(make, shape, dtype):
    torch = pytest.importorskip("torch")
    data = np.ones(shape, dtype=dtype)
    ours = _error(lambda: make(nn)(mtorch.tensor(data)))
    theirs = _error(lambda: make(torch.nn)(torch.tensor(data)))
    assert ours is not None and theirs is not None
    assert ours[0] is theirs[0]
    assert ours[1] == theirs[1].replace("torch.", "mtorch.")


def test_double_and_float_make_the_layers_work_in_that_dtype():
    model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.Flatten(), nn.Linear(18, 2), nn.LayerNorm(2))
    x = mtorch.randn(2, 1, 5, 5, dtype=mtorch.float64)
    assert model.double()(x).dtype == mtorch.float64
    assert model.to(mtorch.float64)(x).dtype == mtorch.float64
    assert model.float()(x.float()).dtype == mtorch.float32
    lstm = nn.LSTM(3, 2).double()
    assert lstm(mtorch.randn(4, 1, 3, dtype=mtorch.float64))[0].dtype == mtorch.float64
    with pytest.raises(RuntimeError, match=r"expected h of dtype mtorch.float64 like the input, got mtorch.float32"):
        nn.GRUCell(3, 2).double()(mtorch.randn(1, 3, dtype=mtorch.float64), mtorch.zeros(1, 2))


@pytest.mark.parametrize("dtype", ["int64", "uint8", "int32", "int16", "int8", "bool"])
def test_class_target_dtypes_accepted_or_refused_as_pytorch_does(dtype):
    torch = pytest.importorskip("torch")
    logits = np.random.default_rng(0).standard_normal((3, 4)).astype(np.float32)
    target = np.array([1, 0, 1]).astype(dtype)
    for name in ("cross_entropy", "nll_loss"):
        ours = _error(getattr(F, name), mtorch.tensor(logits), mtorch.tensor(target))
        theirs = _error(getattr(torch.nn.functional, name), torch.tensor(logits), torch.tensor(target))
        assert ours == theirs
        if ours is None:
            np.testing.assert_allclose(getattr(F, name)(mtorch.tensor(logits), mtorch.tensor(target)).item(),
                                       getattr(torch.nn.functional, name)(torch.tensor(logits),
                                                                          torch.tensor(target)).item(), rtol=1e-6)


def test_float_class_indices_and_integer_probabilities_get_pytorchs_errors():
    with pytest.raises(RuntimeError, match="^expected target dtype to be Long or Byte, but got Float$"):
        F.cross_entropy(mtorch.randn(5, 4), mtorch.rand(5))
    with pytest.raises(RuntimeError, match="^Expected floating point type for target with class probabilities, got "
                                           "Long$"):
        F.cross_entropy(mtorch.randn(5, 4), mtorch.ones(5, 4, dtype=mtorch.int64))


def test_relu_of_minus_inf_is_zero_and_nan_stays_nan():
    x = mtorch.tensor([-np.inf, np.nan, -1.0, -0.0, 2.0, np.inf], requires_grad=True)
    y = F.relu(x)
    np.testing.assert_array_equal(y.numpy(), [0, np.nan, 0, 0, 2, np.inf])
    assert not np.signbit(y.numpy()[[0, 2, 3]]).any()
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [0, 0, 0, 0, 1, 1])
    np.testing.assert_array_equal(nn.ReLU()(mtorch.tensor([-np.inf])).numpy(), [0])


def test_empty_batches_and_empty_sequences_as_pytorch():
    torch = pytest.importorskip("torch")
    conv = nn.Conv2d(1, 2, 3)
    x = mtorch.zeros(0, 1, 5, 5, requires_grad=True)
    y = conv(x)
    assert y.shape == tuple(torch.nn.Conv2d(1, 2, 3)(torch.zeros(0, 1, 5, 5)).shape) == (0, 2, 3, 3)
    y.sum().backward()
    assert x.grad.shape == (0, 1, 5, 5) and np.all(conv.weight.grad.numpy() == 0)
    for make, shape in [(lambda nn: nn.LSTM(4, 3), (0, 1, 4)), (lambda nn: nn.GRU(4, 3, batch_first=True), (1, 0, 4)),
                        (lambda nn: nn.RNN(4, 3), (0, 4))]:
        ours = _error(make(nn), mtorch.zeros(*shape))
        assert ours == _error(make(torch.nn), torch.zeros(*shape))
        assert ours == (RuntimeError, "Expected sequence length to be larger than 0 in RNN")
    out, (h, c) = nn.LSTM(4, 3)(mtorch.zeros(3, 0, 4))  # an empty batch is fine
    assert out.shape == (3, 0, 3) and h.shape == c.shape == (1, 0, 3)
