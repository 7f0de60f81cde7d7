# A custom autograd Function (a Legendre polynomial P3) whose forward and backward work on Tensors,
# used to fit sin(x) as in the "defining new autograd functions" tutorial.
import math

import torch


class LegendrePolynomial3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        return 0.5 * (5 * input ** 3 - 3 * input)

    @staticmethod
    def backward(ctx, grad_output):
        (input,) = ctx.saved_tensors
        return grad_output * 1.5 * (5 * input ** 2 - 1)


dtype = torch.float
x = torch.linspace(-math.pi, math.pi, 2000, dtype=dtype)
y = torch.sin(x)

a = torch.full((), 0.0, dtype=dtype, requires_grad=True)
b = torch.full((), -1.0, dtype=dtype, requires_grad=True)
c = torch.full((), 0.0, dtype=dtype, requires_grad=True)
d = torch.full((), 0.3, dtype=dtype, requires_grad=True)

learning_rate = 5e-6
losses = []
for _t in range(300):
    P3 = LegendrePolynomial3.apply
    y_pred = a + b * P3(c + d * x)
    loss = (y_pred - y).pow(2).sum()
    losses.append(loss.item())
    loss.backward()
    with torch.no_grad():
        for p in (a, b, c, d):
            p -= learning_rate * p.grad
            p.grad = None

# the Function's output records a node and its gradient matches the formula
t = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
out = LegendrePolynomial3.apply(t)
out.sum().backward()

RESULT = {
    "first_loss": losses[0],
    "close_final_loss": losses[-1],
    "close_coefficients": [a.item(), b.item(), c.item(), d.item()],
    "p3_values": out.detach(),
    "p3_grad": t.grad,
    "has_grad_fn": out.grad_fn is not None,
    "out_requires_grad": out.requires_grad,
}
