"""A clinic's own treatment in a setup folder, for the loader, CLI and console tests.

The text is a made-up placeholder service ("Glow Facial"), not medical information; its
source file holds exactly the sentences the statements quote.
"""

from __future__ import annotations

from pathlib import Path

SOURCE = (
    "The Glow Facial is our skin care service. Please come with a clean face.\n"
    "Drink a glass of water afterwards.\n"
)

GLOW = """# Glow Facial
key: glow
appointment type: skin_care
source: glow-source.txt
callers say: glow facial, glow

The Glow Facial is the clinic's own skin care service.
source: The Glow Facial is our skin care service.

## Before the visit {#before}
callers say: before the facial

- Come with a clean face.
  source: Please come with a clean face.

## Questions before each session {#questions}

- makeup: Are you wearing makeup today?
  why: The face must be clean before the facial.
  source: Please come with a clean face.

## Aftercare sheet {#aftercare-sheet}

- Drink a glass of water after the facial.
  source: Drink a glass of water afterwards.

## Confirmation call {#call-script}

- Remind the patient to come with a clean face.
  source: Please come with a clean face.
"""


def write_glow(setup: Path, text: str = GLOW, source: str = SOURCE) -> Path:
    """Write ``treatments/glow.md`` and its source into ``setup``; returns the content file."""
    folder = setup / "treatments"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "glow-source.txt").write_text(source, encoding="utf-8")
    path = folder / "glow.md"
    path.write_text(text, encoding="utf-8")
    return path
