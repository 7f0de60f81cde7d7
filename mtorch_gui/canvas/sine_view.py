"""A sequence model at work: the input sine, the target cosine and the model's prediction, for a phase and
a frequency the user sets. `set_predictor` is called again after every training epoch, so the
prediction curve follows the training live."""

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QSlider, QVBoxLayout, QWidget

from mtorch.datasets import SineToCosine
from mtorch_gui.i18n import ui_text

UNKNOWABLE_STEPS = 5    # over the first steps the sign of cos cannot be told from sin alone


class SineView(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("sineView")
        self.predictor = None
        reference = SineToCosine(n_sequences=1)        # the training data's time step and frequencies
        self.dt, self.freq_range = reference.dt, reference.freq_range

        self.title = QLabel()
        self.title.setWordWrap(True)
        self.plot = pg.PlotWidget(background=None)
        self.plot.setMinimumHeight(220)
        self.plot.addLegend(offset=(-10, 10))
        self.plot.setLabel("bottom", self.tr("time step"))
        self.plot.setYRange(-1.5, 1.5)
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        self.unknowable = pg.LinearRegionItem((0, UNKNOWABLE_STEPS - 1), movable=False,
                                              brush=pg.mkBrush(120, 120, 120, 30), pen=pg.mkPen(None))
        self.plot.addItem(self.unknowable)
        self.input_curve = self.plot.plot(pen=pg.mkPen((140, 140, 140), width=2, style=Qt.PenStyle.DashLine),
                                          name=self.tr("input: sin"))
        self.target_curve = self.plot.plot(pen=pg.mkPen((31, 119, 180), width=2), name=self.tr("target: cos"))
        self.prediction_curve = self.plot.plot(pen=pg.mkPen((230, 110, 20), width=2.5), symbol="o",
                                               symbolSize=4, symbolBrush=(230, 110, 20), name=self.tr("model"))

        self.phase = QSlider(Qt.Orientation.Horizontal, objectName="phaseSlider", minimum=0, maximum=360,
                             value=30)
        lo, hi = self.freq_range
        # frequencies in hundredths; the slider reaches half the training range beyond it on both sides
        self.frequency = QSlider(Qt.Orientation.Horizontal, objectName="frequencySlider",
                                 minimum=round(100 * (lo - (hi - lo) / 2)), maximum=round(100 * (hi + (hi - lo) / 2)),
                                 value=round(100 * (lo + hi) / 2))
        self.phase_label, self.frequency_label = QLabel(), QLabel()
        self.error_label = QLabel()
        self.phase.valueChanged.connect(self.refresh)
        self.frequency.valueChanged.connect(self.refresh)

        form = QFormLayout()
        for title, label, slider in ((self.tr("Phase:"), self.phase_label, self.phase),
                                     (self.tr("Frequency:"), self.frequency_label, self.frequency)):
            row = QHBoxLayout()
            row.addWidget(slider, 1)
            row.addWidget(label)
            form.addRow(title, row)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.plot, 1)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        self.refresh()

    def set_predictor(self, predictor):
        self.predictor = predictor
        self.refresh()

    def curves(self):
        """(input sin, target cos) at the sliders' phase and frequency, as the training data defines them."""
        steps = self.predictor.spec.input_shape[0] if self.predictor else 50
        angle = self.frequency.value() / 100 * self.dt * np.arange(steps) + np.radians(self.phase.value())
        return np.sin(angle), np.cos(angle)

    def refresh(self):
        lo, hi = self.freq_range
        self.phase_label.setText(f"{self.phase.value()}°")
        self.frequency_label.setText(self.tr("ω = {omega:.2f} (trained on {low:g}–{high:g})").format(
            omega=self.frequency.value() / 100, low=lo, high=hi))
        sine, cosine = self.curves()
        self.input_curve.setData(sine)
        self.target_curve.setData(cosine)
        p = self.predictor
        usable = p is not None and p.model is not None and p.problem is None
        name = p.name if p is not None else self.tr("no model")
        problem = ui_text(p.problem) if p is not None else self.tr("Train a sequence model.")
        self.title.setText(self.tr("<b>{name}</b>: reads the sine step by step and predicts the cosine. The shaded "
                                   "first {steps} steps cannot be known yet from the sine alone.").format(
                               name=name, steps=UNKNOWABLE_STEPS)
                           + ("" if usable else f"<br><i>{problem}</i>"))
        if not usable:
            self.prediction_curve.setData([], [])
            self.error_label.setText("")
            return
        prediction = p.predict_sequence(sine)
        self.prediction_curve.setData(prediction)
        mse = float(np.mean((prediction[UNKNOWABLE_STEPS:] - cosine[UNKNOWABLE_STEPS:]) ** 2))
        self.error_label.setText(self.tr("Mean squared error from step {step} on: {mse:.2e}").format(
            step=UNKNOWABLE_STEPS + 1, mse=mse))
