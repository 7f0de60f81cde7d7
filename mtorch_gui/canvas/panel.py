"""The Draw tab: draw a digit and watch the network read it, layer by layer; or, for a sequence model,
its sin-to-cos predictions.

`set_model(payload)` (payload = {"spec": ModelSpec, "state_dict": {name: array}}) builds a private copy
of the model; on start the panel loads the default trained CNN from resources/models/. After every
update it emits `predictionChanged(digit, probabilities)`, or `(-1, None)` when there is nothing to read
or the model cannot read digits.
"""

import math
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from mtorch_gui.i18n import ui_text
from mtorch_gui.training.gallery import gray_pixmap

from .activations import ActivationsView
from .drawing import DigitCanvas
from .predictor import DEFAULT_MODEL, Predictor, load_payload
from .preprocess import strokes_to_mnist
from .sine_view import SineView

NOT_SURE = 0.6          # below this top probability the panel says "not sure"
BAR = pg.mkBrush(110, 140, 190)
TOP_BAR = pg.mkBrush(230, 110, 20)


class CanvasPanel(QWidget):
    predictionChanged = Signal(int, object)

    def __init__(self, parent=None, model_path=DEFAULT_MODEL):
        super().__init__(parent)
        self.setObjectName("canvasPanel")
        self.predictor = None
        self._image = None              # a loaded 28x28 image, shown until the user draws
        self._mistakes = lambda: np.zeros((0, 28, 28), np.float32)     # see set_mistakes_source
        self._mistake_index = -1
        self._last_end = self._last_duration = 0.0     # when the last prediction ended and how long it took

        self.canvas = DigitCanvas()
        self.canvas.strokesChanged.connect(self.schedule_update)
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
        self.source_label = QLabel(objectName="canvasSource", wordWrap=True)
        self.source_label.setTextFormat(Qt.TextFormat.PlainText)
        self.source_label.setMaximumWidth(DigitCanvas.SIZE)

        self.bars_plot = pg.PlotWidget(background=None)   # the window's own background, light or dark
        self.bars_plot.setObjectName("probabilityBars")
        self.bars_plot.setMouseEnabled(x=False, y=False)
        self.bars_plot.hideButtons()
        self.bars_plot.setMenuEnabled(False)
        self.bars_plot.setYRange(0, 1, padding=0.02)
        self.bars_plot.setXRange(-0.6, 9.6, padding=0)
        self.bars_plot.getAxis("bottom").setTicks([[(i, str(i)) for i in range(10)]])
        self.bars_plot.setLabel("left", self.tr("probability"))
        self.bars_plot.setMinimumSize(260, 150)
        self.bars = pg.BarGraphItem(x=np.arange(10), height=np.zeros(10), width=0.7, brushes=[BAR] * 10)
        self.bars_plot.addItem(self.bars)

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
                              toolTip=self.tr("Load the next test image the trained model got wrong (Train tab, "
                                              "Mistakes)"))
        mistake.clicked.connect(self.show_next_mistake)

        self.activations = ActivationsView()
        self.sine_view = SineView()

        reads = QGridLayout()
        reads.addWidget(self.input_view, 0, 0, Qt.AlignmentFlag.AlignCenter)
        reads.addWidget(self.digit_label, 0, 1)
        reads.addWidget(QLabel(self.tr("what the network sees"), alignment=Qt.AlignmentFlag.AlignCenter), 1, 0)
        reads.addWidget(self.confidence_label, 1, 1)
        reads.setColumnStretch(1, 1)
        right = QVBoxLayout()
        right.addLayout(reads)
        right.addWidget(self.bars_plot, 1)
        buttons = QGridLayout()
        for i, button in enumerate((clear, undo, random_image, mistake)):
            buttons.addWidget(button, i // 2, i % 2)
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
        layout = QVBoxLayout(self)
        layout.addWidget(self.model_label)
        layout.addWidget(self.message)
        layout.addWidget(self.pages, 1)

        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.update_prediction)
        try:
            payload = load_payload(model_path)
        except Exception as e:          # a missing or damaged file must not stop the app
            self.message.setText(self.tr("The default model could not be loaded ({error}). Train a model in the Train "
                                         "tab.").format(error=e))
            self.update_prediction()
        else:
            self.set_model(payload)

    # ---- model ---------------------------------------------------------------------------------------------

    def set_model(self, payload):
        """Read with this model from now on (a private copy; `payload` may come from a training thread)."""
        self.predictor = Predictor(payload)
        p = self.predictor
        accuracy = p.spec.metrics.get("test_accuracy")
        known = isinstance(accuracy, (int, float)) and not isinstance(accuracy, bool) and math.isfinite(accuracy)
        self.model_label.setText(self.tr("Model: {name}").format(name=p.name) + (
            self.tr(" (test accuracy {accuracy})").format(accuracy=f"{accuracy:.1%}") if known else ""))
        if p.task == "sequence":
            self.pages.setCurrentWidget(self.sine_view)
            self.message.setText(self.tr("This is a sequence model (sin → cos): it cannot read drawings, so its "
                                         "predictions on sine curves are shown instead. Train a digit classifier to "
                                         "draw again."))
            self.sine_view.set_predictor(p)
        else:
            self.pages.setCurrentIndex(0)
            self.update_prediction()

    def follow_training(self, payload):
        """Weights after a training epoch: the sin-to-cos view follows them live; a digit classifier
        replaces the current model only when training ends (connect `modelTrained` to `set_model`)."""
        if payload["spec"].dataset == "sin_to_cos":
            self.set_model(payload)

    def usable(self):
        return self.predictor is not None and self.predictor.model is not None and self.predictor.problem is None

    # ---- input ---------------------------------------------------------------------------------------------

    def show_image(self, image, source=None):
        """Put a 28x28 image in [0, 1] (ink = 1), e.g. a misclassified test image, on the canvas; a
        sequence model cannot read one, so it is only told so."""
        if self.predictor is not None and self.predictor.task == "sequence":
            self.message.setText(self.tr("This is a sequence model (sin → cos): it cannot read images. Train a "
                                         "digit classifier to read this one."))
            return
        self._image = np.asarray(image, np.float32).reshape(28, 28)
        self.canvas.show_image(self._image)
        self.update_prediction()
        self.source_label.setText(self.tr("{source}. Draw to replace it.").format(
            source=source or self.tr("An image from the Train tab")))

    def show_random_test_image(self):
        from ..training.datasets import mnist_arrays  # cached, and shared with the training runs

        try:
            images, labels = mnist_arrays(False)
        except Exception as e:
            self.message.setText(self.tr("Cannot load MNIST's test images: {error}").format(error=e))
            return
        i = int(np.random.default_rng().integers(len(images)))
        self.show_image(images[i], self.tr("MNIST test image {index}, labelled {label}").format(index=i,
                                                                                               label=labels[i]))

    def set_mistakes_source(self, images):
        """`images()` returns the misclassified test images (N, 28, 28) that "Next mistake" steps through."""
        self._mistakes = images

    def show_next_mistake(self):
        images = self._mistakes()
        if len(images) == 0:
            self.message.setText(self.tr("No mistakes to show yet: train a model in the Train tab; the test images "
                                         "it gets wrong can then be loaded here."))
            return
        self._mistake_index = (self._mistake_index + 1) % len(images)
        self.show_image(images[self._mistake_index],
                        self.tr("Misclassified test image {n} of {count}").format(n=self._mistake_index + 1,
                                                                                   count=len(images)))

    def network_input(self):
        """The 28x28 image the network reads now, or None when the canvas is empty."""
        if self.canvas.has_image():
            return self._image
        if self.canvas.strokes.is_empty():
            return None
        return strokes_to_mnist(self.canvas.strokes.strokes)

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
        self.input_view.setPixmap(gray_pixmap(np.zeros((28, 28)) if image is None else image, 4))   # as MNIST
        if not self.usable() or image is None or self.predictor.task != "digits":
            if self.predictor is not None:
                self.message.setText(ui_text(self.predictor.problem) or "")
            self.bars.setOpts(height=np.zeros(10), brushes=[BAR] * 10)
            self.digit_label.setText("?")
            self.confidence_label.setText(self.tr("Draw a digit") if self.usable() else self.tr("cannot read"))
            self.activations.clear()
            self.predictionChanged.emit(-1, None)
            return
        self.message.setText("")
        probs, layers = self.predictor.forward(image)
        top = int(np.argmax(probs))
        self.bars.setOpts(height=probs, brushes=[TOP_BAR if i == top else BAR for i in range(10)])
        self.digit_label.setText(str(top))
        confidence = f"{probs[top]:.0%}"
        self.confidence_label.setText(self.tr("{confidence} sure").format(confidence=confidence)
                                      if probs[top] >= NOT_SURE else
                                      self.tr("not sure ({confidence})").format(confidence=confidence))
        self.activations.set_layers(layers)
        self.predictionChanged.emit(top, probs)
