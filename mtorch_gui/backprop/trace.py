"""One sample's forward and backward pass, recorded step by step: plain Python on mtorch, no Qt.

``BackpropTrace(model, loss_fn, x, target)`` runs a Sequential model on one sample layer by layer (each
layer's input and output kept), computes the loss, then runs mtorch's own backward with
``mtorch.autograd.engine.backward(loss, trace=...)``: every autograd node that ran is recorded with the
gradients it received (dL/d output) and the ones it sent (dL/d each input), in the order the engine ran them.
So the numbers the inspector shows are the ones mtorch.autograd computed, by the backward whose source it shows.

Each node is assigned to the layer whose forward made it, so a backward step knows its layer's input and
output values and its parameters. ``check_step`` compares a step's gradients with central finite differences
of that layer in float64; ``sgd_step`` and ``adam_step`` move the weights once.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field

import numpy as np

import mtorch
from mtorch.autograd import engine
from mtorch.autograd.function import AccumulateGrad
from mtorch.autograd.gradcheck import numerical_gradient
from mtorch.optim.reference import adam_step_reference

from .sources import formula, op_source

MAX_CHECKED = 64  # entries per tensor a finite-difference check perturbs (half the largest gradients, half at random)
FD_EPS = 1e-6


@dataclass
class LayerStep:
    """The forward of one layer (or of the loss, the last one)."""
    index: int  # 0-based position in the model; len(model) for the loss
    title: str  # "2 Linear", or "loss MSELoss"
    module: object
    input: np.ndarray  # the layer's input for this sample (batch of one)
    output: np.ndarray
    params: dict  # parameter name in the model ("1.weight") -> Parameter
    nodes: list = field(default_factory=list)  # the autograd nodes its forward recorded, in order


@dataclass
class Operand:
    """One input of a backward step."""
    label: str  # "input x", "1.weight", "output of 1 Linear"
    value: np.ndarray | None  # None when it is an intermediate value of a composite layer
    grad: np.ndarray | None  # dL/d(this input) as the node sent it; None when none is needed
    param: str | None = None  # the parameter's name when it is one
    producer: object = None  # the autograd node that made it, or the leaf Tensor it is; None for the target


@dataclass
class BackwardStep:
    """One autograd node's backward, as the engine ran it."""
    number: int  # 1-based, in the order the engine ran them
    name: str  # PyTorch's node name, "LinearBackward0"
    function: type  # the Function class whose backward ran
    layer: LayerStep
    output: np.ndarray | None  # the node's forward output, when it is its layer's output (or the loss)
    grad_output: np.ndarray | None  # dL/d(output) it received
    operands: list[Operand]
    node: object = None  # the autograd node (a Context)

    @property
    def formula(self) -> str:
        return formula(self.function, self.layer.module)

    @property
    def source(self) -> str:
        return op_source(self.function)


@dataclass
class GradientCheck:
    """A finite-difference check of one tensor's gradient."""
    label: str
    analytic: np.ndarray  # the backward's gradient (as shown)
    numeric: np.ndarray  # central differences in float64, at the checked entries (0 elsewhere)
    checked: np.ndarray  # bool mask of the entries compared
    max_difference: float
    scale: float  # the largest |gradient| at the checked entries, for a relative reading
    kinks: int = 0  # entries left out: the function has a kink there (see _kinks)

    @property
    def ok(self) -> bool:
        return self.max_difference <= 1e-4 + 1e-3 * self.scale


def one_sample(x) -> np.ndarray:
    """A sample as a batch of one."""
    return np.asarray(x, np.float32)[None]


class BackpropTrace:
    """See the module docstring. ``target`` is what ``loss_fn`` takes for a batch of one (class index array
    or float target). The model is used as it is (in eval mode while tracing): copy it first to keep yours."""

    def __init__(self, model, loss_fn, x, target):
        self.model, self.loss_fn, self.target = model, loss_fn, target
        self.x = mtorch.from_numpy(np.array(x, np.float32, copy=True)).requires_grad_()
        names = {id(p): name for name, p in model.named_parameters()}
        model.eval()
        model.zero_grad()
        self.layers: list[LayerStep] = []
        self.outputs = []  # each layer's output Tensor (kept for retain_grad)
        seen = set()
        h = self.x
        for i, (name, module) in enumerate(model.named_children()):
            out = module(h)
            params = {f"{name}.{n}": p for n, p in module.named_parameters()}
            layer = LayerStep(i, f"{i + 1} {type(module).__name__}", module, h.numpy(), out.numpy(), params)
            layer.nodes = _new_nodes(out, seen)
            if out.requires_grad and out.grad_fn is not None:
                out.retain_grad()
            self.layers.append(layer)
            self.outputs.append(out)
            h = out
        self.output = h
        loss = loss_fn(h, target)
        self.loss = float(loss.item())
        loss_layer = LayerStep(len(self.layers), f"loss {type(loss_fn).__name__}", loss_fn, h.numpy(),
                               loss.numpy(), {})
        loss_layer.nodes = _new_nodes(loss, seen)
        self.layers.append(loss_layer)

        records = []
        engine.backward(loss, trace=records)
        layer_of = {node: layer for layer in self.layers for node in layer.nodes}
        output_of = {layer.nodes[-1]: layer.output for layer in self.layers if layer.nodes}
        self.steps = []
        for number, (node, out_grads, in_grads) in enumerate(records, 1):
            operands = []
            for edge, g, is_tensor in zip(node.edges, in_grads, node.tensor_inputs):
                if is_tensor:
                    operands.append(self._operand(edge, g, names, layer_of, output_of))
            self.steps.append(BackwardStep(number, node.name(), node.function, layer_of[node], output_of.get(node),
                                           out_grads[0], operands, node))

    def _operand(self, edge, grad, names, layer_of, output_of) -> Operand:
        if edge is None:
            return Operand("target", None, None)
        node = edge[0]
        if type(node) is AccumulateGrad:
            t = node.variable
            if t is self.x:
                return Operand("input x", t.numpy(), grad, producer=t)
            return Operand(names.get(id(t), "leaf"), t.numpy(), grad, param=names.get(id(t)), producer=t)
        producer = layer_of.get(node)
        if producer is None:
            label = node.name()
        elif node is producer.nodes[-1]:
            label = f"output of {producer.title}"
        else:  # a value inside a layer of several nodes (a recurrent layer's steps)
            label = f"{node.name()} inside {producer.title}"
        return Operand(label, output_of.get(node), grad, producer=node)

    # ---- what the views read ----------------------------------------------------------------------------

    def prediction(self) -> np.ndarray:
        """The model's output for the sample (batch axis dropped)."""
        return self.output.numpy()[0]

    def input_grad(self, layer: LayerStep) -> np.ndarray:
        """dL/d(the layer's input): the sample's gradient for the first layer, else what the previous
        layer's output received."""
        t = self.x if layer.index == 0 else self.outputs[layer.index - 1]
        return t.grad.numpy()

    def output_grad(self, layer: LayerStep) -> np.ndarray:
        if layer.index == len(self.outputs):  # the loss: dL/dL = 1
            return np.ones_like(layer.output)
        return self.outputs[layer.index].grad.numpy()

    # ---- the finite-difference check ----------------------------------------------------------------------

    def check_step(self, step, max_checked: int = MAX_CHECKED) -> GradientCheckJob:
        """A finite-difference check of ``step``'s layer (its input and each parameter): central differences
        of the layer run in float64 on this sample, d<g, f(x)>/dx with g = dL/d(output), against the
        gradients the backward sent. For a layer that is one autograd node (every layer but the recurrent
        ones) that is exactly this op's check. The job holds copies: ``run()`` may go on another thread."""
        layer = step.layer
        loss_layer = layer.index == len(self.outputs)
        target = self.target
        if loss_layer and isinstance(target, mtorch.Tensor) and target.dtype.kind == "f":
            target = target.double()
        tensors = [(f"dL/d input of {layer.title}", layer.input.astype(np.float64), self.input_grad(layer).copy())]
        module = copy.deepcopy(layer.module).double()
        params64 = dict(module.named_parameters())
        for name, p in layer.params.items():
            tensors.append((f"dL/d {name}", params64[name.split(".", 1)[1]].numpy(), p.grad.numpy().copy()))
        return GradientCheckJob(module, target if loss_layer else None, self.output_grad(layer).astype(np.float64),
                                tensors, max_checked)


class GradientCheckJob:
    """See ``BackpropTrace.check_step``."""

    def __init__(self, module, target, g, tensors, max_checked):
        self.module, self.target, self.g, self.tensors, self.max_checked = module, target, g, tensors, max_checked

    def run(self) -> list[GradientCheck]:
        x = self.tensors[0][1]

        def loss():
            with mtorch.no_grad():
                t = mtorch.from_numpy(x)
                out = self.module(t) if self.target is None else self.module(t, self.target)
            return float((out.numpy() * self.g).sum())

        rng = np.random.default_rng(0)
        return [_check(label, loss, array, analytic, self.max_checked, rng) for label, array, analytic in self.tensors]


def _check(label, loss, x, analytic, max_checked, rng) -> GradientCheck:
    flat = np.abs(analytic).reshape(-1)
    if flat.size <= max_checked:
        chosen = np.arange(flat.size)
    else:  # the largest gradients and as many others at random
        largest = np.argpartition(flat, flat.size - max_checked // 2)[flat.size - max_checked // 2:]
        others = rng.choice(flat.size, max_checked, replace=False)
        chosen = np.concatenate([largest, others[~np.isin(others, largest)]])[:max_checked]
    indices = [np.unravel_index(i, x.shape) for i in chosen]
    numeric = numerical_gradient(loss, x, FD_EPS, indices)
    checked = np.zeros(x.shape, bool)
    checked.reshape(-1)[chosen] = True
    scale = float(np.abs(analytic)[checked].max(initial=0.0))
    kinks = _kinks(loss, x, analytic, numeric, checked, scale)
    checked &= ~kinks
    difference = np.abs(analytic.astype(np.float64) - numeric)[checked]
    return GradientCheck(label, analytic, numeric, checked, float(difference.max(initial=0.0)), scale,
                         int(kinks.sum()))


def _kinks(loss, x, analytic, numeric, checked, scale) -> np.ndarray:
    """The checked entries where the function has a kink (its slopes to the left and to the right differ, as
    at a tie in a max-pool window or relu at 0): there the derivative is not defined and central differences
    average the two slopes, so they are left out of the comparison."""
    tolerance = 1e-4 + 1e-3 * scale
    kinks = np.zeros(x.shape, bool)
    suspects = checked & (np.abs(analytic - numeric) > tolerance)
    if suspects.any():
        middle = loss()
        for i in zip(*np.nonzero(suspects)):
            old = x[i]
            x[i] = old + FD_EPS
            right = (loss() - middle) / FD_EPS
            x[i] = old - FD_EPS
            left = (middle - loss()) / FD_EPS
            x[i] = old
            kinks[i] = abs(right - left) > tolerance
    return kinks


def _new_nodes(out, seen) -> list:
    """The autograd nodes reachable from ``out`` that no earlier layer made, producers first."""
    found, stack = [], [out.grad_fn] if out.grad_fn is not None else []
    while stack:
        node = stack.pop()
        if node in seen or type(node) is AccumulateGrad:
            continue
        seen.add(node)
        found.append(node)
        stack.extend(e[0] for e in node.edges if e is not None)
    return found[::-1]


def sgd_step(model, lr: float) -> None:
    """theta <- theta - lr * dL/dtheta for every parameter that has a gradient (what "apply one SGD step" does)."""
    with mtorch.no_grad():
        for p in model.parameters():
            if p.grad is not None:
                p.numpy()[...] -= lr * p.grad.numpy()


def adam_step(model, lr: float, state: dict) -> None:
    """One Adam step by ``mtorch.optim.reference.adam_step_reference`` (the paper's formulas, tested equal to
    mtorch.optim.Adam): ``state`` keeps each parameter's moments and the step count between calls."""
    state["t"] = state.get("t", 0) + 1
    for name, p in model.named_parameters():
        if p.grad is not None:
            m, v = state.get(name, (np.zeros_like(p.numpy()), np.zeros_like(p.numpy())))
            new, m, v = adam_step_reference(p.numpy(), p.grad.numpy(), m, v, state["t"], lr)
            p.numpy()[...] = new
            state[name] = (m, v)


def norm(a) -> float:
    return math.sqrt(float(np.vdot(a, a))) if a is not None else 0.0
