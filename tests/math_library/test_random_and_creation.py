"""Sampling (multinomial, bernoulli, normal, poisson, randint_like, randperm) from mtorch's generators,
and the tensor-making methods (new_*, *_like, type, element_size), against PyTorch's shapes and dtypes."""

import numpy as np
import pytest

import mtorch


def same_kind(m, t):
    assert tuple(m.shape) == tuple(t.shape)
    assert str(m.dtype) == str(t.dtype).replace("torch.", "")


SAMPLERS = {
    "multinomial": lambda T, g: T.multinomial(T.tensor([[0.2, 0.8, 0.0], [1.0, 1.0, 1.0]]), 2, generator=g),
    "multinomial 1-d, replacement": lambda T, g: T.tensor([1.0, 3.0]).multinomial(5, True, generator=g),
    "bernoulli": lambda T, g: T.bernoulli(T.full((3, 4), 0.3), generator=g),
    "bernoulli p": lambda T, g: T.zeros(2, 2, dtype=T.float64).bernoulli(0.5, generator=g),
    "normal tensors": lambda T, g: T.normal(T.zeros(2, 3), T.ones(3), generator=g),
    "normal float std": lambda T, g: T.normal(T.zeros(4, dtype=T.float64), 2.0, generator=g),
    "normal float mean": lambda T, g: T.normal(1.0, T.ones(2, 2), generator=g),
    "normal size": lambda T, g: T.normal(0.0, 1.0, (2, 5), generator=g),
    "poisson": lambda T, g: T.poisson(T.full((3,), 4.0), generator=g),
    "randint_like": lambda T, g: T.randint_like(T.zeros(2, 3), 5),
    "randint_like low high": lambda T, g: T.randint_like(T.zeros(2, dtype=T.int32), 2, 9),
    "rand_like": lambda T, g: T.rand_like(T.zeros(2, 3, dtype=T.float64)),
    "randn_like": lambda T, g: T.randn_like(T.zeros(4)),
    "randperm": lambda T, g: T.randperm(6, generator=g),
}


@pytest.mark.parametrize("name", list(SAMPLERS))
def test_samplers_give_pytorchs_shapes_and_dtypes_and_follow_the_generator(name):
    torch = pytest.importorskip("torch")
    sample = SAMPLERS[name]
    same_kind(sample(mtorch, mtorch.Generator().manual_seed(3)), sample(torch, torch.Generator().manual_seed(3)))
    if "like" not in name:  # the same seed gives the same numbers
        first = sample(mtorch, mtorch.Generator().manual_seed(3)).numpy()
        np.testing.assert_array_equal(first, sample(mtorch, mtorch.Generator().manual_seed(3)).numpy())
    mtorch.manual_seed(5)
    first = sample(mtorch, None).numpy()
    mtorch.manual_seed(5)
    np.testing.assert_array_equal(first, sample(mtorch, None).numpy())


def test_multinomial_frequencies_and_rules():
    g = mtorch.Generator().manual_seed(0)
    p = mtorch.tensor([1.0, 0.0, 3.0, 4.0])
    draws = p.multinomial(40000, replacement=True, generator=g).numpy()
    np.testing.assert_allclose(np.bincount(draws, minlength=4) / 40000, [0.125, 0, 0.375, 0.5], atol=0.01)
    rows = mtorch.tensor([[0.0, 0.0, 1.0], [5.0, 1.0, 0.0]]).multinomial(2, generator=g)
    assert rows[0, 0].item() == 2 and rows[1].tolist() in ([0, 1], [1, 0])  # without replacement: distinct
    firsts = mtorch.tensor([[1.0, 3.0]]).expand(20000, 2).multinomial(1, generator=g).numpy()
    assert abs(firsts.mean() - 0.75) < 0.01
    with pytest.raises(RuntimeError, match="element < 0"):
        mtorch.tensor([0.5, -0.1]).multinomial(1)
    with pytest.raises(RuntimeError, match="sum of probabilities"):
        mtorch.tensor([0.0, 0.0]).multinomial(1)
    with pytest.raises(RuntimeError, match="without replacement"):
        mtorch.tensor([1.0, 1.0]).multinomial(3)


def test_bernoulli_normal_poisson_statistics():
    g = mtorch.Generator().manual_seed(1)
    assert abs(mtorch.bernoulli(mtorch.full((20000,), 0.3), generator=g).mean().item() - 0.3) < 0.01
    x = mtorch.normal(mtorch.full((20000,), 2.0), 3.0, generator=g).numpy()
    assert abs(x.mean() - 2.0) < 0.1 and abs(x.std() - 3.0) < 0.1
    assert abs(mtorch.poisson(mtorch.full((20000,), 4.0), generator=g).mean().item() - 4.0) < 0.1
    t = mtorch.zeros(5000)
    with mtorch.no_grad():
        t.bernoulli_(0.5, generator=g)
    assert set(np.unique(t.numpy())) == {0.0, 1.0}
    with pytest.raises(RuntimeError, match="std >= 0"):
        mtorch.normal(mtorch.zeros(2), -1.0)
    with pytest.raises(RuntimeError, match=r"\[0, 1\]"):
        mtorch.bernoulli(mtorch.tensor([1.5]))




@pytest.mark.parametrize("dtype", ["float64", "int64", "int32"])
def test_new_and_like_tensors_keep_pytorchs_dtypes(dtype):
    torch = pytest.importorskip("torch")
    m, t = mtorch.zeros(2, dtype=getattr(mtorch, dtype)), torch.zeros(2, dtype=getattr(torch, dtype))
    filled = [lambda T, x: x.new_zeros(2, 3), lambda T, x: x.new_ones((2,)), lambda T, x: x.new_full((2, 2), 7),
              lambda T, x: x.new_tensor([1, 2]), lambda T, x: x.new_zeros(2, dtype=T.float32),
              lambda T, x: T.zeros_like(x), lambda T, x: T.full_like(x, 3), lambda T, x: T.ones_like(x)]
    for fn in filled:
        mo, to = fn(mtorch, m), fn(torch, t)
        same_kind(mo, to)
        np.testing.assert_array_equal(mo.numpy(), to.numpy())
    for fn in [lambda T, x: x.new_empty(3), lambda T, x: T.empty_like(x)]:
        same_kind(fn(mtorch, m), fn(torch, t))


def test_type_element_size_nelement(check):
    x = mtorch.zeros(2, 3)
    assert x.type() == "torch.FloatTensor" and mtorch.tensor([1]).type() == "torch.LongTensor"
    assert x.type(mtorch.float64).dtype == mtorch.float64
    assert x.type("torch.DoubleTensor").dtype == mtorch.float64
    assert x.element_size() == 4 and x.double().element_size() == 8 and x.nelement() == 6
    assert mtorch.numel(x) == 6
    assert x.type_as(mtorch.zeros(1, dtype=mtorch.int64)).dtype == mtorch.int64
    with pytest.raises(ValueError, match="invalid type"):
        x.type("torch.Nonsense")
    check(lambda T, t: t.type(T.float32) * 2, np.arange(3.0), gradcheck_inputs=False, atol=1e-6)
