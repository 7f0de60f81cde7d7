"""Recurrent layers that fit in an nn.Sequential.

mtorch's (and PyTorch's) ``nn.RNN``, ``nn.LSTM`` and ``nn.GRU`` return ``(output, hidden state)``; a
Sequential would pass that tuple to the next layer. These subclasses return only the output sequence
``(batch, steps, directions * hidden_size)``. They keep the class name, arguments, repr and state_dict keys,
so their weights load into the plain layers and back. Exported code carries the same class definitions.
"""

from mtorch import nn


class RNN(nn.RNN):
    """nn.RNN that passes on only its output sequence."""

    def forward(self, input, hx=None):
        return super().forward(input, hx)[0]


class LSTM(nn.LSTM):
    """nn.LSTM that passes on only its output sequence."""

    def forward(self, input, hx=None):
        return super().forward(input, hx)[0]


class GRU(nn.GRU):
    """nn.GRU that passes on only its output sequence."""

    def forward(self, input, hx=None):
        return super().forward(input, hx)[0]
