"""The Draw tab: draw a digit and watch the network read it, layer by layer; or, for a sequence model,
its sin-to-cos predictions.

The panel reads with one of the models in its `choice` (canvas/choice.py): the shipped CNN from
resources/models/ (loaded on start), the model just trained (`set_model(payload)`, payload =
{"spec": ModelSpec, "state_dict": {name: array}}, a private copy is built) or weights loaded from a file
for the open architecture (`load_weights_action`, also in the File menu). After every update it emits
`predictionChanged(digit, probabilities)`, or `(-1, None)` when there is nothing to read or the model cannot
read digits. "Next mistake" looks once per model for the MNIST test images it gets wrong, in vectorised
chunks driven by a timer (the UI stays live between chunks), and emits `mistakesFound(count)`.
"""

import math
import time
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QPalette
from PySide6.QtWidgets import (
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

from mtorch_gui.folders import documents_folder
from mtorch_gui.i18n import ui_text
from mtorch_gui.training.gallery import gray_pixmap

from .activations import ActivationsView
from .choice import FILE, SHIPPED, TRAINED, ModelChoice
from .drawing import DigitCanvas
from .predictor import DEFAULT_MODEL, WeightsError, load_payload, load_weights
from .preprocess import strokes_to_mnist
from .sine_view import SineView

NOT_SURE = 0.6          # below this top probability the panel says "not sure"
BAR = pg.mkBrush(110, 140, 190)
TOP_BAR = pg.mkBrush(230, 110, 20)
BARS_TOP = 1.18         # room above a full bar for its percentage


def percent(p):
    """A bar's label: whole percent, "<1%" for a trace, "0%" for nothing to speak of."""
    return f"{p:.0%}" if p >= 0.005 else "<1%" if p >= 0.0005 else "0%"


class CanvasPanel(QWidget):
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
        self._image = None              # a loaded 28x28 image, shown until the user draws
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
        self.input_view.setFixedSize(112, 112)
        self.input_view.setToolTip(self.tr("The 28x28 image the network receives"))
        self.digit_label = QLabel("?", objectName="predictedDigit", alignment=Qt.AlignmentFlag.AlignCenter)
        self.digit_label.setFont(QFont(self.font().family(), 56, QFont.Weight.Bold))
        self.digit_label.setMinimumWidth(90)
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
        self.bars_plot.setXRange(-0.6, 9.6, padding=0)
        self.bars_plot.getAxis("bottom").setTicks([[(i, str(i)) for i in range(10)]])
        self.bars_plot.hideAxis("left")        # every bar carries its probability in percent
        self.bars_plot.setToolTip(self.tr("The probability of each class"))
        self.bars_plot.setMinimumSize(300, 170)
        self.bars = pg.BarGraphItem(x=np.arange(10), height=np.zeros(10), width=0.7, brushes=[BAR] * 10)
        self.bars_plot.addItem(self.bars)
        self.bar_labels = []            # each class's probability in percent, above its bar
        small = QFont(self.font())
        small.setPointSizeF(self.font().pointSizeF() * 0.85)    # ten side by side fit a narrow plot
        for i in range(10):
            label = pg.TextItem(anchor=(0.5, 1), color=self.palette().color(QPalette.ColorRole.WindowText))
            label.setFont(small)
            label.setPos(i, 0)
            self.bars_plot.addItem(label)
            self.bar_labels.append(label)

        clear = QPushButton(self.tr("Clear"), objectName="clearButton",
                            toolTip=self.tr("Clear the canvas (Delete, Escape)"))
        clear.clicked.connect(self.canvas.clear)
        undo = QPushButton(self.tr("Undo stroke"), objectName="undoButton",
                           toolTip=self.tr("Remove the last stroke (Ctrl+Z)"))
        undo.clicked.connect(self.canvas.undo)
        random_image = QPushButton(self.tr("Random test image"), objectName="randomImageButton",
                                   toolTip=self.tr("Load a random image from MNIST's test set"))
        random_image.clicked.connect(self.show_random_test_image)
        mistake = QPushButton(self.tr("Next mistake"), objectName="mistakeButton",
                              toolTip=self.tr("Load the next MNIST test image the model reads wrongly, with its "
                                              "true label"))
        mistake.clicked.connect(self.show_next_mistake)
        self.brush = QSpinBox(objectName="brushSize", suffix=self.tr(" px"))
        self.brush.setRange(*DigitCanvas.PEN_WIDTHS)
        self.brush.setSingleStep(2)
        self.brush.setValue(DigitCanvas.PEN_WIDTH)
        self.brush.setToolTip(self.tr("How thick the ink is, on the canvas and in the 28x28 image the network reads "
                                      "({default} px gives MNIST's usual stroke width)").format(
            default=DigitCanvas.PEN_WIDTH))
        self.brush.valueChanged.connect(self.canvas.set_pen_width)
        brush_label = QLabel(self.tr("&Brush size:"))
        brush_label.setBuddy(self.brush)

        self.activations = ActivationsView()
        self.sine_view = SineView()

        reads = QGridLayout()
        reads.addWidget(self.input_view, 0, 0, Qt.AlignmentFlag.AlignCenter)
        reads.addWidget(self.digit_label, 0, 1)
        reads.addWidget(QLabel(self.tr("what the network sees"), alignment=Qt.AlignmentFlag.AlignCenter), 1, 0)
        reads.addWidget(self.confidence_label, 1, 1)
        reads.addWidget(self.truth_label, 2, 1)
        reads.setColumnStretch(1, 1)
        right = QVBoxLayout()
        right.addLayout(reads)
        right.addWidget(self.bars_plot, 1)
        buttons = QGridLayout()
        for i, button in enumerate((clear, undo, random_image, mistake)):
            buttons.addWidget(button, i // 2, i % 2)
        buttons.addWidget(brush_label, 2, 0, Qt.AlignmentFlag.AlignRight)
        buttons.addWidget(self.brush, 2, 1)
        left = QVBoxLayout()
        left.addWidget(self.canvas)
        left.addLayout(buttons)
        left.addWidget(self.source_label)
        left.addStretch(1)
        top = QHBoxLayout()
        top.addLayout(left)
        top.addLayout(right, 1)
        digits = QWidget()
        digit_layout = QVBoxLayout(digits)
        digit_layout.setContentsMargins(0, 0, 0, 0)
        digit_layout.addLayout(top)
        digit_layout.addWidget(QLabel(self.tr("Inside the network (click a layer to enlarge it):")))
        digit_layout.addWidget(self.activations)
        self.pages = QStackedWidget()
        self.pages.addWidget(digits)
        self.pages.addWidget(self.sine_view)
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
        if payload["spec"].dataset != "sin_to_cos":
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
        else:
            self.pages.setCurrentIndex(0)
            self.update_prediction()

    def usable(self):
        return self.predictor is not None and self.predictor.model is not None and self.predictor.problem is None

    # ---- input ---------------------------------------------------------------------------------------------

    def show_image(self, image, source=None, label=None):
        """Put a 28x28 image in [0, 1] (ink = 1), e.g. a misclassified test image, on the canvas, with its
        true class `label` when known; a sequence model cannot read one, so it is only told so."""
        if self._reads_sequences():
            return
        self._image = np.asarray(image, np.float32).reshape(28, 28)
        self._label = None if label is None else int(label)
        self.canvas.show_image(self._image)
        self.update_prediction()
        self.source_label.setText(self.tr("{source}. Draw to replace it.").format(
            source=source or self.tr("An image from the Train tab")))

    def _reads_sequences(self):
        """True (and a message saying so) when the current model is a sequence model, which reads no images."""
        if self.predictor is None or self.predictor.task != "sequence":
            return False
        self.message.setText(self.tr("This is a sequence model (sin → cos): it cannot read images. Choose "
                                     "“Shipped CNN” above (or train a digit classifier) to read this one."))
        return True

    def show_random_test_image(self):
        if self._reads_sequences():
            return
        test = self._test_images()
        if test is None:
            return
        images, labels = test
        i = int(np.random.default_rng().integers(len(images)))
        self.show_image(images[i], self.tr("MNIST test image {index}, labelled {label}").format(index=i,
                                                                                               label=labels[i]),
                        labels[i])

    def _test_images(self):
        """MNIST's test images and labels, or None (and a message) when they cannot be loaded."""
        from ..data.builtin import mnist_arrays  # cached, and shared with the training runs

        try:
            return mnist_arrays(False)
        except Exception as e:
            self.message.setText(self.tr("Cannot load MNIST's test images: {error}").format(error=e))
            return None

    def show_next_mistake(self):
        """The next test image the current model reads wrongly; the first time, look for them all."""
        p = self.predictor
        if self._reads_sequences():
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
            self.source_label.setText(self.tr("This model reads every MNIST test image correctly."))
            return
        images, labels = self._test_images()
        self._mistake_index = (self._mistake_index + 1) % len(wrong)
        i = wrong[self._mistake_index]
        self.show_image(images[i], self.tr("Mistake {n} of {count}: MNIST test image {index}, labelled {label}, read "
                                           "as {predicted}").format(n=self._mistake_index + 1, count=len(wrong),
                                                                    index=i, label=labels[i],
                                                                    predicted=predictions[self._mistake_index]),
                        labels[i])

    def _start_search(self, predictor):
        if self._search is not None:
            return                          # already looking
        test = self._test_images()
        if test is None:
            return
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
        """The 28x28 image the network reads now, or None when the canvas is empty."""
        if self.canvas.has_image():
            return self._image
        if self.canvas.strokes.is_empty():
            return None
        return strokes_to_mnist(self.canvas.strokes.strokes, self.canvas.input_pen_width())

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

    def _predict(self):
        image = self.network_input()
        if not self.canvas.has_image():
            self.source_label.setText("")
            self._label = None
        self.truth_label.setText("" if self._label is None else self.tr("true label: {label}").format(
            label=self._label))
        self.truth_label.setStyleSheet("")
        self.input_view.setPixmap(gray_pixmap(np.zeros((28, 28)) if image is None else image, 4))   # as MNIST
        if not self.usable() or image is None or self.predictor.task != "digits":
            if self.predictor is not None:
                self.message.setText(ui_text(self.predictor.problem) or "")
            self.bars.setOpts(height=np.zeros(10), brushes=[BAR] * 10)
            for label in self.bar_labels:
                label.setText("")
            self.digit_label.setText("?")
            self.confidence_label.setText(self.tr("Draw a digit") if self.usable() else self.tr("cannot read"))
            self.activations.clear()
            self.predictionChanged.emit(-1, None)
            return
        self.message.setText("")
        probs, layers = self.predictor.forward(image)
        top = int(np.argmax(probs))
        self.bars.setOpts(height=probs, brushes=[TOP_BAR if i == top else BAR for i in range(10)])
        for i, label in enumerate(self.bar_labels):
            label.setText(percent(probs[i]))
            label.setPos(i, probs[i])
        self.digit_label.setText(str(top))
        if self._label is not None:     # red when the network reads it wrongly
            self.truth_label.setStyleSheet(f"font-weight: bold; color: {'#283' if top == self._label else '#c22'};")
        confidence = f"{probs[top]:.0%}"
        self.confidence_label.setText(self.tr("{confidence} sure").format(confidence=confidence)
                                      if probs[top] >= NOT_SURE else
                                      self.tr("not sure ({confidence})").format(confidence=confidence))
        self.activations.set_layers(layers)
        self.predictionChanged.emit(top, probs)
