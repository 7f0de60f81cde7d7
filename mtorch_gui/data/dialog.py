"""The dataset dialog: choose a file or folder (Open dataset…) or change the options of the model's dataset
(Dataset options…); it describes the choice off the UI thread and says what is wrong before it is used."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mtorch.datasets import toy
from mtorch_gui.i18n import error_text, ui_text
from mtorch_gui.threads import OffThreadJobs

from . import images, registry, table
from .summary import describe


class DatasetDialog(OffThreadJobs, QDialog):

    def __init__(self, name: str, options: dict, parent=None, choose_file: bool = False):
        super().__init__(parent)
        self.setObjectName("datasetDialog")
        self.setWindowTitle(self.tr("Open dataset") if choose_file else self.tr("Dataset options"))
        self.setMinimumWidth(560)
        self.name, self._fields = name, {}
        layout = QVBoxLayout(self)
        self.path = QLineEdit(objectName="datasetPath")
        self.path.setPlaceholderText(self.tr("A folder of class folders of images, a .csv table or an .npz file"))
        self.path.editingFinished.connect(self._path_changed)
        folder_button = QPushButton(self.tr("Folder…"), clicked=self._choose_folder)
        file_button = QPushButton(self.tr("File…"), clicked=self._choose_file)
        self.path_row = QWidget()
        row = QHBoxLayout(self.path_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.path, 1)
        row.addWidget(folder_button)
        row.addWidget(file_button)
        layout.addWidget(self.path_row)
        self.form_holder = QWidget()
        self.form = QFormLayout(self.form_holder)
        layout.addWidget(self.form_holder)
        self.description = QLabel(objectName="datasetDescription", wordWrap=True)
        layout.addWidget(self.description)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.listen()
        self.path_row.setVisible(choose_file or name in registry.FILE_KINDS)
        self._set_kind(name, options)

    # ---- the options' widgets --------------------------------------------------------------------------

    def _set_kind(self, name: str, options: dict):
        self.name = name
        while self.form.rowCount():
            self.form.removeRow(0)
        self._fields = {}
        values = {**registry.KINDS[name].options, **options} if name in registry.KINDS else {}
        self.path.setText(values.get("path", self.path.text()))
        for key, value in values.items():
            if key == "path":
                continue
            widget, label = self._field(key, value)
            self._fields[key] = widget
            self.form.addRow(label, widget)
        self._describe()

    def _field(self, key: str, value):
        if key in ("color", "task", "label"):
            widget = QComboBox(objectName=f"dataset_{key}")
            items = {"color": [(c, c) for c in images.COLORS], "task": [(t, t) for t in table.TASKS]}.get(key)
            if key == "label":
                items = [(self.tr("(the last column)"), "")] + [(c, c) for c in table.header(Path(self.path.text()))]
            for text, data in items:
                widget.addItem(text, data)
            widget.setCurrentIndex(max(widget.findData(value), 0))
            widget.currentIndexChanged.connect(self._describe)
        elif isinstance(value, str):  # the 2-D sets' features: "x1,x2,x1^2"
            widget = QLineEdit(value, objectName=f"dataset_{key}")
            widget.setToolTip(self.tr("Comma-separated, from: {names}").format(names=", ".join(toy.FEATURES)))
            widget.editingFinished.connect(self._describe)
        elif isinstance(value, float):
            widget = QDoubleSpinBox(objectName=f"dataset_{key}", decimals=2, singleStep=0.05)
            widget.setRange(*{"noise": (0.0, 0.5), "test_ratio": (0.05, 0.95)}[key])
            widget.setValue(value)
            widget.valueChanged.connect(self._describe)
        else:
            widget = QSpinBox(objectName=f"dataset_{key}")
            widget.setRange(*{"size": images.SIZES, "points": (4, registry.MAX_POINTS), "seed": (0, 2 ** 31 - 1)}[key])
            widget.setValue(value)
            widget.valueChanged.connect(self._describe)
        label = {"size": self.tr("Image size (pixels)"), "color": self.tr("Colour"), "label": self.tr("Label column"),
                 "task": self.tr("Task"), "points": self.tr("Points"), "noise": self.tr("Noise"),
                 "test_ratio": self.tr("Test share"), "seed": self.tr("Seed"), "features": self.tr("Features")}[key]
        return widget, label

    def choice(self) -> tuple[str, dict]:
        """(dataset name, options that differ from the defaults, with the path of a file dataset)."""
        defaults = registry.KINDS[self.name].options
        options = {"path": self.path.text()} if "path" in defaults else {}
        for key, widget in self._fields.items():
            value = widget.currentData() if isinstance(widget, QComboBox) else widget.text() if isinstance(
                widget, QLineEdit) else widget.value()
            if isinstance(defaults[key], float):
                value = round(float(value), 4)
            if value != defaults[key]:
                options[key] = value
        return self.name, options

    # ---- the path -------------------------------------------------------------------------------------

    @Slot()
    def _choose_folder(self):
        folder = QFileDialog.getExistingDirectory(self, self.tr("Open image folder"), self.path.text())
        if folder:
            self.path.setText(folder)
            self._path_changed()

    @Slot()
    def _choose_file(self):
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open table or arrays"), self.path.text(),
                                              self.tr("Tables and arrays (*.csv *.npz);;All files (*)"))
        if path:
            self.path.setText(path)
            self._path_changed()

    @Slot()
    def _path_changed(self):
        try:
            name, options = registry.options_for_path(self.path.text())
        except registry.DatasetError as error:
            self.forget_job()  # an answer still on its way is no longer wanted
            self.job_done(error)
            return
        self.path.setText(options["path"])
        self._set_kind(name, {k: v for k, v in self.choice()[1].items() if k in registry.KINDS[name].options}
                       if name == self.name else options)

    # ---- the description ------------------------------------------------------------------------------

    @Slot()
    def _describe(self):
        """Describe the choice on a thread (a CSV is read whole); the last request's answer is shown."""
        name, options = self.choice()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.description.setText(self.tr("Reading…"))
        self.start_job(lambda: registry.dataset_info(name, options))

    def job_done(self, result):
        ok = isinstance(result, registry.DatasetInfo)
        text = ui_text(describe(result)) if ok else error_text(result)
        self.description.setText(text)
        self.description.setStyleSheet("" if ok else "color: #c0392b")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
