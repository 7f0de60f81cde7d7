"""What the inspector prints beside a backward step: the op's formula in one line and the numpy source of the
backward that ran (read with ``inspect`` from the Function class itself, so it cannot drift from the code).

For an op fused or rearranged for speed (``mtorch.nn.functional.reference.REFERENCES``) the plain reference,
tested equal to it, comes first, then the fused source that ran.
"""

from __future__ import annotations

import inspect
import textwrap

from mtorch.nn.functional.reference import REFERENCES
from mtorch.optim.reference import adam_step_reference
from mtorch_gui.model.text import Text

# one line per op: its forward, then the gradients its backward returns (g = dL/d output); Texts, as the few
# words in them are translated
FORMULAS = {
    "Linear": Text("backprop", "y = x·Wᵀ + b      dL/dx = g·W,   dL/dW = gᵀ·x,   dL/db = Σ g"),
    "Conv2d": Text("backprop", "y = b + W ⋆ x      dL/dx = g ⋆ W (full, flipped),   dL/dW = g ⋆ x,   dL/db = Σ g"),
    "ReLU": Text("backprop", "y = max(x, 0)      dL/dx = g · [x > 0]"),
    "Sigmoid": Text("backprop", "y = 1 / (1 + e^−x)      dL/dx = g · y · (1 − y)"),
    "Tanh": Text("backprop", "y = tanh x      dL/dx = g · (1 − y²)"),
    "LeakyReLU": Text("backprop", "y = x if x > 0 else a·x      dL/dx = g · (1 if x > 0 else a)"),
    "Reshape": Text("backprop", "y = x reshaped      dL/dx = g reshaped back"),
    "MaxPool2d": Text("backprop", "y = max of each window      dL/dx = g at each window's maximum, 0 elsewhere"),
    "AvgPool2d": Text("backprop", "y = mean of each window      dL/dx = g / (window size), spread over the window"),
    "Softmax": Text("backprop", "y = eˣ / Σ eˣ      dL/dx = y · (g − Σ g·y)"),
    "LogSoftmax": Text("backprop", "y = x − log Σ eˣ      dL/dx = g − softmax(x) · Σ g"),
    "Dropout": Text("backprop", "y = x · mask / (1 − p)      dL/dx = g · mask / (1 − p)"),
    "CrossEntropy": Text("backprop", "L = −log softmax(x)[y]      dL/dx = softmax(x) − one_hot(y)"),
    "NLLLoss": Text("backprop", "L = −x[y]      dL/dx = −one_hot(y)"),
    "BatchNorm": Text("backprop", "y = γ · (x − μ) / σ + β      dL/dx = (γ/σ) · (g − mean(g) − x̂ · mean(g · x̂))"),
    "Embedding": Text("backprop", "y = W[index]      dL/dW[index] += g"),
}
LOSS_FORMULAS = {  # PointwiseLoss serves several losses: the loss module tells which
    "MSELoss": Text("backprop", "L = mean((x − t)²)      dL/dx = 2 (x − t) / n"),
    "L1Loss": Text("backprop", "L = mean(|x − t|)      dL/dx = sign(x − t) / n"),
    "SmoothL1Loss":
        Text("backprop", "L = mean(½(x − t)² if |x − t| < 1 else |x − t| − ½)      dL/dx = clip(x − t, −1, 1) / n"),
    "HuberLoss":
        Text("backprop", "L = mean(½d² if |d| < δ else δ(|d| − ½δ)), d = x − t      dL/dx = clip(d, −δ, δ) / n"),
}


def formula(function, module=None) -> str:
    """The op's one-line formula (a Text); for an op without one in the table, the first line of its docstring
    (English, as the source is)."""
    name = function.__name__
    if name == "PointwiseLoss" and type(module).__name__ in LOSS_FORMULAS:
        return LOSS_FORMULAS[type(module).__name__]
    if name in FORMULAS:
        return FORMULAS[name]
    doc = inspect.getdoc(function) or ""
    return doc.splitlines()[0] if doc else name


def _helpers(method) -> list:
    """The module-level functions of the op's own module that ``method`` calls (Conv2d's _input_grad...)."""
    module = inspect.getmodule(method)
    found = []
    for name in method.__code__.co_names:
        value = getattr(module, name, None)
        if inspect.isfunction(value) and value.__module__ == module.__name__ and value not in found:
            found.append(value)
    return found


def function_source(function) -> str:
    """The Function's forward and backward, then the helpers its backward calls, as the files hold them."""
    methods = [function.forward, function.backward]
    parts = [f"# {function.__module__.replace('.', '/')}.py",
             f"class {function.__name__}(...):"]
    parts += [textwrap.indent(textwrap.dedent(inspect.getsource(m)), "    ") for m in methods]
    parts += [inspect.getsource(h) for h in _helpers(function.backward)]
    return "\n".join(parts)


def op_source(function) -> str:
    reference = REFERENCES.get(function)
    if reference is None:
        return function_source(function)
    return (f"# {function.__name__} is fused for speed; this plain reference computes the same (tested equal):\n"
            f"{function_source(reference)}\n\n# the fused op that ran:\n{function_source(function)}")


def step_source(optimizer: str) -> str:
    """The source of what "apply one step" ran: the SGD update, or Adam by its plain reference (the optimiser
    mtorch.optim.Adam rearranges it for speed, in place; they are tested equal)."""
    from . import trace  # the steps live with the trace

    if optimizer == "Adam":
        return (f"# mtorch.optim.Adam is rearranged for speed (in place, bias corrections multiplied through); this\n"
                f"# plain reference computes the same (tested equal) and made this step:\n"
                f"# mtorch/optim/reference.py\n{inspect.getsource(adam_step_reference)}\n"
                f"# mtorch_gui/backprop/trace.py\n{inspect.getsource(trace.adam_step)}")
    return f"# mtorch_gui/backprop/trace.py\n{inspect.getsource(trace.sgd_step)}"
