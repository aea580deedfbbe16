"""The answering engine as the pane, the CLI and the bench get it, and how sure it sounds.

No Textual here: ``frontdesk treatment --search`` and ``frontdesk bench`` use it too.
"""

from __future__ import annotations

from console.clinic.answers import Answers
from console.desk import Desk

#: Reply.confidence at or above which a match is called good, or possible.
GOOD_MATCH, POSSIBLE_MATCH = 0.6, 0.3


def desk_answers(desk: Desk) -> Answers:
    """The answering engine over the desk's content (the one place it is built)."""
    answers: Answers = desk.answers
    return answers


def match_word(confidence: float) -> str:
    """How sure an answer is, in words a receptionist reads at a glance."""
    if confidence >= GOOD_MATCH:
        return "good match"
    if confidence >= POSSIBLE_MATCH:
        return "possible match"
    return "weak match"
