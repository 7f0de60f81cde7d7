"""Optimizer: the base class that holds the parameter groups and the per-parameter state.

Subclasses implement ``step`` by updating each ``p.numpy()`` in place with numpy; nothing they do is
recorded by autograd. Those whose update is elementwise (Adam, AdamW, SGD, RMSprop) derive from
``ElementwiseOptimizer``: they write the update once, for arrays, and it runs on all the parameters of a
group at once (their state in one contiguous buffer per dtype) or on one parameter at a time. The helpers
below are the pieces the update rules share.
"""

import warnings
from collections import defaultdict
from copy import deepcopy
from itertools import chain

import numpy as np

from ..autograd.grad_mode import enable_grad
from ..creation import from_numpy
from ..tensor import Tensor


class Optimizer:
    """Base class of all optimisers, as ``torch.optim.Optimizer``.

    ``param_groups`` is a list of dicts, each holding its ``"params"`` and its hyper-parameters (``lr``, ...,
    filled in from ``defaults``); ``state`` maps a parameter to a dict of mtorch Tensors (its moments and
    its ``step`` count, a float32 scalar as in PyTorch).
    """

    def __init__(self, params, defaults):
        if isinstance(params, Tensor):
            raise TypeError(
                "params argument given to the optimizer should be an iterable of Tensors or dicts, "
                f"but got {type(params).__name__}"
            )
        self.defaults = defaults
        self.state = defaultdict(dict)
        self.param_groups = []
        param_groups = list(params)
        if not param_groups:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(param_groups[0], dict):
            param_groups = [{"params": param_groups}]
        for group in param_groups:
            self.add_param_group(group)

    def __repr__(self):
        lines = [f"{type(self).__name__} ("]
        for i, group in enumerate(self.param_groups):
            lines.append(f"Parameter Group {i}")
            lines += [f"    {key}: {group[key]}" for key in sorted(group) if key != "params"]
        return "\n".join(lines) + "\n)"

    def add_param_group(self, param_group):
        """Add a dict ``{"params": [...], <options>}``; options it leaves out take the defaults."""
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group).__name__}")
        params = param_group["params"]
        if isinstance(params, Tensor):
            params = [params]
        elif isinstance(params, set):
            raise TypeError(
                "optimizer parameters need to be organized in ordered collections, but the ordering of "
                "tensors in sets will change between runs. Please use a list instead."
            )
        params = list(params)
        for p in params:
            if not isinstance(p, Tensor):
                raise TypeError(
                    f"optimizer can only optimize Tensors, but one of the params is {type(p).__name__}"
                )
            if not p.is_leaf:
                raise ValueError("can't optimize a non-leaf Tensor")
        param_group["params"] = params
        for name, default in self.defaults.items():
            param_group.setdefault(name, default)

        ids = [id(p) for p in params]
        if len(ids) != len(set(ids)):
            warnings.warn("optimizer contains a parameter group with duplicate parameters", stacklevel=2)
        existing = {id(p) for group in self.param_groups for p in group["params"]}
        if not existing.isdisjoint(ids):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(param_group)

    def zero_grad(self, set_to_none=True):
        """Reset the gradients of all parameters: to None (the default) or to zeros."""
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None:
                    if set_to_none:
                        p.grad = None
                    else:
                        p.grad.numpy().fill(0)

    def state_dict(self):
        """``{"state": {index: {name: Tensor}}, "param_groups": [{..., "params": [index, ...]}]}``.

        Parameters are numbered in the order of the groups, as in PyTorch; the state tensors are the live
        ones (save or copy them before training further if a snapshot is meant).
        """
        index = {}
        param_groups = []
        start = 0
        for group in self.param_groups:
            for i, p in enumerate(group["params"], start):
                index.setdefault(id(p), i)
            start += len(group["params"])
            packed = {key: value for key, value in group.items() if key != "params"}
            packed["params"] = [index[id(p)] for p in group["params"]]
            param_groups.append(packed)
        state = {(index[id(p)] if isinstance(p, Tensor) else p): s for p, s in self.state.items()}
        return {"state": state, "param_groups": param_groups}

    def load_state_dict(self, state_dict):
        """Restore the hyper-parameters and state saved by ``state_dict`` into this optimiser's params.

        State tensors are copied (cast to their parameter's dtype, ``step`` kept float32), so the given
        dict and this optimiser never share arrays.
        """
        groups = self.param_groups
        saved_groups = deepcopy(state_dict["param_groups"])
        if len(groups) != len(saved_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        if any(len(g["params"]) != len(s["params"]) for g, s in zip(groups, saved_groups)):
            raise ValueError(
                "loaded state dict contains a parameter group that doesn't match the size of "
                "optimizer's group"
            )
        id_map = dict(
            zip(
                chain.from_iterable(s["params"] for s in saved_groups),
                chain.from_iterable(g["params"] for g in groups),
            )
        )
        state = defaultdict(dict)
        for key, entries in state_dict["state"].items():
            if key in id_map:
                param = id_map[key]
                state[param] = {name: _copy_state_value(param, name, v) for name, v in entries.items()}
            else:
                state[key] = entries
        for group, saved in zip(groups, saved_groups):
            saved["params"] = group["params"]
            for name, default in self.defaults.items():  # options the saved groups predate
                saved.setdefault(name, default)
        self.param_groups = saved_groups
        self.state = state

    def _params_with_grad(self, group):
        """(parameter, its array, its gradient's array) for each parameter of ``group`` with a gradient."""
        for p in group["params"]:
            if p.grad is not None:
                yield p, p.numpy(), p.grad.numpy()


class ElementwiseOptimizer(Optimizer):
    """An optimiser whose update is elementwise: the same numbers whether it runs on one parameter's
    arrays or on the concatenation of many.

    Subclasses name their state arrays (``_state_names``), say whether they count steps
    (``_counts_steps``) and write ``_update(group, param, grad, state, t, fresh)`` on numpy arrays: it
    changes ``param`` and the arrays of ``state`` (a dict name -> array) in place; ``t`` is the step
    number (None when not counted), ``fresh`` is true at a parameter's first step. ``step`` runs it once
    per group and dtype on flat buffers (``_FlatState``), one numpy call per operation for all the
    parameters instead of one per parameter, and falls back to one parameter at a time whenever the flat
    layout does not hold (parameters at different step counts, state loaded or replaced, dtypes mixed).
    The state stays per-parameter Tensors, as in PyTorch: in the flat case they are views of the buffers.
    """

    _counts_steps = True

    def _state_names(self, group):
        raise NotImplementedError

    def _update(self, group, param, grad, state, t, fresh):
        raise NotImplementedError

    def step(self, closure=None):
        """Update every parameter that has a gradient; returns ``closure()``'s loss if one is given."""
        loss = _evaluate(closure)
        if not hasattr(self, "_flat"):
            self._flat = {}  # (group index, dtype) -> _FlatState
        for i, group in enumerate(self.param_groups):
            names = self._state_names(group)
            by_dtype = defaultdict(list)
            for p in group["params"]:
                if p.grad is not None:
                    by_dtype[p._data.dtype if p.grad._data.dtype == p._data.dtype else None].append(p)
            for dtype, params in by_dtype.items():
                flat = self._flat.get((i, dtype))
                if flat is None or not flat.holds(params, self.state, names):
                    flat = _FlatState.build(params, self.state, names, self._counts_steps) if dtype else None
                    self._flat[(i, dtype)] = flat
                if flat is not None:
                    flat.step(self, group)
                else:
                    for p in params:
                        self._step_one(group, p, names)
        return loss

    def _step_one(self, group, p, names):
        """The update of one parameter on its own arrays (the fallback of the flat path)."""
        param = p._data
        if not names and not self._counts_steps:
            self._update(group, param, p.grad._data, {}, None, False)
            return
        state = self.state[p]
        fresh = not state
        if fresh:
            if self._counts_steps:
                state["step"] = _new_step()
            for name in names:
                state[name] = _zeros_state(param)
        t = _increment_step(state) if self._counts_steps else None
        self._update(group, param, p.grad._data, {name: state[name]._data for name in names}, t, fresh)


class _FlatState:
    """The state of some parameters of one dtype as one contiguous array per state name (each parameter's
    state Tensor a view of its slice), and their step counts as one float32 array likewise."""

    def __init__(self, params, slices, arrays, views, steps, fresh):
        self.params, self.slices, self.arrays, self.views, self.steps = params, slices, arrays, views, steps
        self.fresh = fresh
        self.shapes = [p._data.shape for p in params]

    @classmethod
    def build(cls, params, state, names, counts_steps):
        """Gather the parameters' state into flat buffers, or None when it has no common layout: some
        parameters fresh and others not, different step counts, or arrays not shaped like their parameter."""
        entries = [state.get(p) or {} for p in params]
        fresh = not entries[0]
        keys = set() if fresh else set(names) | ({"step"} if counts_steps else set())
        for p, entry in zip(params, entries):
            if set(entry) != keys or any(entry[n]._data.shape != p._data.shape
                                         or entry[n]._data.dtype != p._data.dtype for n in names if n in entry):
                return None
        if counts_steps and not fresh:
            steps = np.array([entry["step"]._data for entry in entries], dtype=np.float32)
            if (steps != steps[0]).any():
                return None
        else:
            steps = np.zeros(len(params), dtype=np.float32)
        offsets = np.cumsum([0] + [p._data.size for p in params])
        slices = [slice(a, b) for a, b in zip(offsets[:-1], offsets[1:])]
        arrays, views = {}, {}
        for name in names:
            if fresh:
                arrays[name] = np.zeros(offsets[-1], dtype=params[0]._data.dtype)
            else:
                arrays[name] = np.concatenate([entry[name]._data.reshape(-1) for entry in entries])
            views[name] = [arrays[name][s].reshape(p._data.shape) for p, s in zip(params, slices)]
        if counts_steps:
            views["step"] = [steps[i:i + 1].reshape(()) for i in range(len(params))]
        if names or counts_steps:
            for p, i in zip(params, range(len(params))):
                state[p].update({name: from_numpy(views[name][i]) for name in views})
        return cls(params, slices, arrays, views, steps if counts_steps else None, fresh)

    def holds(self, params, state, names):
        """Whether these are still the parameters and state Tensors this layout was built for, at one step."""
        if len(params) != len(self.params) or any(p is not q for p, q in zip(params, self.params)):
            return False
        if list(self.arrays) != list(names):
            return False
        for name, views in self.views.items():
            for p, view in zip(params, views):
                entry = state.get(p)
                if entry is None or entry.get(name) is None or entry[name]._data is not view:
                    return False
        if any(p._data.shape != shape for p, shape in zip(params, self.shapes)):
            return False
        return self.steps is None or not (self.steps != self.steps[0]).any()

    def step(self, optimizer, group):
        """One update of all the parameters: their gradients and values concatenated, updated, copied back."""
        params = self.params
        grad = np.concatenate([p.grad._data.reshape(-1) for p in params])
        param = np.concatenate([p._data.reshape(-1) for p in params])
        t = None
        if self.steps is not None:
            self.steps += 1
            t = float(self.steps[0])
        optimizer._update(group, param, grad, self.arrays, t, self.fresh)
        self.fresh = False
        for p, s in zip(params, self.slices):
            np.copyto(p._data, param[s].reshape(p._data.shape))


def _copy_state_value(param, name, value):
    """A loaded state entry as this optimiser keeps it: a fresh Tensor of the parameter's dtype, or for
    ``step`` a float32 scalar (PyTorch's checkpoints from before 1.12 hold it as a plain number)."""
    if name == "step":
        return from_numpy(np.array(value.numpy() if isinstance(value, Tensor) else value, dtype=np.float32))
    if isinstance(value, Tensor):
        return from_numpy(np.array(value.numpy(), dtype=param.numpy().dtype))
    return value


def _check_non_negative(**values):
    """Raise PyTorch's ValueError for a hyper-parameter below zero (or NaN)."""
    names = {"lr": "learning rate", "eps": "epsilon value"}
    for name, value in values.items():
        if not 0.0 <= value:
            raise ValueError(f"Invalid {names.get(name, name + ' value')}: {value}")


def _evaluate(closure):
    """The loss from ``closure`` (run with gradients enabled, as ``step(closure)`` does), or None."""
    if closure is None:
        return None
    with enable_grad():
        return closure()


def _new_step():
    """A fresh step count: a float32 scalar Tensor, like PyTorch's ``state["step"]``."""
    return from_numpy(np.zeros((), dtype=np.float32))


def _increment_step(state):
    """Add one to ``state["step"]`` in place and return the new count as a Python float."""
    step = state["step"].numpy()
    step += 1
    return float(step)


def _zeros_state(param):
    """A state Tensor of zeros shaped and typed like the parameter array ``param``."""
    return from_numpy(np.zeros_like(param))


def _regularized_grad(param, grad, weight_decay, maximize):
    """The gradient an update uses: negated to maximise, plus the L2 term ``weight_decay * param``.

    Returns ``grad`` itself when neither applies, else a new array (``p.grad`` is never changed).
    """
    if maximize:
        grad = -grad
    if weight_decay != 0:
        grad = grad + weight_decay * param  # g = g + lambda * theta
    return grad


def _flush_subnormals(step, *moments):
    """Every 16th step, set the entries of the moment arrays that are subnormal numbers to zero, in place.

    Moments decay geometrically (``m *= beta``) where gradients are zero, sink into subnormal numbers and
    stay there (0.9 times the smallest subnormal rounds back to it). numpy's arithmetic on subnormals is
    many times slower: with float32 Adam, whole epochs ran 1.7x slower. They are far below any effect on
    an update, so zeroing them changes no result; doing it every 16th step keeps its cost (three passes
    over each moment) near 2% of the update's while no entry stays subnormal for long.
    """
    if step % 16 == 0:
        for m in moments:
            m *= np.abs(m) >= np.finfo(m.dtype).tiny  # subnormal entries times 0
