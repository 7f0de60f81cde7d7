"""File → Export: the model as mtorch or PyTorch code (the window's actions), as a complete PyTorch training
script (also for torchrun), and as ONNX with the weights of its last training run."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

import mtorch
from mtorch_gui.i18n import ui_text
from mtorch_gui.model.catalog import SpecError
from mtorch_gui.model.codegen import training_script, write_training_script
from mtorch_gui.model.files import file_stem
from mtorch_gui.training.config import TrainingConfig


class ExportMenu(QMenu):
    """The Export submenu of ``window`` (a MainWindow): its code actions, then the training script and ONNX."""

    def __init__(self, window, code_actions):
        super().__init__(self.tr("&Export"), window)
        self.window = window
        self.trained = None  # the last training payload {"spec", "state_dict"}, for ONNX
        window.training.weightsUpdated.connect(self._remember)
        self.addActions(code_actions)
        self.addSeparator()
        self.script_action = self.addAction(self.tr("PyTorch &training script…"), lambda: self.export_script())
        self.script_action.setStatusTip(self.tr("A PyTorch script that trains this model with its settings, on a GPU "
                                                "or distributed with torchrun"))
        self.onnx_action = self.addAction(self.tr("&ONNX…"), lambda: self.export_onnx())
        self.onnx_action.setStatusTip(self.tr("The model with its trained weights as ONNX, for onnxruntime or "
                                              "Netron"))

    def _remember(self, payload):
        self.trained = payload

    def _path(self, title: str, suffix: str, file_filter: str) -> str:
        suggested = Path(self.window._last_folder()) / (file_stem(self.window.document.spec.name) + suffix)
        path, _ = QFileDialog.getSaveFileName(self.window, title, str(suggested), file_filter)
        return path

    def _fail(self, message):
        QMessageBox.warning(self.window, self.tr("Cannot export"), message)
        return False

    def export_script(self, path: str | None = None) -> bool:
        """Write the PyTorch training script of the open model and its settings."""
        spec = self.window.document.spec
        try:
            config = TrainingConfig.for_spec(spec)
            training_script(spec, config)  # refuses a model or settings that cannot train before asking where
        except (SpecError, ValueError) as e:
            return self._fail(self.tr("Fix the model first: {error}").format(error=ui_text(e.args[0])))
        path = path or self._path(self.tr("Export a PyTorch training script"), "_train.py", self.tr("Python (*.py)"))
        if not path:
            return False
        try:
            write_training_script(spec, config, path)
        except ValueError as e:
            return self._fail(ui_text(e.args[0]))
        except OSError as e:
            return self._fail(self.tr("Cannot write {file}: {error}").format(file=Path(path).name,
                                                                            error=e.strerror or e))
        self.window.statusBar().showMessage(self.tr("Exported {file}: run it with python or torchrun").format(
            file=Path(path).name), 8000)
        return True

    def export_onnx(self, path: str | None = None) -> bool:
        """Write the open model as ONNX, with the weights of its last training run when there is one."""
        spec = self.window.document.spec
        try:
            model = spec.build()
        except SpecError as e:
            return self._fail(self.tr("Fix the model first: {error}").format(error=ui_text(e.args[0])))
        trained = self.trained is not None and self.trained["spec"].layers == spec.layers and \
            tuple(self.trained["spec"].input_shape) == tuple(spec.input_shape)
        if trained:
            model.load_state_dict({k: mtorch.from_numpy(v) for k, v in self.trained["state_dict"].items()})
        path = path or self._path(self.tr("Export as ONNX"), ".onnx", self.tr("ONNX (*.onnx)"))
        if not path:
            return False
        example = mtorch.from_numpy(np.zeros((1, *spec.input_shape), np.float32))
        try:
            mtorch.onnx.export(model, example, path)
        except ModuleNotFoundError:
            return self._fail(self.tr("Exporting ONNX needs the onnx package: pip install onnx"))
        except TypeError as e:
            return self._fail(str(e))
        except OSError as e:
            return self._fail(self.tr("Cannot write {file}: {error}").format(file=Path(path).name,
                                                                            error=e.strerror or e))
        message = (self.tr("Exported {file} with the weights of the last training run") if trained else
                   self.tr("Exported {file} with untrained weights: train the model first to export what it learns"))
        self.window.statusBar().showMessage(message.format(file=Path(path).name), 8000)
        return True
