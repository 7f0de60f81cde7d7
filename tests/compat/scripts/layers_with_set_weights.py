# Layers fed numpy-seeded weights and inputs, compared number for number: Conv2d with stride, padding,
# dilation and groups, ConvTranspose2d, BatchNorm2d/1d in train mode (batch statistics and the running
# mean/var update) and eval mode, LayerNorm, GroupNorm, pooling variants (ceil_mode, count_include_pad,
# adaptive sizes that do not divide), nearest Upsample, and LSTM/GRU (bidirectional, two layers) with their weights.
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(0)


def fill(module):
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.from_numpy(rng.standard_normal(tuple(p.shape)).astype(np.float32) * 0.5))
    return module


img = torch.from_numpy(rng.standard_normal((2, 4, 9, 9)).astype(np.float32))
seq = torch.from_numpy(rng.standard_normal((3, 5, 4)).astype(np.float32))

conv = fill(nn.Conv2d(4, 6, 3, stride=2, padding=1))
dilated = fill(nn.Conv2d(4, 4, 3, dilation=2, groups=2))
deconv = fill(nn.ConvTranspose2d(4, 3, 3, stride=2, padding=1, output_padding=1))
bn = nn.BatchNorm2d(4, momentum=0.2)
bn_out = bn(img)
bn.eval()
bn_eval = bn(img)
bn1 = nn.BatchNorm1d(4)
bn1_out = bn1(seq.reshape(-1, 4))
ln = fill(nn.LayerNorm([9, 9]))
gn = fill(nn.GroupNorm(2, 4))
lstm = fill(nn.LSTM(4, 3, num_layers=2, bidirectional=True, batch_first=True))
gru = fill(nn.GRU(4, 3, batch_first=True))
lstm_out, (h_n, c_n) = lstm(seq)
gru_out, gru_h = gru(seq)

RESULT = {
    "conv": conv(img).detach(),
    "dilated_groups": dilated(img).detach(),
    "deconv": deconv(img).detach(),
    "deconv_shape": tuple(deconv(img).shape),
    "bn_train_out": bn_out.detach(),
    "bn_running_mean": bn.running_mean,
    "bn_running_var": bn.running_var,
    "bn_eval_out": bn_eval.detach(),
    "bn1_out": bn1_out.detach(),
    "bn1_running_var": bn1.running_var,
    "layer_norm": ln(img).detach(),
    "group_norm": gn(img).detach(),
    "max_pool_ceil": nn.MaxPool2d(2, ceil_mode=True)(img),
    "max_pool_pad": nn.MaxPool2d(3, stride=2, padding=1)(img),
    "avg_pool_pad": nn.AvgPool2d(3, stride=2, padding=1)(img),
    "avg_pool_no_pad_count": nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False)(img),
    "adaptive_avg": nn.AdaptiveAvgPool2d((4, 5))(img),
    "upsample_nearest": nn.Upsample(scale_factor=2, mode="nearest")(img[:, :, :3, :3]),
    "lstm_out": lstm_out.detach(),
    "lstm_h": h_n.detach(),
    "lstm_c": c_n.detach(),
    "gru_out": gru_out.detach(),
    "gru_h": gru_h.detach(),
}
