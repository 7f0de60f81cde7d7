"""The Simplified Chinese interface: the translation is complete and compiled, the main window shows no English
word that is not an identifier, and English stays the default (C locale, no setting)."""

import copy
import dataclasses
import functools
import importlib.util
import pickle
import re
import shutil
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QAbstractListModel, QLocale, QSettings
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTabWidget,
    QTreeWidget,
    QWidget,
)

from mtorch.autograd import NumpyFunction
from mtorch_gui.editor.document import ModelDocument
from mtorch_gui.i18n import (
    LANGUAGES,
    SETTINGS_KEY,
    TRANSLATIONS,
    chosen_language,
    current_language,
    install_translators,
    system_language,
    ui_text,
)
from mtorch_gui.main_window import MainWindow
from mtorch_gui.model.catalog import CATALOG, GROUPS
from mtorch_gui.model.presets import preset
from mtorch_gui.model.text import Text
from mtorch_gui.runs.store import RunStore, RunStoreError
from mtorch_gui.runs.view import RunsView
from mtorch_gui.training.config import LOSSES, OPTIMIZERS, SCHEDULERS, TrainingConfig
from mtorch_gui.training.panel import TrainingPanel

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "mtorch_gui_zh_CN.ts"    # the source, kept in the repository
PLACEHOLDER = re.compile(r"\{[^{}]*\}")

WORD = re.compile(r"(?<![0-9])[A-Za-z][A-Za-z0-9_]*")       # not the x of 28x28

# words a Chinese interface shows as they are: PyTorch's and mtorch's names, formats, keys and units
IDENTIFIERS = {
    "mtorch", "mtorch_gui", "PyTorch", "Python", "numpy", "MNIST", "MLP", "CNN", "LeNet", "sin", "cos", "sigmoid",
    "Nesterov", "EMA", "MSE", "CSV", "Ctrl", "Alt", "Delete", "Esc", "json", "py", "ckpt", "safetensors", "float32",
    "kB", "MB", "GB", "log10", "one", "hot", "zeros", "same", "valid", "true", "false", "BCE", "L2", "log", "Var",
    "softmax", "float64", "dL", "x1", "x2", "npz", "ONNX", "onnx", "onnxruntime", "Netron", "GPU", "torchrun",
    *LANGUAGES.values(),
}


def _update_translations():
    spec = importlib.util.spec_from_file_location("update_translations", ROOT / "resources" / "update_translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _messages(ts: Path):
    for context in ET.parse(ts).getroot().iter("context"):
        for message in context.iter("message"):
            yield context.findtext("name"), message.findtext("source"), message.find("translation")


def _subclasses(cls):
    return {cls} | {s for c in cls.__subclasses__() for s in _subclasses(c)}


def _allowed_words() -> set[str]:
    words = set(IDENTIFIERS) | set(CATALOG) | set(LOSSES) | set(OPTIMIZERS) | set(SCHEDULERS)
    words |= {f.name for f in dataclasses.fields(TrainingConfig)}
    words |= {f.node_name() for f in _subclasses(NumpyFunction)}  # autograd node names, as PyTorch's
    for t in CATALOG.values():
        words |= {a.name for a in t.args} | set(t.derived) | set(t.fixed)
        words |= {str(c) for a in t.args for c in a.choices}
    for _, source, translation in _messages(TS):     # maths kept as written (formulas): its symbols are fine
        if translation.text == source and not PLACEHOLDER.search(source):
            words |= set(WORD.findall(source))
    return words


def test_a_text_is_its_english_string_and_keeps_what_a_translator_needs():
    inner = Text("catalog", "(channels, height, width)")
    message = Text("catalog", "{name} needs {want} but receives {shape}").format(name="Conv2d", want=inner,
                                                                              shape="(784)")
    assert message == "Conv2d needs (channels, height, width) but receives (784)" and isinstance(message, str)
    for copied in (copy.deepcopy(message), pickle.loads(pickle.dumps(message))):
        assert copied.template == message.template and copied.values == message.values
    assert ui_text(message) == message                      # no translator installed: English
    assert ui_text("plain") == "plain" and ui_text(None) is None


def test_the_chinese_translation_is_finished():
    messages = list(_messages(TS))
    assert len(messages) > 300
    for context, source, translation in messages:
        where = f"{context}: {source!r}"
        assert translation.get("type") is None, f"{translation.get('type')} translation for {where}"
        assert (translation.text or "").strip(), f"empty translation for {where}"
        assert sorted(PLACEHOLDER.findall(translation.text)) == sorted(PLACEHOLDER.findall(source)), where
        if "&" in source:
            assert "&" in translation.text, f"{where} lost its keyboard shortcut"


@pytest.mark.skipif(shutil.which("pyside6-lupdate") is None, reason="needs pyside6-lupdate")
def test_the_translation_holds_every_string_of_the_sources(tmp_path):
    """What lupdate finds in mtorch_gui today (widgets, Text messages, the catalogue's table) is all in the .ts."""
    ts = tmp_path / TS.name
    shutil.copy(TS, ts)
    _update_translations().update(ts, quiet=True)
    unfinished = [(context, source) for context, source, t in _messages(ts) if t.get("type") is not None]
    assert not unfinished, "run resources/update_translations.py and translate: " + repr(unfinished[:10])


@pytest.mark.skipif(shutil.which("pyside6-lrelease") is None, reason="needs pyside6-lrelease")
def test_the_compiled_translation_is_up_to_date(tmp_path):
    qm = tmp_path / "check.qm"
    _update_translations().release(TS, qm, quiet=True)
    shipped = TRANSLATIONS / "mtorch_gui_zh_CN.qm"           # where the app finds it
    assert qm.read_bytes() == shipped.read_bytes(), "run resources/update_translations.py"


def test_the_language_follows_the_setting_else_the_system_locale(tmp_path):
    assert system_language(QLocale(QLocale.Language.C)) == "en"
    assert system_language(QLocale("en_US")) == "en"
    assert system_language(QLocale("zh_CN")) == "zh_CN"
    assert system_language(QLocale("zh_SG")) == "zh_CN"
    assert system_language(QLocale("zh_TW")) == "en"          # traditional characters: no translation yet
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat)
    settings.setValue(SETTINGS_KEY, "zh_CN")
    assert chosen_language(settings) == "zh_CN"
    settings.setValue(SETTINGS_KEY, "klingon")
    assert chosen_language(settings) == system_language()


@pytest.mark.parametrize("locale, language, train", [("C", "en", "Train"), ("zh_CN.UTF-8", "zh_CN", "训练")])
def test_the_application_starts_in_the_system_language(tmp_path, locale, language, train):
    code = ("import sys; from mtorch_gui.app import make_application; from mtorch_gui.i18n import current_language;"
            "from PySide6.QtCore import QCoreApplication, QSettings; QSettings.setDefaultFormat(QSettings.IniFormat);"
            f"QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, {str(tmp_path)!r});"
            "app = make_application(sys.argv[:1]);"
            "print(current_language(), QCoreApplication.translate('MainWindow', 'Train'))")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen", "LC_ALL": locale,
           "LANG": locale, "HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [language, train]


def test_the_language_menu_stores_the_choice_for_the_next_start(qtbot, dialogs):
    window = MainWindow()
    qtbot.addWidget(window)
    names = [action.text() for action in window.language_menu.actions()]
    assert names == list(LANGUAGES.values())
    assert current_language() == "en" and window.language_actions.checkedAction().data() == "en"
    chinese = next(a for a in window.language_menu.actions() if a.data() == "zh_CN")
    chinese.trigger()
    assert QSettings().value(SETTINGS_KEY) == "zh_CN"
    assert dialogs.of("information") and "next time" in dialogs[-1][2]


# ---- the main window in Chinese -------------------------------------------------------------------------

@pytest.fixture
def chinese(qapp):
    translators = install_translators(qapp, "zh_CN")
    assert len(translators) == 2                            # mtorch_gui's and Qt's own
    yield
    for translator in translators:
        qapp.removeTranslator(translator)
    qapp.setProperty("mtorchLanguage", "en")


def _menu_texts(menu: QMenu) -> list[str]:
    out = [menu.title()]
    for action in menu.actions():
        out += [action.text(), action.toolTip(), action.statusTip()]
        if action.menu() is not None:
            if action.menu() is not menu:
                out += _menu_texts(action.menu())
    return out


def visible_texts(window) -> list[str]:
    """Every text of the window a person can read: labels, buttons, menus and their actions, tips, tab
    titles, combo items, placeholders, tree items, list rows and their tips, plot titles, axes and legends."""
    window.recent_menu.aboutToShow.emit()                   # fill it as when it opens
    texts = [window.windowTitle(), window.statusBar().currentMessage()]
    for action in window.menuBar().actions():
        texts += _menu_texts(action.menu())
    for w in window.findChildren(QWidget):
        texts += [w.toolTip(), w.statusTip(), w.whatsThis(), w.accessibleName()]
        for action in w.actions():
            texts += [action.text(), action.toolTip(), action.statusTip()]
        if isinstance(w, (QLabel, QAbstractButton)):
            texts.append(w.text())
        if isinstance(w, QLineEdit):
            texts.append(w.placeholderText())               # its text is the user's (the model's name)
        if isinstance(w, QGroupBox):
            texts.append(w.title())
        if isinstance(w, QAbstractSpinBox):
            texts += [w.specialValueText(), getattr(w, "prefix", str)(), getattr(w, "suffix", str)()]
        if isinstance(w, QTabWidget):
            for i in range(w.count()):
                texts += [w.tabText(i), w.tabToolTip(i)]
        if isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())]
        if isinstance(w, QMenu):
            texts += _menu_texts(w)
        if isinstance(w, QTreeWidget):
            stack = [w.topLevelItem(i) for i in range(w.topLevelItemCount())]
            while stack:
                item = stack.pop()
                texts += [item.text(0), item.toolTip(0), item.statusTip(0)]
                stack += [item.child(i) for i in range(item.childCount())]
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            root = w.rootIndex()
            for row in range(model.rowCount(root)):
                for column in range(1 if isinstance(model, QAbstractListModel) else model.columnCount(root)):
                    index = model.index(row, column, root)
                    texts += [str(model.data(index) or ""), str(model.data(index, 3) or "")]    # display, tooltip
        if isinstance(w, pg.GraphicsView):
            for item in w.scene().items():
                if isinstance(item, pg.LabelItem):
                    texts.append(item.text)
                elif isinstance(item, pg.AxisItem):
                    texts.append(item.labelText)
                elif isinstance(item, pg.TextItem):
                    texts.append(item.textItem.toPlainText())
    return [t for t in texts if t]


def english_words(text: str, allowed: set[str]) -> list[str]:
    """The words of ``text`` that are neither identifiers nor single letters (variables, keys, shortcuts)."""
    plain = re.sub(r"<[^>]+>|&\w+;", " ", text).replace("&", "")
    return [w for w in WORD.findall(plain) if len(w) > 1 and w not in allowed and w.rstrip("s") not in allowed]


def test_the_main_window_speaks_chinese(chinese, qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    allowed = _allowed_words()
    # the names people gave their models are theirs (here the default MLP and the shipped canvas CNN)
    names = [window.document.spec.name, window.canvas.predictor.name]
    texts = [functools.reduce(lambda t, name: t.replace(name, ""), names, t) for t in visible_texts(window)]
    assert len(texts) > 200
    assert any("训练" in t for t in texts) and any(t == "卷积" for t in texts)
    untranslated = {t: english_words(t, allowed) for t in texts if english_words(t, allowed)}
    assert not untranslated, "\n".join(f"{t!r}: {words}" for t, words in untranslated.items())


def test_catalogue_text_and_messages_are_translated(chinese, qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    window.editor.palette_widget.tree.setCurrentItem(window.editor.palette_widget.items()["Conv2d"])
    assert "滤波器" in window.editor.palette_widget.description.text()
    assert {window.editor.palette_widget.tree.topLevelItem(i).text(0) for i in range(len(GROUPS))} >= {"卷积", "池化"}
    window.document.remove_layer(0)                        # Linear now receives an image
    status = window.editor.status.text()
    assert "第 1 层" in status and "Linear 需要展平的输入" in status and "(1, 28, 28)" in status


def test_run_store_messages_are_translated(chinese, qtbot, tmp_path):
    database = tmp_path / "runs.db"
    sqlite3.connect(database).execute("PRAGMA user_version = 99")
    with pytest.raises(RunStoreError) as raised:
        RunStore(database)
    assert isinstance(raised.value.args[0], Text) and "schema version 99" in str(raised.value)  # English for the CLI
    panel = TrainingPanel(ModelDocument(preset("MLP 784-128-64-10")))
    view = RunsView(panel, database)
    qtbot.addWidget(panel)
    qtbot.addWidget(view)
    shown = view.message.text()
    assert "无法使用运行记录数据库" in shown and "结构版本为 99" in shown and str(database) in shown
