"""Architecture files: JSON only, written atomically, read with a clear error naming the file."""

from __future__ import annotations

from pathlib import Path

from mtorch.serialization import read_text_file, write_text_atomic

from .catalog import SpecError
from .spec import ModelSpec

__all__ = ["MAX_FILE_BYTES", "file_stem", "load_spec", "save_spec", "write_text_atomic"]

MAX_FILE_BYTES = 10 * 2 ** 20     # an architecture is a few kB; refuse to read anything huge


def save_spec(spec: ModelSpec, path) -> None:
    write_text_atomic(path, spec.to_json() + "\n")


def load_spec(path) -> ModelSpec:
    """Read an architecture file; any problem raises SpecError("Cannot open NAME: reason").

    A stack whose layers do not fit together is refused too (its output not matching the dataset is not:
    that is a model still being built).
    """
    path = Path(path)
    try:
        text = read_text_file(path, MAX_FILE_BYTES)
    except ValueError as e:
        raise SpecError(f"Cannot open {path.name}: {e}") from None
    except OSError as e:
        raise SpecError(f"Cannot open {path.name}: {e.strerror or e}") from None
    try:
        spec = ModelSpec.from_json(text)
    except SpecError as e:
        raise SpecError(f"Cannot open {path.name}: {e}") from None
    result = spec.validate()
    if result.first_invalid is not None:
        raise SpecError(f"Cannot open {path.name}: its layers do not fit together. {result.first_error}")
    return spec


def file_stem(name: str) -> str:
    """A file name from a model name: "LeNet-5" -> "LeNet-5", "MLP 784-128" -> "MLP_784-128"."""
    stem = "".join(c if c.isalnum() or c in "-_" else "_" for c in name).strip("_")
    return stem or "model"
