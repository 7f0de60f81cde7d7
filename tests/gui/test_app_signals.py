"""Ctrl+C in the terminal running mtorch-gui closes the window."""

import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# The real entry point, offscreen, with its settings in a temporary folder; "ready" once the event loop runs.
RUN_APP = """
import sys
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
QSettings.setDefaultFormat(QSettings.IniFormat)
QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, sys.argv[1])
app = QApplication(sys.argv[:1])
QTimer.singleShot(0, lambda: print("ready", flush=True))
from mtorch_gui.app import main
code = main([])
print("closed", code, flush=True)
sys.exit(code)
"""


def test_ctrl_c_in_the_terminal_closes_the_window(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT), "HOME": str(tmp_path)}
    child = subprocess.Popen([sys.executable, "-c", RUN_APP, str(tmp_path / "settings")], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready", child.stderr.read()
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=120)
    finally:
        child.kill()
    assert child.returncode == 0, err
    assert out.strip() == "closed 0"
    assert "Traceback" not in err and "KeyboardInterrupt" not in err

