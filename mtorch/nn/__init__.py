"""Neural-network building blocks, shaped like torch.nn: modules, Parameter, functional ops and init.

Each layer file in ``modules/`` adds one import line below (keep the lines sorted by file name).
"""
# ruff: noqa: F401  (this file re-exports)
from . import functional, init, utils
from .errors import ShapeError
from .modules.activation import ELU, GELU, LeakyReLU, LogSoftmax, ReLU, Sigmoid, SiLU, Softmax, Softplus, Tanh
from .modules.attention import MultiheadAttention
from .modules.container import ModuleDict, ModuleList, Sequential
from .modules.conv import Conv1d, Conv2d, ConvTranspose2d
from .modules.dropout import Dropout, Dropout1d, Dropout2d, Dropout3d
from .modules.flatten import Flatten, Unflatten
from .modules.lazy import LazyConv1d, LazyConv2d, LazyLinear
from .modules.linear import Identity, Linear
from .modules.loss import (
    BCELoss,
    BCEWithLogitsLoss,
    CrossEntropyLoss,
    HuberLoss,
    L1Loss,
    MSELoss,
    NLLLoss,
    SmoothL1Loss,
)
from .modules.module import Module
from .modules.normalization import BatchNorm1d, BatchNorm2d, BatchNorm3d, GroupNorm, LayerNorm
from .modules.pooling import AdaptiveAvgPool2d, AvgPool2d, MaxPool1d, MaxPool2d
from .modules.rnn import GRU, LSTM, RNN, GRUCell, LSTMCell, RNNBase, RNNCell, RNNCellBase
from .modules.sparse import Embedding
from .modules.transformer import (
    Transformer,
    TransformerDecoder,
    TransformerDecoderLayer,
    TransformerEncoder,
    TransformerEncoderLayer,
)
from .modules.upsampling import Upsample
from .parameter import Parameter, UninitializedParameter
