"""The Backprop tab: one sample through the model, forward layer by layer, then backward node by node.

A thin view on an ``InspectorSession``: the steps on the left; on the right the step's tensors (values and
gradients as pictures, with shapes and norms), its formula, the numpy source of the backward that ran, a
finite-difference check and "apply one step" (SGD, or Adam by its plain reference).
"""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt, QTimer, Slot
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mtorch_gui.canvas.predictor import load_payload
from mtorch_gui.i18n import error_text, ui_text
from mtorch_gui.threads import OffThreadJobs
from mtorch_gui.widgets import push_button

from .graph import graph_of
from .graph_view import ComputationalGraphView
from .pictures import array_pixmap
from .session import InspectorSession
from .sources import step_source
from .trace import BackwardStep, LayerStep, norm

PICTURE_HEIGHT = 120
RELOAD_BUDGET = 0.01  # of the UI thread: after a reload of d seconds for new weights the next waits d / budget - d
NUMBERS_UP_TO = 12  # a tensor this small is also printed


def _numbers(a) -> str:
    values = [f"{v:.4g}" for v in np.asarray(a).reshape(-1)]  # two a line, as the card is narrow
    return "\n".join("  ".join(values[i:i + 2]) for i in range(0, len(values), 2))


class TensorCard(QFrame):
    """One tensor: its name, shape and norm, its picture and (when small) its numbers."""

    def __init__(self, title, array, gradient, parent=None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.array = array
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        shape = "×".join(map(str, np.shape(array))) or "1"
        self.caption = QLabel(self.tr("<b>{title}</b><br>{shape} · ‖·‖ = {norm:.4g}").format(
            title=title, shape=shape, norm=norm(np.nan_to_num(array))))
        self.caption.setMinimumWidth(150)
        layout.addWidget(self.caption)
        picture = QLabel()
        pixmap = array_pixmap(array, gradient, PICTURE_HEIGHT)
        picture.setPixmap(pixmap)
        picture.setMinimumSize(pixmap.size())  # never squeezed by the word-wrapped captions beside it
        layout.addWidget(picture)
        if np.size(array) <= NUMBERS_UP_TO:
            numbers = QLabel(_numbers(array))
            numbers.setFont(QFontDatabase.systemFont(QFontDatabase.FixedFont))
            numbers.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(numbers)
        layout.addStretch(1)


class BackpropInspector(OffThreadJobs, QWidget):
    """The Backprop tab. ``set_trained(payload)`` follows the training panel; ``set_drawing_source(f)``
    gives the Draw tab's current image (or None)."""

    SOURCES = ("trained", "editor", "shipped")

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.setObjectName("backpropInspector")
        self.document = document
        self.session = InspectorSession()
        self.trained_payload = None
        self.drawing = lambda: None
        self.listen()  # a check runs off the UI thread (start_job); its result comes to job_done
        self._stale = False  # the model shown is not the latest (an edit, a newer epoch)
        self._reload_timer = QTimer(self, singleShot=True, interval=0)
        self._reload_timer.timeout.connect(self._reload_trained)
        document.changed.connect(self._document_changed)

        self.source = QComboBox(objectName="backpropSource")
        self.source.addItem(self.tr("Weights from training (the last epoch, or where it paused)"), "trained")
        self.source.addItem(self.tr("The editor's model, untrained"), "editor")
        self.source.addItem(self.tr("The Draw tab's shipped model"), "shipped")
        self.source.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.source.setMinimumContentsLength(24)  # long model names and translations do not widen the window
        self.source.currentIndexChanged.connect(self.reload)
        self.sample_index = QSpinBox(objectName="backpropSample")
        self.sample_index.setRange(0, 999_999)
        self.sample_index.setPrefix(self.tr("test sample "))
        self.sample_index.valueChanged.connect(self.choose_test_sample)
        self.drawing_button = push_button(self.tr("Use the drawing"), self.use_drawing,
                                           self.tr("Inspect the digit drawn in the Draw tab"))
        self.drawing_label = QSpinBox()
        self.drawing_label.setRange(0, 9)
        self.drawing_label.setPrefix(self.tr("as digit "))
        self.drawing_label.setToolTip(self.tr("The class the loss compares a drawing with"))
        top = QHBoxLayout()
        for w in (QLabel(self.tr("Model:")), self.source, QLabel(self.tr("Sample:")), self.sample_index,
                  self.drawing_button, self.drawing_label):
            top.addWidget(w)
        top.addStretch(1)

        self.start_button = push_button(self.tr("To the start"), lambda: self.go(0), self.tr("The first forward step"))
        self.back_button = push_button(self.tr("◀ Back"), lambda: self.go(self.session.position - 1),
                                        self.tr("The step before"))
        self.next_button = push_button(self.tr("Step ▶"), lambda: self.go(self.session.position + 1),
                                        self.tr("The next step"))
        self.backward_button = push_button(self.tr("To the backward"), lambda: self.go(self.session.first_backward()),
                                            self.tr("Jump to the first backward step"))
        self.check_button = push_button(self.tr("Check gradients"), self.check,
                                         self.tr("Compare this step's gradients with float64 finite differences"))
        self.lr = QDoubleSpinBox(objectName="backpropLr")
        self.lr.setDecimals(4)
        self.lr.setRange(0.0001, 10.0)
        self.lr.setSingleStep(0.01)
        self.lr.setValue(0.1)
        self.lr.setPrefix(self.tr("lr "))
        self.optimizer = QComboBox(objectName="backpropOptimizer")
        self.optimizer.addItems(["SGD", "Adam"])
        self.sgd_button = push_button(self.tr("Apply one step"), self.apply_step,
                                       self.tr("One step of the optimiser on this sample's gradients (SGD: "
                                               "θ ← θ − lr · dL/dθ), then run the sample again"))
        self.reset_button = push_button(self.tr("Reset weights"), self.reset_weights,
                                         self.tr("Undo the optimiser steps"))
        nav, learn = QHBoxLayout(), QHBoxLayout()  # stepping; checking and learning
        for row, widgets in ((nav, (self.start_button, self.back_button, self.next_button, self.backward_button)),
                             (learn, (self.check_button, self.optimizer, self.lr, self.sgd_button,
                                      self.reset_button))):
            for w in widgets:
                row.addWidget(w)
            row.addStretch(1)

        self.message = QLabel(objectName="backpropMessage")
        self.message.setWordWrap(True)
        self.steps = QListWidget(objectName="backpropSteps")
        self.steps.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.steps.currentRowChanged.connect(self.go)
        self.title = QLabel(objectName="backpropTitle")
        self.formula = QLabel(objectName="backpropFormula")
        self.formula.setFont(QFontDatabase.systemFont(QFontDatabase.FixedFont))
        self.formula.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.cards = QWidget()
        self.cards_layout = QGridLayout(self.cards)
        self.cards_layout.setContentsMargins(0, 0, 0, 0)
        self.check_result = QLabel(objectName="backpropCheck")
        self.check_cards = QWidget()
        self.check_layout = QGridLayout(self.check_cards)
        self.check_layout.setContentsMargins(0, 0, 0, 0)
        self.source_view = QPlainTextEdit(objectName="backpropSource")
        self.source_view.setReadOnly(True)
        self.source_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.source_view.setFont(QFontDatabase.systemFont(QFontDatabase.FixedFont))
        self.source_view.setMinimumHeight(160)

        detail = QWidget()
        d = QVBoxLayout(detail)
        for w in (self.title, self.formula, self.cards, self.check_result, self.check_cards):
            d.addWidget(w)
        d.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(detail)
        scroll.setWidgetResizable(True)
        step_page = QSplitter(Qt.Orientation.Vertical)
        step_page.addWidget(scroll)
        step_page.addWidget(self.source_view)
        step_page.setSizes([560, 300])
        self.graph_view = ComputationalGraphView()
        self.graph_view.stepChosen.connect(self._graph_step_chosen)
        self.pages = QTabWidget(objectName="backpropPages")
        self.pages.addTab(step_page, self.tr("Step"))
        self.pages.addTab(self.graph_view, self.tr("Computational graph"))
        split = QSplitter()
        split.addWidget(self.steps)
        split.addWidget(self.pages)
        split.setStretchFactor(1, 1)
        split.setSizes([230, 800])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(nav)
        layout.addLayout(learn)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)
        self.source.setCurrentIndex(1)  # until a run has trained something

    @classmethod
    def attach(cls, window) -> BackpropInspector:
        """The main window's hook: a Backprop tab that follows the training panel and reads the Draw tab."""
        inspector = cls(window.document)
        window.tabs.addTab(inspector, QCoreApplication.translate("BackpropInspector", "Backprop"))
        window.training.weightsUpdated.connect(inspector.set_trained)
        window.training.modelTrained.connect(inspector.set_trained)
        window.training.weightsPaused.connect(inspector.set_trained)
        inspector.set_drawing_source(window.canvas.network_input)
        return inspector


    # ---- where the model comes from ---------------------------------------------------------------------

    def set_trained(self, payload):
        """Weights from the training panel (each epoch and at the end of a run): shown when chosen, when the tab
        is shown, and then at most as often as keeps the reloads within RELOAD_BUDGET of the UI thread (a 2-D
        set's epochs take milliseconds)."""
        self.trained_payload = payload
        if self.source.currentData() == "trained":
            self._stale = True
            if self.isVisible() and not self._reload_timer.isActive():
                self._reload_timer.start()

    @Slot()
    def _reload_trained(self):
        if self._stale and self.isVisible() and self.source.currentData() == "trained":
            started = time.perf_counter()
            self.reload()
            seconds = time.perf_counter() - started
            self._reload_timer.setInterval(round(1000 * seconds * (1 / RELOAD_BUDGET - 1)))

    def set_drawing_source(self, drawing):
        """``drawing()`` returns the Draw tab's 28x28 image, or None when nothing is drawn."""
        self.drawing = drawing

    @Slot()
    def reload(self):
        """Build the chosen model again and run the sample through it."""
        kind = self.source.currentData()
        if kind == "trained" and self.trained_payload is None:
            self.message.setText(self.tr("Nothing trained yet: train the model in the Train tab (its weights "
                                         "arrive here after every epoch), or inspect it untrained."))
            return
        try:
            payload = {"trained": lambda: self.trained_payload, "editor": lambda: {"spec": self.document.spec},
                       "shipped": load_payload}[kind]()
        except Exception as error:  # a damaged shipped model: say so and keep what is shown
            self.message.setText(self.tr("The model cannot be loaded: {error}").format(error=error))
            return
        self._stale = False
        self.session.set_payload(payload)
        sample = self.session.sample
        self.message.setText(ui_text(self.session.problem or (sample.title if sample else "")))
        if self.session.model is not None and self.session.sample is None:
            self.choose_test_sample(self.sample_index.value())
        else:
            self.refresh()

    @Slot()
    def _document_changed(self):
        """An edit of the editor's model: inspected when the tab is next shown (or now, if it is)."""
        if self.source.currentData() == "editor":
            self._stale = True
            if self.isVisible():
                self.reload()

    def showEvent(self, event):
        super().showEvent(event)
        if self.session.payload is None or self._stale:
            self.reload()

    # ---- the sample ---------------------------------------------------------------------------------------

    @Slot(int)
    def choose_test_sample(self, index):
        if self.session.model is None:
            return
        try:
            self.session.choose_test_sample(index)
        except Exception as error:  # the dataset cannot be read, or the model cannot read it
            self.message.setText(self.tr("Cannot run this sample: {error}").format(error=error))
            return
        self.message.setText(ui_text(self.session.sample.title))
        self.refresh()

    def use_drawing(self):
        image = self.drawing()
        if image is None or self.session.model is None or not self.session.reads_drawings():
            self.message.setText(self.tr("Draw a digit in the Draw tab first (it needs a model of 28×28 digits)."))
            return
        self.session.choose(image, self.drawing_label.value(),
                            self.tr("the drawing, as digit {label}").format(label=self.drawing_label.value()))
        self.message.setText(ui_text(self.session.sample.title))
        self.refresh()

    # ---- stepping -----------------------------------------------------------------------------------------

    def refresh(self):
        """The step list and the current step, after a new trace."""
        self.steps.blockSignals(True)
        self.steps.clear()
        for step in self.session.steps:
            self.steps.addItem(self.step_text(step))
        self.steps.blockSignals(False)
        if self.session.trace is not None:
            self.graph_view.set_graph(graph_of(self.session.trace))
        self.go(self.session.position)

    def step_text(self, step) -> str:
        if isinstance(step, LayerStep):
            return self.tr("forward {layer}").format(layer=step.title)
        return self.tr("backward {number}: {name}").format(number=step.number, name=step.name)

    @Slot(int)
    def go(self, position):
        if self.session.trace is None:
            return
        self.session.go(position)
        self.steps.blockSignals(True)
        self.steps.setCurrentRow(self.session.position)
        self.steps.blockSignals(False)
        self.forget_job()  # a check still running belongs to another step
        self.check_result.setText("")
        _clear(self.check_layout)
        self.show_step(self.session.current())
        step = self.session.current()
        self.graph_view.highlight({id(n) for n in step.nodes} if isinstance(step, LayerStep) else {id(step.node)})

    @Slot(int)
    def _graph_step_chosen(self, position):
        self.go(position)
        self.pages.setCurrentIndex(0)

    def show_step(self, step):
        _clear(self.cards_layout)
        trace = self.session.trace
        values, gradients = [], []  # one row of cards each
        if isinstance(step, LayerStep):
            loss = step.index == len(trace.outputs)
            self.title.setText(self.tr("<b>Forward, {layer}</b> — {module}").format(layer=step.title,
                                                                                     module=step.module))
            self.formula.setText(self.tr("loss = {loss:.6g}").format(loss=trace.loss) if loss else "")
            values.append((self.tr("input"), step.input[0]))
            values.append((self.tr("output"), step.output if loss else step.output[0]))
            values += [(name, p.numpy()) for name, p in step.params.items()]
            self.source_view.setPlainText(self.tr("# the forward of {module}").format(module=step.module))
            self.check_button.setEnabled(False)
        else:
            self.title.setText(self.tr("<b>Backward {number} of {count}: {name}</b>, in layer {layer}").format(
                number=step.number, count=len(trace.steps), name=step.name, layer=step.layer.title))
            self.formula.setText(ui_text(step.formula))
            for operand in step.operands:
                if operand.value is not None and operand.param is None:
                    values.append((self.tr("input x: {name}").format(name=operand.label), _sample(operand.value)))
            if step.output is not None:
                values.append((self.tr("output y"), _sample(step.output)))
            gradients.append((self.tr("dL/dy (received)"), _sample(step.grad_output)))
            for operand in step.operands:
                if operand.grad is not None:
                    name = operand.param or operand.label
                    gradients.append((self.tr("dL/d {name} (sent)").format(name=name),
                                      operand.grad if operand.param else _sample(operand.grad)))
            self.source_view.setPlainText(step.source)
            if self.source_view.find("def backward"):  # the backward at the top, the forward above it
                line = self.source_view.textCursor().blockNumber()
                self.source_view.verticalScrollBar().setValue(max(0, line - 1))
            self.check_button.setEnabled(True)
        for row, (cards, gradient) in enumerate(((values, False), (gradients, True))):
            for column, (title, array) in enumerate(cards):
                self.cards_layout.addWidget(TensorCard(title, array, gradient), row, column)
        self.back_button.setEnabled(self.session.position > 0)
        self.next_button.setEnabled(self.session.position < len(self.session.steps) - 1)

    # ---- checks and SGD -----------------------------------------------------------------------------------

    def check(self):
        step = self.session.current()
        if not isinstance(step, BackwardStep):
            return
        self.check_result.setText(self.tr("Checking with finite differences in float64…"))
        self.check_button.setEnabled(False)
        job = self.session.trace.check_step(step)
        self.start_job(job.run)

    def job_done(self, results):
        self.check_button.setEnabled(isinstance(self.session.current(), BackwardStep))
        if isinstance(results, Exception):
            self.check_result.setText(self.tr("The check failed: {error}").format(error=error_text(results)))
            return
        lines = []
        _clear(self.check_layout)
        for row, r in enumerate(results):
            verdict = self.tr("agree") if r.ok else self.tr("DIFFER")
            line = self.tr("{label}: largest difference {diff:.2e} (gradients up to {scale:.2e}) over {n} "
                           "entries: {verdict}").format(label=r.label, diff=r.max_difference, scale=r.scale,
                                                        n=int(r.checked.sum()), verdict=verdict)
            if r.kinks:
                line += self.tr("; {k} entries left out where the function has a kink (a tie in a max, "
                                "relu at 0)").format(k=r.kinks)
            lines.append(line)
            backward, numeric = r.analytic[r.checked], r.numeric[r.checked]
            self.check_layout.addWidget(TensorCard(self.tr("backward, at the {n} entries checked").format(
                n=backward.size), backward, True), row, 0)
            self.check_layout.addWidget(TensorCard(self.tr("finite differences, the same entries"), numeric, True),
                                        row, 1)
            worst = int(np.argmax(np.abs(backward - numeric))) if backward.size else None
            if worst is not None:
                where = np.argwhere(r.checked)[worst]
                lines[-1] += self.tr(" (the largest at {index}: {a:.6g} and {b:.6g})").format(
                    index=tuple(int(i) for i in where), a=backward[worst], b=numeric[worst])
        if len(self.session.current().layer.nodes) > 1:
            lines.insert(0, self.tr("This layer is made of {n} autograd nodes: the check covers the whole layer.")
                         .format(n=len(self.session.current().layer.nodes)))
        self.check_result.setText("\n".join(lines))

    def apply_step(self):
        if self.session.trace is None:
            return
        optimizer = self.optimizer.currentText()
        result = self.session.apply_step(optimizer, self.lr.value())
        self.refresh()
        self.source_view.setPlainText(step_source(optimizer))  # what moved the weights
        before, after = result.prediction_before, result.prediction_after
        text = self.tr("One {optimizer} step with lr {lr:g}: loss {before:.6g} → {after:.6g}").format(
            optimizer=optimizer, lr=result.lr, before=result.loss_before, after=result.loss_after)
        if before.ndim == 1 and before.size > 1:
            text += self.tr("; predicted class {a} → {b} (output {va:.4g} → {vb:.4g} for class {target})").format(
                a=int(before.argmax()), b=int(after.argmax()), va=before[self._target_class()],
                vb=after[self._target_class()], target=self._target_class())
        self.message.setText(text)

    def _target_class(self) -> int:
        y = self.session.sample.y
        return y if isinstance(y, int) else int(np.argmax(y))

    def reset_weights(self):
        if self.session.payload is not None:
            self.session.reset_weights()
            self.refresh()


def _sample(a):
    """A tensor of the sample without its batch axis of one (a scalar stays as it is)."""
    a = np.asarray(a)
    return a[0] if a.ndim > 1 and a.shape[0] == 1 else a


def _clear(layout):
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            item.widget().setParent(None)  # gone from the view now (deleteLater would wait for the event loop)

