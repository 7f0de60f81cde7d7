"""PyTorch's autograd API around the engine: Tensor-level custom Functions, hooks, retain_grad,
autograd.grad, the graph's next_functions, grad modes; and the CPU-only device answers."""

import numpy as np
import pytest

import mtorch
from mtorch.autograd import Function, gradcheck


class MyReLU(Function):
    """As in PyTorch's tutorial: Tensors in and out."""

    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        return input.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_output):
        (input,) = ctx.saved_tensors
        grad_input = grad_output.clone()
        grad_input[input < 0] = 0
        return grad_input


class LegendrePolynomial3(Function):
    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        return 0.5 * (5 * input**3 - 3 * input)

    @staticmethod
    def backward(ctx, grad_output):
        (input,) = ctx.saved_tensors
        return grad_output * 1.5 * (5 * input**2 - 1)


class ScaleBy(Function):
    """A non-tensor argument, needs_input_grad, a non-differentiable second output."""

    @staticmethod
    def forward(ctx, x, factor):
        assert not mtorch.is_grad_enabled()  # forward runs without recording
        ctx.factor = factor
        index = (x > 0).long()
        ctx.mark_non_differentiable(index)
        return x * factor, index

    @staticmethod
    def backward(ctx, grad, grad_index):
        assert ctx.needs_input_grad == (True, False)
        return grad * ctx.factor, None


class Square(Function):
    """PyTorch 2's form: forward without ctx, setup_context apart."""

    @staticmethod
    def forward(x):
        return x * x

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_backward(inputs[0])

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return 2 * x * grad


def test_tensor_level_functions_gradcheck():
    x = mtorch.randn(5, dtype=mtorch.float64, requires_grad=True)
    assert gradcheck(MyReLU.apply, (x,))
    assert gradcheck(LegendrePolynomial3.apply, (x,))
    assert gradcheck(Square.apply, (x,))
    assert gradcheck(lambda t: ScaleBy.apply(t, 3.0)[0], (x,))


def test_tensor_level_function_matches_pytorch_tutorial():
    torch = pytest.importorskip("torch")
    values = [-1.5, -0.2, 0.3, 2.0]

    class TorchLegendre(torch.autograd.Function):
        forward = LegendrePolynomial3.forward
        backward = LegendrePolynomial3.backward

    x, tx = mtorch.tensor(values, requires_grad=True), torch.tensor(values, requires_grad=True)
    y, ty = LegendrePolynomial3.apply(x), TorchLegendre.apply(tx)
    y.sum().backward()
    ty.sum().backward()
    np.testing.assert_allclose(y.detach().numpy(), ty.detach().numpy(), rtol=1e-6)
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), rtol=1e-6)
    assert y.grad_fn.name() == "LegendrePolynomial3Backward"


def test_function_outputs_and_errors():
    x = mtorch.tensor([-1.0, 2.0], requires_grad=True)
    y, index = ScaleBy.apply(x, 2.0)
    assert y.requires_grad and not index.requires_grad and index.tolist() == [0, 1]
    y.sum().backward()
    assert x.grad.tolist() == [2.0, 2.0]

    class WrongCount(Function):
        @staticmethod
        def forward(ctx, a, b):
            return a * b

        @staticmethod
        def backward(ctx, grad):
            return grad

    with pytest.raises(RuntimeError, match="incorrect number of gradients"):
        WrongCount.apply(x, x).sum().backward()

    class WrongShape(Function):
        @staticmethod
        def forward(ctx, a):
            return a.sum()

        @staticmethod
        def backward(ctx, grad):
            return mtorch.ones(5)

    with pytest.raises(RuntimeError, match="invalid gradient at index 0"):
        WrongShape.apply(x).backward()


def test_grad_fn_next_functions_and_names_walk_like_pytorch():
    torch = pytest.importorskip("torch")

    def walk(fn, seen):
        names = []
        stack = [fn]
        while stack:
            node = stack.pop()
            if node is None or node in seen:
                continue
            seen.add(node)
            names.append(node.name())
            stack.extend(f for f, _ in node.next_functions)
        return sorted(names)

    out = []
    for lib in (mtorch, torch):
        a = lib.tensor([1.0, 2.0], requires_grad=True)
        b = lib.tensor([3.0, 4.0], requires_grad=True)
        loss = (a * b + a).exp().sum()
        out.append(walk(loss.grad_fn, set()))
        assert len(loss.grad_fn.next_functions) == 1 and loss.grad_fn.next_functions[0][1] == 0
    assert out[0] == out[1]


def test_hooks_replace_gradients_and_handles_remove_them():
    x = mtorch.tensor([1.0, 2.0], requires_grad=True)
    seen = []
    handle = x.register_hook(lambda g: seen.append(g.tolist()))
    doubler = x.register_hook(lambda g: g * 2)
    y = x * 3
    y.register_hook(lambda g: g + 1)
    y.sum().backward()
    assert seen == [[6.0, 6.0]] and x.grad.tolist() == [12.0, 12.0]  # (1 + 1) * 3, then doubled
    handle.remove()
    doubler.remove()
    x.grad = None
    (x * 3).sum().backward()
    assert seen == [[6.0, 6.0]] and x.grad.tolist() == [3.0, 3.0]


def test_retain_grad_fills_intermediate_grad():
    torch = pytest.importorskip("torch")
    out = []
    for lib in (mtorch, torch):
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        h = x * x
        h.retain_grad()
        h.register_hook(lambda g: g * 10)
        (h * 3).sum().backward()
        assert h.retains_grad
        out.append((h.grad.numpy().copy(), x.grad.numpy().copy()))
    np.testing.assert_allclose(out[0][0], out[1][0])
    np.testing.assert_allclose(out[0][1], out[1][1])


def test_autograd_grad_and_backward_with_gradient():
    x = mtorch.tensor([1.0, 2.0], requires_grad=True)
    w = mtorch.tensor([3.0], requires_grad=True)
    y = x * x * w
    (gx, gw) = mtorch.autograd.grad(y.sum(), (x, w), retain_graph=True)
    assert gx.tolist() == [6.0, 12.0] and gw.tolist() == [5.0]
    assert x.grad is None and w.grad is None  # grad() leaves .grad alone
    (gy,) = mtorch.autograd.grad(y, [x], grad_outputs=mtorch.tensor([1.0, 0.0]), retain_graph=True)
    assert gy.tolist() == [6.0, 0.0]
    unused = mtorch.ones(1, requires_grad=True)
    with pytest.raises(RuntimeError, match="allow_unused=True"):
        mtorch.autograd.grad(y.sum(), unused, retain_graph=True)
    assert mtorch.autograd.grad(y.sum(), unused, retain_graph=True, allow_unused=True) == (None,)
    with pytest.raises(NotImplementedError, match="create_graph"):
        mtorch.autograd.grad(y.sum(), x, create_graph=True)
    y.backward(gradient=mtorch.tensor([1.0, 1.0]), inputs=[w])
    assert w.grad.tolist() == [5.0] and x.grad is None


def test_grad_modes_as_context_managers_and_decorators():
    x = mtorch.ones(2, requires_grad=True)

    @mtorch.no_grad
    def bare(t):
        return t * 2

    @mtorch.inference_mode()
    def inferred(t):
        return t * 2

    @mtorch.set_grad_enabled(False)
    def disabled(t):
        return t * 2

    assert mtorch.is_grad_enabled()
    assert not bare(x).requires_grad and not inferred(x).requires_grad and not disabled(x).requires_grad
    assert mtorch.is_grad_enabled()
    with mtorch.inference_mode():
        assert not (x * 2).requires_grad
    with mtorch.inference_mode(False):
        assert (x * 2).requires_grad
    mtorch.set_grad_enabled(False)  # as a plain call it switches at once, as in PyTorch
    try:
        assert not mtorch.is_grad_enabled()
    finally:
        mtorch.set_grad_enabled(True)
    with mtorch.set_grad_enabled(False):
        assert not mtorch.is_grad_enabled()
    assert mtorch.is_grad_enabled()


def test_cuda_mps_and_devices_answer_for_a_cpu_only_library():
    assert mtorch.cuda.is_available() is False and mtorch.cuda.device_count() == 0
    mtorch.cuda.manual_seed(0)
    mtorch.cuda.manual_seed_all(0)
    mtorch.cuda.synchronize()
    with pytest.raises(RuntimeError, match="CPU only"):
        mtorch.cuda.current_device()
    assert mtorch.backends.mps.is_available() is False
    mtorch.backends.cudnn.deterministic = True
    mtorch.backends.cudnn.benchmark = False
    device = mtorch.device("cuda" if mtorch.cuda.is_available() else "cpu")
    assert device == mtorch.device("cpu") and str(mtorch.device("cuda:1")) == "cuda:1"
    with pytest.raises(RuntimeError, match="Expected one of"):
        mtorch.device("gpu")
    mtorch.set_default_device("cpu")
    t = mtorch.ones(2, device=device)
    assert t.to("cpu") is t and t.cpu() is t and t.to(device, mtorch.float64).dtype == mtorch.float64
    assert t.to(mtorch.zeros(1, dtype=mtorch.int64)).dtype == mtorch.int64
    for move in (lambda: t.to("cuda"), t.cuda, lambda: mtorch.zeros(2, device="cuda"),
                 lambda: mtorch.nn.Linear(2, 2).to("cuda"), lambda: mtorch.set_default_device("mps")):
        with pytest.raises(RuntimeError, match="mtorch computes on the CPU only"):
            move()
