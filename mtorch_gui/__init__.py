"""mtorch_gui: a desktop app to build, train and probe mtorch networks."""

from . import _pyside_fix  # noqa: F401  (before any Qt code: see the module)
