"""`Function`: one differentiable operation, its numpy forward beside its numpy backward.

`MyOp.apply(*args)` runs `forward` on the arrays inside the Tensor arguments and, when a gradient is
needed, records a `Context` (the graph node) on the outputs. The engine later calls `backward(ctx,
*grads)` with d(loss)/d(output) and expects d(loss)/d(input), one per forward argument.
"""


from .grad_mode import is_grad_enabled

Tensor = None  # mtorch.tensor sets this when it loads: the two modules need each other


class Context:
    """What `forward` leaves for `backward`: saved arrays, flags, and (for the engine) the graph edges.

    `edges[i]` is None (input i needs no gradient), a leaf Tensor (accumulate into its `.grad`), or
    `(node, output_nr)` (pass the gradient on to the Function that made input i).
    """

    def __init__(self, needs_input_grad):
        self.needs_input_grad = needs_input_grad
        self.saved_tensors = ()
        self.non_differentiable = ()

    def save_for_backward(self, *arrays):
        self.saved_tensors = arrays

    def mark_non_differentiable(self, *arrays):
        self.non_differentiable = tuple(id(a) for a in arrays)


class NumpyFunction:
    """The base of mtorch's built-in ops: subclass and write `forward(ctx, *args)` and
    `backward(ctx, *grads)` as static methods on numpy arrays; call `YourOp.apply(*args)` on Tensors."""

    @staticmethod
    def forward(ctx, *args):
        raise NotImplementedError

    @staticmethod
    def backward(ctx, *grads):
        raise NotImplementedError

    @classmethod
    def apply(cls, *args):
        needs, arrays = [], []
        for a in args:
            if isinstance(a, Tensor):
                needs.append(a.requires_grad)
                arrays.append(a._data)
            else:
                needs.append(False)
                arrays.append(a)
        ctx = Context(tuple(needs))
        out = cls.forward(ctx, *arrays)
        many = type(out) is tuple
        outputs = tuple(Tensor(o) for o in out) if many else (Tensor(out),)
        if True in needs and is_grad_enabled():
            ctx.function = cls
            ctx.n_outputs = len(outputs)
            ctx.edges = tuple(_edge(a) if need else None for a, need in zip(args, needs))
            for i, t in enumerate(outputs):
                if t._data.dtype.kind == "f" and id(t._data) not in ctx.non_differentiable:
                    t.grad_fn, t._output_nr, t.requires_grad = ctx, i, True
        return outputs if many else outputs[0]


def _edge(t):
    """Where the gradient of input `t` goes: the node that made it, or `t` itself when it is a leaf."""
    return (t.grad_fn, t._output_nr) if t.grad_fn is not None else t


def unbroadcast(grad, shape):
    """Sum `grad` down to `shape`: the gradient of a broadcast is the sum over the broadcast axes."""
    if grad.shape == shape:
        return grad
    lead = grad.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(
        lead + i for i, n in enumerate(shape) if n == 1 and grad.shape[lead + i] != 1
    )
    return grad.sum(axis=axes).reshape(shape)


# TODO(issue 11, core): `Function` becomes PyTorch's contract (forward/backward on Tensors) as its own class.
Function = NumpyFunction
