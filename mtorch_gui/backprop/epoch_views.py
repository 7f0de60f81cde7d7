"""The Train tab's per-epoch views of what the network learned: weight and gradient histograms per layer over
the epochs (TensorBoard's "histograms"), and the embedding map (the test set's penultimate activations by PCA,
coloured by class; hover over a point for its class and prediction, click it to see the sample too).

``EpochViews.attach(window)`` is the main window's one hook: it adds both tabs to the training panel's views
and follows its ``weightsUpdated`` (every epoch). Each epoch's numbers are computed by ``EpochAnalysis`` on a
plain thread from a copy of the weights, one epoch at a time, and after each the next waits long enough that
the analyses take at most ``ANALYSIS_BUDGET`` of a core (an epoch arriving meanwhile waits, a later one replaces
it): a 2-D set's epochs of a few milliseconds get a map every so many epochs, MNIST's every epoch.
"""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from mtorch_gui.i18n import error_text
from mtorch_gui.threads import OffThreadJobs
from mtorch_gui.training.gallery import gray_pixmap
from mtorch_gui.training.plots import LAYER_COLOURS

from .analysis import EpochAnalysis, EpochResult

ANALYSIS_BUDGET = 0.01  # of one core: after an analysis of d CPU seconds the next starts d / budget - d later
SHOWN_EPOCHS = 30  # histograms of at most this many epochs, the latest in front
RIDGE_STEP = 0.45  # vertical offset between two epochs' histograms (each scaled to a height of 1)


class HistogramsView(QWidget):
    """One parameter's histograms (chosen in the box), weights left and gradients right, one ridge per epoch:
    the oldest at the back (top, pale), the latest in front (bottom, dark)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("histogramsView")
        self.results: list[EpochResult] = []
        self.parameter = QComboBox(objectName="histogramParameter")
        self.parameter.currentIndexChanged.connect(self.redraw)
        self.caption = QLabel(self.tr("Train a model: each epoch adds a histogram of every layer's weights and of "
                                      "their gradients on a fixed batch of 256 training samples."))
        self.caption.setWordWrap(True)
        self.weights_plot = pg.PlotWidget(title=self.tr("weights"), background=None)
        self.gradients_plot = pg.PlotWidget(title=self.tr("gradients"), background=None)
        for plot in (self.weights_plot, self.gradients_plot):
            plot.getAxis("left").setLabel(self.tr("epoch"))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Parameter:")))
        top.addWidget(self.parameter, 1)
        plots = QHBoxLayout()
        plots.addWidget(self.weights_plot)
        plots.addWidget(self.gradients_plot)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.caption)
        layout.addLayout(plots, 1)

    def clear(self):
        self.results = []
        self.parameter.clear()
        self.weights_plot.clear()
        self.gradients_plot.clear()

    def add(self, result: EpochResult):
        self.results.append(result)
        names = list(result.weights)
        if [self.parameter.itemText(i) for i in range(self.parameter.count())] != names:
            self.parameter.blockSignals(True)
            self.parameter.clear()
            self.parameter.addItems(names)
            self.parameter.blockSignals(False)
        self.redraw()

    @Slot()
    def redraw(self):
        name = self.parameter.currentText()
        shown = self.results[-SHOWN_EPOCHS:]
        for plot, kind in ((self.weights_plot, "weights"), (self.gradients_plot, "gradients")):
            plot.clear()
            ticks = []
            for age, result in enumerate(reversed(shown)):  # the latest first: drawn in front
                histogram = getattr(result, kind).get(name)
                if histogram is None:
                    continue
                base = age * RIDGE_STEP
                centres = (histogram.edges[:-1] + histogram.edges[1:]) / 2
                height = histogram.counts / max(histogram.counts.max(), 1)
                shade = int(40 + 180 * age / max(1, len(shown) - 1))
                colour = pg.mkColor(255, shade // 2 + 80, shade // 3) if kind == "weights" else \
                    pg.mkColor(shade // 3, shade // 2 + 80, 255)
                curve = pg.PlotDataItem(centres, base + height, pen=pg.mkPen(colour.darker(130), width=1),
                                        fillLevel=base, brush=colour)
                curve.setZValue(-age)
                plot.addItem(curve)
                ticks.append((base, str(result.epoch)))
            plot.getAxis("left").setTicks([ticks[::max(1, len(ticks) // 8)]])


class EmbeddingMap(QWidget):
    """The test samples on the first two principal components of the penultimate layer's activations."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("embeddingMap")
        self.result: EpochResult | None = None
        self.images = None  # the test split's inputs, to show a clicked sample
        self.caption = QLabel(self.tr("Train a classifier: after every epoch the test set's activations at the "
                                      "last layer's input are projected here by PCA, one colour per class."))
        self.caption.setWordWrap(True)
        self.plot = pg.PlotWidget(background=None)
        self.plot.setAspectLocked(False)
        self.points = pg.ScatterPlotItem(size=6, pen=None, hoverable=True, tip=self.point_text)
        self.points.sigClicked.connect(self._clicked)
        self.plot.addItem(self.points)
        self.chosen = pg.ScatterPlotItem(size=14, pen=pg.mkPen("k", width=2), brush=None)  # the clicked point
        self.plot.addItem(self.chosen)
        self.legend = self.plot.addLegend(offset=(-10, 10))
        self.sample = QLabel()
        self.sample.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sample_text = QLabel(self.tr("Click a point to see its sample."))
        self.sample_text.setWordWrap(True)
        self.sample_text.setObjectName("embeddingSample")
        side = QVBoxLayout()
        side.addWidget(self.sample)
        side.addWidget(self.sample_text)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.plot, 1)
        row.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addLayout(row, 1)

    def clear(self):
        self.result = None
        self.points.clear()
        self.chosen.clear()
        self.legend.clear()

    def set_result(self, result: EpochResult, images):
        embedding = result.embedding
        if embedding is None:
            self.caption.setText(self.tr("The embedding map needs a classifier: this dataset is a regression."))
            self.clear()
            return
        self.result, self.images = result, images
        self.caption.setText(self.tr("Epoch {epoch}: {n} test samples, the input of layer {layer} projected on its "
                                     "first two principal components ({pc1:.0%} and {pc2:.0%} of the variance)")
                             .format(epoch=result.epoch, n=len(embedding.points), layer=embedding.layer,
                                     pc1=embedding.explained[0], pc2=embedding.explained[1]))
        brushes = [pg.mkBrush(LAYER_COLOURS[int(c) % len(LAYER_COLOURS)]) for c in embedding.labels]
        self.points.setData(pos=embedding.points, brush=brushes, data=np.arange(len(embedding.points)))
        self.chosen.clear()
        self.legend.clear()
        for c in np.unique(embedding.labels):
            self.legend.addItem(pg.ScatterPlotItem(brush=pg.mkBrush(LAYER_COLOURS[int(c) % len(LAYER_COLOURS)]),
                                                   pen=None, size=8), str(int(c)))

    def point_text(self, x=None, y=None, data=None) -> str:
        """A point's sample, class and prediction (its tooltip when hovered, the caption when clicked)."""
        embedding = self.result.embedding
        return self.tr("test sample {index}: class {label}, predicted {predicted}").format(
            index=int(embedding.indices[data]), label=int(embedding.labels[data]),
            predicted=int(embedding.predictions[data]))

    def show_sample(self, i: int):
        embedding = self.result.embedding
        index = int(embedding.indices[i])
        self.chosen.setData(pos=embedding.points[i:i + 1])
        image = np.asarray(self.images[index])
        if image.size == 784:
            self.sample.setPixmap(gray_pixmap(image.reshape(28, 28), 4))
        self.sample_text.setText(self.point_text(data=i))

    def _clicked(self, _item, points, *_):
        if len(points):
            self.show_sample(int(points[0].data()))


class EpochViews(OffThreadJobs, QObject):

    def __init__(self, parent=None):
        super().__init__(parent)
        self.histograms, self.embedding = HistogramsView(), EmbeddingMap()
        self._data = None  # (dataset info, its splits)
        self._busy, self._waiting = False, None
        self.budget = ANALYSIS_BUDGET  # tests set 1: no pause between analyses
        self._pause = QTimer(self, singleShot=True)  # the pause after an analysis, before the next
        self._pause.timeout.connect(self._start_waiting)
        self._last_epoch = 0
        self.listen()  # an analysis runs off the UI thread (start_job); its outcome comes to job_done

    @classmethod
    def attach(cls, window) -> EpochViews:
        panel = window.training
        views = cls(panel)
        panel.views.addTab(views.histograms, QCoreApplication.translate("EpochViews", "Histograms"))
        panel.views.addTab(views.embedding, QCoreApplication.translate("EpochViews", "Embedding"))
        # the epoch the weights are from: that of the run's last batch
        panel.weightsUpdated.connect(lambda payload: views.epoch_ended(payload, panel.last_batch.epoch + 1))
        return views

    def epoch_ended(self, payload, epoch: int):
        """Weights after ``epoch`` (from 1): analyse them (or wait for the epoch being analysed)."""
        if epoch <= self._last_epoch:  # a new run started
            self.histograms.clear()
            self.embedding.clear()
        self._last_epoch = epoch
        self._waiting = (payload, epoch)  # a later epoch replaces one still waiting
        if not (self._busy or self._pause.isActive()):
            self._start_waiting()

    @Slot()
    def _start_waiting(self):
        if self._waiting is not None:
            waiting, self._waiting = self._waiting, None
            self._start(*waiting)

    def _start(self, payload, epoch):
        self._busy = True
        spec, data = payload["spec"], self._data

        def job():
            started = time.thread_time()
            info = spec.dataset_info()
            splits = data[1] if data is not None and data[0] is info else info.load()
            result = EpochAnalysis(payload, splits, epoch).run()
            return result, (info, splits), time.thread_time() - started

        self.start_job(job)

    def job_done(self, outcome):
        self._busy = False
        if isinstance(outcome, Exception):
            self.histograms.caption.setText(self.tr("These views could not be computed: {error}").format(
                error=error_text(outcome)))
            return
        result, self._data, seconds = outcome
        self.histograms.add(result)
        self.embedding.set_result(result, self._data[1].test.x)
        pause = round(1000 * seconds * (1 / self.budget - 1))
        if pause > 0:
            self._pause.start(pause)
        else:
            self._start_waiting()

