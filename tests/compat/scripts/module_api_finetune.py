# The nn.Module API as fine-tuning and bookkeeping code uses it: nested modules, ModuleList/ModuleDict,
# named_modules/children/named_parameters, buffers (persistent or not) in state_dict, freezing with
# requires_grad_(False), replacing the head, an optimiser over only the trainable parameters,
# copy.deepcopy of the best model, load_state_dict(strict=False) reporting keys, .double(), train(False).
import copy

import numpy as np
import torch
import torch.nn as nn


class Backbone(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(4, 8), nn.Linear(8, 8)])
        self.act = nn.ModuleDict({"relu": nn.ReLU(), "tanh": nn.Tanh()})
        self.register_buffer("scale", torch.tensor(2.0))
        self.register_buffer("cache", torch.zeros(3), persistent=False)

    def forward(self, x):
        for layer in self.layers:
            x = self.act["relu"](layer(x))
        return x * self.scale


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = Backbone()
        self.fc = nn.Linear(8, 3)

    def forward(self, x):
        return self.fc(self.backbone(x))


torch.manual_seed(0)
model = Net()
with torch.no_grad():
    for i, p in enumerate(model.parameters()):
        p.copy_(torch.from_numpy(np.random.default_rng(i).standard_normal(tuple(p.shape)).astype(np.float32) * 0.4))
X = torch.from_numpy(np.random.default_rng(9).standard_normal((16, 4)).astype(np.float32))
y = torch.from_numpy(np.random.default_rng(10).integers(0, 2, 16))

for param in model.backbone.parameters():
    param.requires_grad_(False)
model.fc = nn.Linear(8, 2)
with torch.no_grad():
    model.fc.weight.copy_(torch.from_numpy(np.random.default_rng(11).standard_normal((2, 8)).astype(np.float32)))
    model.fc.bias.zero_()
trainable = [p for p in model.parameters() if p.requires_grad]
optimizer = torch.optim.SGD(filter(lambda p: p.requires_grad, model.parameters()), lr=0.1)
frozen_before = model.backbone.layers[0].weight.clone()
best_loss, best_model = float("inf"), None
for _epoch in range(5):
    optimizer.zero_grad()
    loss = nn.functional.cross_entropy(model(X), y)
    loss.backward()
    optimizer.step()
    if loss.item() < best_loss:
        best_loss, best_model = loss.item(), copy.deepcopy(model)

fresh = Net()
fresh.fc = nn.Linear(8, 2)
result = fresh.load_state_dict({k: v for k, v in model.state_dict().items() if not k.startswith("fc.")}, strict=False)
model.double()
model.train(False)

RESULT = {
    "state_dict_keys": list(best_model.state_dict()),
    "named_modules": [name for name, _ in model.named_modules()],
    "children": [type(m).__name__ for m in model.children()],
    "buffers": [name for name, _ in model.named_buffers()],
    "n_trainable": len(trainable),
    "backbone_frozen": torch.equal(model.backbone.layers[0].weight.float(), frozen_before),
    "frozen_grad_none": model.backbone.layers[0].weight.grad is None,
    "close_best_loss": best_loss,
    "best_is_copy": best_model.fc.weight is not model.fc.weight,
    "close_best_out": best_model(X[:2]).detach(),
    "missing_keys": sorted(result.missing_keys),
    "unexpected_keys": sorted(result.unexpected_keys),
    "double_dtype": model.fc.weight.dtype,
    "buffer_double": model.backbone.scale.dtype,
    "training": model.training,
    "sub_training": model.backbone.layers[0].training,
    "repr_first_line": repr(model).splitlines()[0],
    "fc_repr": repr(model.fc),
}
