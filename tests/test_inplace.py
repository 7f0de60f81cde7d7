"""In-place operations: every form lands in the tensor's own array (or raises PyTorch's error), is recorded
for backward when grad mode needs it, and a version counter catches a saved tensor changed too early."""

import numpy as np
import pytest

import mtorch


def _forms(lib=mtorch):
    """(name, in-place update, expected values) for x = [1., 2., 3.], written against `lib` (mtorch, or
    PyTorch for the parity test: the operands must be that library's tensors)."""
    ones = lib.ones(3)

    def iadd(x):
        x += ones

    def isub(x):
        x -= 0.5

    def imul(x):
        x *= 2

    def idiv(x):
        x /= 2

    def ipow(x):
        x **= 2

    def setitem(x):
        x[0] = 7.0

    def setmask(x):
        x[x > 1.5] = 0.0

    return [
        ("+=", iadd, [2, 3, 4]), ("-=", isub, [0.5, 1.5, 2.5]), ("*=", imul, [2, 4, 6]), ("/=", idiv, [0.5, 1, 1.5]),
        ("**=", ipow, [1, 4, 9]), ("add_", lambda x: x.add_(ones, alpha=2), [3, 4, 5]),
        ("sub_", lambda x: x.sub_(1), [0, 1, 2]), ("mul_", lambda x: x.mul_(ones * 3), [3, 6, 9]),
        ("div_", lambda x: x.div_(4), [0.25, 0.5, 0.75]), ("pow_", lambda x: x.pow_(3), [1, 8, 27]),
        ("clamp_", lambda x: x.clamp_(min=1.5, max=2.5), [1.5, 2, 2.5]), ("zero_", lambda x: x.zero_(), [0, 0, 0]),
        ("fill_", lambda x: x.fill_(4), [4, 4, 4]), ("copy_", lambda x: x.copy_(ones), [1, 1, 1]),
        ("t[i] = v", setitem, [7, 2, 3]), ("t[mask] = v", setmask, [1, 0, 0]),
    ]


FORMS = {name: (fn, expected) for name, fn, expected in _forms()}


@pytest.mark.parametrize("name", list(FORMS))
def test_each_form_updates_the_tensor_itself_under_no_grad(name):
    fn, expected = FORMS[name]
    p = mtorch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    alias, array, view = p, p.numpy(), p.detach()[1:]
    with mtorch.no_grad():
        fn(p)
    assert alias is p and p.numpy() is array and p.requires_grad and p.is_leaf
    np.testing.assert_allclose(p.numpy(), expected)
    np.testing.assert_allclose(view.numpy(), expected[1:])  # a view shares the array


@pytest.mark.parametrize("name", list(FORMS))
def test_each_form_on_a_leaf_requiring_grad_raises_pytorchs_error(name):
    fn, _ = FORMS[name]
    p = mtorch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used in an in-place"):
        fn(p)
    np.testing.assert_array_equal(p.numpy(), [1, 2, 3])


@pytest.mark.parametrize("name", list(FORMS))
def test_each_form_is_recorded_for_backward_like_pytorch(name):
    torch = pytest.importorskip("torch")
    fn, _ = FORMS[name]
    x = mtorch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * mtorch.tensor([1.0, 1.0, 1.0])
    fn(y)
    (y * mtorch.tensor([1.0, 2.0, 3.0])).sum().backward()

    tfn = {form: fn for form, fn, _ in _forms(torch)}[name]
    tx = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    ty = tx * torch.tensor([1.0, 1.0, 1.0])
    tfn(ty)
    (ty * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
    np.testing.assert_allclose(y.detach().numpy(), ty.detach().numpy(), rtol=1e-6)
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), rtol=1e-6)
    assert y.grad_fn is not None and not y.is_leaf


def test_manual_sgd_loop_trains():
    """The from-scratch tutorial loop: `p -= lr * p.grad` under no_grad must move the parameters."""
    mtorch.manual_seed(0)
    x = mtorch.linspace(-1, 1, 64).unsqueeze(1)
    y = 3 * x - 0.5
    model = mtorch.nn.Linear(1, 1)
    weight = model.weight
    losses = []
    for _ in range(100):
        loss = ((model(x) - y) ** 2).mean()
        model.zero_grad()
        loss.backward()
        with mtorch.no_grad():
            for p in model.parameters():
                p -= 0.1 * p.grad
        losses.append(loss.item())
    assert model.weight is weight
    assert losses[-1] < 1e-3 * losses[0]
    assert model.weight.item() == pytest.approx(3.0, abs=0.05)


def test_gradient_into_an_in_place_update_of_a_non_leaf():
    w = mtorch.tensor([1.0, 2.0], dtype=mtorch.float64, requires_grad=True)
    v = mtorch.tensor([3.0, -1.0], dtype=mtorch.float64, requires_grad=True)

    def f(w, v):
        y = w * w
        y *= v  # y = w^2 v
        y += w  # y = w^2 v + w
        return y

    assert mtorch.autograd.gradcheck(f, (w, v))


def test_setitem_gradcheck_for_slices_masks_and_broadcast_values():
    x = mtorch.randn(3, 4, dtype=mtorch.float64, requires_grad=True)
    v = mtorch.randn(4, dtype=mtorch.float64, requires_grad=True)
    s = mtorch.randn(1, dtype=mtorch.float64, requires_grad=True)

    def f(x, v, s):
        y = x * 1
        y[1] = v
        y[:, 0:2] += s
        y[y > 1] = 0.5
        return y

    assert mtorch.autograd.gradcheck(f, (x, v, s))


def test_in_place_on_a_slice_is_recorded_on_the_base_like_pytorch():
    torch = pytest.importorskip("torch")
    out = []
    for lib in (mtorch, torch):
        x = lib.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
        w = lib.tensor([5.0, 6.0], requires_grad=True)
        y = x * 2
        view = y[1:3]
        view.mul_(w)
        (y * lib.tensor([1.0, 2.0, 3.0, 4.0])).sum().backward()
        out.append((y.detach().numpy().copy(), x.grad.numpy().copy(), w.grad.numpy().copy()))
    for ours, theirs in zip(*out):
        np.testing.assert_allclose(ours, theirs)


def test_in_place_on_a_view_of_a_leaf_requiring_grad_raises():
    w = mtorch.ones(4, requires_grad=True)
    with pytest.raises(RuntimeError, match="a view of a leaf Variable that requires grad"):
        w[1:3].add_(1)
    with pytest.raises(RuntimeError, match="a view of a leaf Variable that requires grad"):
        w.view(2, 2).mul_(2)


def test_recording_through_a_reshaped_view_is_a_clear_error_not_a_lost_gradient():
    x = mtorch.ones(4, requires_grad=True) * 1
    w = mtorch.ones(4, requires_grad=True)
    with pytest.raises(RuntimeError, match="view made by reshape"):
        x.view(2, 2).add_(w.view(2, 2))


def test_modified_saved_tensor_fails_backward_with_pytorchs_message():
    x = mtorch.ones(3, requires_grad=True)
    y = x.exp()  # exp saves its output
    y += 1
    with pytest.raises(RuntimeError, match=r"modified by an inplace operation: \[mtorch.float32 \[3\]\], which is "
                                           r"output 0 of ExpBackward0, is at version 1; expected version 0"):
        y.sum().backward()

    a = mtorch.ones(3, requires_grad=True) * 2
    b = a * a  # mul saves its inputs
    a.add_(1)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        b.sum().backward()

    c = mtorch.ones(3, requires_grad=True) * 2
    d = c + c  # addition saves nothing: changing c afterwards is fine, as in PyTorch
    c.mul_(3)
    d.sum().backward()


def test_version_counter_is_shared_by_views_and_detach_but_not_data():
    x = mtorch.zeros(4)
    view, detached, data = x[1:], x.detach(), x.data
    assert x._version_number == 0
    view.add_(1)
    assert x._version_number == view._version_number == detached._version_number == 1
    assert data._version_number == 0
    np.testing.assert_array_equal(x.numpy(), [0, 1, 1, 1])


def test_in_place_dtype_rules_follow_pytorch():
    i = mtorch.tensor([1, 2, 3])
    with pytest.raises(RuntimeError, match="result type Float can't be cast to the desired output type Long"):
        i += 1.5
    with pytest.raises(RuntimeError, match="result type Float can't be cast"):
        i /= 2
    i *= 2
    assert i.dtype == mtorch.int64 and i.tolist() == [2, 4, 6]
    f = mtorch.ones(2)
    f += mtorch.ones(2, dtype=mtorch.float64)  # computed in float64, stored as float32
    assert f.dtype == mtorch.float32 and f.tolist() == [2.0, 2.0]
    with pytest.raises(RuntimeError, match="doesn't match the broadcast shape"):
        f += mtorch.ones(3, 2)
    i[0] = 9.7  # index assignment casts, as in PyTorch
    assert i.tolist() == [9, 4, 6]


def test_matmul_assignment_rebinds_like_pytorch():
    a = mtorch.ones(2, 2)
    b = a
    a @= mtorch.eye(2) * 2  # PyTorch has no in-place matmul: Python makes it a = a @ b
    assert a is not b and b.tolist() == [[1, 1], [1, 1]] and a.tolist() == [[2, 2], [2, 2]]


def test_optimizers_still_update_parameters():
    model = mtorch.nn.Linear(3, 1)
    before = model.weight.detach().clone()
    opt = mtorch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    model(mtorch.ones(2, 3)).sum().backward()
    opt.step()
    assert not np.allclose(model.weight.numpy(), before.numpy())


@pytest.mark.parametrize("base_needs_grad", [True, False])
def test_a_view_made_before_a_recorded_in_place_change_of_its_base_is_refused_not_silently_stale(base_needs_grad):
    # PyTorch rebases `v` on x's new grad_fn (the gradient reaches w); mtorch has no rebasing, so it must
    # refuse rather than send the gradient past the in-place op and miss w.
    w = mtorch.ones(3, requires_grad=True)
    x = mtorch.zeros(2, 3, requires_grad=base_needs_grad) * 1.0
    v = x[0]
    x += w
    with pytest.raises(RuntimeError, match="in-place operation after the view was made"):
        v.sum()
    x[1].sum().backward()  # a view made after the change is current
    assert w.grad.tolist() == [1.0, 1.0, 1.0]


def test_views_changed_in_place_through_themselves_stay_usable():
    w = mtorch.ones(3, requires_grad=True)
    x = mtorch.zeros(2, 3) * 1.0
    z = x[0:2]
    v = z[0]
    v.add_(w)
    (v.sum() + z.sum() + x.sum()).backward()
    assert w.grad.tolist() == [3.0, 3.0, 3.0]
