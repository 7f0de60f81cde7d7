# In-place activations as torchvision-style blocks use them: nn.ReLU(inplace=True) inside a residual
# block, F.relu(x, inplace=True), F.relu_, nn.LeakyReLU(inplace=True), torch.relu_ and
# nn.Dropout(inplace=True); the input tensor itself changes (as in PyTorch) and gradients stay right.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class BasicBlock(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(channels)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(channels)

    def forward(self, x):
        identity = x
        out = self.conv1(x)
        out = self.bn1(out)
        out = self.relu(out)
        out = self.conv2(out)
        out = self.bn2(out)
        out += identity
        out = self.relu(out)
        return out


rng = np.random.default_rng(0)
block = BasicBlock(2)
with torch.no_grad():
    for p in (block.conv1.weight, block.conv2.weight):
        p.copy_(torch.from_numpy(rng.standard_normal(tuple(p.shape)).astype(np.float32) * 0.3))
x = torch.from_numpy(rng.standard_normal((2, 2, 5, 5)).astype(np.float32)).requires_grad_()
out = block(x)
out.sum().backward()

h = torch.tensor([-1.0, 2.0, -3.0])
r = F.relu(h, inplace=True)
h2 = torch.tensor([-1.0, 2.0, -3.0])
F.relu_(h2)
h3 = torch.tensor([-1.0, 2.0, -3.0])
nn.LeakyReLU(0.1, inplace=True)(h3)
h4 = torch.tensor([-1.0, 2.0, -3.0])
torch.relu_(h4)
h5 = torch.ones(4)
drop = nn.Dropout(0.5, inplace=True)
drop.eval()
same = drop(h5) is h5

w = torch.tensor([-1.0, 2.0, -3.0, 4.0], requires_grad=True)
pre = w * 2
act = nn.ReLU(inplace=True)(pre)
(act * torch.tensor([1.0, 2.0, 3.0, 4.0])).sum().backward()

RESULT = {
    "block_out": out.detach(),
    "block_x_grad": x.grad,
    "f_relu_inplace_input": h,
    "f_relu_returns_input": r is h,
    "relu_underscore": h2,
    "leaky_inplace": h3,
    "torch_relu_": h4,
    "dropout_eval_inplace_identity": same,
    "pre_activation_modified": pre.detach(),
    "grad_through_inplace_relu": w.grad,
}
