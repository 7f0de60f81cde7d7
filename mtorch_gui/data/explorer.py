"""The Data tab: what the model trains on — class counts, samples per class, the mean image per class, a
scatter plot of 2-D points (or a table's first two principal components) — and, for images, the
augmentation settings with a preview. Also the Data menu: Open dataset…, Dataset options…, recent datasets.

The data are loaded off the UI thread (``run_in_thread``); the views draw copies of them.
"""

from __future__ import annotations

import json

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QObject, Qt, Slot
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

import mtorch
from mtorch_gui.i18n import error_text, ui_text
from mtorch_gui.threads import OffThreadJobs

from . import augment, images, registry, summary
from .dialog import DatasetDialog
from .qt_reader import qt_decode

SAMPLES_PER_CLASS = 10
MAX_CLASSES_SHOWN = 12  # rows of the sample grid
PREVIEW = 8  # augmented copies in the preview
RECENT_KEY, MAX_RECENT = "recentDatasets", 8
PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
           "#17becf"]


def image_grid(rows: list[np.ndarray], gap: int = 1) -> QImage:
    """A QImage of rows of images (each row an array (n, C, H, W) in [0, 1]), gaps in dark grey."""
    c, h, w = rows[0].shape[1:]
    cols = max(len(r) for r in rows)
    grid = np.full((len(rows) * (h + gap) - gap, cols * (w + gap) - gap, c), 0.2, np.float32)
    for i, row in enumerate(rows):
        for j, image in enumerate(row):
            grid[i * (h + gap):i * (h + gap) + h, j * (w + gap):j * (w + gap) + w] = image.transpose(1, 2, 0)
    pixels = np.ascontiguousarray((np.clip(grid, 0, 1) * 255).astype(np.uint8))
    height, width = pixels.shape[:2]
    fmt = QImage.Format.Format_Grayscale8 if c == 1 else QImage.Format.Format_RGB888
    return QImage(pixels.data, width, height, width * c, fmt).copy()


def scaled(image: QImage, cell: int, size: int) -> QPixmap:
    """``image`` made of ``size``-pixel cells, scaled by a whole factor so a cell is about ``cell`` pixels."""
    factor = max(1, round(cell / size))
    return QPixmap.fromImage(image.scaled(image.width() * factor, image.height() * factor,
                                          Qt.AspectRatioMode.IgnoreAspectRatio,
                                          Qt.TransformationMode.FastTransformation))


class DataExplorer(OffThreadJobs, QWidget):

    def __init__(self, document, settings=None, parent=None):
        super().__init__(parent)
        self.setObjectName("dataExplorer")
        self.document, self.settings = document, settings
        self.splits, self._shown, self._stale = None, None, True
        self._recent: list[str] = []
        self._describer = _Describer(self._described, self)
        self._preview_generator = mtorch.Generator().manual_seed(0)

        self.title = QLabel(objectName="dataTitle", textFormat=Qt.TextFormat.RichText)
        self.description = QLabel(objectName="dataDescription", wordWrap=True)
        self.open_button = QPushButton(self.tr("Open dataset…"), clicked=self.open_dataset)
        self.options_button = QPushButton(self.tr("Dataset options…"), clicked=self.edit_options)
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.open_button)
        header.addWidget(self.options_button)

        self.counts_plot = pg.PlotWidget(background=None)
        self.counts_plot.setMinimumHeight(180)
        self.counts_plot.setMouseEnabled(False, False)
        self.counts_plot.setLabel("left", self.tr("samples"))
        self.counts_plot.addLegend(offset=(-5, 5))
        self.counts_box = self._box(self.tr("Samples per class (train, validation, test)"), self.counts_plot)
        self.samples = QLabel(objectName="dataSamples")
        self.samples_box = self._box(self.tr("Training samples, one row per class"), self.samples)
        self.means = QLabel(objectName="dataMeans")
        self.means_box = self._box(self.tr("Mean image per class"), self.means)
        self.scatter_plot = pg.PlotWidget(background=None)
        self.scatter_plot.setMinimumHeight(320)
        self.scatter_plot.setAspectLocked(True)
        self.scatter_box = self._box(self.tr("Training samples"), self.scatter_plot)
        self.augment_box = self._make_augmentation()

        content = QWidget()
        body = QVBoxLayout(content)
        for box in (self.counts_box, self.samples_box, self.means_box, self.scatter_box, self.augment_box):
            body.addWidget(box)
        body.addStretch(1)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.description)
        layout.addWidget(scroll, 1)

        self.listen()
        document.changed.connect(self._document_changed)
        self._document_changed()

    @classmethod
    def attach(cls, window) -> DataExplorer:
        """The main window's hook (after its menus): a Data tab and a Data menu before Help; images are
        decoded with Qt's reader from now on."""
        images.set_decoder(qt_decode)
        explorer = cls(window.document, window.settings)
        window.tabs.addTab(explorer, QCoreApplication.translate("DataExplorer", "Data"))
        bar = window.menuBar()
        help_menu = bar.actions()[-1] if bar.actions() else None
        bar.insertMenu(help_menu, explorer.make_menu(bar))
        return explorer

    def _box(self, title, widget) -> QGroupBox:
        box = QGroupBox(title)
        QVBoxLayout(box).addWidget(widget)
        return box

    # ---- the menu and choosing data -----------------------------------------------------------------------

    def make_menu(self, parent) -> QMenu:
        menu = QMenu(self.tr("&Data"), parent)
        menu.setObjectName("dataMenu")
        menu.addAction(self.tr("&Open dataset…"), self.open_dataset).setStatusTip(
            self.tr("Train on a folder of images, a CSV table or an .npz file"))
        menu.addAction(self.tr("Dataset &options…"), self.edit_options).setStatusTip(
            self.tr("Image size and colour, label column, noise, points, test share, seed"))
        self.recent_menu = menu.addMenu(self.tr("&Recent datasets"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        return menu

    @Slot()
    def open_dataset(self):
        spec = self.document.spec
        file_kind = spec.dataset in registry.FILE_KINDS
        dialog = DatasetDialog(spec.dataset if file_kind else "image_folder", spec.dataset_options if file_kind
                               else {}, self, choose_file=True)
        if dialog.exec():
            self.use_dataset(*dialog.choice())

    @Slot()
    def edit_options(self):
        spec = self.document.spec
        dialog = DatasetDialog(spec.dataset, spec.dataset_options, self)
        if dialog.exec():
            self.use_dataset(*dialog.choice())

    def use_dataset(self, name: str, options: dict):
        """Make ``name`` with ``options`` the model's dataset (one undo step) and remember it. Its description
        is read on the UI thread unless it was read before (the dialog reads it on a thread; so does
        `use_described`)."""
        try:
            self.document.set_dataset(name, options)
        except registry.DatasetError as error:
            self._cannot_use(error)
            return
        if name in registry.FILE_KINDS:
            entry = json.dumps({"dataset": name, "options": options}, sort_keys=True)
            recent = [entry] + [e for e in self.recent() if e != entry]
            self._recent = recent[:MAX_RECENT]
            if self.settings is not None:
                self.settings.setValue(RECENT_KEY, self._recent)

    def _cannot_use(self, error):
        QMessageBox.warning(self, self.tr("Cannot use the dataset"), ui_text(error.args[0])
                            if isinstance(error, registry.DatasetError) else error_text(error))

    def use_described(self, name: str, options: dict):
        """`use_dataset` once the dataset is described on a thread (a CSV is read whole), a busy cursor
        meanwhile: Recent datasets' way, where no dialog has read the file first."""
        self._describer.start(name, options)

    def _described(self, name, options, result):
        if isinstance(result, Exception):
            self._cannot_use(result)
        else:
            self.use_dataset(name, options)  # described already: nothing is read again

    def recent(self) -> list[str]:
        if self.settings is not None:
            value = self.settings.value(RECENT_KEY, [])
            return [value] if isinstance(value, str) else list(value or [])
        return self._recent

    @Slot()
    def _fill_recent(self):
        self.recent_menu.clear()
        for entry in self.recent():
            try:
                data = json.loads(entry)
                name, options = data["dataset"], data["options"]
                title = registry.title_of(name, options)
            except (ValueError, KeyError, TypeError):
                continue
            action = self.recent_menu.addAction(f"{ui_text(title)}  ({options.get('path', '')})")
            action.triggered.connect(lambda _=False, n=name, o=options: self.use_described(n, o))
        self.recent_menu.setEnabled(bool(self.recent_menu.actions()))

    # ---- loading ------------------------------------------------------------------------------------------

    @Slot()
    def _document_changed(self):
        spec = self.document.spec
        key = (spec.dataset, json.dumps(spec.dataset_options, sort_keys=True))
        self._show_augmentation(spec.training.get("augmentation", {}))
        if key == self._shown:
            return
        self._shown = key
        self._stale = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event):
        """Data are loaded when the tab is first shown after a change, not before."""
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self):
        """Describe and load the model's dataset on a thread; the last request's answer is shown."""
        spec = self.document.spec
        self._stale, name, options = False, spec.dataset, spec.dataset_options
        self.title.setText(f"<b>{ui_text(registry.title_of(name, options))}</b>")
        self.description.setText(self.tr("Loading…"))
        self.options_button.setEnabled(bool(registry.KINDS.get(name) and registry.KINDS[name].options))

        self.start_job(lambda: registry.dataset_info(name, options).load())

    def job_done(self, result):
        if isinstance(result, Exception):
            self.splits = None
            self.description.setText(error_text(result))
            for box in (self.counts_box, self.samples_box, self.means_box, self.scatter_box, self.augment_box):
                box.setVisible(False)
            return
        self.splits = splits = result
        info = splits.info
        self.description.setText(self.tr("{summary} · split {train:,} / {val:,} / {test:,}").format(
            summary=ui_text(summary.describe(info)), train=len(splits.train), val=len(splits.val),
            test=len(splits.test)))
        classifier = info.task == registry.CLASSIFICATION
        pictures = info.canvas == registry.CANVAS_IMAGE
        self.counts_box.setVisible(classifier)
        self.samples_box.setVisible(pictures)
        self.means_box.setVisible(pictures)
        self.scatter_box.setVisible(not pictures and len(info.input_shape) == 1)
        self.augment_box.setVisible(pictures)
        if classifier:
            self._draw_counts(splits)
        if pictures:
            self._draw_samples(splits)
            self._draw_preview()
        elif len(info.input_shape) == 1:
            self._draw_scatter(splits)

    # ---- views ------------------------------------------------------------------------------------------

    def _draw_counts(self, splits):
        counts = summary.class_counts(splits)
        plot = self.counts_plot
        plot.clear()
        x = np.arange(splits.num_classes)
        width = 0.27
        for i, (name, colour) in enumerate(zip((self.tr("train"), self.tr("validation"), self.tr("test")),
                                               ("#1f77b4", "#ff7f0e", "#2ca02c"))):
            plot.addItem(pg.BarGraphItem(x=x + (i - 1) * width, height=counts[i], width=width, brush=colour,
                                         name=name))
        names = [ui_text(c) for c in splits.info.classes]
        plot.getAxis("bottom").setTicks([list(enumerate(names))] if len(names) <= 30 else None)
        plot.setYRange(0, counts.max() * 1.4, padding=0)  # room for the legend above the bars

    def _draw_samples(self, splits):
        x = splits.train.x
        picks = summary.samples_per_class(splits, SAMPLES_PER_CLASS)[:MAX_CLASSES_SHOWN]
        rows = [x[i] if len(i) else np.zeros((1, *x.shape[1:]), np.float32) for i in picks]
        size = x.shape[-1]
        self.samples.setPixmap(scaled(image_grid(rows), 36, size))
        self.means.setPixmap(scaled(image_grid([summary.mean_images(splits)]), 56, size))
        names = ", ".join(ui_text(c) for c in splits.info.classes[:MAX_CLASSES_SHOWN])
        self.samples.setToolTip(self.tr("Rows, top to bottom: {names}").format(names=names))
        self.means.setToolTip(self.tr("Left to right: {names}").format(names=names))

    def _draw_scatter(self, splits):
        points, values, share = summary.scatter(splits)
        plot = self.scatter_plot
        plot.clear()
        info = splits.info
        if share is None:
            self.scatter_box.setTitle(self.tr("Training samples (the two features)"))
        else:
            self.scatter_box.setTitle(self.tr("Training samples on their first two principal components ({a:.0%} "
                                              "and {b:.0%} of the variance)").format(a=share[0], b=share[1]))
        if info.task == registry.CLASSIFICATION:
            plot.addLegend(offset=(-5, 5))
            for c, name in enumerate(info.classes):
                mine = points[values == c]
                plot.addItem(pg.ScatterPlotItem(mine[:, 0], mine[:, 1], size=6, pen=None,
                                                brush=PALETTE[c % len(PALETTE)], name=ui_text(name)))
        else:
            lo, hi = float(values.min()), float(values.max())
            colours = pg.colormap.get("viridis").map((values - lo) / max(hi - lo, 1e-12), mode="qcolor")
            plot.addItem(pg.ScatterPlotItem(points[:, 0], points[:, 1], size=6, pen=None, brush=colours))

    # ---- augmentation -----------------------------------------------------------------------------------

    def _make_augmentation(self) -> QGroupBox:
        box = QGroupBox(self.tr("Augmentation while training (images)"))
        form = QFormLayout()
        self.augment_fields = {
            "shift": QSpinBox(objectName="augmentShift", suffix=self.tr(" px")),
            "rotation": QDoubleSpinBox(objectName="augmentRotation", decimals=1, singleStep=5, suffix="°"),
            "scale": QDoubleSpinBox(objectName="augmentScale", decimals=2, singleStep=0.05),
            "noise": QDoubleSpinBox(objectName="augmentNoise", decimals=2, singleStep=0.05),
        }
        tips = {"shift": self.tr("Move each image by up to this many pixels, up or down and sideways"),
                "rotation": self.tr("Turn each image by up to this many degrees, either way"),
                "scale": self.tr("Grow or shrink each image by up to this fraction"),
                "noise": self.tr("Add Gaussian noise of this standard deviation (pixels are in [0, 1])")}
        labels = {"shift": self.tr("Random shift"), "rotation": self.tr("Random rotation"),
                  "scale": self.tr("Random scale"), "noise": self.tr("Noise")}
        for key, widget in self.augment_fields.items():
            widget.setRange(0, augment.LIMITS[key][0])
            widget.setToolTip(tips[key])
            widget.valueChanged.connect(self._augmentation_edited)
            form.addRow(labels[key], widget)
        self.preview = QLabel(objectName="augmentPreview")
        self.preview.setToolTip(self.tr("Left: training samples as they are; right: augmented copies, as a "
                                        "training batch sees them"))
        again = QPushButton(self.tr("New examples"), clicked=self._draw_preview)
        column = QVBoxLayout()
        column.addWidget(self.preview)
        column.addWidget(again, 0, Qt.AlignmentFlag.AlignLeft)
        row = QHBoxLayout(box)
        row.addLayout(form)
        row.addLayout(column, 1)
        return box

    def augmentation(self) -> dict:
        """The settings the fields show (only those that are on)."""
        values = {k: w.value() for k, w in self.augment_fields.items()}
        return {k: (int(v) if k == "shift" else round(float(v), 4)) for k, v in values.items() if v}

    def _show_augmentation(self, settings: dict):
        for key, widget in self.augment_fields.items():
            widget.blockSignals(True)
            widget.setValue(settings.get(key, 0) if isinstance(settings, dict) else 0)
            widget.blockSignals(False)

    @Slot()
    def _augmentation_edited(self):
        settings = self.augmentation()
        if settings != self.document.config.augmentation:
            self.document.set_setting("augmentation", settings)
        self._draw_preview()

    @Slot()
    def _draw_preview(self):
        if self.splits is None or self.splits.info.canvas != registry.CANVAS_IMAGE:
            return
        x = self.splits.train.x[:4]
        settings = self.augmentation()
        with mtorch.random.use_generator(self._preview_generator):
            rows = [np.concatenate([image[None], augment.augment(np.repeat(image[None], PREVIEW, axis=0), settings)])
                    for image in x]
        self.preview.setPixmap(scaled(image_grid(rows), 40, x.shape[-1]))


class _Describer(OffThreadJobs, QObject):
    """Describes one dataset at a time off the UI thread, a busy cursor meanwhile; ``done(name, options, info
    or exception)`` gets the last one asked for, on the UI thread."""

    def __init__(self, done, parent):
        super().__init__(parent)
        self.done, self.choice = done, None  # choice: the (name, options) being described
        self.listen()

    def start(self, name: str, options: dict):
        if self.choice is None:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        self.choice = (name, options)
        self.start_job(lambda: registry.dataset_info(name, options))

    def job_done(self, result):
        QApplication.restoreOverrideCursor()
        choice, self.choice = self.choice, None
        self.done(*choice, result)
