"""TrainingPanel: settings, Train/Pause/Stop/One more epoch, progress, live curves and the per-epoch views.

The panel belongs to the open document: its form shows the document's training settings and every change
in it is a document edit; Train trains the document's model with exactly those settings (what
``mtorch-train FILE`` would do). A run remembers which document it was started for (``ModelDocument.serial``):
before the document starts over (New, Open, a preset, a checkpoint) ``confirm_new_document`` asks whether to
stop the run or keep it for its own model, and a kept run is only ever continued on that model.

Training runs in a TrainingWorker on its own QThread; this panel talks only to the worker: it reads its
signals (copies) and sends it requests (pause, resume, stop, learning rate). The worker keeps its Trainer
after a run, so "One more epoch" starts the same worker again, and checkpoints and the history export
ask it between runs. A run is over for the panel when its QThread's ``finished`` reaches the UI thread:
only then does it drop the thread (the worker stays until the next run replaces it).
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mtorch_gui.widgets import push_button

from ..folders import last_runs_folder, remember_runs_folder
from ..i18n import error_text, ui_text
from ..model.files import file_stem
from .checkpoint import Checkpoint, CheckpointError, load_checkpoint, resume
from .confusion import ConfusionMatrixView
from .engine import EpochReport, Trainer
from .gallery import MisclassifiedGallery
from .plots import LivePlots
from .settings_form import SettingsForm
from .weights_view import FirstLayerView
from .worker import RunStart, TrainingWorker

QUIT_TIMEOUT_MS = 60_000
CLOSE_WAIT_MS = 5000  # closing the window waits this long for a stopped run; a longer one closes it when it ends
STATUS_INTERVAL = 0.25  # seconds between updates of the progress bars and the speed line


def _resumed(checkpoint: Checkpoint, lr: float) -> Trainer:
    """The checkpoint's run, going on with learning rate ``lr`` (the one in use unless the user changed it)."""
    trainer = resume(checkpoint)
    if lr != trainer.lr:
        trainer.set_lr(lr)
    return trainer


def _clock(seconds: float) -> str:
    minutes, seconds = divmod(int(seconds), 60)
    return f"{minutes // 60}:{minutes % 60:02d}:{seconds:02d}" if minutes >= 60 else f"{minutes}:{seconds:02d}"


class TrainingPanel(QWidget):
    modelTrained = Signal(object)  # {"spec": ModelSpec, "state_dict": {name: numpy copy}} at the end of a run
    weightsUpdated = Signal(object)  # the same after every epoch (and after a NaN stop restored weights)
    weightsPaused = Signal(object)  # the same when a run pauses (mid-epoch)
    imageChosen = Signal(object)  # a 28x28 float32 array in [0, 1] from the misclassified gallery
    running = Signal(bool)
    runStarting = Signal(object)  # a new run's TrainingWorker, before it starts (the run store records it)
    stoppedForClose = Signal()  # a run that was still stopping when the window was closed has ended

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.setObjectName("trainingPanel")
        self.document = document
        self.last_batch = None  # the latest BatchInfo received
        self._status_shown = 0.0  # when the progress bars and speed were last updated
        self._worker: TrainingWorker | None = None  # the last run's worker, running or idle
        self._thread: QThread | None = None  # the running worker's thread, until its finished is handled
        self._run: RunStart | None = None  # the running or last run, once set up
        self._owner: int | None = None  # the document serial the run (or the checkpoint) belongs to
        self._owner_name = ""  # that model's name, and the stem of the file names offered for its run
        self._stem = "model"
        self._checkpoint: Checkpoint | None = None  # a resumed checkpoint waiting for Train
        self._forget_when_over = False  # the user stopped the run to start another model: drop it at its end
        self._closing = False  # the user stopped the run to close the window, which waits for its end
        self._shown_lr: float | None = None  # the document's learning rate when last shown, for live changes
        self.may_replace_document = lambda: True  # the window asks about unsaved changes (Resume checkpoint)

        self.settings = SettingsForm()
        self.train_button = push_button(self.tr("Train"), self.start, self.tr("Train the model from scratch"),
                                        name="trainButton")
        self.pause_button = push_button(self.tr("Pause"), self.toggle_pause, self.tr("Pause or resume"),
                                        name="pauseButton")
        self.stop_button = push_button(self.tr("Stop"), self.stop, self.tr("Stop after the current batch"),
                                       name="stopButton")
        self.more_button = push_button(self.tr("One more epoch"), self.one_more_epoch,
                                       self.tr("Continue the last run where it stopped, for one more epoch"),
                                       name="moreButton")
        self.save_button = push_button(self.tr("Save checkpoint…"), self._ask_save_checkpoint,
                                       self.tr("Weights, optimiser state, history and model in one file"),
                                       name="saveCheckpointButton")
        self.load_button = push_button(self.tr("Resume checkpoint…"), self._ask_load_checkpoint,
                                       self.tr("Load a checkpoint and continue training it"),
                                       name="loadCheckpointButton")
        self.csv_button = push_button(self.tr("Export history…"), self._ask_export_history,
                                      self.tr("The metrics of every epoch as CSV"), name="exportHistoryButton")
        self.owner_label = QLabel()
        self.owner_label.setObjectName("runOwner")
        self.owner_label.setWordWrap(True)
        self.owner_label.setTextFormat(Qt.TextFormat.PlainText)
        self.owner_label.setStyleSheet("color: #b9770e;")
        self.owner_label.hide()
        self.message = QLabel()
        self.message.setObjectName("trainingMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # model names and file paths are shown as typed
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.epoch_progress, self.overall_progress = QProgressBar(), QProgressBar()
        for bar, name in ((self.epoch_progress, "epochProgress"), (self.overall_progress, "overallProgress")):
            bar.setObjectName(name)
            bar.setRange(0, 1000)
            bar.setValue(0)
        self.epoch_progress.setFormat(self.tr("epoch %p%"))
        self.overall_progress.setFormat(self.tr("run %p%"))
        self.speed = QLabel()
        self.speed.setObjectName("trainingSpeed")
        self.speed.setTextFormat(Qt.TextFormat.PlainText)

        self.plots = LivePlots()
        self.confusion = ConfusionMatrixView()
        self.gallery = MisclassifiedGallery()
        self.gallery.imageChosen.connect(self.imageChosen)
        self.first_layer = FirstLayerView()
        self.views = QTabWidget()
        self.views.setObjectName("trainingViews")
        self.views.addTab(self.plots, self.tr("Curves"))
        self.views.addTab(self.confusion, self.tr("Confusion"))
        self.views.addTab(self.gallery, self.tr("Mistakes"))
        self.views.addTab(self.first_layer, self.tr("First layer"))

        buttons = QGridLayout()
        for i, button in enumerate((self.train_button, self.pause_button, self.stop_button, self.more_button,
                                    self.save_button, self.load_button, self.csv_button)):
            buttons.addWidget(button, i // 4, i % 4)
        self.settings_scroll = QScrollArea(objectName="settingsScroll")
        self.settings_scroll.setWidget(self.settings)
        self.settings_scroll.setWidgetResizable(True)
        # the settings fold away to give a small screen's plots the whole width (issue 12)
        self.settings_toggle = QToolButton(objectName="settingsToggle", checkable=True, checked=True,
                                           autoRaise=True, arrowType=Qt.ArrowType.LeftArrow,
                                           toolTip=self.tr("Show or hide the training settings"))
        self.settings_toggle.toggled.connect(self._show_settings)
        self.views.setCornerWidget(self.settings_toggle, Qt.Corner.TopLeftCorner)
        splitter = QSplitter()
        splitter.addWidget(self.settings_scroll)
        splitter.addWidget(self.views)
        splitter.setStretchFactor(1, 1)
        progress = QHBoxLayout()
        progress.addWidget(self.epoch_progress)
        progress.addWidget(self.overall_progress)
        progress.addWidget(self.speed)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.owner_label)
        layout.addWidget(self.message)
        layout.addLayout(progress)
        layout.addWidget(splitter, 1)

        self.settings.settingChanged.connect(self.document.set_setting)
        document.changed.connect(self._document_changed)
        QCoreApplication.instance().aboutToQuit.connect(self._stop_on_quit)
        self._document_changed()

    def _show_settings(self, shown: bool):
        self.settings_scroll.setVisible(shown)
        self.settings_toggle.setArrowType(Qt.ArrowType.LeftArrow if shown else Qt.ArrowType.RightArrow)

    # ---- state -------------------------------------------------------------------------------------

    def is_running(self) -> bool:
        return self._thread is not None

    def has_run(self) -> bool:
        """Is there a run (running, or idle and continuable) or a checkpoint waiting for Train?"""
        return self._worker is not None or self._checkpoint is not None

    def owns_run(self) -> bool:
        """Does the run (or waiting checkpoint) belong to the open document?"""
        return self.has_run() and self._owner == self.document.serial

    def holds_checkpoint(self) -> bool:
        """Is a resumed checkpoint of the open document waiting for Train (Continue)?"""
        return self._checkpoint is not None and self.owns_run()

    def last_run(self):
        """Where the last run ended (a worker.RunEnd: epoch, batch, diverged, history), or None."""
        return None if self._worker is None or self.is_running() else self._worker.end

    def blocking_reason(self) -> str | None:
        """Why Train cannot start now, in plain words (None when it can)."""
        validation = self.document.validation
        if not validation.ok:
            return self.tr("Fix the model first: {error}").format(error=ui_text(validation.first_error))
        problems = self.document.config.problems()
        return ui_text(problems[0]) if problems else None

    @Slot()
    def _document_changed(self):
        config = self.document.config
        if self.settings.config() != config:  # an undo, a file, a preset: the form shows the document
            self.settings.set_config(config)
        if config.lr != self._shown_lr and self.is_running() and self.owns_run():
            self._worker.set_lr(config.lr)  # a learning rate typed (or undone) while training applies at once
        self._shown_lr = config.lr
        self._update_buttons()

    @Slot()
    def _update_buttons(self):
        running, reason, end = self.is_running(), self.blocking_reason(), self.last_run()
        self.train_button.setEnabled(not running and reason is None)
        self.train_button.setToolTip(reason or self.tr("Train the model from scratch"))
        self.pause_button.setEnabled(running and self._run is not None)
        self.stop_button.setEnabled(running)
        continuing = self._checkpoint is not None and self.owns_run()
        self.train_button.setText(self.tr("Continue") if continuing else self.tr("Train"))
        if continuing and reason is None:
            self.train_button.setToolTip(self.tr("Continue the checkpoint's run from epoch {epoch} up to the "
                                                 "epochs set").format(epoch=self._checkpoint_epoch() + 1))
        self.more_button.setEnabled(end is not None and not end.diverged)
        self.more_button.setToolTip(self.tr("Continue the run of “{name}” where it stopped, for one more epoch").format(
            name=self._owner_name) if end is not None else self.tr("Continue the last run where it stopped, for one "
                                                                   "more epoch"))
        self.save_button.setEnabled(end is not None)
        self.load_button.setEnabled(not running)
        self.csv_button.setEnabled(end is not None and bool(end.history.epochs))
        self.settings.set_running(running and self.owns_run(), continuing)  # another model's run locks nothing
        foreign = self.has_run() and not self.owns_run()
        self.owner_label.setVisible(foreign)
        if foreign:
            self.owner_label.setText(self.tr("This run belongs to “{run}”, not to the open model: One more epoch "
                                             "continues “{run}”; Train starts a new run of “{model}”.").format(
                run=self._owner_name, model=self.document.spec.name))
        if not running and reason is not None:
            self._show_message(reason, error=True)
        elif not running and self.message.property("blocking"):
            self._show_message("")

    def _show_message(self, text: str, error: bool = False):
        self.message.setText(text)
        self.message.setStyleSheet("color: #c0392b;" if error else "")
        self.message.setProperty("blocking", error and not self.is_running())

    # ---- starting and controlling runs ----------------------------------------------------------------

    @Slot()
    def start(self, config=None):
        """Train the document's current model from scratch with its settings (``config``: a sweep's instead), or
        continue the checkpoint resumed for it, with the learning rate and epochs now in the form."""
        if self.is_running():
            return
        reason = self.blocking_reason()
        if reason is not None:
            self._show_message(reason, error=True)
            return
        spec, config = self.document.spec, config or self.document.config
        checkpoint = self._checkpoint if self.owns_run() else None
        self._checkpoint = None
        if checkpoint is not None:
            self._launch(TrainingWorker(lambda: _resumed(checkpoint, config.lr)), config.epochs,
                         self.tr("Resuming {name}…").format(name=checkpoint.spec.name))
            return
        self._claim_run()
        self._launch(TrainingWorker(lambda: Trainer(spec, config)), None,
                     self.tr("Preparing {name}…").format(name=spec.name))

    @Slot()
    def one_more_epoch(self):
        """Continue the last run (optimiser state and all) until one more epoch is done; only ever the run's
        own model, whatever document is open. The Epochs setting of that model's document follows."""
        end = self.last_run()
        if end is None or end.diverged:
            return
        if self.owns_run() and self.document.config.epochs < end.epoch + 1:
            self.document.set_setting("epochs", end.epoch + 1)
        self._launch(self._worker, end.epoch + 1, self.tr("Training one more epoch of {name}…").format(
            name=self._owner_name))

    def resume_checkpoint(self, path) -> bool:
        """Open a checkpoint's model as a new untitled document whose settings are the ones its run goes on
        with (the learning rate in use, the epochs it was set to reach) and wait for Train (Continue) to go
        on. True when it was opened; a bad file gives a message and changes nothing."""
        if self.is_running():
            return False
        try:
            checkpoint = load_checkpoint(path)
        except CheckpointError as error:
            self._show_message(error_text(error), error=True)
            return False
        if not self.may_replace_document():
            return False
        self._forget()  # an idle run gives way to the checkpoint, as it would to a new run
        spec = checkpoint.spec.copy()
        spec.training = checkpoint.config.with_setting("lr", checkpoint.lr).training_dict()
        self.document.reset(spec)
        self._checkpoint = checkpoint
        self._claim_run()
        self._stem = Path(path).stem.split("-epoch")[0] or self._stem
        self.plots.load_history(checkpoint.history)
        self._update_buttons()
        done, total = self._checkpoint_epoch(), checkpoint.config.epochs
        self._show_message((self.tr("Checkpoint of “{name}”: {done} of {total} epochs done, learning rate {lr:g}. "
                                    "Review the settings, then press Continue.") if done < total else
                            self.tr("Checkpoint of “{name}”: all {total} epochs done, learning rate {lr:g}. Raise "
                                    "Epochs to train it further, then press Continue.")).format(
            name=spec.name, done=done, total=total, lr=checkpoint.lr))
        return True

    def _checkpoint_epoch(self) -> int:
        return self._checkpoint.position[0] if self._checkpoint is not None else 0

    def _claim_run(self):
        """The next run belongs to the open document."""
        path = self.document.file_path
        self._owner, self._owner_name = self.document.serial, self.document.spec.name
        self._stem = Path(path).stem if path else file_stem(self._owner_name)

    def confirm_new_document(self, parent=None) -> bool:
        """Before the document starts over (New, Open, a preset, a checkpoint): ask what becomes of the
        panel's run. Stop the run (forgotten, the panel starts empty for the new model), keep it for its own
        model (One more epoch and checkpoints still concern that model, never the new one) or cancel.
        True: the document may start over."""
        if not self.has_run():
            return True
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("A training run exists"),
                          (self.tr("“{name}” is training. Stop its run, or keep it running for “{name}”?")
                           if self.is_running() else
                           self.tr("The training panel holds a run of “{name}”. Close it, or keep it for “{name}” "
                                   "(One more epoch, Save checkpoint)?")).format(name=self._owner_name),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                          | QMessageBox.StandardButton.Cancel, parent or self)
        box.button(QMessageBox.StandardButton.Yes).setText(
            self.tr("Stop the run") if self.is_running() else self.tr("Close the run"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("Keep it for “{name}”").format(
            name=self._owner_name))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Yes:
            self.close_run()
        return answer in (QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No)

    def close_run(self):
        """Stop the run (after its current batch) and forget it: the views clear, nothing can continue it."""
        self._checkpoint = None
        if self.is_running():
            self._forget_when_over = True
            self._worker.request_stop()
            self._show_message(self.tr("Stopping after the current batch…"))
        else:
            self._forget()
        self._update_buttons()

    def _forget(self):
        self._worker = self._run = self._owner = self._checkpoint = self.last_batch = None
        self._forget_when_over = False
        self.plots.clear()
        self.plots.redraw()  # empty now, not at the plots' next (possibly slowed) tick
        self.gallery.clear()
        self.epoch_progress.setValue(0)
        self.overall_progress.setValue(0)
        self.speed.setText("")
        self._show_message("")

    def _launch(self, worker: TrainingWorker, until_epoch, message):
        """Start ``worker`` (a new one for a new run, the last one to continue it) on a new thread."""
        if worker is not self._worker:  # a new run: nothing of the last one stays in the views
            worker.prepared.connect(self._on_prepared)
            worker.batchesReady.connect(self._on_batches)
            worker.epochEnded.connect(self._on_epoch)
            worker.pausedChanged.connect(self._on_paused)
            worker.pausedWeights.connect(self.weightsPaused)
            worker.diverging.connect(self._on_diverging)
            worker.failed.connect(self._on_failed)
            self._worker, self._run, self.last_batch = worker, None, None
            for view in (self.plots, self.confusion, self.first_layer):  # emptied at once, not at the next tick
                view.clear()
            self.gallery.clear()  # "Next mistake" on the canvas must not offer the last model's mistakes
            self.runStarting.emit(worker)
        self._thread = worker.start(until_epoch, self._on_thread_finished)
        self.pause_button.setText(self.tr("Pause"))
        self._show_message(message)
        self._update_buttons()
        self.running.emit(True)

    @Slot()
    def toggle_pause(self):
        if self._run is None or not self.is_running():
            return
        if self._worker.paused:
            self._worker.resume()
            self.pause_button.setText(self.tr("Pause"))
        else:
            self._worker.pause()
            self.pause_button.setText(self.tr("Resume"))
            self._show_message(self.tr("Pausing after the current batch…"))

    @Slot(bool)
    def _on_paused(self, paused: bool):
        if self.is_running():
            self._show_message(self.tr("Paused.") if paused else self.tr("Training…"))

    @Slot(object)
    def _on_diverging(self, divergence):
        """The run paused itself (engine.Divergence): say why; Resume goes on at the form's learning rate."""
        self.pause_button.setText(self.tr("Resume"))
        self._show_message(self.tr("Paused: {why} Lower the learning rate and press Resume, or press Stop.").format(
            why=ui_text(divergence.message)), error=True)

    @Slot()
    def stop(self):
        if self.is_running():
            self._worker.request_stop()
            self._show_message(self.tr("Stopping after the current batch…"))

    def stop_and_wait(self, timeout_ms: int = 5000) -> bool:
        """Stop a run, quit its thread and wait for it to end (for closing the window); True when it
        ended. The run stops before its next batch, so this waits at most about one batch. The thread's
        ``finished`` is still handled later by the event loop, as for any run."""
        if self._thread is None or self._thread.isFinished():
            return True
        self._worker.request_stop()
        self._thread.quit()
        return self._thread.wait(timeout_ms)

    @Slot()
    def _stop_on_quit(self):
        """Never let the application end while the thread runs (Qt would abort)."""
        self.stop_and_wait(QUIT_TIMEOUT_MS)

    def confirm_close(self, parent=None) -> bool:
        """Ask whether to stop a running training before closing; stop it if so. True: closing may go on (the
        run's thread has ended). A run that does not end within CLOSE_WAIT_MS (one still loading a large
        dataset stops only once it is loaded) goes on stopping: False, the panel says so, and
        ``stoppedForClose`` tells the window when the run has ended; asking again does not ask twice."""
        if not self.is_running():
            return True
        if not self._closing:
            answer = QMessageBox.question(parent or self, self.tr("Training is running"),
                                          self.tr("A training run is in progress. Stop it and close?"))
            if answer != QMessageBox.StandardButton.Yes:
                return False
            self._closing = True
        if self.stop_and_wait(CLOSE_WAIT_MS):
            self._closing = False  # the window closes now: nothing to tell it when the thread's finished arrives
            return True
        self._show_message(self.tr("Stopping the run… The window closes as soon as it has stopped (a run still "
                                   "loading its data stops once the data is loaded)."))
        return False

    def stopping_to_close(self) -> bool:
        """Whether a run the user stopped to close the window is still ending (``stoppedForClose`` follows)."""
        return self._closing

    # ---- the worker's reports ----------------------------------------------------------------------------

    @Slot(object)
    def _on_prepared(self, run: RunStart):
        if self._run is None and run.history.batch_loss:  # resumed from a checkpoint
            self.plots.load_history(run.history)
        self._run = run
        classification = run.task == "classification"
        for index in (1, 2, 3):
            self.views.setTabEnabled(index, classification)
        self._show_message(self.tr("Training…"))
        self._update_buttons()

    @Slot(object)
    def _on_batches(self, infos):
        self.plots.add_batches(infos)
        self.last_batch = last = infos[-1]
        now = time.monotonic()
        if now - self._status_shown < STATUS_INTERVAL and last.batch < last.batches_per_epoch:
            return
        self._status_shown = now
        self.epoch_progress.setValue(round(1000 * last.batch / last.batches_per_epoch))
        self.overall_progress.setValue(round(1000 * last.progress))
        self._show_speed(last, running=True)

    def _show_speed(self, last, running: bool):
        """The speed line; the ETA only while a run goes on."""
        text = self.tr("{speed:,.0f} samples/s · elapsed {elapsed}").format(
            speed=last.samples_per_second, elapsed=_clock(last.elapsed))
        self.speed.setText(self.tr("{speed} · ETA {eta}").format(speed=text, eta=_clock(last.eta)) if running
                           else text)

    @Slot(object)
    def _on_epoch(self, report: EpochReport):
        metrics = report.metrics
        self.plots.add_epoch(metrics)
        if report.confusion is not None:
            self.confusion.set_matrix(report.confusion, report.per_class_accuracy)
        if report.misclassified is not None:  # image datasets only
            self.gallery.set_examples(report.misclassified)
        self.first_layer.set_weights(report.state_dict)
        if "val_accuracy" in metrics:
            text = self.tr("Epoch {epoch}: validation accuracy {val:.2%}, test accuracy {test:.2%}").format(
                epoch=metrics["epoch"], val=metrics["val_accuracy"], test=metrics["test_accuracy"])
        else:
            text = self.tr("Epoch {epoch}: validation MSE from step 6 {mse:.3g}").format(
                epoch=metrics["epoch"], mse=metrics["val_tail_mse"])
        self._show_message(text)
        self.weightsUpdated.emit({"spec": self._run.spec.copy(), "state_dict": report.state_dict})

    @Slot(object)
    def _on_failed(self, message):
        self._show_message(ui_text(message), error=True)

    @Slot()
    def _on_thread_finished(self):
        """The run's thread has ended and its last signals have been handled: the run is over. (Only one
        thread is ever pending: a new run starts only after this.)"""
        self._thread.wait()  # its finished was its last act: this returns at once, and nothing of it is left
        self._thread.deleteLater()  # a plain QThread: deleted here, on the UI thread
        self._thread = None
        self._show_run_over()
        if self._closing:  # last: the window closes now
            self._closing = False
            self.stoppedForClose.emit()

    def _show_run_over(self):
        if self.last_batch is not None:  # no ETA once the run is over
            self._show_speed(self.last_batch, running=False)
        worker, end = self._worker, self._worker.end
        if self._forget_when_over:  # stopped for another model: nothing of it stays
            self._forget()
            self._update_buttons()
            self.running.emit(False)
            return
        if worker.outcome == "finished":
            self.modelTrained.emit(worker.payload())
            last = end.history.epochs[-1] if end.history.epochs else {}
            time_taken = _clock(last.get("seconds", 0))
            self._show_message(
                self.tr("Finished {epochs} epochs, test accuracy {accuracy:.2%} in {time}.").format(
                    epochs=end.epoch, accuracy=last["test_accuracy"], time=time_taken) if "test_accuracy" in last
                else self.tr("Finished {epochs} epochs in {time}.").format(epochs=end.epoch, time=time_taken))
        elif worker.outcome == "stopped":
            self._show_message(self.tr("Stopped in epoch {epoch} after batch {batch}; “One more epoch” continues "
                                       "from here.").format(epoch=end.epoch + 1, batch=end.batch))
        elif end is not None and end.diverged:
            self.weightsUpdated.emit(worker.payload())
        if self.last_batch is not None:  # no time left to estimate once the run is over
            self.speed.setText(self.tr("{speed:,.0f} samples/s · elapsed {elapsed}").format(
                speed=self.last_batch.samples_per_second, elapsed=_clock(self.last_batch.elapsed)))
        self.pause_button.setText(self.tr("Pause"))
        self._update_buttons()
        self.plots.redraw()  # the last batches, without waiting for the timer
        self.running.emit(False)

    # ---- files -------------------------------------------------------------------------------------------

    def save_checkpoint(self, path):
        self._worker.save_checkpoint(path)
        self._show_message(self.tr("Saved checkpoint {path}.").format(path=path))

    def export_history(self, path):
        self.last_run().history.to_csv(path)
        self._show_message(self.tr("Saved history {path}.").format(path=path))

    def checkpoint_name(self) -> str:
        """The name the Save checkpoint dialog offers: the run's model and its epochs, "mycnn-epoch3.safetensors"."""
        end = self.last_run()
        return f"{self._stem}-epoch{end.epoch if end is not None else 0}.safetensors"

    def history_name(self) -> str:
        return f"{self._stem}-history.csv"

    def _ask_save_checkpoint(self):
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save checkpoint"),
                                              str(Path(last_runs_folder(), self.checkpoint_name())),
                                              self._checkpoint_filter())
        if path:
            self._guarded(self.save_checkpoint, path)

    def _ask_load_checkpoint(self):
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Resume checkpoint"), last_runs_folder(),
                                              self._checkpoint_filter())
        if path:
            remember_runs_folder(path)
            self.resume_checkpoint(path)

    def _ask_export_history(self):
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export history"),
                                              str(Path(last_runs_folder(), self.history_name())),
                                              self.tr("CSV (*.csv)"))
        if path:
            self._guarded(self.export_history, path)

    def _guarded(self, action, path):
        try:
            action(path)
            remember_runs_folder(path)
        except OSError as error:
            QMessageBox.warning(self, self.tr("Could not write the file"), f"{path}: {error.strerror or error}")

    def _checkpoint_filter(self) -> str:
        return self.tr("Training checkpoints (*.ckpt *.safetensors);;All files (*)")
