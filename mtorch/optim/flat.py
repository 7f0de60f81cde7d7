"""What one optimiser step updates together: a whole parameter group at once, or one parameter.

An update rule (Adam's, RMSprop's, ...) is written once, on numpy arrays, against the small protocol the two
classes below share: ``advance()`` the step count, ``grad()``, ``state(name)``, ``scratch()``, ``decay()``
and ``subtract()``. With ``FlatGroup`` the arrays are the whole group's, end to end in one contiguous array
each, so the rule costs a dozen numpy calls for the group instead of a dozen per parameter; with
``OneParameter`` they are one parameter's own. Each element goes through the same arithmetic either way,
so the results are the same bit for bit. It pays where parameters are small and the calls' fixed cost is
most of the step (measured in one process against the per-parameter loop: Adam's step on a 2-16-16-2 MLP
108 -> 45 us, its whole training step at batch 32 499 -> 385 us); where one large weight's arithmetic is
the step (the MNIST MLP's 784x128), the time is the same.

The parameters themselves are never moved: a FlatGroup gathers their gradients into its buffer, and
subtracts each parameter's part of the update from the parameter's own array, so whatever shares a
parameter's storage (its state dict, a detached view, ``.numpy()``) follows the training as in PyTorch.
It is the optimiser's state that lives in the flat buffers: ``optimizer.state[p]["exp_avg"]`` is a view of
its part of the group's buffer.
"""

import numpy as np

from ..creation import from_numpy
from ..tensor import Tensor


def increment_step(state):
    """Add one to ``state["step"]`` in place and return the new count as a Python float."""
    step = state["step"].numpy()
    step += 1
    return float(step)


def regularized_grad(param, grad, weight_decay, maximize):
    """The gradient an update uses: negated to maximise, plus the L2 term ``weight_decay * param``.

    Returns ``grad`` itself when neither applies, else a new array (``p.grad`` is never changed).
    """
    if maximize:
        grad = -grad
    if weight_decay != 0:
        grad = grad + weight_decay * param  # g = g + lambda * theta
    return grad


class OneParameter:
    """One parameter's arrays: updated on its own (a group that cannot be flat, see FlatGroup.can_hold)."""

    __slots__ = ("param", "grad_array", "state_dict")

    def __init__(self, param, grad, state):
        self.param, self.grad_array, self.state_dict = param, grad, state

    def advance(self):
        return increment_step(self.state_dict)

    def grad(self, weight_decay, maximize):
        return regularized_grad(self.param, self.grad_array, weight_decay, maximize)

    def state(self, name):
        return self.state_dict[name].numpy()

    def scratch(self):
        return np.empty_like(self.param)  # an array also for a 0-d parameter

    def decay(self, factor):
        self.param *= factor

    def subtract(self, update):
        self.param -= update


class FlatGroup:
    """A parameter group's state in one contiguous array per entry (``exp_avg``, ...) and one for the step
    counts, each parameter's state Tensors being views of its part; its gradients are gathered into one
    more array at every step.

    It serves a step only while it still holds the group's state (``fits``): the same parameters, each with
    a gradient, its state Tensors still these views, and one step count for all. Otherwise the step goes
    parameter by parameter, on the same views, which stays correct (a parameter without a gradient keeps
    its state and its step count, as in PyTorch; the counts then differ and the group stays per parameter).
    """

    def __init__(self, group, states):
        self.group, self.params = group, tuple(group["params"])
        arrays = [p.numpy() for p in self.params]
        self.shapes, self.dtype = tuple(a.shape for a in arrays), arrays[0].dtype
        bounds = np.cumsum([0] + [a.size for a in arrays]).tolist()

        def views(flat):
            return tuple(flat[start:stop].reshape(shape) for start, stop, shape in zip(bounds, bounds[1:], self.shapes))

        self.states, self.names, self.buffers = tuple(states), tuple(n for n in states[0] if n != "step"), {}
        for name in self.names:  # move every parameter's state into the buffer, its Tensor now a view of it
            flat = self.buffers[name] = np.empty(bounds[-1], self.dtype)
            for state, view in zip(states, views(flat)):
                view[...] = state[name].numpy()
                state[name] = from_numpy(view)
        self.steps = np.array([float(state["step"].numpy()) for state in states], np.float32)
        for i, state in enumerate(states):
            state["step"] = from_numpy(self.steps[i : i + 1].reshape(()))
        self.tensors = tuple(tuple(state[name] for name in (*self.names, "step")) for state in states)
        self.arrays = tuple(tuple(t.numpy() for t in tensors) for tensors in self.tensors)
        self._grad, self._scratch = np.empty(bounds[-1], self.dtype), np.empty(bounds[-1], self.dtype)
        self._grads, self._scratches = views(self._grad), views(self._scratch)

    @staticmethod
    def can_hold(params, states):
        """Whether these parameters (one floating dtype, no two sharing memory) and their states (the same
        entries, all Tensors, each shaped like its parameter, and the same step count) can share flat
        buffers. Parameters that share memory (P(w) and P(w.T)) must be updated one after the other, as
        the per-parameter loop does: the flat step would decay and update them all from the old values."""
        if not params:
            return False
        arrays = [p.numpy() for p in params]
        owners = {id(a if a.base is None else a.base) for a in arrays}
        dtype, names = arrays[0].dtype, set(states[0])
        if len(owners) != len(arrays) or dtype.kind != "f" or "step" not in names:
            return False
        if not all(isinstance(state[n], Tensor) for state in states for n in state if n in names):
            return False
        step = float(states[0]["step"].numpy())
        for array, state in zip(arrays, states):
            if array.dtype != dtype or set(state) != names or float(state["step"].numpy()) != step:
                return False
            if any(state[n].numpy().shape != array.shape for n in names if n != "step"):
                return False
        return True

    def fits(self, group, state):
        """Whether this still holds `group`'s state (see the class) and every parameter has a gradient."""
        if group is not self.group or len(group["params"]) != len(self.params):
            return False
        names = (*self.names, "step")
        for p, mine, own, tensors, arrays, shape in zip(group["params"], self.params, self.states, self.tensors,
                                                        self.arrays, self.shapes):
            if p is not mine or p.grad is None or state.get(p) is not own:
                return False
            array, grad = p.numpy(), p.grad.numpy()
            if array.shape != shape or array.dtype != self.dtype or grad.dtype != self.dtype:
                return False
            # each state Tensor still the one made here, on the same array (`.data = ...` replaces it)
            if any(own.get(n) is not t or t.numpy() is not a for n, t, a in zip(names, tensors, arrays)):
                return False
        # and those arrays still views of these buffers (a copy, by pickle say, has buffers of its own)
        return (all(a.base is self.buffers[n] for n, a in zip(self.names, self.arrays[0]))
                and self.arrays[0][-1].base is self.steps and bool(self.steps.min() == self.steps.max()))

    def advance(self):
        self.steps += 1
        return float(self.steps[0])

    def grad(self, weight_decay, maximize):
        """Every parameter's regularized_grad, end to end in one array."""
        for p, view in zip(self.params, self._grads):
            np.copyto(view, regularized_grad(p.numpy(), p.grad.numpy(), weight_decay, maximize))
        return self._grad

    def state(self, name):
        return self.buffers[name]

    def scratch(self):
        return self._scratch

    def decay(self, factor):
        for p in self.params:
            array = p.numpy()
            array *= factor

    def subtract(self, update):
        """theta = theta - update, each parameter its part of the group's scratch array `update`."""
        for p, view in zip(self.params, self._scratches):
            array = p.numpy()
            np.subtract(array, view, out=array)

    def __reduce__(self):
        # deepcopy and pickle give None: a copy of the buffers would not be what the copied state Tensors
        # view, so a copied optimiser goes parameter by parameter on its own state (until it starts afresh)
        return type(None), ()
