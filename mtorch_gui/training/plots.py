"""Live training curves (pyqtgraph): batch loss raw and EMA-smoothed, validation loss and accuracy per
epoch, the learning rate, and each layer's gradient norm.

Points go into preallocated buffers as they arrive; a timer redraws the curves with ``setData`` at most
``REDRAWS_PER_SECOND`` times a second, only the plots that got something new. Painting is timed, and the
timer slows down so that drawing takes at most ``DRAW_BUDGET`` of the time: on a slow software-rendered
display one plot can take 50 ms to paint, which at 20 redraws a second would starve the training thread.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

REDRAWS_PER_SECOND = 20
DRAW_BUDGET = 0.02  # the share of wall time live drawing may take (the rest of the UI thread takes about as much again)
SLOWEST_REDRAW_MS = 2000
LEGEND_COLUMNS = 4
LEGEND_HEIGHT = 20  # pixels of the legend's row (one line of entries)
PLOT_MIN_HEIGHT = 180  # pixels: below it the plots scroll (vertically) instead of squeezing their ticks
TWO_COLUMNS_WIDTH = 520  # pixels: narrower, the small plots go one a row under the batch loss (their titles fit)
LAYER_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                 "#bcbd22", "#17becf")


class SeriesBuffer:
    """A growing float64 series in a preallocated array (capacity doubles when full)."""

    def __init__(self, capacity: int = 4096):
        self._data = np.empty(capacity)
        self.size = 0

    def extend(self, values):
        values = np.asarray(values, dtype=np.float64)
        need = self.size + len(values)
        if need > len(self._data):
            grown = np.empty(max(need, 2 * len(self._data)))
            grown[:self.size] = self._data[:self.size]
            self._data = grown
        self._data[self.size:need] = values
        self.size = need

    def clear(self):
        self.size = 0

    @property
    def values(self) -> np.ndarray:
        return self._data[:self.size]


class SmoothedSeries:
    """A series and its exponential moving average, each in a SeriesBuffer."""

    def __init__(self):
        self.raw, self.smooth = SeriesBuffer(), SeriesBuffer()

    def extend(self, values, smoothing: float):
        values = np.asarray(values, dtype=np.float64)
        self.smooth.extend(ema(values, smoothing, self.smooth.values[-1] if self.smooth.size else None))
        self.raw.extend(values)

    def resmooth(self, smoothing: float):
        self.smooth.clear()
        if self.raw.size:
            self.smooth.extend(ema(self.raw.values, smoothing))

    def clear(self):
        self.raw.clear()
        self.smooth.clear()


def ema(values: np.ndarray, smoothing: float, start: float | None = None) -> np.ndarray:
    """Exponential moving average: s_t = smoothing * s_{t-1} + (1 - smoothing) * x_t, s_0 = x_0."""
    out = np.empty(len(values))
    s = values[0] if start is None and len(values) else start
    for i, x in enumerate(values):
        s = smoothing * s + (1 - smoothing) * x
        out[i] = s
    return out


class TimedPlotWidget(pg.PlotWidget):
    """A PlotWidget that adds the seconds its paint events take to ``clock[0]``."""

    def __init__(self, clock: list, **kwargs):
        super().__init__(**kwargs)
        self.clock = clock

    def paintEvent(self, event):
        started = time.perf_counter()
        super().paintEvent(event)
        self.clock[0] += time.perf_counter() - started


class LogFriendlyAxis(pg.AxisItem):
    """A value axis whose log mode, over less than a decade, labels only as many of the ticks at 1..9 x 10^k
    as have room (pyqtgraph labels all nine, written over each other on a short plot)."""

    LABEL_SPACING = 24  # pixels of axis per label

    def logTickValues(self, minVal, maxVal, size, stdTicks):
        ticks = super().logTickValues(minVal, maxVal, size, stdTicks)
        if len(ticks) != 1 or ticks[0][0] is not None:   # decades are labelled: pyqtgraph thins the rest
            return ticks
        values = ticks[0][1]
        for kept in ((1, 2, 5), (1, 3), (1,)):
            if len(values) * self.LABEL_SPACING <= size:
                break
            thinned = [v for v in values if round(10 ** (v - np.floor(v))) in kept]
            if not thinned:  # none of these in the range (0.6 to 0.95, say): thin what there is instead
                break
            values = thinned
        step = max(1, math.ceil(len(values) * self.LABEL_SPACING / max(size, 1)))
        return [(None, values[::step])]  # never none: a short axis keeps at least one label


def _plot(clock: list, title: str, bottom: str) -> pg.PlotWidget:
    plot = TimedPlotWidget(clock, title=title, background=None,  # the window's own background, light or dark
                           axisItems={"left": LogFriendlyAxis("left")})
    plot.setLabel("bottom", bottom)
    plot.showGrid(x=True, y=True, alpha=0.2)
    plot.setClipToView(True)
    plot.setDownsampling(auto=True, mode="peak")
    plot.getAxis("left").enableAutoSIPrefix(False)  # ticks read as values, never "-500 (x0.001)"
    # the legend goes in a row of its own under the axes, where it can never hide a curve; curves made with a
    # name join it (PlotItem.addItem adds them to plotItem.legend)
    legend = pg.LegendItem(colCount=LEGEND_COLUMNS, frame=False, verSpacing=-5)
    plot.plotItem.layout.addItem(legend, 4, 1)
    plot.plotItem.layout.setRowFixedHeight(4, LEGEND_HEIGHT)
    plot.plotItem.legend = legend
    return plot


def epoch_ticks(last: int, most: int = 10) -> list[tuple[int, str]]:
    """Whole-epoch ticks up to ``last``, at most ``most`` of them (every epoch, or every ``step``-th)."""
    step = -(-last // most)
    return [(e, str(e)) for e in range(step if step > 1 else 1, last + 1, step)]


class LivePlots(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("livePlots")
        self._paint_seconds = [0.0]  # painting time since the last redraw
        batch, epoch = self.tr("batch"), self.tr("epoch")
        self.loss_plot = _plot(self._paint_seconds, self.tr("Training loss per batch"), batch)
        self.epoch_loss_plot = _plot(self._paint_seconds, self.tr("Loss per epoch"), epoch)
        self.accuracy_plot = _plot(self._paint_seconds, self.tr("Accuracy per epoch"), epoch)
        self.lr_plot = _plot(self._paint_seconds, self.tr("Learning rate"), batch)
        # a log axis of the norms themselves (smoothed): vanishing ones sit decades below, exploding ones above
        self.grad_plot = _plot(self._paint_seconds, self.tr("Gradient norms (log)"), batch)
        self.grad_plot.setLogMode(y=True)
        for plot in (self.epoch_loss_plot, self.accuracy_plot):
            plot.setClipToView(False)

        self.raw_curve = self.loss_plot.plot(name=self.tr("raw"), pen=pg.mkPen((120, 160, 220, 110)))
        self.smooth_curve = self.loss_plot.plot(name=self.tr("smoothed"), pen=pg.mkPen("#1f77b4", width=2))
        self.lr_curve = self.lr_plot.plot(pen=pg.mkPen("#2ca02c", width=2))
        symbol = {"symbol": "o", "symbolSize": 6}
        train, validation = self.tr("train"), self.tr("validation")
        self.epoch_curves = {
            "train_loss": self.epoch_loss_plot.plot(name=train, pen="#1f77b4", symbolBrush="#1f77b4", **symbol),
            "val_loss": self.epoch_loss_plot.plot(name=validation, pen="#ff7f0e", symbolBrush="#ff7f0e", **symbol),
            "train_accuracy": self.accuracy_plot.plot(name=train, pen="#1f77b4", symbolBrush="#1f77b4", **symbol),
            "val_accuracy": self.accuracy_plot.plot(name=validation, pen="#ff7f0e", symbolBrush="#ff7f0e",
                                                    **symbol),
            "val_tail_mse": self.accuracy_plot.plot(pen="#ff7f0e", symbolBrush="#ff7f0e", **symbol),
        }
        self._epoch_names = {"train_loss": train, "val_loss": validation, "train_accuracy": train,
                             "val_accuracy": validation, "val_tail_mse": validation}
        self.grad_curves: dict[str, pg.PlotDataItem] = {}

        self.log_scale = QCheckBox(self.tr("Log scale"))
        self.log_scale.setObjectName("logScale")
        self.log_scale.toggled.connect(lambda on: self.loss_plot.setLogMode(y=on))
        self.smoothing = QDoubleSpinBox()
        self.smoothing.setObjectName("smoothing")
        self.smoothing.setRange(0.0, 0.999)
        self.smoothing.setDecimals(3)
        self.smoothing.setSingleStep(0.05)
        self.smoothing.setValue(0.9)
        self.smoothing.setToolTip(self.tr("EMA smoothing of the loss and gradient-norm curves: 0 = raw, 0.99 = very "
                                          "smooth"))
        self.smoothing.setKeyboardTracking(False)  # re-smooth once per edit, not per keystroke
        self.smoothing.valueChanged.connect(self._resmooth)

        controls = QHBoxLayout()
        controls.addWidget(QLabel(self.tr("Smoothing")))
        controls.addWidget(self.smoothing)
        controls.addWidget(self.log_scale)
        controls.addStretch()
        for plot in self.all_plots():
            plot.setMinimumHeight(PLOT_MIN_HEIGHT)
        grid_box = QWidget(objectName="plotGrid")
        self.grid = QGridLayout(grid_box)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.columns = 0
        self._arrange(2)
        # on a small screen the plots scroll up and down, never sideways (issue 12)
        self.scroll = QScrollArea(objectName="plotScroll", widgetResizable=True, frameShape=QFrame.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.scroll.setWidget(grid_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(controls)
        layout.addWidget(self.scroll, 1)

        self.steps, self.lr, self.loss = SeriesBuffer(), SeriesBuffer(), SmoothedSeries()
        self.grad_norms: dict[str, SmoothedSeries] = {}
        self.epochs: list[dict] = []
        self.redraws = 0  # how many times the curves were redrawn (for tests and the overhead benchmark)
        self._dirty = False
        self._drawn_epochs = -1
        self._timer = QTimer(self)
        self._timer.setInterval(1000 // REDRAWS_PER_SECOND)
        self._timer.timeout.connect(self.redraw)
        self._timer.start()

    def all_plots(self) -> list[pg.PlotWidget]:
        """The batch loss first, then the small ones in reading order."""
        return [self.loss_plot, self.epoch_loss_plot, self.accuracy_plot, self.lr_plot, self.grad_plot]

    def _arrange(self, columns: int) -> None:
        """The batch loss across the top, the small plots ``columns`` a row under it."""
        if columns == self.columns:
            return
        self.columns = columns
        first, *small = self.all_plots()
        for plot in self.all_plots():
            self.grid.removeWidget(plot)
        self.grid.addWidget(first, 0, 0, 1, columns)
        for i, plot in enumerate(small):
            self.grid.addWidget(plot, 1 + i // columns, i % columns)
        for column in range(2):
            self.grid.setColumnStretch(column, int(column < columns))

    def resizeEvent(self, event):
        # decided on this widget's width, which the plots' scroll bar does not change: no back and forth
        self._arrange(2 if event.size().width() >= TWO_COLUMNS_WIDTH else 1)
        super().resizeEvent(event)

    def clear(self):
        """Forget every point and empty the plots at once (a new run: nothing of the last one may stay on
        screen until the next redraw)."""
        for buffer in (self.steps, self.loss, self.lr):
            buffer.clear()
        for curve in self.grad_curves.values():
            self.grad_plot.removeItem(curve)
        self.grad_curves.clear()
        self.grad_norms.clear()
        self.epochs.clear()
        self._drawn_epochs = -1
        self._dirty = True
        self.redraw()

    def add_batches(self, infos: list):
        """Append a list of BatchInfo; drawn at the next timer tick."""
        smoothing = self.smoothing.value()
        self.steps.extend([i.step for i in infos])
        self.loss.extend([i.loss for i in infos], smoothing)
        self.lr.extend([i.lr for i in infos])
        for name in infos[0].grad_norms:
            self.grad_norms.setdefault(name, SmoothedSeries()).extend([i.grad_norms[name] for i in infos], smoothing)
        self._dirty = True

    def load_history(self, history):
        """Show a whole History at once (a run resumed from a checkpoint)."""
        self.clear()
        smoothing = self.smoothing.value()
        self.steps.extend(np.arange(1, len(history.batch_loss) + 1))
        self.loss.extend(history.batch_loss, smoothing)
        self.lr.extend(history.batch_lr)
        for name, norms in history.grad_norms.items():
            self.grad_norms.setdefault(name, SmoothedSeries()).extend(norms, smoothing)
        self.epochs.extend(history.epochs)

    def add_epoch(self, metrics: dict):
        """Append one epoch's metrics and draw at once (an epoch's end is worth showing without delay)."""
        self.epochs.append(metrics)
        self._dirty = True
        self.redraw()

    def _resmooth(self):
        for series in (self.loss, *self.grad_norms.values()):
            series.resmooth(self.smoothing.value())
        self._dirty = True

    def redraw(self):
        """Give the curves their new points (the views paint them soon after), then pace the timer by
        what the last round of drawing cost."""
        if not self._dirty:
            return
        started = time.perf_counter()
        self._dirty = False
        self.redraws += 1
        self._set_curves()
        cost = time.perf_counter() - started + self._paint_seconds[0]  # this setData + the last paints
        self._paint_seconds[0] = 0.0
        fastest = 1000 // REDRAWS_PER_SECOND
        self._timer.setInterval(int(min(max(1000 * cost / DRAW_BUDGET, fastest), SLOWEST_REDRAW_MS)))

    def _set_curves(self):
        steps = self.steps.values
        self.raw_curve.setData(steps, self.loss.raw.values)
        self.smooth_curve.setData(steps, self.loss.smooth.values)
        lr = self.lr.values
        self.lr_curve.setData(steps, lr)  # every redraw, so that it never lags the loss above
        if len(lr):  # from 0, so that a constant rate reads as its value
            self.lr_plot.setYRange(0, 1.1 * lr.max(), padding=0)
        for i, (name, series) in enumerate(self.grad_norms.items()):
            if name not in self.grad_curves:
                colour = LAYER_COLOURS[i % len(LAYER_COLOURS)]
                self.grad_curves[name] = self.grad_plot.plot(name=name, pen=pg.mkPen(colour, width=1.5))
            # a zero norm (a layer that got no gradient) has no logarithm: leave it out
            values = series.smooth.values
            positive = values > 0
            self.grad_curves[name].setData(steps[:len(values)][positive], values[positive])
        if len(self.epochs) == self._drawn_epochs:
            return
        self._drawn_epochs = len(self.epochs)
        regression = bool(self.epochs) and "val_tail_mse" in self.epochs[0]
        self.accuracy_plot.setTitle(self.tr("MSE from step 6 per epoch") if regression else
                                    self.tr("Accuracy per epoch"))
        epochs = np.array([m["epoch"] for m in self.epochs], dtype=float)
        for plot in (self.epoch_loss_plot, self.accuracy_plot):
            plot.plotItem.legend.clear()  # only the curves that have points are listed
        for key, curve in self.epoch_curves.items():
            if self.epochs and key in self.epochs[0]:
                curve.setData(epochs, np.array([m[key] for m in self.epochs]))
                curve.getViewBox().parentItem().legend.addItem(curve, self._epoch_names[key])
            else:
                curve.setData([], [])
        last = int(epochs.max()) if len(epochs) else 1
        for plot in (self.epoch_loss_plot, self.accuracy_plot):  # whole epochs, the last one inside the plot
            plot.getAxis("bottom").setTicks([epoch_ticks(last)])
            plot.setXRange(0.5, last + 0.5, padding=0)
