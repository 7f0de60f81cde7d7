"""The Tensor's PyTorch-shaped API: creation, dtypes, conversion, in-place updates."""

import numpy as np
import pytest

import mtorch


def test_float32_by_default_and_no_silent_promotion():
    assert mtorch.tensor([1.0, 2.0]).dtype == mtorch.float32
    assert mtorch.zeros(2, 3).dtype == mtorch.float32
    assert mtorch.randn(2).dtype == mtorch.float32
    x = mtorch.ones(3)
    for y in (x * 0.5, x + 1, 2.0 * x, x / 3, x**2, 1 - x, x.mean(), x.sum()):
        assert y.dtype == mtorch.float32
    assert (mtorch.tensor([1, 2]) * 0.5).dtype == mtorch.float32
    assert (mtorch.tensor([1, 2]) / 2).dtype == mtorch.float32
    assert mtorch.tensor(np.zeros(2)).dtype == mtorch.float64  # numpy float64 stays float64, as in PyTorch
    assert mtorch.ones(2, dtype=mtorch.float64).dtype == mtorch.float64
    assert mtorch.tensor([1, 2]).dtype == mtorch.int64
    assert mtorch.tensor([True]).dtype == mtorch.bool


def test_creation_functions():
    assert mtorch.full((2, 2), 3.0).tolist() == [[3.0, 3.0], [3.0, 3.0]]
    assert mtorch.arange(5).tolist() == [0, 1, 2, 3, 4]
    assert mtorch.arange(0, 1, 0.5).dtype == mtorch.float32
    assert mtorch.linspace(0, 1, 3).tolist() == [0.0, 0.5, 1.0]
    assert mtorch.zeros_like(mtorch.ones(2, 3)).shape == (2, 3)
    assert mtorch.ones_like(mtorch.ones(2, dtype=mtorch.float64)).dtype == mtorch.float64
    assert mtorch.empty(4).shape == (4,)
    r = mtorch.randint(0, 10, (100,))
    assert r.dtype == mtorch.int64 and 0 <= r.min().item() and r.max().item() < 10
    assert mtorch.rand(3, 2).shape == mtorch.Size([3, 2])


def test_manual_seed_makes_randomness_repeatable():
    mtorch.manual_seed(7)
    a = mtorch.randn(5)
    mtorch.manual_seed(7)
    assert np.array_equal(a.numpy(), mtorch.randn(5).numpy())
    g = mtorch.Generator().manual_seed(3)
    assert mtorch.rand(2, generator=g).shape == (2,)


def test_from_numpy_and_numpy_share_memory():
    a = np.zeros(3, dtype=np.float32)
    t = mtorch.from_numpy(a)
    a[0] = 5
    assert t[0].item() == 5
    t.numpy()[1] = 2
    assert a[1] == 2


def test_conversions_and_metadata():
    t = mtorch.tensor([[1.0, 2.0], [3.0, 4.0]])
    assert t.size() == (2, 2) and t.size(1) == 2 and t.dim() == 2 and t.numel() == 4
    assert t.T.tolist() == [[1.0, 3.0], [2.0, 4.0]]
    assert t.sum().item() == 10.0
    assert t.to("cpu") is t and t.cpu() is t
    assert t.to(mtorch.float64).dtype == mtorch.float64
    assert str(t.device) == "cpu" and mtorch.device("cpu") == t.device
    assert t.view_as(mtorch.zeros(4)).shape == (4,)
    assert repr(mtorch.tensor([1.0, 2.0])) == "tensor([1., 2.])"
    assert mtorch.device("cuda") != t.device  # a value scripts may make; using it is the error
    with pytest.raises(RuntimeError, match="CPU only"):
        t.to("cuda")


def test_argmax_eq_sum_item_like_the_mnist_example():
    output = mtorch.tensor([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7]])
    target = mtorch.tensor([1, 0, 0])
    pred = output.argmax(dim=1, keepdim=True)
    assert pred.shape == (3, 1)
    assert pred.eq(target.view_as(pred)).sum().item() == 2


def test_inplace_ops_refuse_leaves_requiring_grad_unless_no_grad():
    w = mtorch.ones(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="in-place"):
        w.add_(1)
    with mtorch.no_grad():
        w.add_(mtorch.ones(3), alpha=2).mul_(2)
        w.uniform_(-1, 1)
    assert w.requires_grad and w.dtype == mtorch.float32
    assert (w.numpy() >= -1).all() and (w.numpy() <= 1).all()


def test_detach_and_data():
    x = mtorch.ones(2, requires_grad=True)
    y = x * 2
    d = y.detach()
    assert not d.requires_grad and d.numpy() is y.numpy()
    assert x.data.numpy() is x.numpy() and not x.data.requires_grad


def test_set_num_threads_roundtrip():
    before = mtorch.get_num_threads()
    mtorch.set_num_threads(1)
    assert mtorch.get_num_threads() == 1
    mtorch.set_num_threads(before)
    with pytest.raises(ValueError):
        mtorch.set_num_threads(0)


def test_ops_match_pytorch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((3, 4)), rng.standard_normal((4,))
    ours = [mtorch.tensor(v, requires_grad=True) for v in (a, b)]
    theirs = [torch.tensor(v, requires_grad=True) for v in (a, b)]

    def f(x, y, lib):
        z = (x * y).exp() / (1 + x.abs()) - y.sigmoid() + (x @ y).tanh().unsqueeze(1)
        return z.var(dim=0).sum() + z.std() + z.max(dim=1)[0].mean() + lib.cat([z, x], 1).relu().sum()

    f(*ours, mtorch).backward()
    f(*theirs, torch).backward()
    for o, t in zip(ours, theirs):
        np.testing.assert_allclose(o.grad.numpy(), t.grad.numpy(), rtol=1e-6, atol=1e-8)


def test_contiguous_copies_only_a_non_contiguous_tensor():
    x = mtorch.ones(2, 3)
    assert x.is_contiguous() and x.contiguous() is x
    t = x.t()
    assert not t.is_contiguous()
    c = t.contiguous()
    assert c.is_contiguous() and c.tolist() == t.tolist()
