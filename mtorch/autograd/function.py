"""Two kinds of differentiable operation, recorded into one graph.

- `NumpyFunction`, the base of mtorch's built-in ops: `forward(ctx, *args)` and `backward(ctx, *grads)`
  are static methods on **numpy arrays** (Tensor arguments arrive as their arrays), so an op's maths
  reads as numpy, its backward beside its forward.
- `Function`, PyTorch's contract for user code: `forward(ctx, *args)` and `backward(ctx, *grads)`
  receive and return **Tensors** (`ctx.save_for_backward(input)`, `input.clamp(min=0)`), as in
  PyTorch's "Defining new autograd functions" tutorial.

`Op.apply(*args)` runs `forward` and, when a gradient is needed, makes a `Context`: the graph node
that every output's `grad_fn` points at. A node's edges lead to the nodes that made its inputs, one
edge per forward argument: `(node, output_nr)`, where a leaf's node is its `AccumulateGrad`, or None
for an argument that needs no gradient. `mtorch.autograd.engine` walks them backwards.

autograd sits below `mtorch.tensor` and never imports it: tensor.py hands its class over once, through
`register_tensor_class` (the one seam between the layers).
"""

import weakref

import numpy as np

from .grad_mode import is_grad_enabled, no_grad

_Tensor = None  # the Tensor class, set by register_tensor_class


def register_tensor_class(cls):
    """Called by mtorch.tensor as it loads: the class `apply` wraps its outputs in."""
    global _Tensor
    _Tensor = cls


def tensor_class():
    """The Tensor class (for the engine and gradcheck, which live below mtorch.tensor)."""
    return _Tensor


class Context:
    """A graph node and the `ctx` its Function's forward and backward share.

    Ops keep what backward needs on it (`ctx.save_for_backward(...)`, or any attribute); the fields below
    belong to the graph.
    """

    # the graph's fields: class defaults (none is mutated in place), so a node costs two attribute writes
    saved_tensors = ()
    freed = False  # backward without retain_graph dropped saved_tensors: a second one must fail
    non_differentiable = ()  # ids of outputs that get no grad_fn (indices, masks)
    materialize_grads = True  # Function: a None output gradient reaches backward as zeros
    edges = ()  # per forward argument: (node, output_nr), or None when it needs no gradient
    tensor_inputs = ()  # per forward argument: whether it was a Tensor (for next_functions)
    n_outputs = 1
    output_meta = ()  # Function: (shape, dtype) per output, for materialising gradients
    input_shapes = ()  # Function: the shape of each Tensor argument, to check its gradient
    saved_versions = ()  # (version cell, version when saved, description) per saved tensor
    hooks = None  # {output_nr: [hook, ...]} registered by Tensor.register_hook
    retained = None  # {output_nr: weakref to the Tensor} that asked for retain_grad()

    def __init__(self, function, needs_input_grad):
        self.function = function  # the Function class whose backward this node runs
        self.needs_input_grad = needs_input_grad  # one bool per forward argument

    def save_for_backward(self, *tensors):
        self.saved_tensors = tensors

    def mark_non_differentiable(self, *outputs):
        self.non_differentiable = tuple(id(o) for o in outputs)

    def set_materialize_grads(self, value):
        self.materialize_grads = bool(value)

    @property
    def next_functions(self):
        """As in PyTorch: `((node, output_nr), ...)` per Tensor input, `(None, 0)` for one that needs no
        gradient."""
        return tuple((None, 0) if e is None else e for e, t in zip(self.edges, self.tensor_inputs) if t)

    def name(self):
        return self.function.node_name()

    def register_hook_for(self, output_nr, hook):
        hooks = self.hooks if self.hooks is not None else {}
        self.hooks = hooks
        hooks.setdefault(output_nr, []).append(hook)
        return RemovableHandle(hooks[output_nr], hook)

    def __repr__(self):
        return f"<{self.name()} object at {id(self):#x}>"


class AccumulateGrad:
    """The node at a leaf that requires grad: adds the gradient that reaches it into `variable.grad`."""

    def __init__(self, variable):
        self.variable = variable
        self.edges = ()
        self.n_outputs = 1
        self.freed = False
        self.hooks = None  # a leaf's hooks live on the Tensor (variable._hooks): they outlive the graph
        self.retained = None
        self.saved_versions = ()

    next_functions = ()

    def name(self):
        return "torch::autograd::AccumulateGrad"

    def __repr__(self):
        return f"<AccumulateGrad object at {id(self):#x}>"


class RemovableHandle:
    """What `register_hook` returns: `handle.remove()` unregisters the hook."""

    def __init__(self, hooks, hook):
        self._hooks, self._hook = hooks, hook

    def remove(self):
        if self._hook in self._hooks:
            self._hooks.remove(self._hook)


def accumulator(leaf):
    """The leaf's AccumulateGrad node, one per leaf while a graph holds it (the leaf keeps a weak ref)."""
    ref = leaf._accumulator
    node = ref() if ref is not None else None
    if node is None:
        node = AccumulateGrad(leaf)
        leaf._accumulator = weakref.ref(node)
    return node


def _edge(t):
    """Where the gradient of input `t` goes: the node that made it, or its leaf's AccumulateGrad."""
    return (t.grad_fn, t._output_nr) if t.grad_fn is not None else (accumulator(t), 0)


def check_view_is_current(t):
    """A view whose base (or its base's base) has since been changed by a recorded in-place op still holds
    the old graph: PyTorch would rebuild the view's grad_fn from the base's; mtorch refuses to use it
    rather than send the gradient past the in-place op."""
    while t._view is not None:
        base = t._view[0]
        if base.grad_fn is not t._base_fn:
            raise RuntimeError("mtorch cannot use this view: its base was changed by an in-place operation "
                               "after the view was made (PyTorch would rebase the view). Make the view after "
                               "the in-place change, or clone() the base before changing it.")
        t = base


def _share_view(t, args):
    """An output that shares memory with a Tensor argument is a view of it: they share a version counter
    (an in-place change to one is a change to both) and the output remembers its base."""
    for a in args:
        if isinstance(a, _Tensor) and np.may_share_memory(t._data, a._data):
            t._version, t._view, t._base_fn = a._version, (a, None), a.grad_fn
            return


def _saved_versions(ctx, args, outputs):
    """For each saved array that is (a view of) an input's or output's array: the tensor's version
    counter and its value now, so the engine can tell if an in-place op changed it before backward."""
    found = []
    for s in ctx.saved_tensors:
        if not isinstance(s, np.ndarray):
            continue
        for nr, t in enumerate(outputs):
            if s is t._data:
                found.append((t._version, t._version[0], t._data.shape, t._data.dtype, "output", nr))
                break
        else:
            for a in args:
                if isinstance(a, _Tensor) and (s is a._data or s.base is not None and np.may_share_memory(s, a._data)):
                    found.append((a._version, a._version[0], a._data.shape, a._data.dtype, a.grad_fn, a._output_nr))
                    break
    return tuple(found)


class NumpyFunction:
    """The base of mtorch's built-in ops: write `forward(ctx, *args)` and `backward(ctx, *grads)` as
    static methods on numpy arrays; call `YourOp.apply(*args)` on Tensors."""

    @staticmethod
    def forward(ctx, *args):
        raise NotImplementedError

    @staticmethod
    def backward(ctx, *grads):
        raise NotImplementedError

    @classmethod
    def node_name(cls):
        return cls.__name__ + "Backward0"

    @classmethod
    def run_backward(cls, ctx, grads):
        """The engine's entry: numpy gradients in, numpy gradients out."""
        return cls.backward(ctx, *grads)

    @classmethod
    def apply(cls, *args):
        if not is_grad_enabled():
            return cls._apply_without_grad(args)
        Tensor = _Tensor
        # one pass over the arguments: what forward gets, and per argument whether it is a Tensor, whether it
        # needs a gradient and where that gradient goes (the edge)
        needs, arrays, edges, tensors = [], [], [], []
        for a in args:
            if isinstance(a, Tensor):
                if a._view is not None:  # also when it needs no grad: an in-place op may have made its base need one
                    check_view_is_current(a)
                need = a.requires_grad
                needs.append(need)
                arrays.append(a._data)
                edges.append(_edge(a) if need else None)
                tensors.append(True)
            else:
                needs.append(False)
                arrays.append(a)
                edges.append(None)
                tensors.append(False)
        ctx = Context(cls, tuple(needs))
        out = cls.forward(ctx, *arrays)
        many = type(out) is tuple
        outputs = tuple(Tensor(o) for o in out) if many else (Tensor(out),)
        for t in outputs:
            if t._data.base is not None:  # only then can it be a view of an input
                _share_view(t, args)
        if True in needs:
            ctx.n_outputs = len(outputs)
            ctx.edges, ctx.tensor_inputs = tuple(edges), tuple(tensors)
            if ctx.saved_tensors:
                ctx.saved_versions = _saved_versions(ctx, args, outputs)
            for i, t in enumerate(outputs):
                if t._data.dtype.kind == "f" and id(t._data) not in ctx.non_differentiable:
                    t.grad_fn, t._output_nr, t.requires_grad = ctx, i, True
        return outputs if many else outputs[0]

    @classmethod
    def _apply_without_grad(cls, args):
        """apply under no_grad/inference_mode: nothing is recorded. forward sees needs_input_grad all False,
        so it can skip what only backward would use (max-pool's indices, conv's patches)."""
        Tensor = _Tensor
        arrays = [a._data if isinstance(a, Tensor) else a for a in args]
        out = cls.forward(Context(cls, (False,) * len(args)), *arrays)
        if type(out) is not tuple:
            t = Tensor(out)
            if out.base is not None:
                _share_view(t, args)
            return t
        outputs = tuple(Tensor(o) for o in out)
        for t in outputs:
            if t._data.base is not None:
                _share_view(t, args)
        return outputs


class Function:
    """PyTorch's custom autograd Function: subclass it with static `forward(ctx, *args)` and
    `backward(ctx, *grad_outputs)` on Tensors, and call `YourFunction.apply(*args)`.

        class MyReLU(mtorch.autograd.Function):
            @staticmethod
            def forward(ctx, input):
                ctx.save_for_backward(input)
                return input.clamp(min=0)

            @staticmethod
            def backward(ctx, grad_output):
                (input,) = ctx.saved_tensors
                return grad_output * (input > 0)

    `forward` runs without recording (as in PyTorch); `backward` returns one gradient per forward
    argument (None for non-Tensors and for inputs that need none; `ctx.needs_input_grad` says which).
    PyTorch 2's form, `forward(*args)` plus `setup_context(ctx, inputs, output)`, works too.
    Double backward (`create_graph=True`) is not supported.
    """

    @staticmethod
    def forward(ctx, *args):
        raise NotImplementedError

    @staticmethod
    def setup_context(ctx, inputs, output):
        raise NotImplementedError

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError

    @classmethod
    def node_name(cls):
        return cls.__name__ + "Backward"

    @classmethod
    def apply(cls, *args):
        Tensor = _Tensor
        for a in args:
            if isinstance(a, Tensor) and a._view is not None:
                check_view_is_current(a)
        needs = tuple(isinstance(a, Tensor) and a.requires_grad for a in args)
        ctx = Context(cls, needs)
        with no_grad():
            if cls.setup_context is not Function.setup_context:
                out = cls.forward(*args)
                cls.setup_context(ctx, args, out)
            else:
                out = cls.forward(ctx, *args)
        many = isinstance(out, tuple)
        outs = list(out) if many else [out]
        record = True in needs and is_grad_enabled()
        for i, o in enumerate(outs):
            if record and isinstance(o, Tensor) and any(o is a for a in args):
                view = Tensor(o._data)  # an input returned as is: a new Tensor on its array
                view._version = o._version
                outs[i] = view
        if record:
            ctx.n_outputs = len(outs)
            ctx.edges = tuple(_edge(a) if need else None for a, need in zip(args, needs))
            ctx.tensor_inputs = tuple(isinstance(a, Tensor) for a in args)
            ctx.input_shapes = tuple(a.shape if isinstance(a, Tensor) else None for a in args)
            ctx.output_meta = tuple((o._data.shape, o._data.dtype) if isinstance(o, Tensor) else None for o in outs)
            ctx.saved_versions = tuple(
                (t._version, t._version[0], t._data.shape, t._data.dtype, t.grad_fn, t._output_nr)
                for t in ctx.saved_tensors if isinstance(t, Tensor))
            for i, o in enumerate(outs):
                if isinstance(o, Tensor) and o._data.dtype.kind == "f" and id(o) not in ctx.non_differentiable:
                    o.grad_fn, o._output_nr, o.requires_grad = ctx, i, True
        return tuple(outs) if many else outs[0]

    @classmethod
    def run_backward(cls, ctx, grads):
        """The engine's entry: wrap the numpy gradients in Tensors, call the user's backward, unwrap."""
        Tensor = _Tensor
        wrapped = []
        for g, meta in zip(grads, ctx.output_meta):
            if g is None and ctx.materialize_grads and meta is not None:
                g = np.zeros(meta[0], dtype=meta[1])
            wrapped.append(None if g is None else Tensor(g))
        with no_grad():
            result = cls.backward(ctx, *wrapped)
        result = result if isinstance(result, tuple) else (result,)
        n = len(ctx.needs_input_grad)
        if len(result) != n and not (len(result) > n and all(r is None for r in result[n:])):
            raise RuntimeError(f"function {cls.node_name()} returned an incorrect number of gradients "
                               f"(expected {n}, got {len(result)})")
        arrays = []
        for i, (r, shape) in enumerate(zip(result, ctx.input_shapes)):
            if r is not None:
                r = r._data if isinstance(r, Tensor) else np.asarray(r)
                if shape is not None and r.shape != tuple(shape):
                    if not _expandable(tuple(shape), r.shape):
                        raise RuntimeError(f"Function {cls.node_name()} returned an invalid gradient at index {i}"
                                           f" - got {list(r.shape)} but expected shape compatible with "
                                           f"{list(shape)}")
                    r = unbroadcast(r, tuple(shape))  # a gradient for the input broadcast: summed back
            arrays.append(r)
        return tuple(arrays)


def _expandable(shape, to):
    try:
        return np.broadcast_shapes(shape, to) == to
    except ValueError:
        return False


def unbroadcast(grad, shape):
    """Sum `grad` down to `shape`: the gradient of a broadcast is the sum over the broadcast axes."""
    if grad.shape == shape:
        return grad
    lead = grad.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(
        lead + i for i, n in enumerate(shape) if n == 1 and grad.shape[lead + i] != 1
    )
    return grad.sum(axis=axes).reshape(shape)
