# Inspecting gradients and activations: retain_grad() on an intermediate, register_hook on tensors
# (printing, scaling, and removing with the handle), a forward hook on a module collecting activations
# (the feature-extraction idiom), and a forward pre-hook.
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(0)
x = torch.from_numpy(rng.standard_normal((4, 3)).astype(np.float32)).requires_grad_()
w = torch.from_numpy(rng.standard_normal((3, 2)).astype(np.float32)).requires_grad_()

h = x @ w
h.retain_grad()
seen = []
handle = h.register_hook(lambda grad: seen.append(grad.clone()))
y = (h.relu() ** 2).sum()
y.backward()

# a hook that replaces the gradient flowing back
x2 = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
z = x2 * 3
z.register_hook(lambda grad: grad * 10)
z.sum().backward()

# removed hooks do not fire
handle.remove()
seen_before = len(seen)
h2 = x @ w
h2.register_hook(lambda grad: None)
(x @ w).sum().backward()

model = nn.Sequential(nn.Linear(3, 5), nn.ReLU(), nn.Linear(5, 2))
with torch.no_grad():
    for _i, p in enumerate(model.parameters()):
        p.copy_(torch.from_numpy(rng.standard_normal(tuple(p.shape)).astype(np.float32)))
activation = {}


def get_activation(name):
    def hook(model, input, output):
        activation[name] = output.detach()
    return hook


model[1].register_forward_hook(get_activation("relu"))
calls = []
pre = model[0].register_forward_pre_hook(lambda module, inputs: calls.append(inputs[0].shape))
out = model(x.detach())
pre.remove()
model(x.detach())

RESULT = {
    "h_grad": h.grad,
    "hook_saw_same_grad": torch.equal(seen[0], h.grad),
    "x_grad": x.grad,
    "w_grad": w.grad,
    "scaled_grad": x2.grad,
    "removed_hook_silent": len(seen) == seen_before,
    "relu_activation": activation["relu"],
    "out": out.detach(),
    "pre_hook_calls": [tuple(s) for s in calls],
}
