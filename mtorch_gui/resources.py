"""The files mtorch_gui reads at run time (SVG icons, the default canvas model, translations), found with
``importlib.resources`` inside the installed package, wherever pip put it.

They live in the package's ``_resources`` folder: in a checkout that is a symbolic link to the repository's
top-level ``resources/`` folder, and the build copies the files behind it into the wheel (``package-data`` in
pyproject.toml), so an editable install and a wheel find them at the same place.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def resource(*parts: str) -> Path:
    """The path of a shipped file or folder: ``resource("icons", "save.svg")``, ``resource("models")``."""
    return Path(files("mtorch_gui"), "_resources", *parts)  # pip installs packages as folders on disk
