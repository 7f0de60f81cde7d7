"""The functions behind the layers, shaped like torch.nn.functional.

Each file in ``functional/`` adds one import line below (keep the lines sorted by file name).
"""
# ruff: noqa: F401  (this file re-exports)
from .activation import (
    elu,
    gelu,
    leaky_relu,
    leaky_relu_,
    log_softmax,
    relu,
    relu_,
    sigmoid,
    silu,
    softmax,
    softplus,
    tanh,
)
from .attention import multi_head_attention_forward, scaled_dot_product_attention
from .conv import conv1d, conv2d, conv_transpose2d, pad
from .dropout import dropout, dropout1d, dropout2d, dropout3d
from .linear import linear
from .loss import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    huber_loss,
    l1_loss,
    mse_loss,
    nll_loss,
    smooth_l1_loss,
)
from .normalization import batch_norm, group_norm, layer_norm, normalize
from .pooling import adaptive_avg_pool2d, avg_pool2d, max_pool1d, max_pool2d
from .sparse import embedding, one_hot
from .upsampling import interpolate
