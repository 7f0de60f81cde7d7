"""The training settings as widgets: one per TrainingConfig field, showing a TrainingConfig.

The form is a view of the document's settings: ``set_config`` shows them (without reporting changes) and
every change the user makes is reported as ``settingChanged(name, value)``, which the training panel turns
into a document edit (undoable, marks the file modified).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QLabel, QSpinBox, QWidget

from mtorch_gui.data.registry import title_of
from mtorch_gui.editor.undo_keys import undo_keys_to_document
from mtorch_gui.i18n import ui_text

from .config import INT_RANGE, LOSSES, MOMENTUM_OPTIMIZERS, OPTIMIZERS, SCHEDULERS, TrainingConfig


class CompactDoubleSpinBox(QDoubleSpinBox):
    """A number box that shows 0.001 and 1e-05 rather than 0.001000 and 0.000010, and accepts either."""

    def textFromValue(self, value):
        return f"{value:.6g}"

    def valueFromText(self, text):
        return float(text)

    def validate(self, text, pos):
        try:
            float(text)
        except ValueError:
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Acceptable, text, pos


def _spin(kind, low, high, tip, decimals=None):
    box = kind()
    box.setRange(low, high)
    if decimals is not None:
        box.setDecimals(decimals)
        box.setStepType(QDoubleSpinBox.StepType.AdaptiveDecimalStepType)
    box.setToolTip(tip)
    return box


class SettingsForm(QWidget):
    settingChanged = Signal(str, object)  # a TrainingConfig field's name and the value the user gave it

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("trainingSettings")
        self._dataset, self._dataset_options = "mnist", {}
        self._showing = False  # set_config is filling the widgets: nothing to report
        self.dataset_label = QLabel()
        self.dataset_label.setToolTip(self.tr("The dataset follows the model's input (set in the editor or by a "
                                              "preset)"))
        self.loss = QComboBox()
        self.loss.addItems(LOSSES)
        self.loss.setToolTip(self.tr("MSELoss and BCE losses compare with one-hot targets on MNIST"))
        self.optimizer = QComboBox()
        self.optimizer.addItems(OPTIMIZERS)
        self.lr = _spin(CompactDoubleSpinBox, 1e-10, 1000.0, self.tr("Learning rate; may be changed while training"),
                        decimals=10)
        self.momentum = _spin(QDoubleSpinBox, 0.0, 0.999, self.tr("Momentum (SGD, RMSprop)"), decimals=3)
        self.nesterov = QCheckBox("Nesterov")
        self.weight_decay = _spin(CompactDoubleSpinBox, 0.0, 1.0, self.tr("L2 penalty (decoupled for AdamW)"),
                                  decimals=6)
        self.batch_size = _spin(QSpinBox, 1, INT_RANGE[1], self.tr("Samples per mini-batch"))
        self.epochs = _spin(QSpinBox, 1, INT_RANGE[1], self.tr("Passes over the training set"))
        self.scheduler = QComboBox()
        for name in SCHEDULERS:  # the item's data is the setting's value; only "none" is a word to translate
            self.scheduler.addItem(self.tr("none") if name == "none" else name, name)
        self.scheduler.setToolTip(self.tr("none: constant; StepLR: multiply by gamma every step_size epochs; "
                                     "CosineAnnealingLR: cosine down to 0 over the epochs; OneCycleLR: warm up to "
                                     "the learning rate, then anneal, per batch"))
        self.step_size = _spin(QSpinBox, 1, INT_RANGE[1], self.tr("StepLR: epochs between decays"))
        self.gamma = _spin(QDoubleSpinBox, 0.01, 1.0, self.tr("StepLR: decay factor"), decimals=3)
        self.seed = _spin(QSpinBox, 0, INT_RANGE[1], self.tr("Seed of the initial weights, data order and dropout"))
        self.sample_limit = _spin(QSpinBox, 0, INT_RANGE[1],
                                  self.tr("Use at most this many samples per split (0: all)"))
        self.sample_limit.setSpecialValueText(self.tr("all"))

        form = QFormLayout(self)
        for label, widget in ((self.tr("Dataset"), self.dataset_label), (self.tr("Loss"), self.loss),
                              (self.tr("Optimiser"), self.optimizer), (self.tr("Learning rate"), self.lr),
                              (self.tr("Momentum"), self.momentum), ("", self.nesterov),
                              (self.tr("Weight decay"), self.weight_decay), (self.tr("Batch size"), self.batch_size),
                              (self.tr("Epochs"), self.epochs), (self.tr("Scheduler"), self.scheduler),
                              (self.tr("Step size"), self.step_size), (self.tr("Gamma"), self.gamma),
                              (self.tr("Seed"), self.seed), (self.tr("Sample limit"), self.sample_limit)):
            form.addRow(label, widget)
        self._form = form

        for name, combo in (("loss", self.loss), ("optimizer", self.optimizer)):
            combo.currentTextChanged.connect(lambda value, name=name: self._changed(name, value))
        self.scheduler.currentIndexChanged.connect(lambda _: self._changed("scheduler", self.scheduler.currentData()))
        for name in ("lr", "momentum", "weight_decay", "batch_size", "epochs", "step_size", "gamma", "seed"):
            getattr(self, name).valueChanged.connect(lambda value, name=name: self._changed(name, value))
        self.sample_limit.valueChanged.connect(lambda value: self._changed("sample_limit", value or None))
        self.nesterov.toggled.connect(lambda on: self._changed("nesterov", on))
        undo_keys_to_document(self)
        self.set_config(TrainingConfig())

    def _changed(self, name: str, value):
        self._show_rows()
        if not self._showing:
            self.settingChanged.emit(name, value)

    def _show_rows(self):
        """Only the rows the optimiser and scheduler use (a setting in force is never hidden)."""
        optimiser, scheduler = self.optimizer.currentText(), self.scheduler.currentData()
        self._form.setRowVisible(self.momentum, optimiser in MOMENTUM_OPTIMIZERS or self.momentum.value() != 0)
        self._form.setRowVisible(self.nesterov, optimiser == "SGD" or self.nesterov.isChecked())
        self._form.setRowVisible(self.step_size, scheduler == "StepLR")
        self._form.setRowVisible(self.gamma, scheduler == "StepLR")

    def config(self) -> TrainingConfig:
        """The settings as the form shows them."""
        return TrainingConfig(
            dataset=self._dataset, dataset_options=self._dataset_options,
            loss=self.loss.currentText(), optimizer=self.optimizer.currentText(),
            lr=self.lr.value(), momentum=self.momentum.value(), nesterov=self.nesterov.isChecked(),
            weight_decay=self.weight_decay.value(), batch_size=self.batch_size.value(), epochs=self.epochs.value(),
            scheduler=self.scheduler.currentData(), step_size=self.step_size.value(), gamma=self.gamma.value(),
            seed=self.seed.value(), sample_limit=self.sample_limit.value() or None,
        )

    def set_config(self, config: TrainingConfig):
        """Show ``config`` (the document's settings) without reporting it as a change."""
        self._showing = True
        try:
            self._show(config)
        finally:
            self._showing = False
        self._show_rows()

    def _show(self, config: TrainingConfig):
        self._dataset, self._dataset_options = config.dataset, config.dataset_options
        self.dataset_label.setText(ui_text(title_of(config.dataset, config.dataset_options)))
        for combo, value in ((self.loss, config.loss), (self.optimizer, config.optimizer)):
            combo.setCurrentText(value)
        self.scheduler.setCurrentIndex(self.scheduler.findData(config.scheduler))
        for box, value in ((self.lr, config.lr), (self.momentum, config.momentum),
                           (self.weight_decay, config.weight_decay), (self.batch_size, config.batch_size),
                           (self.epochs, config.epochs), (self.step_size, config.step_size),
                           (self.gamma, config.gamma), (self.seed, config.seed),
                           (self.sample_limit, config.sample_limit or 0)):
            box.setValue(value)
        self.nesterov.setChecked(config.nesterov)

    def set_running(self, running: bool, continuing: bool = False):
        """While training only the learning rate stays editable; before a checkpoint's run continues
        (``continuing``) the learning rate and the number of epochs."""
        for widget in (self.loss, self.optimizer, self.momentum, self.nesterov, self.weight_decay,
                       self.batch_size, self.epochs, self.scheduler, self.step_size, self.gamma, self.seed,
                       self.sample_limit):
            widget.setEnabled(not running and not continuing)
        self.epochs.setEnabled(not running)
