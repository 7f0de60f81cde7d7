# Weight initialisation as models do it: model.apply(init_fn) with isinstance checks, a loop over
# self.modules() with kaiming_normal_(mode="fan_out", nonlinearity="relu") and constant_ for
# BatchNorm, xavier_uniform_ with calculate_gain, trunc_normal_, orthogonal_, and
# bias.data.fill_(0.01); statistics of the results and the exact values of the constant parts.
import math

import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 64, 3)
        self.bn = nn.BatchNorm2d(64)
        self.fc = nn.Linear(256, 512)
        self.out = nn.Linear(512, 10)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
                if m.bias is not None:
                    nn.init.constant_(m.bias, 0)
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.constant_(m.weight, 1)
                nn.init.constant_(m.bias, 0)


def init_weights(m):
    if isinstance(m, nn.Linear):
        torch.nn.init.xavier_uniform_(m.weight, gain=nn.init.calculate_gain("tanh"))
        m.bias.data.fill_(0.01)


torch.manual_seed(0)
net = Net()
net.apply(init_weights)

fan_out = 64 * 3 * 3
fc_bound = nn.init.calculate_gain("tanh") * math.sqrt(6.0 / (256 + 512))
w = torch.empty(300, 200)
nn.init.trunc_normal_(w, std=0.02)
q = torch.empty(6, 4)
nn.init.orthogonal_(q)
z = torch.empty(3, 5)
nn.init.zeros_(z)
e = torch.empty(3, 3)
nn.init.eye_(e)

RESULT = {
    "gains": [float(nn.init.calculate_gain(n)) for n in ("linear", "relu", "tanh", "sigmoid")],
    "leaky_gain": nn.init.calculate_gain("leaky_relu", 0.2),
    "rough_conv_std": net.conv.weight.std().item(),
    "expected_conv_std": math.sqrt(2.0 / fan_out),
    "conv_bias": net.conv.bias.detach(),
    "bn_weight_all_one": bool((net.bn.weight == 1).all()),
    "fc_bias": net.fc.bias.detach(),
    "fc_within_bound": net.fc.weight.abs().max().item() <= fc_bound,
    "rough_fc_std": net.fc.weight.std().item(),
    "trunc_within_2": w.abs().max().item() <= 2.0,
    "rough_trunc_std": w.std().item(),
    "orthogonal": torch.allclose(q.T @ q, torch.eye(4), atol=1e-5),
    "zeros": z,
    "eye": e,
    "requires_grad_kept": all(p.requires_grad for p in net.parameters()),
}
