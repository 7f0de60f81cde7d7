"""Collect the interface's English text into the translation sources and compile them for the app.

    python resources/update_translations.py

1. ``pyside6-lupdate`` reads every ``self.tr(...)``, ``QCoreApplication.translate(...)`` and ``Text(...)``
   (mtorch_gui/model/text.py) in mtorch_gui/, plus the catalogue's table (group names, descriptions, formulas,
   argument help: plain data that the palette and the property editor translate with ``catalog_text``),
   and merges them into ``translations/mtorch_gui_zh_CN.ts``: new strings come in unfinished, strings no
   longer used are dropped, translations already made are kept.
2. Translate the unfinished ones (Qt Linguist, ``pyside6-linguist``, or any editor: the ``<translation>``
   elements), then run this script again.
3. ``pyside6-lrelease`` compiles the ``.ts`` into the ``.qm`` that ``mtorch_gui.i18n`` loads at start-up.

tests/gui/test_translations.py checks that the ``.ts`` has no unfinished strings and that the ``.qm`` is
up to date.
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mtorch_gui.model.catalog import CATALOG, GROUPS  # noqa: E402

TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("zh_CN",)


def catalog_strings() -> list[str]:
    """Every text of the catalogue's table that the editor shows, in a stable order without repeats."""
    texts = list(GROUPS)
    for t in CATALOG.values():
        texts += [t.description, t.formula, *(a.help for a in t.args)]
    return [text for text in dict.fromkeys(texts) if text]


def lupdate_command(sources: list[Path], ts: Path) -> list[str]:
    return ["pyside6-lupdate", "-extensions", "py", "-tr-function-alias", "QT_TRANSLATE_NOOP+=Text",
            "-locations", "none", "-no-obsolete", "-source-language", "en", *map(str, sources), "-ts", str(ts)]


def update(ts: Path, quiet: bool = False) -> None:
    """Merge the current English text into ``ts`` (created when missing)."""
    with tempfile.TemporaryDirectory() as folder:
        table = Path(folder) / "catalog_table.py"
        table.write_text("".join(f"Text(\"catalog\", {json.dumps(text, ensure_ascii=False)})\n"
                                 for text in catalog_strings()), encoding="utf-8")
        subprocess.run(lupdate_command([ROOT / "mtorch_gui", table], ts), check=True,
                       stdout=subprocess.DEVNULL if quiet else None)


def release(ts: Path, qm: Path, quiet: bool = False) -> None:
    subprocess.run(["pyside6-lrelease", str(ts), "-qm", str(qm)], check=True,
                   stdout=subprocess.DEVNULL if quiet else None)


def main() -> int:
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    for language in LANGUAGES:
        ts = TRANSLATIONS / f"mtorch_gui_{language}.ts"
        update(ts)
        release(ts, ts.with_suffix(".qm"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
