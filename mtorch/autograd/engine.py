"""The backward pass: visit the graph's nodes in reverse topological order, without recursion.

Gradients travel as numpy arrays. A node runs its tensor hooks (`register_hook`, `retain_grad`) on its
output gradients, then its Function's backward; an `AccumulateGrad` node adds into its leaf's `.grad`.
"""

import weakref

import numpy as np

from . import function
from .function import AccumulateGrad


def _topological_order(roots):
    """Nodes reachable from `roots`, each after every node that consumes its outputs."""
    order, visited, stack = [], set(), [(root, False) for root in roots]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
            continue
        if node in visited:
            continue
        visited.add(node)
        stack.append((node, True))
        for edge in node.edges:
            if edge is not None and edge[0] not in visited:
                stack.append((edge[0], False))
    order.reverse()  # depth-first post-order reversed: consumers first
    return order


def _accumulate(leaf, grad, fresh):
    """Add `grad` into `leaf.grad`. A gradient array may be shared (an addition hands the same array to
    both its inputs), so one is stored without a copy only when nothing else can hold it."""
    if grad.dtype != leaf._data.dtype:
        grad = grad.astype(leaf._data.dtype)
    if grad.shape != leaf._data.shape:
        raise RuntimeError(f"gradient of shape {grad.shape} for a tensor of shape {leaf._data.shape}")
    if leaf.grad is not None:
        leaf.grad._data = np.asarray(leaf.grad._data + grad)  # 0-d arrays add up to a numpy scalar
        return
    if grad.base is not None or id(grad) in fresh or not grad.flags.writeable:
        grad = grad.copy()
    fresh.add(id(grad))
    leaf.grad = function.tensor_class()(grad)


def _check_versions(node):
    """PyTorch's error when a tensor this node saved was changed in place after it was saved."""
    for cell, version, shape, dtype, producer, nr in node.saved_versions:
        if cell[0] != version:
            kind = f"mtorch.{dtype} {list(shape)}"
            if producer == "output":
                producer = node
            made = f", which is output {nr} of {producer.name()}," if producer is not None else ""
            raise RuntimeError(f"one of the variables needed for gradient computation has been modified by an "
                               f"inplace operation: [{kind}]{made} is at version {cell[0]}; expected version "
                               f"{version} instead. (Clone the tensor before changing it in place, or change "
                               f"it after backward.)")


def _run_hooks(hooks, grad):
    Tensor = function.tensor_class()
    for hook in list(hooks):
        new = hook(Tensor(grad))
        if new is not None:
            grad = new._data if isinstance(new, Tensor) else np.asarray(new)
    return grad


def _retain(ref, grad):
    t = ref()
    if t is not None:
        t.grad = function.tensor_class()(grad.copy()) if t.grad is None else t.grad + grad


def run(roots, root_grads, retain_graph=False, capture=None, trace=None):
    """Backpropagate `root_grads` from `roots` ((node, output_nr) pairs).

    Without `capture`, gradients accumulate into the leaves' `.grad`. With `capture` (a list of
    (node, output_nr) pairs), nothing accumulates and their gradients are returned, in order (None for
    one the roots do not reach): `mtorch.autograd.grad`. With `trace` (a list), every Function node
    appends `(node, output gradients, input gradients)` as it runs, in the order it runs (the GUI's
    backprop inspector steps through them).
    """
    grads = {}
    for (node, nr), g in zip(roots, root_grads):
        slots = grads.setdefault(node, [None] * node.n_outputs)
        slots[nr] = g if slots[nr] is None else slots[nr] + g
    captured = None if capture is None else dict.fromkeys(capture)
    fresh = set()
    for node in _topological_order([node for node, _ in roots]):
        out_grads = grads.pop(node, None)
        if out_grads is None:
            continue
        leaf = type(node) is AccumulateGrad
        hooks = node.variable._hooks if leaf else node.hooks
        if hooks:
            for nr, fns in hooks.items():
                if out_grads[nr] is not None:
                    out_grads[nr] = _run_hooks(fns, out_grads[nr])
        if node.retained and captured is None:
            for nr, ref in node.retained.items():
                if out_grads[nr] is not None:
                    _retain(ref, out_grads[nr])
        if captured is not None:
            for nr, g in enumerate(out_grads):
                if (node, nr) in captured:
                    captured[(node, nr)] = g
        if leaf:
            if captured is None and out_grads[0] is not None:
                _accumulate(node.variable, out_grads[0], fresh)
            continue
        if node.freed:
            raise RuntimeError("Trying to backward through the graph a second time; its saved arrays were "
                               "freed after the first backward (use backward(retain_graph=True))")
        if node.saved_versions:
            _check_versions(node)
        in_grads = node.function.run_backward(node, out_grads)
        if type(in_grads) is not tuple:
            in_grads = (in_grads,)
        if trace is not None:
            # copies: a leaf's first gradient becomes its .grad itself, which clipping or zero_grad change later
            trace.append((node, _copies(out_grads), _copies(in_grads)))
        for edge, g in zip(node.edges, in_grads):
            if edge is None or g is None:
                continue
            slots = grads.get(edge[0])
            if slots is None:
                slots = grads[edge[0]] = [None] * edge[0].n_outputs
            slots[edge[1]] = g if slots[edge[1]] is None else slots[edge[1]] + g
        if not retain_graph and node.saved_tensors:  # free the saved arrays as we go: not needed again
            node.saved_tensors = ()
            node.freed = True
    return None if captured is None else [captured[key] for key in capture]


def _root(tensor, gradient):
    """The (node, output_nr) and starting gradient array for one output of backward/grad."""
    if not tensor.requires_grad:
        raise RuntimeError("element 0 of tensors does not require grad and does not have a grad_fn")
    if tensor._view is not None:
        function.check_view_is_current(tensor)
    if gradient is None:
        if tensor._data.size != 1:
            raise RuntimeError(f"grad can be implicitly created only for scalar outputs, got shape "
                               f"{tuple(tensor.shape)}; pass gradient= to backward()")
        grad = np.ones_like(tensor._data)
    else:
        grad = np.asarray(gradient._data if hasattr(gradient, "_data") else gradient, dtype=tensor._data.dtype)
        if grad.shape != tensor._data.shape:
            if grad.size != tensor._data.size:
                raise RuntimeError(f"Mismatch in shape: grad_output[0] has a shape of {tuple(grad.shape)} and "
                                   f"output[0] has a shape of {tuple(tensor.shape)}.")
            grad = grad.reshape(tensor._data.shape)
    return function._edge(tensor), grad


def _as_list(tensors):
    return list(tensors) if isinstance(tensors, (tuple, list)) else [tensors]


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, inputs=None, trace=None):
    """`tensor.backward()` and `mtorch.autograd.backward`: accumulate d(tensors)/d(leaf) into every
    leaf's `.grad` (or only into `inputs`' when given). `trace`: see `run`."""
    if create_graph:
        raise NotImplementedError("mtorch's backward computes with numpy arrays, not Tensors, so it cannot "
                                  "build a graph of the gradient (create_graph=True, double backward)")
    tensors = _as_list(tensors)
    grad_tensors = [None] * len(tensors) if grad_tensors is None else _as_list(grad_tensors)
    roots = [_root(t, g) for t, g in zip(tensors, grad_tensors)]
    if inputs is None:
        run([r for r, _ in roots], [g for _, g in roots], bool(retain_graph), trace=trace)
        return
    inputs = _as_list(inputs)
    captured = run([r for r, _ in roots], [g for _, g in roots], bool(retain_graph),
                   capture=[function._edge(t) for t in inputs], trace=trace)
    for t, g in zip(inputs, captured):
        if g is not None:
            _accumulate(t, g, set())


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, allow_unused=None,
         materialize_grads=False):
    """d(outputs)/d(inputs) (times `grad_outputs`) as a tuple of Tensors, without touching any `.grad`."""
    if create_graph:
        raise NotImplementedError("mtorch's backward computes with numpy arrays, not Tensors, so it cannot "
                                  "build a graph of the gradient (create_graph=True, double backward)")
    outputs = _as_list(outputs)
    inputs = _as_list(inputs)
    for t in inputs:
        if not t.requires_grad:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    grad_outputs = [None] * len(outputs) if grad_outputs is None else _as_list(grad_outputs)
    roots = [_root(t, g) for t, g in zip(outputs, grad_outputs)]
    captured = run([r for r, _ in roots], [g for _, g in roots], bool(retain_graph),
                   capture=[function._edge(t) for t in inputs])
    Tensor = function.tensor_class()
    result = []
    for t, g in zip(inputs, captured):
        if g is None:
            if not (allow_unused or materialize_grads):
                raise RuntimeError("One of the differentiated Tensors appears to not have been used in the graph. "
                                   "Set allow_unused=True if this is the desired behavior.")
            result.append(Tensor(np.zeros_like(t._data)) if materialize_grads else None)
        else:
            result.append(Tensor(np.array(g, dtype=t._data.dtype)))
    return tuple(result)


def retain(tensor):
    """Make backward fill `tensor.grad` although it is not a leaf (`Tensor.retain_grad`)."""
    node = tensor.grad_fn
    if node.retained is None:
        node.retained = {}
    node.retained[tensor._output_nr] = weakref.ref(tensor)


def _copies(grads):
    return tuple(None if g is None else g.copy() for g in grads)
