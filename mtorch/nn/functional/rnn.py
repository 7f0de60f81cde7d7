"""One time step of the recurrent layers, each a single Function.

The layers in `mtorch.nn.modules.rnn` project the whole input sequence at once
(``xw = x @ W_ih^T + b_ih``, one matmul for all time steps), split it into steps with `Unbind`, and call
one of the step Functions below per time step (``b_hh`` is None when the layer already added it to xw).
Back-propagation through time is then nothing but the autograd walking that chain of steps backwards:
each step knows only its own local derivative.

Gates are laid out as in PyTorch: LSTM ``(i, f, g, o)``, GRU ``(r, z, n)``.
"""

import numpy as np

from ...autograd import NumpyFunction


class Unbind(NumpyFunction):
    """Split an array along dim 0 into its slices: (L, ...) -> L arrays of shape (...)."""

    @staticmethod
    def forward(ctx, x):
        ctx.shape = x.shape
        return tuple(x)

    @staticmethod
    def backward(ctx, *grads):
        grad = np.zeros(ctx.shape, dtype=next(g for g in grads if g is not None).dtype)
        for t, g in enumerate(grads):
            if g is not None:
                grad[t] = g
        return grad


def _sigmoid(x):
    """σ(x) = 1 / (1 + e^-x); where e^-x overflows to inf (x < -88 in float32) this gives the limit 0."""
    with np.errstate(over="ignore"):
        e = np.exp(-x)
    e += 1.0
    return np.reciprocal(e, out=e)


def _hidden_projection(h, w_hh, b_hh):
    hw = h @ w_hh.T
    return hw if b_hh is None else hw + b_hh


def _hidden_grads(ctx, dhw, h, w_hh):
    """Gradients through hw = h @ W_hh^T + b_hh, for the inputs (h, W_hh, b_hh) that need one."""
    need = ctx.needs_input_grad  # inputs (xw, h, [c,] w_hh, b_hh)
    need_h, need_w, need_b = need[1], need[-2], need[-1]
    return (dhw @ w_hh if need_h else None,
            dhw.T @ h if need_w else None,
            dhw.sum(0) if need_b else None)


class RNNTanhStep(NumpyFunction):
    """h' = tanh(xw + h W_hh^T + b_hh)"""

    @staticmethod
    def forward(ctx, xw, h, w_hh, b_hh):
        h_new = np.tanh(xw + _hidden_projection(h, w_hh, b_hh))
        ctx.save_for_backward(h, w_hh, h_new)
        return h_new

    @staticmethod
    def backward(ctx, grad):
        h, w_hh, h_new = ctx.saved_tensors
        dpre = grad * (1.0 - h_new * h_new)  # tanh' = 1 - tanh^2
        dh, dw, db = _hidden_grads(ctx, dpre, h, w_hh)
        return dpre, dh, dw, db


class RNNReLUStep(NumpyFunction):
    """h' = relu(xw + h W_hh^T + b_hh)"""

    @staticmethod
    def forward(ctx, xw, h, w_hh, b_hh):
        h_new = np.maximum(xw + _hidden_projection(h, w_hh, b_hh), 0.0)
        ctx.save_for_backward(h, w_hh, h_new)
        return h_new

    @staticmethod
    def backward(ctx, grad):
        h, w_hh, h_new = ctx.saved_tensors
        dpre = grad * (h_new > 0)  # relu' = 1 where the output is positive
        dh, dw, db = _hidden_grads(ctx, dpre, h, w_hh)
        return dpre, dh, dw, db


class LSTMStep(NumpyFunction):
    """i, f, g, o = σ, σ, tanh, σ of (xw + h W_hh^T + b_hh);  c' = f c + i g;  h' = o tanh(c')"""

    @staticmethod
    def forward(ctx, xw, h, c, w_hh, b_hh):
        gates = xw + _hidden_projection(h, w_hh, b_hh)
        hidden = h.shape[-1]
        act = _sigmoid(gates)  # σ for the i, f, o gates (one call for all, the g slot overwritten next)
        act[..., 2 * hidden:3 * hidden] = np.tanh(gates[..., 2 * hidden:3 * hidden])
        i, f, g, o = (act[..., k * hidden:(k + 1) * hidden] for k in range(4))
        c_new = f * c + i * g
        tanh_c = np.tanh(c_new)
        ctx.save_for_backward(h, c, w_hh, act, tanh_c)
        return o * tanh_c, c_new

    @staticmethod
    def backward(ctx, grad_h, grad_c):
        h, c, w_hh, act, tanh_c = ctx.saved_tensors
        hidden = h.shape[-1]
        i, f, g, o = (act[..., k * hidden:(k + 1) * hidden] for k in range(4))
        if grad_h is None:
            grad_h = np.zeros_like(c)
        dc = grad_h * o * (1.0 - tanh_c * tanh_c)  # through h' = o tanh(c')
        if grad_c is not None:
            dc += grad_c
        dact = np.concatenate((dc * g, dc * c, dc * i, grad_h * tanh_c), -1)  # d(loss)/d(i, f, g, o)
        slope = act * (1.0 - act)  # σ' = σ (1 - σ) ...
        slope[..., 2 * hidden:3 * hidden] = 1.0 - g * g  # ... and tanh' = 1 - tanh^2 for g
        dgates = dact * slope
        dh, dw, db = _hidden_grads(ctx, dgates, h, w_hh)
        dc_prev = dc * f if ctx.needs_input_grad[2] else None
        return dgates, dh, dc_prev, dw, db


class GRUStep(NumpyFunction):
    """r, z = σ(xw_rz + hw_rz);  n = tanh(xw_n + r hw_n);  h' = (1 - z) n + z h,  hw = h W_hh^T + b_hh"""

    @staticmethod
    def forward(ctx, xw, h, w_hh, b_hh):
        hw = _hidden_projection(h, w_hh, b_hh)
        hidden = h.shape[-1]
        rz = _sigmoid(xw[..., :2 * hidden] + hw[..., :2 * hidden])
        r, z = rz[..., :hidden], rz[..., hidden:]
        hw_n = hw[..., 2 * hidden:]
        n = np.tanh(xw[..., 2 * hidden:] + r * hw_n)
        h_new = n + z * (h - n)
        ctx.save_for_backward(h, w_hh, r, z, n, hw_n)
        return h_new

    @staticmethod
    def backward(ctx, grad):
        h, w_hh, r, z, n, hw_n = ctx.saved_tensors
        dn = grad * (1.0 - z) * (1.0 - n * n)     # at n's pre-activation
        dr = dn * hw_n * r * (1.0 - r)            # at r's pre-activation
        dz = grad * (h - n) * z * (1.0 - z)       # at z's pre-activation
        dxw = np.concatenate((dr, dz, dn), -1)
        dhw = np.concatenate((dr, dz, dn * r), -1)
        dh, dw, db = _hidden_grads(ctx, dhw, h, w_hh)
        if dh is not None:
            dh += grad * z                        # h' depends on h directly through z h
        return dxw, dh, dw, db
