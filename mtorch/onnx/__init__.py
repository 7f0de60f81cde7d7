"""Export a model to ONNX, the interchange format of inference runtimes (onnxruntime, TensorRT, ...) and
viewers (Netron): ``mtorch.onnx.export(model, example_input, "model.onnx")``, as ``torch.onnx.export``.

Needs the ``onnx`` package (``pip install 'mtorch[onnx]'``), imported only when exporting.
"""

from .exporter import OPSET_VERSION, export

__all__ = ["OPSET_VERSION", "export"]
