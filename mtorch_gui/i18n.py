"""The interface's language: English (the source text) or Simplified Chinese, through Qt's translation system.

Widgets mark their words with ``self.tr("...")`` (``QCoreApplication.translate(context, "...")`` outside a
QObject). The plain modules cannot: their messages are ``Text`` (mtorch_gui/model/text.py), shown through
``ui_text``; the catalogue's table (its groups, descriptions, formulas and argument help) stays plain
English data, shown through ``catalog_text``. ``resources/update_translations.py`` collects all three into
``resources/translations/mtorch_gui_zh_CN.ts`` and compiles the ``.qm`` that ``install_translators`` loads.

The language comes from QSettings ("language"), else from the system locale; it is set once, at start-up.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from mtorch_gui.model.text import Text
from mtorch_gui.resources import resource

TRANSLATIONS = resource("translations")
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}     # each in its own words, never translated
SETTINGS_KEY = "language"


def system_language(locale: QLocale | None = None) -> str:
    """"zh_CN" for a Chinese locale written in simplified characters, else "en"."""
    locale = locale or QLocale.system()
    if locale.language() == QLocale.Language.Chinese and locale.script() != QLocale.Script.TraditionalHanScript:
        return "zh_CN"
    return "en"


def chosen_language(settings: QSettings | None) -> str:
    """The language the user picked in the Language menu, else the system's."""
    value = settings.value(SETTINGS_KEY) if settings is not None else None
    return value if value in LANGUAGES else system_language()


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Load mtorch_gui's translation and Qt's own (the standard buttons: Save, Cancel, ...) for ``language``."""
    app.setProperty("mtorchLanguage", language)
    if language == "en":
        return []
    translators = []
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, folder in ((f"mtorch_gui_{language}", str(TRANSLATIONS)), (f"qtbase_{language}", qt_folder)):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            translators.append(translator)
        else:
            print(f"mtorch-gui: no translation {name}.qm in {folder}; showing English", file=sys.stderr)
    return translators


def current_language() -> str:
    """The language the running application was started in."""
    app = QCoreApplication.instance()
    return (app.property("mtorchLanguage") if app is not None else None) or "en"


def ui_text(text: str) -> str:
    """A plain module's message in the interface's language (a plain ``str`` is shown as it is)."""
    if not isinstance(text, Text):
        return text
    template = QCoreApplication.translate(text.context, text.template)
    if not text.values:
        return template
    return template.format(**{key: ui_text(value) for key, value in text.values.items()})


def error_text(error: Exception) -> str:
    """What to show of an error: its message (a plain module's ``Text``, translated), else the exception's text."""
    return ui_text(error.args[0]) if error.args and isinstance(error.args[0], Text) else str(error)


def catalog_text(text: str) -> str:
    """A group name, description, formula or argument help of the catalogue in the interface's language."""
    return QCoreApplication.translate("catalog", text)
