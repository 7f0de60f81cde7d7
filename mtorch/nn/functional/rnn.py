"""The recurrent layers' maths: one time step as a Function (the cells use them), and a whole layer,
every time step forward and back-propagation through time, as one Function (RNN, LSTM and GRU use them).

The layers in `mtorch.nn.modules.rnn` project the whole input sequence at once
(``xw = x @ W_ih^T + b_ih``, one matmul for all time steps), then run the recurrence for one layer and
direction as a single node, `RNNLayer`, `LSTMLayer` or `GRULayer`: a loop over time in forward, the same
loop backwards in backward, on buffers allocated once per call. Each is the step Function of the same
name run over the sequence, written out so that the autograd records one node instead of a few per
step; `LSTMStep` & co. stay the plain reference of one step (and the tests check the layer against them).

Gates are laid out as in PyTorch: LSTM ``(i, f, g, o)``, GRU ``(r, z, n)``. Inside the layer Functions
each gate is its own contiguous (N, H) block, (gates, N, H): strided gate slices of an (N, gates * H)
array cost more than the maths on them at these sizes.
"""

import threading

import numpy as np

from ...autograd import NumpyFunction
from .linear import project


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


# ---- whole layers: every time step in one Function ---------------------------------------------------
#
# Shared conventions. Forward arguments: x (L, N, H_in); h0 (and the LSTM's c0) (N, H); the layer's
# W_ih (G*H, H_in), W_hh (G*H, H), b_ih, b_hh (G*H,) or None; `mask` None or (L, N, 1), 1 while sequence n
# is running at step t (packed input: a finished sequence's state is held, h_t = m_t h_new + (1 - m_t)
# h_{t-1}); `reverse`: the steps run from t = L-1 down to 0. Outputs: hs (L, N, H) (h_t for every t, in time
# order), h_n (and c_n) after the last step run. The input projection xw = x W_ih^T + b_ih of all steps is
# one matmul before the loop; buffers are indexed by k, the k-th step run (t = k, or L-1-k in reverse),
# and h[k] is the state before it. Backward collects every step's gate gradients d[k] and ends with one
# matmul each for dL/dW_ih, dL/dW_hh and dL/dx over all steps at once.


_work = threading.local()
_KEEP_BYTES = 16 * 2**20  # the largest work array kept between calls


def _work_buffer(name, shape, dtype):
    """This thread's work array `name`, kept from the last call when shape and dtype match. Only for
    temporaries that never leave the call (nothing returned or saved is a view of one): a fresh ~1 MB
    array each training step costs ~190 page faults, about 6% of an LSTM step. Arrays over _KEEP_BYTES are
    made afresh each call (a large model's would otherwise stay held as long as the thread lives)."""
    buf = getattr(_work, name, None)
    if buf is None or buf.shape != shape or buf.dtype != dtype:
        buf = np.empty(shape, dtype)
        setattr(_work, name, buf if buf.nbytes <= _KEEP_BYTES else None)
    return buf


def _steps(length, reverse):
    return range(length - 1, -1, -1) if reverse else range(length)


def _held(mask):
    """Per time step: does some sequence stop before it (its state then has to be held)?"""
    return np.zeros(0, bool) if mask is None else ~mask.all(axis=(1, 2))


def _sigmoid_(x):
    """σ in place (errors off around the caller's loop: e^-x may overflow to inf, giving the limit 0)."""
    np.negative(x, out=x)
    np.exp(x, out=x)
    x += 1.0
    np.reciprocal(x, out=x)


def _in_blocks(w, gates, order):
    """W (G*H, ...) or b (G*H,) with its G row blocks in `order` (None: as they are)."""
    if w is None or order is None:
        return w
    return w.reshape(gates, w.shape[0] // gates, *w.shape[1:])[order].reshape(w.shape)


def _input_projection(x, w_ih, bias, gates):
    """xw = x W_ih^T + bias for all L steps in one matmul, as (L, N, G, H): xw[t].transpose(1, 0, 2) is step t's
    gate blocks (G, N, H)."""
    L, N, _ = x.shape
    rows = x.reshape(L * N, x.shape[2])
    if bias is None:
        xw = project(rows, w_ih)
    else:  # the bias as one more input, a column of ones: one GEMM and no pass over xw to add it
        ones = np.ones((L * N, 1), x.dtype)
        xw = np.concatenate([rows, ones], axis=1) @ np.concatenate([w_ih, bias[:, None]], axis=1).T
    return xw.reshape(L, N, gates, w_ih.shape[0] // gates)


def _hold(new, old, m):
    """new = m new + (1 - m) old, in place: the state of a finished sequence stays as it was."""
    new -= old
    new *= m
    new += old


def _by_rows(d):
    """Gate gradients by step, d (L, G, N, H), as one (G*H, L*N) matrix (one copy): a column per step and
    sequence, so that dL/dW = D @ (what the gates read, one row per step and sequence)."""
    L, G, N, H = d.shape
    return d.transpose(1, 3, 0, 2).reshape(G * H, L * N)


def _input_grads(ctx, D, x, w_ih, reverse, gates, order):
    """dL/dx = D^T W_ih and dL/dW_ih = D x (x in the order the steps ran), for the inputs that need them."""
    need = ctx.needs_input_grad
    L, N, H_in = x.shape
    dx = dw_ih = None
    if need[0]:
        dx = (D.T @ w_ih).reshape(L, N, H_in)
        dx = np.ascontiguousarray(dx[::-1]) if reverse else dx
    if ctx.need_w_ih:
        xk = np.ascontiguousarray(x[::-1]) if reverse else x
        dw_ih = _in_blocks(D @ xk.reshape(L * N, H_in), gates, order)
    return dx, dw_ih


def _outputs(h, reverse):
    """hs in time order (a copy: h is saved for backward) and h_n, a copy of the last state."""
    hs = h[:0:-1] if reverse else h[1:]
    return hs.copy(), h[-1].copy()  # a real copy: h[1:] is already contiguous, so ascontiguousarray would share it


class RNNLayer(NumpyFunction):
    """An Elman RNN layer over all time steps: h_t = act(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh), act tanh or
    relu. Backward, from the last step to the first, dh the gradient reaching h_t:
        d_t = dh act'(h_t);   dL/dh_{t-1} = d_t W_hh (+ the gradient of hs at t-1)
    then for all steps at once: dL/dW_hh = sum_t d_t^T h_{t-1}, dL/dW_ih = sum_t d_t^T x_t, dL/dx_t = d_t W_ih,
    dL/db_ih = dL/db_hh = sum_t d_t."""

    @staticmethod
    def forward(ctx, x, h0, w_ih, w_hh, b_ih, b_hh, mask, reverse, nonlinearity):
        L, N = x.shape[:2]
        H = w_hh.shape[1]
        bias = None if b_ih is None else b_ih + b_hh
        xw = _input_projection(x, w_ih, bias, 1)
        h = np.empty((L + 1, N, H), x.dtype)  # h[k]: the state before step k
        h[0] = h0
        w_t = np.ascontiguousarray(w_hh.T)
        held = _held(mask)
        for k, t in enumerate(_steps(L, reverse)):
            new = h[k + 1]
            np.matmul(h[k], w_t, out=new)
            new += xw[t, :, 0]
            if nonlinearity == "tanh":
                np.tanh(new, out=new)
            else:
                np.maximum(new, 0.0, out=new)
            if mask is not None and held[t]:
                _hold(new, h[k], mask[t])
        ctx.save_for_backward(x, h, w_ih, w_hh)
        ctx.mask, ctx.reverse, ctx.nonlinearity = mask, reverse, nonlinearity
        ctx.need_w_ih = ctx.needs_input_grad[2]
        return _outputs(h, reverse)

    @staticmethod
    def backward(ctx, grad_hs, grad_hn):
        x, h, w_ih, w_hh = ctx.saved_tensors
        mask, reverse = ctx.mask, ctx.reverse
        L, N, H = h.shape[0] - 1, h.shape[1], h.shape[2]
        d = np.empty((L, 1, N, H), h.dtype)  # d[k] = dL/d(pre-activation) of step k
        dh = np.zeros((N, H), h.dtype) if grad_hn is None else grad_hn.copy()  # dL/dh after step k
        held = _held(mask)
        for k in range(L - 1, -1, -1):
            t = L - 1 - k if reverse else k
            if grad_hs is not None:
                dh += grad_hs[t]
            if mask is not None and held[t]:  # a held state passes (1 - m) of its gradient straight back
                m = mask[t]
                skip, dh = dh * (1 - m), dh * m
            dk = d[k, 0]
            if ctx.nonlinearity == "tanh":  # tanh' = 1 - tanh^2
                np.multiply(h[k + 1], h[k + 1], out=dk)
                np.subtract(1.0, dk, out=dk)
                dk *= dh
            else:  # relu' = 1 where the output is positive
                np.multiply(dh, h[k + 1] > 0, out=dk)
            dh = dk @ w_hh  # dL/dh_{k-1} through h_{k-1} W_hh^T
            if mask is not None and held[t]:
                dh += skip
        need = ctx.needs_input_grad
        D = _by_rows(d)
        dx, dw_ih = _input_grads(ctx, D, x, w_ih, reverse, 1, None)
        db = D.sum(axis=1) if need[4] or need[5] else None
        return (dx, dh if need[1] else None, dw_ih, D @ h[:L].reshape(L * N, H) if need[3] else None,
                db if need[4] else None, db if need[5] else None, None, None, None)


_LSTM_ORDER = [0, 1, 3, 2]  # PyTorch's (i, f, g, o) as (i, f, o, g): the three sigmoids side by side
                           # (for the weights' and biases' row blocks; the order is its own inverse)


class LSTMLayer(NumpyFunction):
    """An LSTM layer over all time steps. At each step t:

        i, f, g, o = σ, σ, tanh, σ of (x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)
        c_t = f c_{t-1} + i g
        h_t = o tanh(c_t)

    Backward, from the last step to the first, with dh, dc the gradients reaching h_t and c_t, the gate
    pre-activations' gradients (σ' = σ (1 - σ), tanh' = 1 - tanh^2) are
        di = dc g σ'(i);   df = dc c_{t-1} σ'(f);   dg = dc i (1 - g^2);   do = dh tanh(c_t) σ'(o)
    where dc already holds dh o (1 - tanh^2(c_t)), and
        dL/dc_{t-1} = dc f;   dL/dh_{t-1} = d_gates W_hh (+ the gradient of hs at t-1);
    then for all steps at once: dL/dW_hh = sum_t d_t^T h_{t-1}, dL/dW_ih = sum_t d_t^T x_t, dL/dx_t = d_t W_ih,
    dL/db_ih = dL/db_hh = sum_t d_t.

    The gates are (4, N, H) blocks in the order (i, f, o, g), each a contiguous (N, H) array (the weights'
    rows are put in that order once per call). The sigmoids are σ(x) = (1 + tanh(x / 2)) / 2 with the x / 2
    folded into the i, f, o rows of the weights and biases (halving is exact), so one tanh call
    activates all four gates.
    """

    @staticmethod
    def forward(ctx, x, h0, c0, w_ih, w_hh, b_ih, b_hh, mask, reverse):
        L, N = x.shape[:2]
        H = w_hh.shape[1]
        w_ih, w_hh = _in_blocks(w_ih, 4, _LSTM_ORDER), _in_blocks(w_hh, 4, _LSTM_ORDER)
        bias = None if b_ih is None else _in_blocks(b_ih + b_hh, 4, _LSTM_ORDER)
        half = np.repeat(np.array([0.5, 0.5, 0.5, 1.0], x.dtype), H)  # x / 2 for the sigmoid gates' rows
        xw = _input_projection(x, w_ih * half[:, None], None if bias is None else bias * half, 4)
        xw = xw.reshape(L, N, 4 * H)  # step t's rows xw[t], like hw
        w_t = np.ascontiguousarray((w_hh * half[:, None]).T)
        act = np.empty((L, 4, N, H), x.dtype)  # the gates after their activations, by step
        h = np.empty((L + 1, N, H), x.dtype)  # h[k], c[k]: the state before step k
        c = np.empty((L + 1, N, H), x.dtype)
        tanh_c = np.empty((L, N, H), x.dtype)  # tanh of step k's new cell (before a hold)
        h[0], c[0] = h0, c0
        hw = np.empty((N, 4 * H), x.dtype)
        hw_blocks = hw.reshape(N, 4, H).transpose(1, 0, 2)
        held = _held(mask)
        for k, t in enumerate(_steps(L, reverse)):
            a = act[k]
            np.matmul(h[k], w_t, out=hw)
            hw += xw[t]  # the pre-activations (halved for i, f, o), added while both are (N, 4H) rows
            np.tanh(hw_blocks, out=a)  # into the gates' contiguous (4, N, H) blocks
            sig = a[:3]  # σ(x) = (1 + tanh(x / 2)) / 2
            sig += 1.0
            sig *= 0.5
            i, f, o, g = a
            np.multiply(f, c[k], out=c[k + 1])  # c_t = f c_{t-1} + i g
            c[k + 1] += i * g
            np.tanh(c[k + 1], out=tanh_c[k])
            np.multiply(o, tanh_c[k], out=h[k + 1])  # h_t = o tanh(c_t)
            if mask is not None and held[t]:
                _hold(h[k + 1], h[k], mask[t])
                _hold(c[k + 1], c[k], mask[t])
        ctx.save_for_backward(x, act, h, c, tanh_c, w_ih, w_hh)
        ctx.mask, ctx.reverse = mask, reverse
        ctx.need_w_ih = ctx.needs_input_grad[3]
        return (*_outputs(h, reverse), c[L].copy())

    @staticmethod
    def backward(ctx, grad_hs, grad_hn, grad_cn):
        x, act, h, c, tanh_c, w_ih, w_hh = ctx.saved_tensors
        mask, reverse = ctx.mask, ctx.reverse
        L, _, N, H = act.shape
        i, f, o, g = act.transpose(1, 0, 2, 3)  # (L, N, H) each, by step
        # what the gate gradients multiply dc (the o gate: dh) by, for all steps before the loop, blocks
        # (L, 4, N, H) like act: per[k] = (g σ'(i), c_{k-1} σ'(f), tanh(c_k) σ'(o), i (1 - g^2)) with
        # σ' = σ (1 - σ); and through_c = o (1 - tanh^2(c)), what dh passes to dc
        per = _work_buffer('lstm per', act.shape, act.dtype)
        sig = act[:, :3]
        np.subtract(1.0, sig, out=per[:, :3])
        per[:, :3] *= sig
        per[:, 0] *= g
        per[:, 1] *= c[:L]
        per[:, 2] *= tanh_c
        np.multiply(g, g, out=per[:, 3])
        np.subtract(1.0, per[:, 3], out=per[:, 3])
        per[:, 3] *= i
        per_n = per.transpose(0, 2, 1, 3)  # the same numbers by step as (N, 4, H), as d below
        through_c = tanh_c * tanh_c
        np.subtract(1.0, through_c, out=through_c)
        through_c *= o
        if grad_hs is not None:
            grad_hs = np.ascontiguousarray(grad_hs)  # it may arrive as a batch-first transpose
        # d[k]: dL/d(gate pre-activations) of step k, one (N, 4H) row block per step, gates (i, f, o, g)
        d = _work_buffer('lstm d', (L, N, 4, H), act.dtype)
        dh = np.zeros((N, H), act.dtype) if grad_hn is None else grad_hn.copy()  # dL/dh_k, dL/dc_k
        dc = np.zeros((N, H), act.dtype) if grad_cn is None else grad_cn.copy()
        tmp = np.empty((N, H), act.dtype)
        held = _held(mask)
        for k in range(L - 1, -1, -1):
            t = L - 1 - k if reverse else k
            if grad_hs is not None:
                dh += grad_hs[t]
            if mask is not None and held[t]:  # a held state passes (1 - m) of its gradient straight back
                m = mask[t]
                skip_h, skip_c, dh, dc = dh * (1 - m), dc * (1 - m), dh * m, dc * m
            dc += np.multiply(dh, through_c[k], out=tmp)  # through h_t = o tanh(c_t)
            dk = d[k]
            np.multiply(dc[:, None], per_n[k], out=dk)  # di, df, dg
            np.multiply(dh, per_n[k, :, 2], out=dk[:, 2])  # do
            dc *= f[k]  # dL/dc_{t-1}
            dh = dk.reshape(N, 4 * H) @ w_hh  # dL/dh_{t-1} = d_gates W_hh
            if mask is not None and held[t]:
                dh += skip_h
                dc += skip_c
        need = ctx.needs_input_grad
        rows = d.reshape(L * N, 4 * H)
        D = rows.T  # (4H, L*N): a column per step and sequence
        dx, dw_ih = _input_grads(ctx, D, x, w_ih, reverse, 4, _LSTM_ORDER)
        dw_hh = _in_blocks(D @ h[:L].reshape(L * N, H), 4, _LSTM_ORDER) if need[4] else None
        # the column sums as a GEMV (several times faster than .sum on these shapes)
        db = _in_blocks(np.ones(L * N, d.dtype) @ rows, 4, _LSTM_ORDER) if need[5] or need[6] else None
        return (dx, dh if need[1] else None, dc if need[2] else None, dw_ih, dw_hh,
                db if need[5] else None, db if need[6] else None, None, None)


class GRULayer(NumpyFunction):
    """A GRU layer over all time steps. At each step t (xw = x_t W_ih^T + b_ih, hw = h_{t-1} W_hh^T + b_hh):

        r, z = σ(xw_r + hw_r), σ(xw_z + hw_z)
        n = tanh(xw_n + r hw_n)
        h_t = (1 - z) n + z h_{t-1}

    Backward, from the last step to the first, dh the gradient reaching h_t:
        dn = dh (1 - z) (1 - n^2);   dr = dn hw_n r (1 - r);   dz = dh (h_{t-1} - n) z (1 - z)
        dL/dxw_t = (dr, dz, dn);   dL/dhw_t = (dr, dz, dn r)
        dL/dh_{t-1} = dL/dhw_t W_hh + dh z (+ the gradient of hs at t-1)
    then for all steps at once: dL/dW_hh = sum_t dL/dhw_t^T h_{t-1}, dL/db_hh = sum_t dL/dhw_t,
    dL/dW_ih = sum_t dL/dxw_t^T x_t, dL/db_ih = sum_t dL/dxw_t, dL/dx_t = dL/dxw_t W_ih.
    The gates are (3, N, H) blocks (r, z, n), each a contiguous (N, H) array.
    """

    @staticmethod
    def forward(ctx, x, h0, w_ih, w_hh, b_ih, b_hh, mask, reverse):
        L, N = x.shape[:2]
        H = w_hh.shape[1]
        xw = _input_projection(x, w_ih, b_ih, 3)
        w_t = np.ascontiguousarray(w_hh.T)
        act = np.empty((L, 3, N, H), x.dtype)  # r, z, n by step
        hw_n = np.empty((L, N, H), x.dtype)  # h_{t-1} W_hn^T + b_hn by step
        h = np.empty((L + 1, N, H), x.dtype)
        h[0] = h0
        hw = np.empty((N, 3 * H), x.dtype)
        held = _held(mask)
        with np.errstate(over="ignore"):
            for k, t in enumerate(_steps(L, reverse)):
                np.matmul(h[k], w_t, out=hw)
                if b_hh is not None:
                    hw += b_hh
                blocks, x_blocks = hw.reshape(N, 3, H).transpose(1, 0, 2), xw[t].transpose(1, 0, 2)
                rz, n, new = act[k, :2], act[k, 2], h[k + 1]
                np.add(x_blocks[:2], blocks[:2], out=rz)
                _sigmoid_(rz)
                r, z = rz
                hw_n[k] = blocks[2]
                np.multiply(r, hw_n[k], out=n)  # n = tanh(xw_n + r hw_n)
                n += x_blocks[2]
                np.tanh(n, out=n)
                np.subtract(h[k], n, out=new)  # h_t = n + z (h_{t-1} - n)
                new *= z
                new += n
                if mask is not None and held[t]:
                    _hold(new, h[k], mask[t])
        ctx.save_for_backward(x, act, hw_n, h, w_ih, w_hh)
        ctx.mask, ctx.reverse = mask, reverse
        ctx.need_w_ih = ctx.needs_input_grad[2]
        return _outputs(h, reverse)

    @staticmethod
    def backward(ctx, grad_hs, grad_hn):
        x, act, hw_n, h, w_ih, w_hh = ctx.saved_tensors
        mask, reverse = ctx.mask, ctx.reverse
        L, _, N, H = act.shape
        dx = np.empty_like(act)  # dL/dxw by step: (dr, dz, dn)
        dhw = np.empty_like(act)  # dL/dhw by step: (dr, dz, dn r)
        dh = np.zeros((N, H), act.dtype) if grad_hn is None else grad_hn.copy()
        held = _held(mask)
        for k in range(L - 1, -1, -1):
            t = L - 1 - k if reverse else k
            if grad_hs is not None:
                dh += grad_hs[t]
            if mask is not None and held[t]:  # a held state passes (1 - m) of its gradient straight back
                m = mask[t]
                skip, dh = dh * (1 - m), dh * m
            r, z, n = act[k]
            dr, dz, dn = dx[k]
            np.multiply(n, n, out=dn)  # dn = dh (1 - z) (1 - n^2)
            np.subtract(1.0, dn, out=dn)
            dn *= dh
            dn *= 1.0 - z
            np.multiply(dn, hw_n[k], out=dr)  # dr = dn hw_n r (1 - r)
            dr *= r * (1.0 - r)
            np.subtract(h[k], n, out=dz)  # dz = dh (h_{t-1} - n) z (1 - z)
            dz *= dh
            dz *= z * (1.0 - z)
            dhw[k, :2] = dx[k, :2]
            np.multiply(dn, r, out=dhw[k, 2])
            dh_direct = dh * z  # h_t depends on h_{t-1} directly through z h_{t-1}
            dh = dhw[k].transpose(1, 0, 2).reshape(N, 3 * H) @ w_hh
            dh += dh_direct
            if mask is not None and held[t]:
                dh += skip
        need = ctx.needs_input_grad
        Dx, Dh = _by_rows(dx), _by_rows(dhw)
        d_input, dw_ih = _input_grads(ctx, Dx, x, w_ih, reverse, 3, None)
        return (d_input, dh if need[1] else None, dw_ih, Dh @ h[:L].reshape(L * N, H) if need[3] else None,
                Dx.sum(axis=1) if need[4] else None, Dh.sum(axis=1) if need[5] else None, None, None)
