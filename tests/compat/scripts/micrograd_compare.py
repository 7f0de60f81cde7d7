# The micrograd lecture's check against PyTorch: a tiny neuron in float64 with requires_grad leaves,
# .backward(), .grad of every input and .data.item(), then a walk over the graph through
# grad_fn.next_functions down to the AccumulateGrad nodes of the leaves.
import torch

x1 = torch.Tensor([2.0]).double()
x1.requires_grad = True
x2 = torch.Tensor([0.0]).double()
x2.requires_grad = True
w1 = torch.Tensor([-3.0]).double()
w1.requires_grad = True
w2 = torch.Tensor([1.0]).double()
w2.requires_grad = True
b = torch.Tensor([6.8813735870195432]).double()
b.requires_grad = True
n = x1 * w1 + x2 * w2 + b
o = torch.tanh(n)
o.backward()


def walk(fn, seen, order):
    if fn is None or fn in seen:
        return
    seen.add(fn)
    order.append(fn)
    for next_fn, _ in fn.next_functions:
        walk(next_fn, seen, order)


seen, order = set(), []
walk(o.grad_fn, seen, order)
leaves = [fn.variable for fn in order if hasattr(fn, "variable")]
names = [fn.name() for fn in order]

# the same with a vector and a reduction: two paths into one leaf accumulate
a = torch.tensor([1.0, -2.0, 3.0], dtype=torch.float64, requires_grad=True)
c = (a * a + a.exp() * 2).sum()
c.backward()

RESULT = {
    "o": o.data.item(),
    "x1_grad": x1.grad.item(),
    "x2_grad": x2.grad.item(),
    "w1_grad": w1.grad.item(),
    "w2_grad": w2.grad.item(),
    "b_grad": b.grad.item(),
    "x1_dtype": x1.dtype,
    "n_nodes": len(order),
    "n_leaf_nodes": len(leaves),
    "leaves_are_inputs": sorted(id(t) for t in leaves) == sorted(id(t) for t in (x1, x2, w1, w2, b)),
    "root_mentions_tanh": "tanh" in names[0].lower(),
    "leaf_nodes_named_accumulate": all("accumulategrad" in nm.lower() for fn, nm in zip(order, names)
                                       if hasattr(fn, "variable")),
    "a_grad": a.grad,
    "o_is_leaf": o.is_leaf,
}
