"""Optimizer: the base class that holds the parameter groups and the per-parameter state.

Subclasses implement ``step`` by updating each ``p.numpy()`` in place with numpy; nothing they do is
recorded by autograd. Those with state (Adam, ...) write their rule once against ``_batches(group)``:
the whole group at once in flat buffers where it can be, else parameter by parameter (see flat.py). The
helpers below are the pieces the update rules share.
"""

import warnings
from collections import defaultdict
from copy import deepcopy
from itertools import chain

import numpy as np

from ..autograd.grad_mode import enable_grad
from ..creation import from_numpy
from ..tensor import Tensor
from .flat import FlatGroup, OneParameter


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
        self._flat = {}  # id(group) -> its FlatGroup, for the groups whose state lives in flat buffers
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
        self._flat = {}
        for group in self.param_groups:  # the loaded state goes into flat buffers now, not at the next step
            self._hold_flat(group)

    def _init_state(self, param, group):
        """A new parameter's state (a dict of Tensors shaped like the array `param`): for subclasses whose
        ``step`` uses ``_batches``."""
        raise NotImplementedError

    def _batches(self, group):
        """What this step updates in `group`: its FlatGroup when the group's state lives in flat buffers
        and every parameter has a gradient, else one OneParameter per parameter with a gradient. A step
        that finds no state in the group (the first, or after state.clear()) and a gradient for every
        parameter creates their state in flat buffers."""
        flat = self._flat.get(id(group))
        if flat is not None and flat.fits(group, self.state):
            return (flat,)
        params = group["params"]
        fresh = all(p.grad is not None and not self.state.get(p) for p in params)  # also after state.clear()
        batches = []
        for p, param, grad in self._params_with_grad(group):
            state = self.state[p]
            if not state:
                state.update(self._init_state(param, group))
            batches.append(OneParameter(param, grad, state))
        if fresh and self._hold_flat(group):
            return (self._flat[id(group)],)
        return batches

    def _hold_flat(self, group):
        """Move `group`'s state into flat buffers if FlatGroup can hold it; whether it did. Done only where
        no one can hold the old state Tensors yet: a step that found no state, load_state_dict, a constructor."""
        params = group["params"]
        states = [self.state.get(p) for p in params]
        if not all(states) or not FlatGroup.can_hold(params, states):
            return False
        self._flat[id(group)] = FlatGroup(group, states)
        return True

    def _params_with_grad(self, group):
        """(parameter, its array, its gradient's array) for each parameter of ``group`` with a gradient."""
        for p in group["params"]:
            if p.grad is not None:
                yield p, p.numpy(), p.grad.numpy()


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


def _zeros_state(param):
    """A state Tensor of zeros shaped and typed like the parameter array ``param``."""
    return from_numpy(np.zeros_like(param))


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
