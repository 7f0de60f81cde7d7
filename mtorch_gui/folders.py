"""Where the app puts the user's files: the platform's user folders (``QStandardPaths``), never the folder
the package is installed in.

- Settings and the recent-files list: ``QSettings()`` with the application's names (organisation "mtorch",
  application "mtorch-gui"), which Qt keeps where the platform keeps user settings
  (``~/.config/mtorch/mtorch-gui.conf`` on Linux, the registry under ``HKEY_CURRENT_USER\\Software\\mtorch``
  on Windows, ``~/Library/Preferences`` on macOS).
- Architectures and exported code: the file dialogs open in the last folder used, else ``documents_folder()``.
- Checkpoints and training histories: the dialogs open in the last folder used for them
  (``last_runs_folder()``), else ``runs_folder()``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

RUNS_FOLDER_KEY = "runsFolder"  # in QSettings: where the last checkpoint or history was saved or read


def documents_folder() -> str:
    """The user's documents folder (their home folder where the platform has none)."""
    return QStandardPaths.writableLocation(QStandardPaths.DocumentsLocation) or str(Path.home())


def runs_folder() -> str:
    """The app's own data folder for training runs (created on first use), e.g.
    ``~/.local/share/mtorch/mtorch-gui/runs`` on Linux, ``%APPDATA%\\mtorch\\mtorch-gui\\runs`` on Windows."""
    folder = Path(QStandardPaths.writableLocation(QStandardPaths.AppDataLocation)) / "runs"
    folder.mkdir(parents=True, exist_ok=True)
    return str(folder)


def last_runs_folder() -> str:
    """The folder of the last checkpoint or history saved or resumed (if it still exists), else
    ``runs_folder()``."""
    folder = QSettings().value(RUNS_FOLDER_KEY)
    return folder if isinstance(folder, str) and Path(folder).is_dir() else runs_folder()


def remember_runs_folder(path) -> None:
    """``path``'s folder is where the next checkpoint or history dialog opens."""
    QSettings().setValue(RUNS_FOLDER_KEY, str(Path(path).resolve().parent))
