"""``python -m mtorch_gui`` starts the desktop app."""

import sys

from mtorch_gui.app import main

sys.exit(main())
