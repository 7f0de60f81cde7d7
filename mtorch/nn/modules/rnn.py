"""Recurrent layers: RNN (tanh or relu), LSTM, GRU and their single-step cells, shaped like torch.nn.

A layer runs, for every layer and direction:

    hs, h_n = Layer(x, h_0, W_ih, W_hh, b_ih, b_hh, ...)    one Function (mtorch.nn.functional.rnn)

which projects the input of all time steps at once (xw = x @ W_ih^T + b_ih, one matmul), runs the steps,
and runs back-propagation through time inside its backward. RNN and LSTM add b_hh once to xw's bias
rather than in every step (the same sum, cheaper); the GRU keeps it in the step, where b_hn sits inside
r * (h W_hn^T + b_hn). The cells run one step Function (LSTMStep & co.), the plain reference of the maths
that the layer Functions loop over.

A PackedSequence is run padded and length-sorted, each state held once its sequence has ended
(h_t = m_t h_new + (1 - m_t) h_{t-1}); the reverse direction runs forwards over each sequence reversed
within its own length, so it starts at that sequence's last real step.
"""

import math
import warnings

import numpy as np

from ...creation import empty, zeros
from ...functions import cat, stack
from .. import functional as F
from .. import init
from ..errors import ShapeError
from ..functional.rnn import GRULayer, GRUStep, LSTMLayer, LSTMStep, RNNLayer, RNNReLUStep, RNNTanhStep, Unbind
from ..parameter import Parameter
from ..utils.rnn import PackedSequence, _packed_positions
from .module import Module

_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}
_STEPS = {"RNN_TANH": RNNTanhStep, "RNN_RELU": RNNReLUStep, "LSTM": LSTMStep, "GRU": GRUStep}


def _step(step, xw, state, w_hh, b_hh):
    """Advance `state` ((h,) or, for the LSTM, (h, c)) by one time step; returns the new state tuple."""
    new = step.apply(xw, *state, w_hh, b_hh)
    return new if isinstance(new, tuple) else (new,)


def _check_state_dtype(layer, name, state, dtype):
    """A hidden state of another dtype than the input would silently turn the whole step into float64."""
    if state.dtype != dtype:
        raise RuntimeError(f"{layer!r}: expected {name} of dtype mtorch.{dtype} like the input, got "
                           f"mtorch.{state.dtype}")


class RNNBase(Module):
    """What RNN, LSTM and GRU share: the parameters of every layer and direction, and the loop over time."""

    def __init__(self, mode, input_size, hidden_size, num_layers=1, bias=True, batch_first=False,
                 dropout=0.0, bidirectional=False, device=None, dtype=None):
        super().__init__()
        if not isinstance(hidden_size, int) or hidden_size <= 0:
            raise ValueError(f"hidden_size must be a positive integer, got {hidden_size!r}")
        if not isinstance(num_layers, int) or num_layers <= 0:
            raise ValueError(f"num_layers must be a positive integer, got {num_layers!r}")
        if not 0 <= dropout <= 1 or isinstance(dropout, bool):
            raise ValueError(f"dropout must be a number in [0, 1], got {dropout!r}")
        if dropout > 0 and num_layers == 1:
            warnings.warn(f"dropout={dropout} and num_layers=1: dropout acts between recurrent layers only, "
                          "so it does nothing here", stacklevel=2)
        self.mode = mode
        self.input_size, self.hidden_size, self.num_layers = input_size, hidden_size, num_layers
        self.bias, self.batch_first = bias, batch_first
        self.dropout, self.bidirectional = float(dropout), bidirectional
        num_directions = 2 if bidirectional else 1
        gate_size = _GATES[mode] * hidden_size
        self._flat_weights_names = []
        for layer in range(num_layers):
            for direction in range(num_directions):
                layer_input_size = input_size if layer == 0 else hidden_size * num_directions
                shapes = [(gate_size, layer_input_size), (gate_size, hidden_size)]
                names = ["weight_ih_l{}{}", "weight_hh_l{}{}"]
                if bias:
                    shapes += [(gate_size,), (gate_size,)]
                    names += ["bias_ih_l{}{}", "bias_hh_l{}{}"]
                for name, shape in zip(names, shapes):
                    name = name.format(layer, "_reverse" if direction else "")
                    setattr(self, name, Parameter(empty(*shape, dtype=dtype)))
                    self._flat_weights_names.append(name)
        self.reset_parameters()

    def reset_parameters(self):
        """Every weight and bias ~ U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)), as in PyTorch."""
        bound = 1.0 / math.sqrt(self.hidden_size)
        for weight in self.parameters():
            init.uniform_(weight, -bound, bound)

    def flatten_parameters(self):
        """PyTorch packs the weights into one buffer for cuDNN here; mtorch's are plain arrays already."""

    @property
    def all_weights(self):
        """The parameters grouped per layer and direction: [[w_ih, w_hh, b_ih, b_hh], ...]."""
        per = 4 if self.bias else 2
        weights = [getattr(self, name) for name in self._flat_weights_names]
        return [weights[i:i + per] for i in range(0, len(weights), per)]

    def extra_repr(self):
        s = f"{self.input_size}, {self.hidden_size}"
        if self.num_layers != 1:
            s += f", num_layers={self.num_layers}"
        if self.mode == "RNN_RELU":
            s += ", nonlinearity=relu"
        if not self.bias:
            s += ", bias=False"
        if self.batch_first:
            s += ", batch_first=True"
        if self.dropout:
            s += f", dropout={self.dropout}"
        if self.bidirectional:
            s += ", bidirectional=True"
        return s

    def _check_input(self, input):
        """Raise a ShapeError naming the layer unless input is (L, H_in), (L, N, H_in) or (N, L, H_in)."""
        batched = "(N, L, {})" if self.batch_first else "(L, N, {})"
        expected = f"{batched.format(self.input_size)} or unbatched (L, {self.input_size})"
        if input.dim() not in (2, 3) or input.shape[-1] != self.input_size:
            raise ShapeError(self, expected, input.shape)
        return input.dim() == 3

    def _check_dtype(self, dtype):
        weight_dtype = self.weight_ih_l0.dtype
        if dtype != weight_dtype:
            raise ValueError(f"RNN input dtype (mtorch.{dtype}) does not match weight dtype "
                             f"(mtorch.{weight_dtype}). Convert input: input.to(mtorch.{weight_dtype}), or "
                             f"convert model: model.to(mtorch.{dtype})")

    def _initial_states(self, hx, batch_size, batched, dtype):
        """The hidden states as one tuple per layer and direction: (h,) or, for the LSTM, (h, c)."""
        num_states = self.num_layers * (2 if self.bidirectional else 1)
        shape = (num_states, batch_size, self.hidden_size) if batched else (num_states, self.hidden_size)
        if hx is None:
            zero = zeros(batch_size, self.hidden_size, dtype=dtype)
            return [(zero,) * (2 if self.mode == "LSTM" else 1)] * num_states
        if self.mode == "LSTM" and not (isinstance(hx, (tuple, list)) and len(hx) == 2):
            raise TypeError(f"{self!r}: expected the initial state as a tuple (h_0, c_0), got {type(hx).__name__}")
        parts = hx if self.mode == "LSTM" else (hx,)
        names = ("h_0", "c_0") if self.mode == "LSTM" else ("h_0",)
        per_state = []
        for name, part in zip(names, parts):
            if tuple(part.shape) != shape:
                raise ShapeError(self, f"{shape}", part.shape, what=f"{name} of shape")
            _check_state_dtype(self, name, part, dtype)
            per_state.append(Unbind.apply(part if batched else part.unsqueeze(1)))
        return list(zip(*per_state))

    def forward(self, input, hx=None):
        """input (L, N, H_in) ((N, L, H_in) if batch_first, or unbatched (L, H_in)) and the optional initial
        state -> (output (L, N, D * H), h_n (D * num_layers, N, H)); for the LSTM the state is (h, c).
        A PackedSequence input gives a PackedSequence output and each sequence's state at its last step."""
        if isinstance(input, PackedSequence):
            return self._forward_packed(input, hx)
        batched = self._check_input(input)
        if not batched:
            input = input.unsqueeze(1)
        elif self.batch_first:
            input = input.transpose(0, 1)
        seq_len, batch_size = input.shape[0], input.shape[1]
        if seq_len == 0:
            raise RuntimeError("Expected sequence length to be larger than 0 in RNN")
        self._check_dtype(input.dtype)
        states = self._initial_states(hx, batch_size, batched, input.dtype)
        output, h_n = self._layers(input, states)
        if not batched:
            output, h_n = output.squeeze(1), [h.squeeze(1) for h in h_n]
        elif self.batch_first:
            output = output.transpose(0, 1)
        return output, (tuple(h_n) if self.mode == "LSTM" else h_n[0])

    def _forward_packed(self, packed, hx):
        """Run on the padded, length-sorted batch; a sequence's state stops changing after its last step, and
        the reverse direction reads each sequence backwards from its own last step."""
        data, batch_sizes = packed.data, packed.batch_sizes.numpy()
        if data.dim() != 2 or data.shape[-1] != self.input_size:
            raise ShapeError(self, f"packed data (sum of lengths, {self.input_size})", data.shape)
        self._check_dtype(data.dtype)
        steps, rows = _packed_positions(batch_sizes)
        seq_len, batch_size = len(batch_sizes), int(batch_sizes[0])
        source = np.full((seq_len, batch_size), data.shape[0], dtype=np.int64)
        source[steps, rows] = np.arange(data.shape[0])
        padded = cat([data, zeros(1, data.shape[1], dtype=data.dtype)])[source]  # (L, N, H_in), sorted batch
        lengths = (np.arange(batch_size)[None, :] < batch_sizes[:, None]).sum(axis=0)
        if hx is not None and packed.sorted_indices is not None:  # hx is in the caller's batch order
            order = packed.sorted_indices
            hx = tuple(h.index_select(1, order) for h in hx) if self.mode == "LSTM" else hx.index_select(1, order)
        states = self._initial_states(hx, batch_size, True, data.dtype)
        output, h_n = self._layers(padded, states, lengths)
        if packed.unsorted_indices is not None:
            h_n = [h.index_select(1, packed.unsorted_indices) for h in h_n]
        output = PackedSequence(output[steps, rows], packed.batch_sizes, packed.sorted_indices,
                                packed.unsorted_indices)
        return output, (tuple(h_n) if self.mode == "LSTM" else h_n[0])

    def _layers(self, input, states, lengths=None):
        """input (L, N, H_in) time-major -> (output (L, N, D * H), [h_n] or, for the LSTM, [h_n, c_n]).
        With lengths (N,), sequence n is only lengths[n] steps long: its state is held after that step."""
        seq_len, batch_size = input.shape[0], input.shape[1]
        num_directions = 2 if self.bidirectional else 1
        weights = self.all_weights
        mask = None
        if lengths is not None:
            times = np.arange(seq_len)[:, None]
            active = times < lengths[None, :]
            # mask[t] (N, 1) is 1 while sequence n is running; reverse[t, n] reads sequence n backwards
            mask = active[:, :, None].astype(input.dtype)
            reverse = np.where(active, lengths[None, :] - 1 - times, times), np.arange(batch_size)[None, :]
        finals = []
        layer_output = input
        for layer in range(self.num_layers):
            if layer and self.dropout and self.training:
                layer_output = F.dropout(layer_output, self.dropout, training=True)
            outputs = []
            for direction in range(num_directions):
                index = layer * num_directions + direction
                w_ih, w_hh, b_ih, b_hh = weights[index] if self.bias else (*weights[index], None, None)
                direction_input = layer_output[reverse] if direction and lengths is not None else layer_output
                # backwards over time: a packed batch runs each sequence reversed in place, else the steps run back
                backwards = bool(direction) and lengths is None
                state, weights_and_mask = states[index], (w_ih, w_hh, b_ih, b_hh, mask, backwards)
                if self.mode == "LSTM":
                    hs, *state = LSTMLayer.apply(direction_input, *state, *weights_and_mask)
                elif self.mode == "GRU":
                    hs, *state = GRULayer.apply(direction_input, *state, *weights_and_mask)
                else:
                    nonlinearity = "tanh" if self.mode == "RNN_TANH" else "relu"
                    hs, *state = RNNLayer.apply(direction_input, *state, *weights_and_mask, nonlinearity)
                outputs.append(hs[reverse] if direction and lengths is not None else hs)
                finals.append(state)
            layer_output = outputs[0] if num_directions == 1 else cat(outputs, dim=2)
        return layer_output, [stack(s) for s in zip(*finals)]


class RNN(RNNBase):
    """Elman RNN: h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh) (or relu), stacked num_layers deep."""

    def __init__(self, input_size, hidden_size, num_layers=1, nonlinearity="tanh", bias=True, batch_first=False,
                 dropout=0.0, bidirectional=False, device=None, dtype=None):
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or 'relu'.")
        self.nonlinearity = nonlinearity
        super().__init__("RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU", input_size, hidden_size,
                         num_layers, bias, batch_first, dropout, bidirectional, device, dtype)


class LSTM(RNNBase):
    """Long short-term memory; returns output, (h_n, c_n) and takes an optional (h_0, c_0)."""

    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, device=None, dtype=None):
        super().__init__("LSTM", input_size, hidden_size, num_layers, bias, batch_first, dropout,
                         bidirectional, device, dtype)


class GRU(RNNBase):
    """Gated recurrent unit; returns output, h_n."""

    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, device=None, dtype=None):
        super().__init__("GRU", input_size, hidden_size, num_layers, bias, batch_first, dropout,
                         bidirectional, device, dtype)


class RNNCellBase(Module):
    """One time step of a recurrent layer, for (N, input_size) or unbatched (input_size,) input."""

    def __init__(self, mode, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__()
        self.mode, self.input_size, self.hidden_size, self.bias = mode, input_size, hidden_size, bias
        gate_size = _GATES[mode] * hidden_size
        self.weight_ih = Parameter(empty(gate_size, input_size, dtype=dtype))
        self.weight_hh = Parameter(empty(gate_size, hidden_size, dtype=dtype))
        if bias:
            self.bias_ih = Parameter(empty(gate_size, dtype=dtype))
            self.bias_hh = Parameter(empty(gate_size, dtype=dtype))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        self.reset_parameters()

    reset_parameters = RNNBase.reset_parameters

    def extra_repr(self):
        s = f"{self.input_size}, {self.hidden_size}"
        if not self.bias:
            s += ", bias=False"
        if self.mode == "RNN_RELU":
            s += ", nonlinearity=relu"
        return s

    def forward(self, input, hx=None):
        if input.dim() not in (1, 2) or input.shape[-1] != self.input_size:
            raise ShapeError(self, f"(N, {self.input_size}) or unbatched ({self.input_size},)", input.shape)
        batched = input.dim() == 2
        if not batched:
            input = input.unsqueeze(0)
        shape = (input.shape[0], self.hidden_size) if batched else (self.hidden_size,)
        if hx is None:
            zero = zeros(input.shape[0], self.hidden_size, dtype=input.dtype)
            state = (zero, zero) if self.mode == "LSTM" else (zero,)
        else:
            state = hx if self.mode == "LSTM" else (hx,)
            for name, part in zip(("h", "c"), state):
                if tuple(part.shape) != shape:
                    raise ShapeError(self, f"{shape}", part.shape, what=f"hidden state {name} of shape")
                _check_state_dtype(self, name, part, input.dtype)
            if not batched:
                state = tuple(part.unsqueeze(0) for part in state)
        xw = F.linear(input, self.weight_ih, self.bias_ih)
        state = _step(_STEPS[self.mode], xw, state, self.weight_hh, self.bias_hh)
        if not batched:
            state = tuple(part.squeeze(0) for part in state)
        return state if self.mode == "LSTM" else state[0]


class RNNCell(RNNCellBase):
    """h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh) (or relu)."""

    def __init__(self, input_size, hidden_size, bias=True, nonlinearity="tanh", device=None, dtype=None):
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or 'relu'.")
        self.nonlinearity = nonlinearity
        super().__init__("RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU", input_size, hidden_size, bias,
                         device, dtype)


class LSTMCell(RNNCellBase):
    """One LSTM step: (input, (h, c)) -> (h', c')."""

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__("LSTM", input_size, hidden_size, bias, device, dtype)


class GRUCell(RNNCellBase):
    """One GRU step: (input, h) -> h'."""

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__("GRU", input_size, hidden_size, bias, device, dtype)
