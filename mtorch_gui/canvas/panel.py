"""The Draw tab: draw a digit (or an image of any image dataset, at its size and in its colours) and watch
the network read it, layer by layer, with every class's probability; for a classifier of 2-D points,
click points and see their class; for a sequence model, its sin-to-cos predictions.

The panel reads with one of the models in its `choice` (canvas/choice.py): the shipped CNN from
resources/models/ (loaded on start), the model just trained (`set_model(payload)`, payload =
{"spec": ModelSpec, "state_dict": {name: array}}, a private copy is built) or weights loaded from a file
for the open architecture (`load_weights_action`, also in the File menu). After every update it emits
`predictionChanged(digit, probabilities)`, or `(-1, None)` when there is nothing to read or the model cannot
read images. "Next mistake" looks once per model for the test images it gets wrong, in vectorised
chunks driven by a timer (the UI stays live between chunks), and emits `mistakesFound(count)`.
"""

import math
import time
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from mtorch_gui.data.registry import CANVAS_SEQUENCE, DatasetError
from mtorch_gui.folders import documents_folder
from mtorch_gui.i18n import error_text, ui_text
from mtorch_gui.threads import OffThreadJobs

from .activations import ActivationsView
from .choice import FILE, SHIPPED, TRAINED, ModelChoice
from .drawing import INK, PAPER, DigitCanvas, image_pixmap
from .points_view import PointsView
from .predictor import DEFAULT_MODEL, WeightsError, load_payload, load_weights
from .preprocess import render_canvas, strokes_to_mnist
from .sine_view import SineView

NOT_SURE = 0.6          # below this top probability the panel says "not sure"
BAR = pg.mkBrush(110, 140, 190)
TOP_BAR = pg.mkBrush(230, 110, 20)
BARS_TOP = 1.18         # room above a full bar for its percentage
ALL_PERCENTAGES = 12    # with more classes than this, only the most probable ones get their percentage
INPUT_VIEW = 112        # pixels: the network's input as it sees it


def rgb(colour):
    """A QColor as RGB values in [0, 1]."""
    return np.array(colour.getRgbF()[:3], np.float32)


def paper_colour(images):
    """The background of a set of images (N, C, H, W) in [0, 1]: the median of their border pixels, per
    channel, so drawings come on the paper the network was trained on (white, or black as in MNIST)."""
    border = np.concatenate([images[..., 0, :], images[..., -1, :], images[..., :, 0], images[..., :, -1]], axis=-1)
    return np.median(border.transpose(1, 0, 2).reshape(images.shape[1], -1), axis=1).astype(np.float32)


def percent(p):
    """A bar's label: whole percent, "<1%" for a trace, "0%" for nothing to speak of."""
    return f"{p:.0%}" if p >= 0.005 else "<1%" if p >= 0.0005 else "0%"


class CanvasPanel(OffThreadJobs, QWidget):
    predictionChanged = Signal(int, object)
    mistakesFound = Signal(int)         # the number of test images the current model reads wrongly

    def __init__(self, parent=None, model_path=DEFAULT_MODEL, open_spec=None):
        """`open_spec()` is the architecture "Load weights…" loads into (the editor's model); without it,
        the architecture of the model read with now."""
        super().__init__(parent)
        self.setObjectName("canvasPanel")
        self.choice = ModelChoice()
        self._open_spec = open_spec or (lambda: self.predictor.spec)
        self._weights_folder = None     # where the last weights file came from
        self._image = None              # a loaded image (as the network reads it), shown until the user draws
        self._tests = {}                # DatasetInfo -> its test split (x, y), loaded once
        self._loading = None            # (predictor, the callbacks waiting for its test split) while it loads
        self.listen()                   # the test split loads off the UI thread the first time (start_job)
        self._paper = self._ink = None  # drawing colours (RGB in [0, 1]) when drawings are read as they look
        self._label = None              # its true class, when known
        self._mistake_index = -1
        self._search = None             # (predictor, generator) while looking for its mistakes
        self._last_end = self._last_duration = 0.0     # when the last prediction ended and how long it took

        self.canvas = DigitCanvas()
        self.canvas.strokesChanged.connect(self.schedule_update)
        self.model_box = QComboBox(objectName="modelChoice")
        self.model_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.model_box.setMinimumContentsLength(24)
        self.model_box.setToolTip(self.tr("The model the canvas reads with: the CNN shipped with the app, the model "
                                          "trained last in the Train tab, or weights loaded from a file"))
        self.model_box.activated.connect(lambda index: self.choose(self.model_box.itemData(index)))
        self.load_weights_action = QAction(self.tr("Load &weights…"), self, objectName="loadWeightsAction")
        self.load_weights_action.setStatusTip(self.tr("Read with weights from a safetensors file (mtorch's or "
                                                      "PyTorch's) for the open architecture"))
        self.load_weights_action.triggered.connect(lambda: self.load_weights())
        load_weights_button = QPushButton(self.tr("Load weights…"), objectName="loadWeightsButton",
                                          toolTip=self.load_weights_action.statusTip())
        load_weights_button.clicked.connect(self.load_weights_action.trigger)
        self.model_label = QLabel(objectName="canvasModel", wordWrap=True)
        self.message = QLabel(objectName="canvasMessage", wordWrap=True)
        for label in (self.model_label, self.message):  # model names and errors are shown as typed, never as HTML
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setStyleSheet("color: #a33; font-weight: bold;")
        self.input_view = QLabel(objectName="networkInput")
        self.input_view.setFixedSize(INPUT_VIEW, INPUT_VIEW)
        self.input_view.setToolTip(self.tr("The image the network receives, at its own size"))
        self.digit_label = QLabel("?", objectName="predictedDigit", alignment=Qt.AlignmentFlag.AlignCenter)
        self.digit_label.setMinimumWidth(90)
        self.digit_label.setWordWrap(True)
        self.confidence_label = QLabel(objectName="confidenceLabel", alignment=Qt.AlignmentFlag.AlignCenter)
        self.truth_label = QLabel(objectName="trueLabel", alignment=Qt.AlignmentFlag.AlignCenter)
        self.source_label = QLabel(objectName="canvasSource", wordWrap=True)
        self.source_label.setTextFormat(Qt.TextFormat.PlainText)
        self.source_label.setMaximumWidth(DigitCanvas.SIZE)

        self.bars_plot = pg.PlotWidget(background=None)   # the window's own background, light or dark
        self.bars_plot.setObjectName("probabilityBars")
        self.bars_plot.setMouseEnabled(x=False, y=False)
        self.bars_plot.hideButtons()
        self.bars_plot.setMenuEnabled(False)
        self.bars_plot.setYRange(0, BARS_TOP, padding=0)
        self.bars_plot.hideAxis("left")        # every bar carries its probability in percent
        self.bars_plot.setToolTip(self.tr("The probability of each class"))
        self.bars_plot.setMinimumSize(300, 170)
        self.bars = pg.BarGraphItem(x=np.arange(10), height=np.zeros(10), width=0.7, brushes=[BAR] * 10)
        self.bars_plot.addItem(self.bars)
        self.bar_labels = []            # each class's probability in percent, above its bar
        self._set_classes([str(i) for i in range(10)])

        clear = QPushButton(self.tr("Clear"), objectName="clearButton",
                            toolTip=self.tr("Clear the canvas (Delete, Escape)"))
        clear.clicked.connect(self.canvas.clear)
        undo = QPushButton(self.tr("Undo stroke"), objectName="undoButton",
                           toolTip=self.tr("Remove the last stroke (Ctrl+Z)"))
        undo.clicked.connect(self.canvas.undo)
        random_image = QPushButton(self.tr("Random test image"), objectName="randomImageButton",
                                   toolTip=self.tr("Load a random image from the dataset's test set"))
        random_image.clicked.connect(self.show_random_test_image)
        mistake = QPushButton(self.tr("Next mistake"), objectName="mistakeButton",
                              toolTip=self.tr("Load the next test image the model reads wrongly, with its true "
                                              "label"))
        mistake.clicked.connect(self.show_next_mistake)
        self.brush = QSpinBox(objectName="brushSize", suffix=self.tr(" px"))
        self.brush.setRange(*DigitCanvas.PEN_WIDTHS)
        self.brush.setSingleStep(2)
        self.brush.setValue(DigitCanvas.PEN_WIDTH)
        self.brush.setToolTip(self.tr("How thick the ink is, on the canvas and in the image the network reads "
                                      "({default} px gives MNIST's usual stroke width)").format(
            default=DigitCanvas.PEN_WIDTH))
        self.brush.valueChanged.connect(self.canvas.set_pen_width)
        brush_label = QLabel(self.tr("&Brush size:"))
        brush_label.setBuddy(self.brush)
        self.ink_button = QPushButton(self.tr("Ink colour…"), objectName="inkColourButton",
                                      toolTip=self.tr("The colour to draw with (colour images)"))
        self.ink_button.clicked.connect(self.choose_ink)
        self.ink_button.hide()

        self.activations = ActivationsView()
        self.sine_view = SineView()
        self.points_view = PointsView()

        reads = QGridLayout()
        reads.addWidget(self.input_view, 0, 0, Qt.AlignmentFlag.AlignCenter)
        verdict = QVBoxLayout()
        verdict.addWidget(self.digit_label, 1)
        verdict.addWidget(self.confidence_label)
        verdict.addWidget(self.truth_label)
        reads.addLayout(verdict, 0, 1, 2, 1)
        reads.addWidget(QLabel(self.tr("what the network sees"), alignment=Qt.AlignmentFlag.AlignCenter), 1, 0)
        reads.setColumnStretch(1, 1)
        buttons = QGridLayout()
        for i, button in enumerate((clear, undo, random_image, mistake)):
            buttons.addWidget(button, i // 2, i % 2)
        buttons.addWidget(brush_label, 2, 0, Qt.AlignmentFlag.AlignRight)
        buttons.addWidget(self.brush, 2, 1)
        buttons.addWidget(self.ink_button, 3, 1)
        left = QVBoxLayout()
        left.addWidget(self.canvas)
        left.addLayout(buttons)
        left.addWidget(self.source_label)
        left.addStretch(1)
        # the right column: the reading, the bars and every layer's tiles, which scroll up and down in it
        right = QVBoxLayout()
        right.addLayout(reads)
        right.addWidget(self.bars_plot, 2)
        right.addWidget(QLabel(self.tr("Inside the network (click a layer to enlarge it):")))
        right.addWidget(self.activations, 3)
        digits = QWidget()
        top = QHBoxLayout(digits)
        top.setContentsMargins(0, 0, 0, 0)
        top.addLayout(left)
        top.addLayout(right, 1)
        self.pages = QStackedWidget()
        self.pages.addWidget(digits)
        self.pages.addWidget(self.sine_view)
        self.pages.addWidget(self.points_view)
        choose = QHBoxLayout()
        read_with = QLabel(self.tr("&Read with:"))
        read_with.setBuddy(self.model_box)
        choose.addWidget(read_with)
        choose.addWidget(self.model_box)
        choose.addWidget(load_weights_button)
        choose.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(choose)
        layout.addWidget(self.model_label)
        layout.addWidget(self.message)
        layout.addWidget(self.pages, 1)

        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.update_prediction)
        self._search_timer = QTimer(self, interval=0)
        self._search_timer.timeout.connect(self._search_step)
        try:
            payload = load_payload(model_path)
        except Exception as e:          # a missing or damaged file must not stop the app
            self.message.setText(self.tr("The default model could not be loaded ({error}). Train a model in the Train "
                                         "tab.").format(error=e))
            self.update_prediction()
        else:
            self._show_entry(self.choice.set(SHIPPED, payload))

    # ---- model ---------------------------------------------------------------------------------------------

    @property
    def predictor(self):
        return self.choice.current.predictor if self.choice.current is not None else None

    def set_model(self, payload):
        """The model just trained: read with it from now on (a private copy; `payload` may come from a
        training thread)."""
        self._show_entry(self.choice.set(TRAINED, payload))

    def follow_training(self, payload):
        """Weights after a training epoch: the sin-to-cos view follows them live (a new sequence run is
        shown from its first epoch, later epochs only while "Just trained" is chosen); a digit classifier
        becomes "Just trained" only when training ends (connect `modelTrained` to `set_model`)."""
        try:
            if payload["spec"].dataset_info().canvas != CANVAS_SEQUENCE:
                return
        except DatasetError:
            return
        trained = self.choice.get(TRAINED)
        new_run = trained is None or trained.predictor.task != "sequence"
        current = self.choice.current is not None and self.choice.current.source == TRAINED
        entry = self.choice.set(TRAINED, payload, choose=new_run or current)
        if self.choice.current is entry:
            self._show_entry(entry)
        else:
            self._fill_model_box()

    def choose(self, source):
        """Read with the model of `source` (SHIPPED, TRAINED or FILE)."""
        self._show_entry(self.choice.choose(source))

    def load_weights(self, path=None):
        """Read with the weights of a safetensors file (asked for when `path` is None) in the open
        architecture, or with a training checkpoint's model; a file that cannot be read or does not fit is
        explained and changes nothing."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, self.tr("Load weights"), self._weights_folder or documents_folder(),
                self.tr("Weights and checkpoints (*.safetensors *.ckpt);;All files (*)"))
            if not path:
                return False
        try:
            payload = load_weights(self._open_spec(), path)
        except WeightsError as error:
            QMessageBox.warning(self, self.tr("Cannot load the weights"), ui_text(error.args[0]))
            return False
        self._weights_folder = str(Path(path).parent)
        self._show_entry(self.choice.set(FILE, payload, file=str(path)))
        return True

    def _fill_model_box(self):
        self.model_box.clear()
        for entry in self.choice.entries():
            self.model_box.addItem(ui_text(entry.title), entry.source)
            self.model_box.setItemData(self.model_box.count() - 1, entry.file or ui_text(entry.title),
                                       Qt.ItemDataRole.ToolTipRole)
        if self.choice.current is not None:
            self.model_box.setCurrentIndex(self.model_box.findData(self.choice.current.source))

    def _show_entry(self, entry):
        self._fill_model_box()
        self._stop_search()
        self._mistake_index = -1
        p = entry.predictor
        accuracy = p.spec.metrics.get("test_accuracy")
        known = isinstance(accuracy, (int, float)) and not isinstance(accuracy, bool) and math.isfinite(accuracy)
        self.model_label.setText(self.tr("Model: {name}").format(name=p.name) + (
            self.tr(" (test accuracy {accuracy})").format(accuracy=f"{accuracy:.1%}") if known else ""))
        if p.task == "sequence":
            self.pages.setCurrentWidget(self.sine_view)
            self.message.setText(self.tr("This is a sequence model (sin → cos): it cannot read drawings, so its "
                                         "predictions on sine curves are shown instead. Choose “Shipped CNN” above "
                                         "(or train a digit classifier) to draw again."))
            self.sine_view.set_predictor(p)
        elif p.task == "points":
            self._show_points(p)
        else:
            self.pages.setCurrentIndex(0)
            self._set_classes([ui_text(c) for c in p.classes] if p.task == "image" else [str(i) for i in range(10)])
            self._set_drawing_style(p)
            self.update_prediction()

    def _show_points(self, p):
        """The plane as `p` reads it, with its test points (loaded off the UI thread the first time)."""
        self.pages.setCurrentWidget(self.points_view)
        self.points_view.setEnabled(False)
        if not self.usable():
            self.message.setText(ui_text(p.problem))
            return
        self.message.setText("")
        self._with_test_split(p, lambda test: self._show_test_points(p, test))

    def _show_test_points(self, p, test):
        self.points_view.setEnabled(True)
        self.points_view.set_predictor(p, test[0].reshape(-1, 2), test[1], [ui_text(c) for c in p.classes])

    def _set_classes(self, names):
        """One bar per class, named on the axis (long names shortened; the tooltip of the bars has them)."""
        n = len(names)
        self.class_names = list(names)
        self.bars.setOpts(x=np.arange(n), height=np.zeros(n), brushes=[BAR] * n)
        self.bars_plot.setXRange(-0.6, n - 0.4, padding=0)
        short = [name if len(name) <= 8 else name[:7] + "…" for name in names]
        step = max(1, round(n / 20))                      # at most about 20 names under the bars
        self.bars_plot.getAxis("bottom").setTicks([[(i, short[i]) for i in range(0, n, step)]])
        for label in self.bar_labels:
            self.bars_plot.removeItem(label)
        small = QFont(self.font())
        small.setPointSizeF(self.font().pointSizeF() * 0.85)    # ten side by side fit a narrow plot
        self.bar_labels = []
        for i in range(n):
            label = pg.TextItem(anchor=(0.5, 1), color=self.palette().color(QPalette.ColorRole.WindowText))
            label.setFont(small)
            label.setPos(i, 0)
            self.bars_plot.addItem(label)
            self.bar_labels.append(label)

    def _set_drawing_style(self, p):
        """MNIST digits are drawn dark on white and read as MNIST's white on black (preprocess.py); any other
        image dataset reads the drawing as it looks, on its own images' background colour."""
        colour = p.task == "image" and not p.mnist_style and p.dataset.input_shape[0] == 3
        self.ink_button.setVisible(colour)
        if p.task != "image" or p.mnist_style:
            self._paper = self._ink = None
            self.canvas.hint = self.canvas.digit_hint
            self.canvas.set_colours(PAPER, INK)
            return
        self.canvas.hint = self.tr("Draw here")
        self._set_paper(p, np.ones(3, np.float32))  # white until the test images tell their background
        self._with_test_split(p, lambda test: self._set_paper(p, paper_colour(test[0]) if len(test[0]) else None))

    def _set_paper(self, p, paper):
        """Draw on `paper` (RGB in [0, 1]; None keeps the current one) with black or white ink, whichever shows."""
        if paper is not None:
            self._paper = np.resize(paper, p.dataset.input_shape[0])
            self._ink = np.zeros_like(self._paper) if self._paper.mean() > 0.5 else np.ones_like(self._paper)
            self._show_colours()

    def _show_colours(self):
        paper, ink = (np.resize(c, 3) * 255 for c in (self._paper, self._ink))
        self.canvas.set_colours(QColor(*paper.round().astype(int)), QColor(*ink.round().astype(int)))

    def choose_ink(self):
        """Pick the ink colour for a colour image dataset."""
        colour = QColorDialog.getColor(QColor(*(np.resize(self._ink, 3) * 255).round().astype(int)), self,
                                       self.tr("Ink colour"))
        if colour.isValid():
            self._ink = np.resize(rgb(colour), len(self._ink))
            self._show_colours()

    def usable(self):
        return self.predictor is not None and self.predictor.model is not None and self.predictor.problem is None

    # ---- input ---------------------------------------------------------------------------------------------

    def show_image(self, image, source=None, label=None):
        """Put an image in [0, 1] of the dataset's size (for MNIST 28x28, ink = 1), e.g. a misclassified
        test image, on the canvas, with its true class `label` when known; a model that reads no images is
        only told so."""
        if self._reads_no_images():
            return
        picture = self._picture(image)
        if picture is None:
            return
        self._image = picture
        self._label = None if label is None else int(label)
        self.canvas.show_image(1 - picture if self.predictor.mnist_style else picture)    # dark ink on paper
        self.update_prediction()
        self.source_label.setText(self.tr("{source}. Draw to replace it.").format(
            source=source or self.tr("An image from the Train tab")))

    def _picture_shape(self):
        """(H, W) for a one-channel dataset, (C, H, W) for colour images: what `network_input` returns."""
        shape = tuple(self.predictor.dataset.input_shape)
        return shape[1:] if shape[0] == 1 else shape

    def _picture(self, image):
        """`image` in the dataset's picture shape (a grey image is given every channel of a colour
        dataset), or None and a message when it does not fit."""
        image = np.asarray(image, np.float32)
        shape = self._picture_shape()
        if len(shape) == 3 and image.size == shape[1] * shape[2]:     # a grey image for a colour model
            image = np.broadcast_to(image.reshape(1, *shape[1:]), shape)
        if image.size != int(np.prod(shape)):
            self.message.setText(self.tr("This image has {size} values; the model reads images of {shape}.").format(
                size=image.size, shape="x".join(map(str, shape))))
            return None
        return np.ascontiguousarray(image.reshape(shape))

    def _reads_no_images(self):
        """True (and a message saying why) when the current model reads no images."""
        p = self.predictor
        if p is not None and p.task == "sequence":
            self.message.setText(self.tr("This is a sequence model (sin → cos): it cannot read images. Choose "
                                         "“Shipped CNN” above (or train a digit classifier) to read this one."))
            return True
        if p is not None and p.task == "points":
            self.message.setText(self.tr("This model reads 2-D points, not images: click on the map to add one."))
            return True
        if p is None or p.task is None:
            self.message.setText(ui_text(p.problem) if p is not None else
                                 self.tr("There is no model to read images with."))
            return True
        return False

    def _class_name(self, k):
        return self.class_names[int(k)]

    def show_random_test_image(self):
        if self._reads_no_images():
            return
        self._with_test_split(self.predictor, self._show_random_test_image)

    def _show_random_test_image(self, test):
        images, labels = test
        i = int(np.random.default_rng().integers(len(images)))
        self.show_image(images[i], self.tr("{data} test image {index}, labelled {label}").format(
            data=ui_text(self.predictor.dataset.label), index=i, label=self._class_name(labels[i])), labels[i])

    def _cannot_load(self, p, error):
        self.message.setText(self.tr("Cannot load the test images of {data}: {error}").format(
            data=ui_text(p.dataset.title), error=error_text(error)))

    def _with_test_split(self, p, then):
        """``then(test)`` with the test images (x, y) of `p`'s dataset; the first time they load off the UI thread
        ("Loading…" meanwhile) and ``then`` runs if `p` is still the model read with."""
        if p.dataset in self._tests:
            then(self._tests[p.dataset])
            return
        loading = self._loading
        if loading is not None and loading[0].dataset is p.dataset:  # already loading: `then` waits for it too
            self._loading = (p, loading[1] + [then] if loading[0] is p else [then])
            return
        self._loading = (p, [then])
        self.source_label.setText(self.tr("Loading the test images of {data}…").format(data=ui_text(p.dataset.title)))
        dataset = p.dataset  # the job holds the dataset only, never the panel
        self.start_job(lambda: (dataset, dataset.load().test))

    def job_done(self, result):
        (p, thens), self._loading = self._loading, None
        if not isinstance(result, Exception):
            dataset, test = result
            self._tests[dataset] = (test.x, test.y)
        if p is not self.predictor:  # another model is read with now
            return
        self.source_label.setText("")
        if isinstance(result, Exception):
            self._cannot_load(p, result)
        else:
            for then in thens:
                then(self._tests[p.dataset])

    def show_next_mistake(self):
        """The next test image the current model reads wrongly; the first time, look for them all."""
        p = self.predictor
        if self._reads_no_images():
            return
        if not self.usable():
            self.message.setText(ui_text(p.problem) if p is not None and p.problem else
                                 self.tr("There is no model to look for mistakes with."))
            return
        if p.mistakes is None:
            self._start_search(p)
            return
        wrong, predictions = p.mistakes
        if len(wrong) == 0:
            self.source_label.setText(self.tr("This model reads every test image correctly."))
            return
        images, labels = self._tests[p.dataset]  # loaded for the search
        self._mistake_index = (self._mistake_index + 1) % len(wrong)
        i = wrong[self._mistake_index]
        self.show_image(images[i], self.tr("Mistake {n} of {count}: {data} test image {index}, labelled {label}, "
                                           "read as {predicted}").format(
            n=self._mistake_index + 1, count=len(wrong), data=ui_text(p.dataset.label), index=i,
            label=self._class_name(labels[i]), predicted=self._class_name(predictions[self._mistake_index])),
            labels[i])

    def _start_search(self, predictor):
        if self._search is not None:
            return                          # already looking
        self._with_test_split(predictor, lambda test: self._search_in(predictor, test))

    def _search_in(self, predictor, test):
        self._search = (predictor, predictor.find_mistakes(*test))
        self.source_label.setText(self.tr("Looking for the test images this model reads wrongly…"))
        self._search_timer.start()

    def _search_step(self):
        """One chunk of the search; at its end the mistakes stay with the model and the first is shown."""
        predictor, steps = self._search
        try:
            done = next(steps)
        except StopIteration as end:
            self._stop_search()
            predictor.mistakes = end.value
            self.mistakesFound.emit(len(end.value[0]))
            self.show_next_mistake()
            return
        self.source_label.setText(self.tr("Looking for the test images this model reads wrongly… {done}").format(
            done=f"{done:.0%}"))

    def _stop_search(self):
        self._search_timer.stop()
        if self._search is not None:
            self._search[1].close()
            self._search = None

    def network_input(self):
        """The image the network reads now ((H, W), or (C, H, W) for colour; MNIST's 28x28 for a digit), or
        None when the canvas is empty."""
        if self.canvas.has_image():
            return self._image
        if self.canvas.strokes.is_empty():
            return None
        strokes = self.canvas.strokes.strokes
        if self._paper is None:
            return strokes_to_mnist(strokes, self.canvas.input_pen_width())
        shape = self._picture_shape()
        ink = render_canvas(strokes, DigitCanvas.SIZE, self.canvas.pen_width, shape[-2:])
        picture = self._paper[:, None, None] * (1 - ink) + self._ink[:, None, None] * ink
        return picture.reshape(shape)

    # ---- prediction ----------------------------------------------------------------------------------------

    def schedule_update(self):
        """Rate-limited live update while drawing: the next prediction starts no sooner after the last
        one ended than half the time that one took, so predicting takes at most two thirds of the UI
        thread's time, and a stroke reaches the bars within about 1.5 prediction times."""
        if not self._timer.isActive():
            idle = time.perf_counter() - self._last_end
            self._timer.start(max(0, round((self._last_duration / 2 - idle) * 1000)))

    def update_prediction(self):
        start = time.perf_counter()
        self._predict()
        self._last_end = time.perf_counter()
        self._last_duration = self._last_end - start

    def _show_class(self, name):
        """The predicted class in big letters (smaller for a long class name)."""
        size = 56 if len(name) <= 2 else 28 if len(name) <= 8 else 16
        self.digit_label.setFont(QFont(self.font().family(), size, QFont.Weight.Bold))
        self.digit_label.setText(name)

    def _predict(self):
        image = self.network_input()
        if not self.canvas.has_image():
            self.source_label.setText("")
            self._label = None
        self.truth_label.setText("" if self._label is None else self.tr("true label: {label}").format(
            label=self._class_name(self._label)))
        self.truth_label.setStyleSheet("")
        reads_images = self.usable() and self.predictor.task == "image"
        blank = np.zeros(self._picture_shape() if reads_images else (28, 28), np.float32)
        self.input_view.setPixmap(image_pixmap(blank if image is None else image, INPUT_VIEW))   # as the network has it
        if not reads_images or image is None:
            if self.predictor is not None:
                self.message.setText(ui_text(self.predictor.problem) or "")
            n = len(self.bar_labels)
            self.bars.setOpts(height=np.zeros(n), brushes=[BAR] * n)
            for label in self.bar_labels:
                label.setText("")
            self._show_class("?")
            self.confidence_label.setText(self.tr("cannot read") if not self.usable() else
                                          self.tr("Draw a digit") if self.predictor.mnist_style else
                                          self.tr("Draw something"))
            self.activations.clear()
            self.predictionChanged.emit(-1, None)
            return
        self.message.setText("")
        probs, layers = self.predictor.forward(image)
        top = int(np.argmax(probs))
        self.bars.setOpts(height=probs, brushes=[TOP_BAR if i == top else BAR for i in range(len(probs))])
        shown = np.argsort(-probs)[:ALL_PERCENTAGES if len(probs) > ALL_PERCENTAGES else len(probs)]
        for i, label in enumerate(self.bar_labels):
            label.setText(percent(probs[i]) if i in shown else "")
            label.setPos(i, probs[i])
        self._show_class(self._class_name(top))
        if self._label is not None:     # red when the network reads it wrongly
            self.truth_label.setStyleSheet(f"font-weight: bold; color: {'#283' if top == self._label else '#c22'};")
        confidence = f"{probs[top]:.0%}"
        self.confidence_label.setText(self.tr("{confidence} sure").format(confidence=confidence)
                                      if probs[top] >= NOT_SURE else
                                      self.tr("not sure ({confidence})").format(confidence=confidence))
        self.activations.set_layers(layers)
        self.predictionChanged.emit(top, probs)
