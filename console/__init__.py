"""Front desk console for Iconic Skin Clinic.

Importing the package pauses Python's cyclic garbage collector until :func:`started`.
Start-up makes some hundred thousand objects that live as long as the process (the
modules, their classes, the first screen); the collector would walk them over and over
while they are being made, about a tenth of the console's start-up (measured: 0.45 s
became 0.41 s to the first frame). The console calls :func:`started` once its first
frame is up, the command line before it runs any command but a quick read (``day``),
the tests when they have collected theirs.
"""

import gc

__version__ = "0.1.0"

gc.disable()


def started() -> None:
    """Start-up is over: free its cyclic garbage, keep what it made out of every later
    collection (it lives as long as the process), and let the collector run again."""
    if gc.isenabled():
        return  # called before (or the collector was never paused)
    gc.collect()
    gc.freeze()
    gc.enable()
