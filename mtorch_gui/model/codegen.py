"""Export a spec as a Python script that rebuilds the network with mtorch or with PyTorch, as is."""

from __future__ import annotations

import inspect
import unicodedata

from . import layers
from .catalog import CATALOG, SpecError, format_shape
from .spec import DATASETS, ModelSpec

FRAMEWORKS = {"mtorch": ("import mtorch\nfrom mtorch import nn", "mtorch"),
              "torch": ("import torch\nfrom torch import nn", "torch")}


def _call(type_name: str, kwargs: dict, derived: dict) -> str:
    """``nn.Linear(in_features=784, out_features=128)``: derived, required and non-default arguments."""
    t = CATALOG[type_name]
    shown = dict(derived)
    for a in t.args:
        if a.required or kwargs[a.name] != a.default:
            shown[a.name] = kwargs[a.name]
    shown.update(t.fixed)
    prefix = "" if hasattr(layers, type_name) else "nn."
    return f"{prefix}{type_name}(" + ", ".join(f"{k}={v!r}" for k, v in shown.items()) + ")"


def _docstring_safe(text: str) -> str:
    """``text`` as the inside of a one-line docstring that reads back as ``text``: backslashes and quotes
    escaped, and every control character, lone surrogate or other invisible code point (NUL, newline,
    U+2028, ...) written as its escape, so the source compiles and encodes to UTF-8 whatever the name."""
    def safe(c):
        if c in '\\"':
            return "\\" + c
        if unicodedata.category(c) in ("Cc", "Cs", "Cf", "Co", "Cn", "Zl", "Zp"):
            return c.encode("unicode_escape").decode("ascii")    # "\\x00", "\\n", "\\ud800", ...
        return c
    return "".join(map(safe, text))


def module_code(spec: ModelSpec, framework: str = "mtorch") -> str:
    """The source of a script defining ``model``, an nn.Sequential equal to ``spec.build()``.

    Raises SpecError when the stack is invalid or empty.
    """
    imports, package = FRAMEWORKS[framework]
    if not spec.layers:
        raise SpecError("the model has no layers yet: add one from the palette or choose a preset")
    result = spec.validate()
    calls = spec.constructor_args(result)
    wrappers = sorted({name for name, _ in calls if hasattr(layers, name)})
    lines = [
        f'"""{_docstring_safe(spec.name)}: a network built in mtorch_gui\'s layer-stack editor, exported for '
        f"{package}.",
        "",
        f"Input per sample: {format_shape(spec.input_shape)} ({DATASETS[spec.dataset]['title']}); "
        f"output: {format_shape(result.output_shape)}; {result.total_params:,} parameters.",
        '"""',
        "",
        imports,
        "",
    ]
    for name in wrappers:
        lines += ["", inspect.getsource(getattr(layers, name)).rstrip(), ""]
    lines += ["", "model = nn.Sequential("]
    for (name, kwargs), r in zip(calls, result.layers):
        lines.append(f"    {_call(name, kwargs, r.derived)},")
    shape = ", ".join(str(n) for n in spec.input_shape)
    lines += [
        ")",
        "",
        'if __name__ == "__main__":',
        "    print(model)",
        f"    x = {package}.randn(2, {shape})",
        '    print("output shape:", tuple(model(x).shape))',
        "",
    ]
    return "\n".join(lines)
