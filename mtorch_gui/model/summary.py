"""A torchinfo-style text summary of a spec: one row per layer, then the totals and the memory."""

from __future__ import annotations

from .spec import ModelSpec, ValidationResult

BYTES_PER_VALUE = 4    # float32


def format_bytes(n: int) -> str:
    """``n`` bytes in MB, kB or B with two decimals, in integer arithmetic (any size, no float overflow)."""
    for unit, size in (("MB", 2 ** 20), ("kB", 2 ** 10)):
        if n >= size:
            hundredths = (n * 100 + size // 2) // size
            return f"{hundredths // 100}.{hundredths % 100:02d} {unit}"
    return f"{n} B"


def summary_text(spec: ModelSpec, result: ValidationResult | None = None) -> str:
    """The table torchinfo prints for ``summary(model, input_size=(N, ...))``, with N for the batch."""
    result = result or spec.validate()
    rows = [("Layer (type:depth-idx)", "Output Shape", "Param #"),
            ("Sequential", _shape(result.output_shape), "--")]
    for i, (layer, r) in enumerate(zip(spec.layers, result.layers)):
        prefix = "└─" if i == len(spec.layers) - 1 else "├─"
        params = f"{r.params:,}" if r.params else "--"
        rows.append((f"{prefix}{layer.type}: 1-{i + 1}", "invalid" if r.error else _shape(r.output_shape),
                     params if r.output_shape is not None else "?"))
    widths = [max(len(row[c]) for row in rows) + 4 for c in range(3)]
    rule = "=" * sum(widths)

    def line(row):
        return "".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip()

    total = result.total_params
    activations = sum(_numel(r.output_shape) for r in result.layers if r.output_shape)
    out = [rule, line(rows[0]), rule, *(line(r) for r in rows[1:]), rule,
           f"Total params: {total:,}",
           f"Trainable params: {total:,}",
           "Non-trainable params: 0",
           rule,
           f"Input size per sample: {format_bytes(_numel(spec.input_shape) * BYTES_PER_VALUE)}",
           f"Forward/backward pass size per sample: {format_bytes(2 * activations * BYTES_PER_VALUE)}",
           f"Params size: {format_bytes(total * BYTES_PER_VALUE)}",
           rule]
    return "\n".join(out)


def _shape(shape) -> str:
    return "?" if shape is None else "[N, " + ", ".join(map(str, shape)) + "]"


def _numel(shape) -> int:
    n = 1
    for s in shape:
        n *= s
    return n
