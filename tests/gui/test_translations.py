"""The Simplified Chinese interface: the translation is complete and compiled, the catalogue's text and the
validation messages reach the editor translated, and English stays the default (C locale, no setting)."""

import copy
import importlib.util
import pickle
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QSettings

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
from mtorch_gui.model.catalog import GROUPS
from mtorch_gui.model.text import Text

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "mtorch_gui_zh_CN.ts"    # the source, kept in the repository
PLACEHOLDER = re.compile(r"\{[^{}]*\}")

def _update_translations():
    spec = importlib.util.spec_from_file_location("update_translations", ROOT / "resources" / "update_translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _messages(ts: Path):
    for context in ET.parse(ts).getroot().iter("context"):
        for message in context.iter("message"):
            yield context.findtext("name"), message.findtext("source"), message.find("translation")


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


def test_catalogue_text_and_messages_are_translated(chinese, qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    window.editor.palette_widget.tree.setCurrentItem(window.editor.palette_widget.items()["Conv2d"])
    assert "滤波器" in window.editor.palette_widget.description.text()
    assert {window.editor.palette_widget.tree.topLevelItem(i).text(0) for i in range(len(GROUPS))} >= {"卷积", "池化"}
    window.document.remove_layer(0)                        # Linear now receives an image
    status = window.editor.status.text()
    assert "第 1 层" in status and "Linear 需要展平的输入" in status and "(1, 28, 28)" in status
