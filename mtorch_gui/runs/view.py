"""The Runs tab: every recorded run in a sortable table, the ticked runs' curves overlaid, and what can be
done with a run (open its model, load its weights into the Draw tab, rename, tag, delete, export to CSV),
plus sweeps and the learning-rate finder, which start from the Train tab's model and settings.

The table and curves are read from the RunStore (``refresh``); the GuiRecorder says when a run changed.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mtorch_gui.widgets import push_button

from ..folders import runs_folder
from ..i18n import error_text, ui_text
from ..training.plots import LAYER_COLOURS
from .gui_recorder import GuiRecorder
from .lr_finder import smooth
from .lr_finder_view import LRFinderDialog
from .store import RunStore, RunStoreError
from .summary import COLUMNS, export_csv
from .sweep_view import SweepDialog, SweepRunner

REFRESH_DELAY_MS = 300  # several changes in a row (epochs of a fast run) refresh the table once
ID_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class _SortItem(QTableWidgetItem):
    """A cell that sorts by its value (numbers as numbers), not by its text."""

    def __lt__(self, other):
        return self.data(SORT_ROLE) < other.data(SORT_ROLE)


class RunsView(QWidget):
    openModel = Signal(object)  # a run's ModelSpec, for the editor
    loadWeights = Signal(object)  # {"spec", "state_dict"} of a run, for the Draw tab
    useLearningRate = Signal(float)  # the learning-rate finder's suggestion, for the training settings

    def __init__(self, panel, database, parent=None):
        """``panel``: the TrainingPanel whose runs are recorded and which sweeps drive; ``database``: the
        run database's path."""
        super().__init__(parent)
        self.setObjectName("runsView")
        self.panel = panel
        self.store: RunStore | None = None
        self.recorder: GuiRecorder | None = None
        self._runs = {}  # id -> Run, as last read
        self._colours: dict[int, str] = {}  # ticked run id -> its colour, in the order they were ticked
        self._refresh_timer = QTimer(self, singleShot=True, interval=REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.refresh)

        self.message = QLabel(objectName="runsMessage", wordWrap=True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QTableWidget(0, len(COLUMNS) + 1, objectName="runsTable")
        self.table.setHorizontalHeaderLabels([self.tr("Show")] + [ui_text(header) for header, _, _ in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSortingEnabled(True)
        self.table.itemChanged.connect(self._item_changed)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.loss_plot = pg.PlotWidget(title=self.tr("Training loss (smoothed)"))
        self.metric_plot = pg.PlotWidget(title=self.tr("Validation accuracy"))
        for plot, name in ((self.loss_plot, "runsLossPlot"), (self.metric_plot, "runsMetricPlot")):
            plot.setObjectName(name)
            plot.setLabel("bottom", self.tr("epoch"))
            plot.showGrid(x=True, y=True, alpha=0.2)
        self.legend = QListWidget(objectName="runsLegend")  # beside the plots: it never covers a curve
        self.legend.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.legend.setMinimumWidth(200)
        self.legend.setMaximumWidth(300)
        self.curves = QWidget()
        curves = QHBoxLayout(self.curves)
        curves.setContentsMargins(0, 0, 0, 0)
        curves.addWidget(self.loss_plot, 3)
        curves.addWidget(self.metric_plot, 3)
        curves.addWidget(self.legend, 1)

        self.open_button = push_button(self.tr("Open model"), self.open_selected,
                                        self.tr("Open the selected run's model (with its settings) in the editor"))
        self.weights_button = push_button(self.tr("Load weights into Draw"), self.load_selected_weights,
                                           self.tr("Read drawings with the selected run's final weights"))
        self.rename_button = push_button(self.tr("Rename…"), self._ask_rename, self.tr("Rename the selected run"))
        self.tags_button = push_button(self.tr("Tags…"), self._ask_tags,
                                        self.tr("Tag the selected run (words separated by spaces)"))
        self.delete_button = push_button(self.tr("Delete"), self.delete_selected,
                                          self.tr("Delete the selected runs and their weights"))
        self.export_button = push_button(self.tr("Export CSV…"), self._ask_export,
                                          self.tr("The selected runs' epochs as CSV"))
        self.sweep_button = push_button(self.tr("Sweep…"), self._ask_sweep,
                                         self.tr("Train a grid of settings, one run after another"))
        self.cancel_sweep_button = push_button(self.tr("Cancel sweep"), self.cancel_sweep,
                                                self.tr("Drop the queued runs and stop the current one"))
        self.lr_button = push_button(self.tr("Find learning rate…"), self.find_lr,
                                      self.tr("A learning-rate range test of the Train tab's model"))
        self.queue = QLabel(objectName="sweepQueue", wordWrap=True)
        self.queue.setTextFormat(Qt.TextFormat.PlainText)

        buttons = QHBoxLayout()
        for button in (self.open_button, self.weights_button, self.rename_button, self.tags_button,
                       self.delete_button, self.export_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        sweeps = QHBoxLayout()
        for button in (self.lr_button, self.sweep_button, self.cancel_sweep_button):
            sweeps.addWidget(button)
        sweeps.addWidget(self.queue, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.curves)
        splitter.setSizes([300, 400])
        layout = QVBoxLayout(self)
        layout.addLayout(sweeps)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)

        self.sweeps = SweepRunner(panel, self)
        self.sweeps.changed.connect(self._show_queue)
        self.sweeps.dropped.connect(lambda why: self._show_message(why, error=True))
        self.lr_dialog: LRFinderDialog | None = None
        self._open_store(database)
        self._show_queue()


    def _open_store(self, database):
        try:
            self.store = RunStore(database)
        except RunStoreError as error:  # nothing is recorded; the rest of the window works
            self._show_message(error_text(error), error=True)
            self._update_buttons()
            return
        self.recorder = GuiRecorder(self.store, self)
        self.recorder.changed.connect(self._refresh_timer.start)
        self.recorder.failed.connect(lambda message: self._show_message(message, error=True))
        self.panel.runStarting.connect(self.recorder.watch)
        self.sweeps.recorder = self.recorder
        self.refresh()

    def _show_message(self, text: str, error: bool = False):
        self.message.setText(text)
        self.message.setStyleSheet("color: #c0392b;" if error else "")

    # ---- the table ---------------------------------------------------------------------------------------

    @Slot()
    def refresh(self):
        """Read the runs again (keeping the ticks, the selection and the sort order)."""
        if self.store is None:
            return
        selected = set(self.selected_ids())
        self._runs = {run.id: run for run in self.store.runs()}
        self._colours = {i: c for i, c in self._colours.items() if i in self._runs}
        self.table.blockSignals(True)
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(self._runs))
        for row, run in enumerate(self._runs.values()):
            tick = _SortItem()
            tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            tick.setCheckState(Qt.CheckState.Checked if run.id in self._colours else Qt.CheckState.Unchecked)
            tick.setData(ID_ROLE, run.id)
            tick.setData(SORT_ROLE, int(run.id in self._colours))
            self.table.setItem(row, 0, tick)
            for column, (_, key, text) in enumerate(COLUMNS, start=1):
                item = _SortItem(text(run))
                item.setData(SORT_ROLE, key(run))
                item.setData(ID_ROLE, run.id)
                if column == 2:
                    item.setToolTip(self.tr("Tags: {tags}").format(tags=run.tags) if run.tags else run.name)
                self.table.setItem(row, column, item)
        self.table.setSortingEnabled(True)
        self.table.blockSignals(False)
        self.select(selected)
        self._draw_curves()
        self._update_buttons()

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.table.item(row, 0).data(ID_ROLE) for row in rows]

    def select(self, run_ids):
        """Select the rows of ``run_ids`` (only those)."""
        self.table.clearSelection()
        model = self.table.selectionModel()
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).data(ID_ROLE) in run_ids:
                model.select(self.table.model().index(row, 0),
                             QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)

    def set_ticked(self, run_id: int, on: bool):
        """Show (or hide) a run's curves."""
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item.data(ID_ROLE) == run_id:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    @Slot(QTableWidgetItem)
    def _item_changed(self, item):
        if item.column() != 0:
            return
        run_id, on = item.data(ID_ROLE), item.checkState() == Qt.CheckState.Checked
        if on and run_id not in self._colours:
            used = set(self._colours.values())
            self._colours[run_id] = next((c for c in LAYER_COLOURS if c not in used),
                                         LAYER_COLOURS[len(self._colours) % len(LAYER_COLOURS)])
        elif not on:
            self._colours.pop(run_id, None)
        self._draw_curves()

    def _update_buttons(self):
        selected = self.selected_ids() if self.store is not None else []
        one = len(selected) == 1
        for button, enabled in ((self.open_button, one), (self.rename_button, one), (self.tags_button, one),
                                (self.weights_button, one and bool(self._runs[selected[0]].weights) if one else False),
                                (self.delete_button, bool(selected)), (self.export_button, bool(selected))):
            button.setEnabled(enabled)

    # ---- curves ------------------------------------------------------------------------------------------

    def _draw_curves(self):
        self.loss_plot.clear()
        self.metric_plot.clear()
        self.legend.clear()
        metric_names = set()
        for run_id, colour in self._colours.items():
            run = self._runs[run_id]
            x, loss = self.store.loss_curve(run_id)
            self.loss_plot.plot(x, smooth(loss) if loss.size else loss, pen=pg.mkPen(colour, width=2))
            epochs = [e for e in run.epochs if e.get(run.metric_name) is not None]
            metric_names.add(run.metric_name)
            self.metric_plot.plot([e["epoch"] for e in epochs], [e[run.metric_name] for e in epochs],
                                  pen=pg.mkPen(colour, width=2), symbol="o", symbolSize=6, symbolBrush=colour)
            swatch = QPixmap(12, 12)
            swatch.fill(QColor(colour))
            self.legend.addItem(QListWidgetItem(QIcon(swatch), f"{run.id}: {run.name}"))
        regression = metric_names == {"val_tail_mse"}
        self.metric_plot.setTitle(self.tr("Validation MSE from step 6") if regression
                                  else self.tr("Validation accuracy"))

    # ---- what can be done with runs ------------------------------------------------------------------------

    def _one_selected(self):
        ids = self.selected_ids()
        return ids[0] if len(ids) == 1 else None

    def _guarded(self, action, *args):
        """Run a store action; its error is shown instead of raised. True when it worked."""
        try:
            action(*args)
        except RunStoreError as error:
            self._show_message(error_text(error), error=True)
            return False
        except OSError as error:
            self._show_message(self.tr("Cannot write {file}: {error}").format(
                file=error.filename, error=error.strerror or error), error=True)
            return False
        return True

    @Slot()
    def open_selected(self):
        run_id = self._one_selected()
        if run_id is not None:
            self._guarded(lambda: self.openModel.emit(self.store.model_spec(run_id)))

    @Slot()
    def load_selected_weights(self):
        run_id = self._one_selected()
        if run_id is not None and self._guarded(lambda: self.loadWeights.emit(self.store.payload(run_id))):
            self._show_message(self.tr("Run {run}'s weights are in the Draw tab.").format(run=run_id))

    def rename(self, run_id: int, name: str):
        if name.strip() and self._guarded(self.store.rename, run_id, name.strip()):
            self.refresh()

    def set_tags(self, run_id: int, tags: str):
        if self._guarded(self.store.set_tags, run_id, tags):
            self.refresh()

    def _ask_rename(self):
        run_id = self._one_selected()
        if run_id is None:
            return
        name, ok = QInputDialog.getText(self, self.tr("Rename run"), self.tr("Name:"), text=self._runs[run_id].name)
        if ok:
            self.rename(run_id, name)

    def _ask_tags(self):
        run_id = self._one_selected()
        if run_id is None:
            return
        tags, ok = QInputDialog.getText(self, self.tr("Tag run"), self.tr("Tags (separated by spaces):"),
                                        text=self._runs[run_id].tags)
        if ok:
            self.set_tags(run_id, tags)

    @Slot()
    def delete_selected(self):
        ids = self.selected_ids()
        if not ids:
            return
        answer = QMessageBox.question(self, self.tr("Delete runs"),
                                      self.tr("Delete {count} run(s) and their weights?").format(count=len(ids)))
        if answer == QMessageBox.StandardButton.Yes and self._guarded(self.store.delete, ids):
            self.refresh()

    def export_selected(self, path):
        runs = [self._runs[i] for i in self.selected_ids()]
        if self._guarded(export_csv, runs, path):
            self._show_message(self.tr("Saved {count} run(s) to {path}.").format(count=len(runs), path=path))

    def _ask_export(self):
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export runs"), f"{runs_folder()}/runs.csv",
                                              self.tr("CSV (*.csv)"))
        if path:
            self.export_selected(path)

    # ---- sweeps and the learning-rate finder -----------------------------------------------------------------

    def _current(self):
        """The Train tab's model and settings."""
        return self.panel.document.spec.copy(), self.panel.document.config

    def _ask_sweep(self):
        reason = self.panel.blocking_reason()
        if reason is not None:
            self._show_message(reason, error=True)
            return
        dialog = SweepDialog(self._current()[1], self)
        if dialog.exec():
            self.start_sweep(dialog.runs)

    def start_sweep(self, runs):
        """Queue ``runs`` (sweep.SweepRun) on the Train tab, one after another."""
        self.sweeps.start(runs)

    @Slot()
    def cancel_sweep(self):
        self.sweeps.cancel()

    @Slot()
    def _show_queue(self):
        queue = self.sweeps.queue
        running = self.sweeps.is_running()
        self.cancel_sweep_button.setEnabled(running)
        self.sweep_button.setEnabled(not running)
        if not running:
            self.queue.setText("")
            return
        waiting = ", ".join(run.label for run in queue.pending) or self.tr("none")
        self.queue.setText(self.tr("Sweep: run {number} of {total} ({label}); waiting: {waiting}").format(
            number=queue.done + 1, total=queue.done + 1 + len(queue.pending), label=queue.current.label,
            waiting=waiting))

    @Slot()
    def find_lr(self):
        """Open the learning-rate finder on the Train tab's model and settings."""
        if self.panel.is_running():
            self._show_message(self.tr("Wait for the training run to end before looking for a learning rate."),
                               error=True)
            return
        reason = self.panel.blocking_reason()
        if reason is not None:
            self._show_message(reason, error=True)
            return
        if self.lr_dialog is not None and self.lr_dialog.is_running():
            self.lr_dialog.show()
            return
        self.lr_dialog = LRFinderDialog(*self._current(), parent=self)
        self.lr_dialog.lrChosen.connect(self.useLearningRate)
        self.lr_dialog.show()
        self.lr_dialog.start()
