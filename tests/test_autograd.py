"""The backward engine: order, accumulation, graph freeing, grad modes and custom Functions."""

import threading

import numpy as np
import pytest

import mtorch
from mtorch.autograd import Function


def test_chain_of_100000_nodes_needs_no_recursion():
    x = mtorch.tensor(2.0, requires_grad=True)
    y = x
    for _ in range(100_000):
        y = y + 0.0
    y.backward()
    assert x.grad.item() == 1.0


def test_leaf_used_twice_accumulates():
    x = mtorch.tensor([1.0, 2.0], requires_grad=True)
    (x * x + x).sum().backward()  # d/dx = 2x + 1
    np.testing.assert_allclose(x.grad.numpy(), [3.0, 5.0])


def test_diamond_graph_sums_both_paths():
    x = mtorch.tensor(3.0, requires_grad=True)
    a = x * 2
    b = x.exp()
    (a * b).backward()  # d(2x e^x) = 2 e^x + 2x e^x
    assert x.grad.item() == pytest.approx(2 * np.exp(3) * 4, rel=1e-6)


def test_grads_accumulate_across_backward_calls_and_shared_arrays_stay_apart():
    x = mtorch.ones(3, requires_grad=True)
    y = mtorch.ones(3, requires_grad=True)
    (x + y).sum().backward()  # the addition hands one gradient array to both leaves
    x.grad.zero_()
    np.testing.assert_array_equal(y.grad.numpy(), [1, 1, 1])
    (x + y).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [1, 1, 1])
    np.testing.assert_array_equal(y.grad.numpy(), [2, 2, 2])


def test_graph_is_freed_after_backward():
    x = mtorch.tensor(1.0, requires_grad=True)
    y = (x * x).exp()
    y.backward()
    with pytest.raises(RuntimeError, match="second time"):
        y.backward()
    z = (x * x).exp()
    z.backward(retain_graph=True)
    z.backward()
    assert x.grad.item() == pytest.approx(2 * np.e + 2 * 2 * np.e * 1)


def test_backward_needs_scalar_or_gradient():
    x = mtorch.ones(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="scalar"):
        (x * 2).backward()
    (x * 2).backward(mtorch.tensor([1.0, 2.0, 3.0]))
    np.testing.assert_array_equal(x.grad.numpy(), [2, 4, 6])


def test_no_grad_context_and_decorator():
    x = mtorch.ones(2, requires_grad=True)
    with mtorch.no_grad():
        y = x * 2
        with mtorch.enable_grad():
            z = x * 2
    assert not y.requires_grad and y.grad_fn is None
    assert z.requires_grad

    @mtorch.no_grad()
    def f(t):
        return t * 3

    assert not f(x).requires_grad
    assert mtorch.is_grad_enabled()


def test_grad_mode_is_per_thread():
    seen = []
    inside, release = threading.Event(), threading.Event()

    def worker():
        with mtorch.no_grad():
            inside.set()
            release.wait(5)

    t = threading.Thread(target=worker)
    t.start()
    inside.wait(5)
    x = mtorch.ones(1, requires_grad=True)
    seen.append((x * 2).requires_grad)
    release.set()
    t.join()
    assert seen == [True]


def test_custom_function_like_pytorch():
    class Cube(Function):
        @staticmethod
        def forward(ctx, x, scale):
            ctx.save_for_backward(x)
            ctx.scale = scale
            return scale * x**3

        @staticmethod
        def backward(ctx, grad):
            (x,) = ctx.saved_tensors
            return grad * ctx.scale * 3 * x**2, None

    x = mtorch.tensor([1.0, 2.0], requires_grad=True)
    y = Cube.apply(x, 2.0)
    assert y.grad_fn is not None
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [6.0, 24.0])


def test_needs_input_grad_lets_backward_skip_work():
    seen = []

    class Probe(Function):
        @staticmethod
        def forward(ctx, a, b):
            seen.append(ctx.needs_input_grad)
            return a * b

        @staticmethod
        def backward(ctx, grad):
            return grad, None

    a = mtorch.ones(2, requires_grad=True)
    Probe.apply(a, mtorch.ones(2)).sum().backward()
    assert seen == [(True, False)]


def test_max_with_dim_returns_values_and_indices():
    x = mtorch.tensor([[1.0, 5.0, 2.0], [7.0, 0.0, 7.0]], requires_grad=True)
    values, indices = x.max(dim=1)
    assert indices.tolist() == [1, 0] and indices.dtype == mtorch.int64
    assert not indices.requires_grad
    values.sum().backward()
    assert x.grad.tolist() == [[0, 1, 0], [1, 0, 0]]
    assert x.max(1).values.tolist() == [5.0, 7.0]


def test_integer_and_comparison_results_do_not_require_grad():
    x = mtorch.randn(3, requires_grad=True)
    assert not (x > 0).requires_grad
    assert not x.argmax().requires_grad


def test_zero_dim_leaf_grads_stay_arrays_across_accumulation():
    b = mtorch.tensor(-0.2, requires_grad=True)
    x = mtorch.ones(3)
    for _ in range(2):
        (b * x).sum().backward()
    assert isinstance(b.grad.numpy(), np.ndarray) and b.grad.item() == 6.0
    b.grad.zero_()
    assert b.grad.item() == 0.0
    optimizer = mtorch.optim.SGD([b], lr=0.1)
    (b * x).sum().backward()
    optimizer.step()
    assert b.item() == pytest.approx(-0.5)


@pytest.mark.parametrize("name", ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta"])
def test_optimisers_step_zero_dim_parameters(name):
    p = mtorch.nn.Parameter(mtorch.tensor(0.5))
    optimizer = getattr(mtorch.optim, name)([p], lr=0.1)
    for _ in range(2):
        optimizer.zero_grad()
        (p * 3).backward()
        optimizer.step()
    assert isinstance(p.numpy(), np.ndarray) and p.shape == () and p.item() < 0.5


def test_backward_trace_records_each_node_with_its_gradients():
    from mtorch.autograd import engine
    from mtorch.autograd.gradcheck import numerical_gradient

    x = mtorch.tensor([1.0, -2.0, 3.0], requires_grad=True)
    w = mtorch.tensor([0.5, 0.25, -1.0], requires_grad=True)
    y = (x * w).relu().sum()
    trace = []
    engine.backward(y, trace=trace)
    names = [node.name() for node, _, _ in trace]
    assert names == ["SumBackward0", "ReLUBackward0", "MulBackward0"]
    node, out_grads, in_grads = trace[-1]
    np.testing.assert_array_equal(in_grads[0], x.grad.numpy())  # what the Mul node sent is what x received
    np.testing.assert_array_equal(in_grads[1], w.grad.numpy())
    values = x.numpy().astype(np.float64)
    numeric = numerical_gradient(lambda: float(np.maximum(values * w.numpy(), 0).sum()), values)
    np.testing.assert_allclose(numeric, x.grad.numpy(), atol=1e-6)


def test_a_deep_copy_of_a_leaf_in_a_live_graph_gets_its_own_gradients():
    import copy

    w = mtorch.tensor([1.0, 2.0], requires_grad=True)
    graph = (w * 3).sum()  # holds w's AccumulateGrad node
    twin = copy.deepcopy(w)
    (twin * 5).sum().backward()
    assert w.grad is None and twin.grad.tolist() == [5.0, 5.0]
    graph.backward()
    assert w.grad.tolist() == [3.0, 3.0] and twin.grad.tolist() == [5.0, 5.0]
    layer = mtorch.nn.Linear(2, 1)
    layer(mtorch.ones(1, 2)).sum()  # a live graph on the layer's parameters
    copied = copy.deepcopy(layer)
    copied(mtorch.ones(1, 2)).sum().backward()
    assert layer.weight.grad is None and copied.weight.grad is not None
    assert type(copied.weight).__name__ == "Parameter"


def test_deepcopy_refuses_a_non_leaf_as_pytorch_does():
    import copy

    t = mtorch.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="Only Tensors created explicitly by the user"):
        copy.deepcopy(t * 2)
    assert copy.deepcopy(t).requires_grad


def test_a_traced_gradient_is_a_copy_that_later_changes_to_grad_leave_alone():
    from mtorch.autograd import engine

    w = mtorch.ones(3, requires_grad=True)
    trace = []
    engine.backward((w * 2).sum(), trace=trace)
    recorded = [g for _, outs, ins in trace for g in (*outs, *ins) if g is not None]
    before = [g.copy() for g in recorded]
    assert any(np.shares_memory(w.grad.numpy(), g) or np.array_equal(w.grad.numpy(), g) for g in recorded)
    w.grad.mul_(0)
    assert all(np.array_equal(g, b) for g, b in zip(recorded, before))
