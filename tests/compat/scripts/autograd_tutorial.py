# The autograd tutorial's behaviours: gradients accumulate over backward calls until zeroed, a second
# backward through a freed graph fails while retain_graph=True allows it, backward of a non-scalar with
# a gradient argument (vector-Jacobian product), torch.autograd.grad, requires_grad_ / detach, and the
# grad_fn of results made inside and outside no_grad.
import torch

x = torch.ones(5)
y = torch.zeros(3)
w = torch.tensor([[0.1, -0.2, 0.3], [0.0, 0.5, -0.1], [0.2, 0.2, 0.2], [-0.3, 0.1, 0.0], [0.4, -0.4, 0.1]],
                 requires_grad=True)
b = torch.tensor([0.1, 0.2, 0.3], requires_grad=True)
z = torch.matmul(x, w) + b
loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y)
loss.backward()
w_grad_once = w.grad.clone()

inp = torch.eye(4, 5, requires_grad=True)
out = (inp + 1).pow(2).t()
out.backward(torch.ones_like(out), retain_graph=True)
first = inp.grad.clone()
out.backward(torch.ones_like(out))
second = inp.grad.clone()
inp.grad.zero_()
out2 = (inp + 1).pow(2).t()
out2.backward(torch.ones_like(out2))
after_zero = inp.grad.clone()

a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
c = (a ** 2).sum()
c.backward()
try:
    c.backward()
    second_backward = "no error"
except RuntimeError as error:
    second_backward = "backward through the graph a second time" in str(error)

v = torch.tensor([0.1, 1.0, 0.0001])
q = a * 2
q.backward(v)
vjp = a.grad

s = torch.tensor([2.0, -1.0], requires_grad=True)
(gs,) = torch.autograd.grad((s ** 3).sum(), s)

with torch.no_grad():
    z_ng = torch.matmul(x, w) + b
z_det = z.detach()
r = torch.ones(2)
r.requires_grad_(True)
try:
    torch.ones(2).backward()
    scalar_err = "no error"
except RuntimeError:
    scalar_err = "RuntimeError"
try:
    torch.ones(2, requires_grad=True).sum().exp().pow(2).backward(torch.ones(2))
    shape_err = "no error"
except RuntimeError:
    shape_err = "RuntimeError"

RESULT = {
    "loss": loss.item(),
    "w_grad": w_grad_once,
    "b_grad": b.grad,
    "z_grad_fn_set": z.grad_fn is not None,
    "loss_grad_fn_set": loss.grad_fn is not None,
    "first": first,
    "accumulated": second,
    "after_zero": after_zero,
    "second_backward": second_backward,
    "vjp": vjp,
    "autograd_grad": gs,
    "a_grad_untouched_by_autograd_grad": s.grad is None,
    "no_grad_requires": z_ng.requires_grad,
    "detached_requires": z_det.requires_grad,
    "r_requires": r.requires_grad,
    "backward_without_grad": scalar_err,
    "backward_wrong_shape": shape_err,
}
