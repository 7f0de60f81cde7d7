"""Architecture files: JSON only, written atomically, read with a clear error naming the file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .catalog import SpecError
from .spec import ModelSpec

MAX_FILE_BYTES = 10 * 2 ** 20     # an architecture is a few kB; refuse to read anything huge


def write_text_atomic(path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it into place: a crash or a full
    disk never leaves a half-written file behind."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_spec(spec: ModelSpec, path) -> None:
    write_text_atomic(path, spec.to_json() + "\n")


def load_spec(path) -> ModelSpec:
    """Read an architecture file; any problem raises SpecError("Cannot open NAME: reason").

    A stack whose layers do not fit together is refused too (its output not matching the dataset is not:
    that is a model still being built).
    """
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise SpecError(f"Cannot open {path.name}: it is far too large to be an architecture file")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise SpecError(f"Cannot open {path.name}: it is not a text file") from None
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
