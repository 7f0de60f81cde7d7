"""One file per concept (module.py, container.py, linear.py, activation.py, loss.py, conv.py, ...).

``mtorch.nn`` imports the layers from these files directly; see ``mtorch/nn/__init__.py``.
"""
