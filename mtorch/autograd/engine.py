"""The backward pass: visit the graph's nodes in reverse topological order, without recursion."""

import numpy as np

from . import function


def _topological_order(root):
    """Nodes reachable from `root`, each after every node that consumes its outputs."""
    order, visited, stack = [], set(), [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
            continue
        if node in visited:
            continue
        if node.edges is None:
            raise RuntimeError("Trying to backward through the graph a second time; its saved arrays were "
                               "freed after the first backward (use backward(retain_graph=True))")
        visited.add(node)
        stack.append((node, True))
        for edge in node.edges:
            if type(edge) is tuple and edge[0] not in visited:
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
        leaf.grad._data = leaf.grad._data + grad
        return
    if grad.base is not None or id(grad) in fresh or not grad.flags.writeable:
        grad = grad.copy()
    fresh.add(id(grad))
    leaf.grad = function.Tensor(grad)


def backward(tensor, gradient=None, retain_graph=False):
    """d(tensor)/d(leaf), times `gradient`, accumulated into every leaf's `.grad`."""
    if not tensor.requires_grad:
        raise RuntimeError("element 0 of tensors does not require grad and does not have a grad_fn")
    if gradient is None:
        if tensor._data.size != 1:
            raise RuntimeError(f"grad can be implicitly created only for scalar outputs, got shape "
                               f"{tensor.shape}; pass gradient= to backward()")
        grad = np.ones_like(tensor._data)
    else:
        grad = np.array(gradient._data if hasattr(gradient, "_data") else gradient,
                        dtype=tensor._data.dtype).reshape(tensor._data.shape)
    fresh = set()
    root = tensor.grad_fn
    if root is None:  # backward() on a leaf
        _accumulate(tensor, grad, fresh)
        return
    grads = {root: [None] * root.n_outputs}
    grads[root][tensor._output_nr] = grad
    for node in _topological_order(root):
        out_grads = grads.pop(node, None)
        if out_grads is None:
            continue
        in_grads = node.function.backward(node, *out_grads)
        if type(in_grads) is not tuple:
            in_grads = (in_grads,)
        for edge, g in zip(node.edges, in_grads):
            if edge is None or g is None:
                continue
            if type(edge) is tuple:
                slots = grads.setdefault(edge[0], [None] * edge[0].n_outputs)
                slots[edge[1]] = g if slots[edge[1]] is None else slots[edge[1]] + g
            else:
                _accumulate(edge, g, fresh)
        if not retain_graph:  # free the graph as we go: saved arrays and edges are not needed again
            node.saved_tensors = ()
            node.edges = None
