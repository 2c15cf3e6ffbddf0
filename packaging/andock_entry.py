"""Entry point of the built program (PyInstaller): the ``andock`` command, which opens the window
when started without a sub-command. ``app.cli.main`` calls ``multiprocessing.freeze_support()``
first, so the transcription child (a spawned copy of this program) works in the frozen build."""
import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
