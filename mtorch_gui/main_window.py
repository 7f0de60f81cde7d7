"""The main window: the layer-stack editor on the left, the Train and Draw panels on the right.

``window.document`` is the ModelDocument every part reads; ``window.tabs`` (objectName ``mainTabs``) holds
the panels beside the editor. Window geometry, splitter sizes, recent files and the last model persist in
QSettings (organisation "mtorch", application "mtorch-gui"; where, see ``mtorch_gui.folders``).
"""

from __future__ import annotations

import importlib.metadata
import platform
import re
from pathlib import Path

import numpy
import PySide6
from PySide6.QtCore import QByteArray, QSettings, Qt, Slot, qVersion
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHeaderView,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

import mtorch
from mtorch_gui.app import SCREENSHOT_SIZE, initial_geometry
from mtorch_gui.backprop.epoch_views import EpochViews
from mtorch_gui.backprop.inspector import BackpropInspector
from mtorch_gui.backprop.playground_view import PlaygroundView
from mtorch_gui.canvas.panel import CanvasPanel
from mtorch_gui.data.explorer import DataExplorer
from mtorch_gui.editor.document import ModelDocument
from mtorch_gui.editor.editor import EditorWidget
from mtorch_gui.editor.icons import app_icon, icon
from mtorch_gui.export_menu import ExportMenu
from mtorch_gui.folders import documents_folder
from mtorch_gui.i18n import LANGUAGES, SETTINGS_KEY, current_language, ui_text
from mtorch_gui.model.catalog import SpecError
from mtorch_gui.model.codegen import module_code
from mtorch_gui.model.files import file_stem, write_text_atomic
from mtorch_gui.model.presets import preset
from mtorch_gui.model.spec import ModelSpec
from mtorch_gui.runs.store import default_database
from mtorch_gui.runs.view import RunsView
from mtorch_gui.threads import wait_for_threads
from mtorch_gui.training.panel import TrainingPanel

MAX_RECENT = 8


class MainWindow(QMainWindow):
    def __init__(self, spec: ModelSpec | None = None, use_settings: bool = True):
        """``spec``: the model to start with (default: the last one, else the MNIST MLP preset).
        ``use_settings=False`` neither reads nor writes QSettings (screenshots)."""
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowIcon(app_icon())
        self.settings = QSettings() if use_settings else None
        self.document = ModelDocument(spec or preset(), self)
        self.editor = EditorWidget(self.document)

        self.tabs = QTabWidget(objectName="mainTabs")
        self.tabs.setDocumentMode(True)

        self.splitter = QSplitter(Qt.Horizontal, objectName="mainSplitter")
        self.splitter.addWidget(self.editor)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        # the panes' smallest layout fits 1280 px wide (issue 12); on a screen lower than it, the window scrolls
        self.scroll = QScrollArea(objectName="mainScroll", widgetResizable=True, frameShape=QFrame.NoFrame)
        self.scroll.setWidget(self.splitter)
        self.setCentralWidget(self.scroll)

        # ---- panels beside the editor: the training and canvas parts add theirs here ----
        self.training = TrainingPanel(self.document)
        self.tabs.addTab(self.training, self.tr("Train"))
        self.canvas = CanvasPanel(open_spec=lambda: self.document.spec)   # "Load weights…" fills the open model
        self.tabs.addTab(self.canvas, self.tr("Draw"))
        self.training.modelTrained.connect(self.canvas.set_model)          # a trained classifier replaces it
        self.training.weightsUpdated.connect(self.canvas.follow_training)  # sin-to-cos follows every epoch
        self.training.imageChosen.connect(self.canvas.show_image)
        self.training.stoppedForClose.connect(self.close)  # the run stopped for closing has ended
        self._close_confirmed = False  # a close waiting for its run may lose the unsaved changes (until an edit)
        self.document.changed.connect(self._forget_close_confirmation)
        self.training.imageChosen.connect(lambda _image: self.tabs.setCurrentWidget(self.canvas))
        self.canvas.load_weights_action.triggered.connect(lambda: self.tabs.setCurrentWidget(self.canvas))
        self.backprop = BackpropInspector.attach(self)
        self.epoch_views = EpochViews.attach(self)
        self.playground = PlaygroundView.attach(self)
        self.training.may_replace_document = lambda: self._confirm_discard(self.tr(
            "The model “{name}” has unsaved changes. Save them before resuming the checkpoint?"))
        self.editor.presetChosen.connect(self.new_from_preset)
        self.runs = RunsView(self.training, default_database())
        self.tabs.insertTab(self.tabs.indexOf(self.canvas), self.runs, self.tr("Runs"))
        self.runs.openModel.connect(self.open_run_model)
        self.runs.loadWeights.connect(self.canvas.set_model)
        self.runs.loadWeights.connect(lambda _payload: self.tabs.setCurrentWidget(self.canvas))
        self.runs.useLearningRate.connect(self.training.settings.lr.setValue)

        self._make_actions()
        self._make_menus()
        self.data_explorer = DataExplorer.attach(self)
        self._make_toolbar()
        self.document.fileChanged.connect(self._update_title)
        self.document.changed.connect(self._update_title)
        geometry = initial_geometry(self.screen().availableGeometry())  # fits the screen it opens on
        self.setGeometry(geometry)
        # on a screen smaller than that the window opens maximised: the window manager then fits its frame too
        self.opens_maximized = (geometry.width(), geometry.height()) != SCREENSHOT_SIZE
        self.splitter.setSizes([600, 840])
        if use_settings:
            self._restore_settings(start_from_last=spec is None)
        self._update_title()
        self.editor.select_first_editable()
        self.statusBar().showMessage(
            self.tr("Tip: press Train to teach this model, draw a digit in the Draw tab, edit the layers on the "
                    "left, or start another model with New from preset."), 15000)

    # ---- actions and menus -----------------------------------------------------------------------------

    def _action(self, text, icon_name, shortcut, slot, tip="") -> QAction:
        action = QAction(icon(icon_name), text, self) if icon_name else QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        action.setStatusTip(tip)
        return action

    def _make_actions(self):
        self.new_action = self._action(self.tr("&New"), "new", QKeySequence.New, self.new_model,
                                       self.tr("Start an empty model"))
        self.open_action = self._action(self.tr("&Open architecture…"), "open", QKeySequence.Open,
                                        lambda: self.open_file(), self.tr("Open a model saved as .json"))
        self.save_action = self._action(self.tr("&Save"), "save", QKeySequence.Save, self.save,
                                        self.tr("Save the model"))
        self.save_as_action = self._action(self.tr("Save &As…"), None, QKeySequence.SaveAs, lambda: self.save_as(),
                                           self.tr("Save the model under a new name"))
        self.export_mtorch_action = self._action(self.tr("Export as &mtorch Python code…"), "export", None,
                                                 lambda: self.export_code("mtorch"),
                                                 self.tr("A script that rebuilds this network with mtorch"))
        self.export_torch_action = self._action(self.tr("Export as &PyTorch Python code…"), "export", None,
                                                lambda: self.export_code("torch"),
                                                self.tr("A script that rebuilds this network with PyTorch"))
        self.quit_action = self._action(self.tr("&Quit"), "quit", QKeySequence.Quit, self.close,
                                        self.tr("Close mtorch"))
        self.undo_action = self.document.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setIcon(icon("undo"))
        self.undo_action.setShortcut(QKeySequence.Undo)
        self.redo_action = self.document.undo_stack.createRedoAction(self, self.tr("&Redo"))
        self.redo_action.setIcon(icon("redo"))
        self.redo_action.setShortcut(QKeySequence.Redo)

    def _make_menus(self):
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addAction(self.new_action)
        file_menu.addMenu(self.editor.presets_menu)
        file_menu.addAction(self.open_action)
        self.recent_menu = file_menu.addMenu(self.tr("Open &Recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addAction(self.canvas.load_weights_action)
        file_menu.addSeparator()
        file_menu.addActions([self.save_action, self.save_as_action])
        file_menu.addSeparator()
        self.export_menu = ExportMenu(self, [self.export_mtorch_action, self.export_torch_action])
        file_menu.addMenu(self.export_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu(self.tr("&Edit"))
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addActions(self.editor.layer_actions)

        model_menu = bar.addMenu(self.tr("&Model"))
        model_menu.addMenu(self.editor.presets_menu)

        settings_menu = bar.addMenu(self.tr("&Settings"))
        self.language_menu = settings_menu.addMenu(self.tr("&Language"))
        self.language_actions = QActionGroup(self)
        for language, name in LANGUAGES.items():
            action = self.language_menu.addAction(name, lambda language=language: self.choose_language(language))
            action.setCheckable(True)
            action.setChecked(language == current_language())
            action.setData(language)
            self.language_actions.addAction(action)

        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.tr("&How to…"), self._how_to)
        help_menu.addAction(self.tr("&Keyboard shortcuts"), lambda: self._show(self.shortcuts_dialog))
        help_menu.addAction(self.tr("&README"), lambda: self._show(self.readme_dialog))
        help_menu.addSeparator()
        help_menu.addAction(self.tr("&About mtorch"), self._about)

    def _make_toolbar(self):
        toolbar = QToolBar(self.tr("Main"), objectName="mainToolBar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonIconOnly)
        toolbar.addActions([self.new_action, self.open_action, self.save_action])
        toolbar.addSeparator()
        toolbar.addActions([self.undo_action, self.redo_action])
        toolbar.addSeparator()
        toolbar.addActions([self.export_mtorch_action])
        self.addToolBar(toolbar)

    # ---- help ------------------------------------------------------------------------------------------

    def about_text(self) -> str:
        return self.tr("<b>mtorch {mtorch}</b>: PyTorch's API over numpy, every backward written out.<br><br>"
                       "Build a network layer by layer, watch it train, then draw a digit for it to read."
                       "<br><br>Python {python} · numpy {numpy} · PySide6 {pyside} · Qt {qt}").format(
            mtorch=mtorch.__version__, python=platform.python_version(), numpy=numpy.__version__,
            pyside=PySide6.__version__, qt=qVersion())

    def _about(self):
        QMessageBox.about(self, self.tr("About mtorch"), self.about_text())

    def how_to_text(self) -> str:
        return self.tr(
            "<b>Build a model.</b> Pick a ready-made one under File › New from preset, or start with File › New and "
            "double-click layers in the palette (the search box filters it). Select a layer in the stack to edit "
            "its settings; the summary under the stack says whether every layer fits.<br><br>"
            "<b>Train.</b> In the Train tab choose the loss, optimiser, learning rate and epochs, then press "
            "Train. The plots follow the run live; Pause, Stop and One more epoch control it, and Save "
            "checkpoint… keeps it to resume later.<br><br>"
            "<b>Draw.</b> In the Draw tab write a digit with the mouse: the bars show what the model reads. "
            "Clear (Delete) starts again, Undo stroke (Ctrl+Z) removes the last stroke.<br><br>"
            "Save the model with File › Save: the file holds its training settings too (undo works on them as "
            "on layers), so <tt>mtorch-train FILE.json</tt> trains it without a window exactly as the Train tab "
            "would.")

    def _how_to(self):
        QMessageBox.information(self, self.tr("How to use mtorch"), self.how_to_text())

    def shortcuts(self) -> list[tuple[str, str]]:
        """(action, keys) for every action of the window that has a keyboard shortcut, in the order they were
        made: what the Keyboard shortcuts dialog lists."""
        actions = dict.fromkeys([*self.findChildren(QAction),
                                 *(a for w in [self, *self.findChildren(QWidget)] for a in w.actions())])
        rows = []
        for action in actions:
            keys = ", ".join(k.toString(QKeySequence.NativeText) for k in action.shortcuts())
            name = _plain_action_text(action.text())
            if keys and (name, keys) not in rows:
                rows.append((name, keys))
        return rows

    def shortcuts_dialog(self) -> QDialog:
        rows = self.shortcuts()
        table = QTableWidget(len(rows), 2)
        table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Shortcut")])
        for row, texts in enumerate(rows):
            for column, text in enumerate(texts):
                table.setItem(row, column, QTableWidgetItem(text))
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        return self._help_dialog("shortcutsDialog", self.tr("Keyboard shortcuts"), table, 440, 380)

    def readme_dialog(self) -> QDialog:
        """The README as installed with the package (the wheel's metadata carries it), without its pictures."""
        browser = QTextBrowser(openExternalLinks=True)
        browser.setMarkdown(readme_markdown())
        return self._help_dialog("readmeDialog", self.tr("README"), browser, 760, 620)

    def _help_dialog(self, name: str, title: str, content: QWidget, width: int, height: int) -> QDialog:
        """A dialog showing ``content`` above a Close button."""
        dialog = QDialog(self, objectName=name)
        dialog.setWindowTitle(title)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(content)
        layout.addWidget(buttons)
        dialog.resize(width, height)
        return dialog

    def _show(self, make_dialog):
        dialog = make_dialog()
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.exec()

    def choose_language(self, language: str) -> None:
        """Remember ``language`` for the next start (Qt builds its texts once, so a restart applies it)."""
        if self.settings is not None:
            self.settings.setValue(SETTINGS_KEY, language)
        if language != current_language():
            QMessageBox.information(self, self.tr("Language"),
                                    self.tr("{language} will be used the next time mtorch starts.").format(
                                        language=LANGUAGES[language]))

    # ---- files -----------------------------------------------------------------------------------------

    def _confirm_discard(self, question: str) -> bool:
        """Ask before unsaved changes would be lost; True when it is fine to go on. ``question``: "Save them
        before ...?" with {name} for the model's name."""
        if not self.document.modified:
            return True
        answer = QMessageBox.question(
            self, self.tr("Unsaved changes"), question.format(name=self._display_name()),
            QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel, QMessageBox.Save)
        if answer == QMessageBox.Save:
            return self.save()
        return answer == QMessageBox.Discard

    def _confirm_new_document(self, question: str) -> bool:
        """Before the document starts over: unsaved changes (``question``, see ``_confirm_discard``), then the
        training panel's run (stop it or keep it for its own model). True when it may go on."""
        return self._confirm_discard(question) and self.training.confirm_new_document(self)

    def new_model(self) -> None:
        if self._confirm_new_document(self.tr("The model “{name}” has unsaved changes. Save them before starting "
                                              "a new model?")):
            self.document.reset(self.document.untitled_spec())
            self.statusBar().showMessage(self.tr("New model: double-click layers in the palette to build it."), 8000)

    def new_from_preset(self, name: str) -> bool:
        """A new untitled model from a preset (the open file is never overwritten: Save asks for a name)."""
        if not self._confirm_new_document(self.tr("The model “{name}” has unsaved changes. Save them before "
                                                  "starting a new model?")):
            return False
        self.document.load_preset(name)
        return True

    def open_file(self, path: str | None = None) -> bool:
        """Open an architecture; a bad file gives one message and leaves the current model as it was."""
        if not self._confirm_new_document(self.tr("The model “{name}” has unsaved changes. Save them before "
                                                  "opening another model?")):
            return False
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Open architecture"), self._last_folder(),
                                                  self._architecture_filter())
            if not path:
                return False
        try:
            self.document.open(path)
        except SpecError as e:
            QMessageBox.warning(self, self.tr("Cannot open the model"), ui_text(e.args[0]))
            return False
        self._add_recent(path)
        self.statusBar().showMessage(self.tr("Opened {file}").format(file=Path(path).name), 5000)
        return True

    def open_run_model(self, spec: ModelSpec) -> None:
        """A recorded run's model (with the settings it trained with) in the editor."""
        if self._confirm_discard(self.tr("The model “{name}” has unsaved changes. Save them before opening "
                                         "another model?")):
            self.document.reset(spec)

    def save(self) -> bool:
        if self.document.file_path is None:
            return self.save_as()
        return self._write(self.document.file_path)

    def save_as(self, path: str | None = None) -> bool:
        if path is None:
            suggested = str(Path(self._last_folder()) / file_stem(self.document.spec.name)) + ".json"
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Save architecture"), suggested,
                                                  self._architecture_filter())
            if not path:
                return False
        return self._write(path)

    def _write(self, path: str) -> bool:
        result = self.document.validation
        if result.first_invalid is not None:       # such a file could not be opened again
            QMessageBox.warning(self, self.tr("Cannot save the model"),
                                self.tr("Fix the model before saving it: {error}").format(
                                    error=ui_text(result.first_error)))
            return False
        try:
            self.document.save(path)
        except OSError as e:
            QMessageBox.warning(self, self.tr("Cannot save the model"), self.tr("Cannot save {file}: {error}").format(
                file=Path(path).name, error=e.strerror or e))
            return False
        self._add_recent(path)
        self.statusBar().showMessage(self.tr("Saved {file}").format(file=Path(path).name), 5000)
        return True

    def export_code(self, framework: str, path: str | None = None) -> bool:
        """Write a Python script that rebuilds the network with mtorch or PyTorch."""
        try:
            code = module_code(self.document.spec, framework)
        except SpecError as e:
            QMessageBox.warning(self, self.tr("Cannot export"),
                                self.tr("Fix the model first: {error}").format(error=ui_text(e.args[0])))
            return False
        if path is None:
            suffix = "_torch" if framework == "torch" else ""
            suggested = str(Path(self._last_folder()) / (file_stem(self.document.spec.name) + suffix + ".py"))
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export as Python code"), suggested,
                                                  self.tr("Python (*.py)"))
            if not path:
                return False
        try:
            write_text_atomic(path, code)
        except OSError as e:
            QMessageBox.warning(self, self.tr("Cannot export"), self.tr("Cannot write {file}: {error}").format(
                file=Path(path).name, error=e.strerror or e))
            return False
        self.statusBar().showMessage(self.tr("Exported {file}").format(file=Path(path).name), 5000)
        return True

    # ---- recent files and settings ---------------------------------------------------------------------

    def recent_files(self) -> list[str]:
        if self.settings is None:
            return []
        value = self.settings.value("recentFiles", [])
        return [value] if isinstance(value, str) else list(value or [])

    def _add_recent(self, path: str) -> None:
        if self.settings is None:
            return
        path = str(Path(path).resolve())
        files = [path] + [f for f in self.recent_files() if f != path]
        self.settings.setValue("recentFiles", files[:MAX_RECENT])

    def _fill_recent_menu(self):
        self.recent_menu.clear()
        files = self.recent_files()
        for i, path in enumerate(files):
            action = self.recent_menu.addAction(f"&{i + 1} {Path(path).name}", lambda p=path: self.open_file(p))
            action.setStatusTip(path)
        if not files:
            self.recent_menu.addAction(self.tr("No recent files")).setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction(self.tr("Clear list"), lambda: self.settings.setValue("recentFiles", []))

    def _architecture_filter(self) -> str:
        return self.tr("mtorch architectures (*.json)")

    def _last_folder(self) -> str:
        files = self.recent_files()
        return str(Path(files[0]).parent) if files else documents_folder()

    def _restore_settings(self, start_from_last: bool) -> None:
        s = self.settings
        geometry = s.value("geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
            self.opens_maximized = False  # as it was left, maximised or not
        for splitter, key in ((self.splitter, "mainSplitter"), (self.editor.splitter, "editorSplitter"),
                              (self.editor.right_splitter, "stackSplitter")):
            state = s.value(key)
            if isinstance(state, QByteArray):
                splitter.restoreState(state)
        if not start_from_last:
            return
        text, path = s.value("lastModel"), s.value("lastFile") or None
        path = path if path and Path(path).exists() else None
        try:
            if text:
                self.document.reset(ModelSpec.from_json(str(text)), path)
            elif path:
                self.document.open(path)
        except SpecError:
            pass                    # an unreadable last model: start from the preset

    def _save_settings(self) -> None:
        s = self.settings
        s.setValue("geometry", self.saveGeometry())
        s.setValue("mainSplitter", self.splitter.saveState())
        s.setValue("editorSplitter", self.editor.splitter.saveState())
        s.setValue("stackSplitter", self.editor.right_splitter.saveState())
        # closeEvent asked first: edits still unsaved now were discarded, so the next start reopens the file
        # (or the preset) rather than bringing them back
        discarded = self.document.modified
        s.setValue("lastModel", "" if discarded else self.document.spec.to_json())
        s.setValue("lastFile", self.document.file_path or "")
        s.sync()

    # ---- window ----------------------------------------------------------------------------------------

    def _display_name(self) -> str:
        path = self.document.file_path
        return Path(path).name if path else self.document.spec.name

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self._display_name()}[*] — mtorch")
        self.setWindowModified(self.document.modified)

    @Slot()
    def _forget_close_confirmation(self):
        self._close_confirmed = False

    def closeEvent(self, event):
        if not self._close_confirmed and not self._confirm_discard(self.tr(
                "The model “{name}” has unsaved changes. Save them before quitting?")):
            event.ignore()
            return
        if not self.training.confirm_close(self):  # declined, or still stopping: it says so and closes later
            # a run stopping for this close: when it has ended (or at another close meanwhile) the unsaved
            # changes are not asked about again, unless the model was edited since
            self._close_confirmed = self.training.stopping_to_close()
            self.tabs.setCurrentWidget(self.training)
            event.ignore()
            return
        self.runs.cancel_sweep()  # the stopped run must not start the sweep's next one
        if self.settings is not None:
            self._save_settings()
        wait_for_threads(2.0)  # a check or an analysis still running ends before Qt is torn down
        event.accept()


def readme_markdown() -> str:
    """README.md from the installed package's metadata; its screenshots are not installed, so their image
    links are dropped."""
    text = importlib.metadata.metadata("mtorch").get_payload() or ""
    return re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)


def _plain_action_text(text: str) -> str:
    """A menu text without its mnemonic or ellipsis: "&Open…" -> "Open", "保存(&S)" -> "保存"."""
    text = re.sub(r"\(&\w\)", "", text)
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()
