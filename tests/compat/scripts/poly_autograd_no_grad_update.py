# The same fit with autograd: tensors that require grad, a manual update inside no_grad,
# and the gradients reset by hand. The line `a -= learning_rate * a.grad` must really update `a`.
import math

import torch

dtype = torch.float

x = torch.linspace(-math.pi, math.pi, 2000, dtype=dtype)
y = torch.sin(x)

a = torch.tensor(0.1, dtype=dtype, requires_grad=True)
b = torch.tensor(-0.2, dtype=dtype, requires_grad=True)
c = torch.tensor(0.05, dtype=dtype, requires_grad=True)
d = torch.tensor(0.3, dtype=dtype, requires_grad=True)
params = [a, b, c, d]
alias = a  # another name bound to the same tensor must see the update

learning_rate = 1e-6
losses = []
for _t in range(500):
    y_pred = a + b * x + c * x ** 2 + d * x ** 3
    loss = (y_pred - y).pow(2).sum()
    losses.append(loss.item())
    loss.backward()

    with torch.no_grad():
        a -= learning_rate * a.grad
        b -= learning_rate * b.grad
        c -= learning_rate * c.grad
        d -= learning_rate * d.grad

        a.grad = None
        b.grad.zero_()
        c.grad.zero_()
        d.grad = None

RESULT = {
    "first_loss": losses[0],
    "close_final_loss": losses[-1],
    "close_coefficients": [p.item() for p in params],
    "alias_is_a": alias is a,
    "close_alias_value": alias.item(),
    "still_leaf": [p.is_leaf for p in params],
    "requires_grad": [p.requires_grad for p in params],
    "loss_fell_tenfold": losses[-1] < losses[0] / 10,
    "b_grad_after_zero": b.grad.item(),
    "a_grad_after_none": a.grad is None,
}
