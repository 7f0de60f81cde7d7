# In-place updates as from-scratch code writes them, each checked to land (aliases see the change) or
# to raise PyTorch's error: += -= *= /= on plain tensors and under no_grad on parameters, index and
# mask assignment, add_/mul_/clamp_/zero_ and views writing through, the leaf-requires-grad error, and
# the version-counter error when a tensor saved for backward is modified.
import torch

a = torch.tensor([1.0, 2.0, 3.0])
alias = a
a += 1
a -= torch.tensor([0.5, 0.5, 0.5])
a *= 2
a /= 4
a **= 2
pow_alias_same = alias is a

m = torch.eye(2)
m_alias = m
m @= torch.tensor([[1.0, 2.0], [3.0, 4.0]])

w = torch.ones(3, requires_grad=True)
loss = (w * torch.tensor([1.0, 2.0, 3.0])).sum()
loss.backward()
w_alias = w
with torch.no_grad():
    w -= 0.1 * w.grad
    w.grad.zero_()

t = torch.zeros(5)
t[1] = 3.0
t[torch.tensor([2, 4])] = torch.tensor([7.0, 8.0])
t[t > 5] = -1.0
t[0:2] += 10

v = torch.arange(6.0).view(2, 3)
row = v[0]
row += 100
v[:, 2].mul_(-1)
c = torch.tensor([-2.0, 0.5, 9.0])
c.clamp_(min=-1, max=1)
z = torch.ones(2, 2)
z_alias = z
z.zero_()
s = torch.tensor([1.0, 2.0])
s.add_(torch.tensor([1.0, 1.0]), alpha=10)
s.sub_(1).mul_(2).div_(4)

i = torch.tensor([1, 2, 3])
i += 2
i *= 3

errors = {}
leaf = torch.ones(2, requires_grad=True)
try:
    leaf += 1
except RuntimeError as error:
    errors["leaf"] = "leaf Variable that requires grad" in str(error)

x = torch.tensor([1.0, 2.0], requires_grad=True)
y = x * 2
y_exp = y.exp()
y.add_(1)  # exp saved its output, not y: allowed
y_exp.sum().backward()
grad_ok = x.grad.clone()

x2 = torch.tensor([1.0, 2.0], requires_grad=True)
h = x2 * 3
out = h * h  # saves h
h += 1
try:
    out.sum().backward()
    errors["saved"] = False
except RuntimeError as error:
    errors["saved"] = "modified by an inplace operation" in str(error)

x3 = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
q = x3 * 1.0
q += x3 * x3  # a differentiable in-place add on a non-leaf
q *= 2
q.sum().backward()

RESULT = {
    "a": a,
    "alias_sees_updates": torch.equal(alias, a) and pow_alias_same,
    "matmul_assign_rebinds": m_alias is not m,
    "matmul_alias_unchanged": m_alias,
    "matmul_result": m,
    "w_updated": w_alias,
    "w_grad_zeroed": w.grad,
    "w_still_leaf": w.is_leaf and w.requires_grad,
    "indexed": t,
    "view_write_through": v,
    "clamped": c,
    "zeroed_alias": z_alias,
    "chained": s,
    "int_inplace": i,
    "int_dtype": i.dtype,
    "errors": errors,
    "grad_through_unsaved": grad_ok,
    "inplace_grad": x3.grad,
}
