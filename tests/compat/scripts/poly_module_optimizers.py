# A custom nn.Module holding four nn.Parameters, trained with torch.optim (SGD with momentum, RMSprop,
# Adam), zero_grad / backward / step, and a string() method using .item().
import math

import torch


class Polynomial3(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.a = torch.nn.Parameter(torch.tensor(0.1))
        self.b = torch.nn.Parameter(torch.tensor(0.5))
        self.c = torch.nn.Parameter(torch.tensor(-0.1))
        self.d = torch.nn.Parameter(torch.tensor(0.0))

    def forward(self, x):
        return self.a + self.b * x + self.c * x ** 2 + self.d * x ** 3

    def string(self):
        return f"y = {self.a.item():.2f} + {self.b.item():.2f} x + {self.c.item():.2f} x^2 + {self.d.item():.2f} x^3"


x = torch.linspace(-math.pi, math.pi, 1000)
y = torch.sin(x)

RESULT = {}
for name, make in [
    ("sgd", lambda ps: torch.optim.SGD(ps, lr=1e-6, momentum=0.9)),
    ("rmsprop", lambda ps: torch.optim.RMSprop(ps, lr=1e-3)),
    ("adam", lambda ps: torch.optim.Adam(ps, lr=1e-2)),
]:
    model = Polynomial3()
    criterion = torch.nn.MSELoss(reduction="sum")
    optimizer = make(model.parameters())
    for _t in range(300):
        loss = criterion(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    RESULT[f"close_{name}_loss"] = loss.item()
    RESULT[f"{name}_param_names"] = [n for n, _ in model.named_parameters()]
    RESULT[f"{name}_string_len"] = len(model.string().split())
    optimizer.zero_grad()
    RESULT[f"{name}_grad_after_zero"] = [p.grad is None for p in model.parameters()]
