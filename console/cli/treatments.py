"""Treatment information: ``treatment [NAME] [--section S] [--search Q]``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from console.cli.command import Command, on_desk
from console.cli.output import emit
from console.clinic.errors import InvalidInput
from console.desk import Desk

if TYPE_CHECKING:
    from console.clinic.answers import Hit, Reply
    from console.clinic.content import Statement

SEARCH_HELP = (
    "With --search, prints the sentences that answer the caller's question, their section "
    "(Sculptra › Preparation), how sure the match is (a score from 0 to 1), the words of "
    "the clinic's article each sentence rests on, then the next best sections. A question "
    "the clinic's information does not cover prints what to tell the caller instead; that "
    "is an answer, not a mistake, so the exit status is 0 (test 'answered' in --json)."
)


def _treatment_options(parser: argparse.ArgumentParser) -> None:
    parser.epilog = SEARCH_HELP
    parser.add_argument("name", nargs="?", help="a treatment (every one when searching)")
    parser.add_argument("--section", help="one section id (regimen, preparation, aftercare, ...)")
    parser.add_argument("--search", metavar="Q", help="answer a caller's question")


def _statement(statement: Statement) -> dict[str, Any]:
    return {"text": statement.text, "sources": list(statement.sources)}


def _hit(hit: Hit, reply: Reply) -> dict[str, Any]:
    return {
        "treatment": hit.treatment.key,
        "section": hit.section.id,
        "title": hit.section.title,
        "score": round(reply.confidence_of(hit), 3),
        "sentences": [_statement(s) for s in hit.sentences],
    }


def search(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk treatment [NAME] --search Q``: the answer, its sources, the alternatives."""
    # Imported here: every other command starts without the engine's stemmer and index.
    from console.clinic.answers import match_word

    # Bytes that are not UTF-8 arrive as lone surrogates, which JSON cannot carry: they
    # become U+FFFD here, so the engine and the echoed question agree (no traceback).
    args.search = args.search.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    if not args.search.strip():
        raise InvalidInput("--search needs a question, e.g. --search 'can I take advil'.")
    only = desk.treatment(args.name).key if args.name else None
    reply = desk.answers.ask(args.search, only=only)
    best = reply.best
    topic = reply.topic
    data = {
        "question": args.search,
        "answered": reply.answered,
        "score": round(reply.confidence, 3),
        "treatment": best.treatment.key if best else None,
        "section": best.section.id if best else None,
        "title": best.section.title if best else None,
        "sentences": [_statement(s) for s in best.sentences] if best else [],
        "not_covered": (
            {"topic": topic.id if topic else None, "message": reply.message}
            if not reply.answered
            else None
        ),
        "alternatives": [_hit(h, reply) for h in reply.alternatives],
    }
    lines: list[str] = []
    if best is not None:
        sure = f"score {reply.confidence:.2f}, {match_word(reply.confidence)}"
        lines.append(f"{best.where}  ({sure})")
        source = best.treatment.source
        for statement in best.sentences:
            lines.append(f"  {statement.text}")
            for quote in statement.sources:
                lines.append(f"    source: “{quote}”" + (f" ({source})" if source else ""))
        heading = "Also:"
    else:
        lines.append(f"Not covered: {reply.message}")
        heading = "Nearest sections:"
    if reply.alternatives:
        lines.append(heading)
        for hit in reply.alternatives:
            first = f": {hit.sentences[0].text}" if hit.sentences else ""
            lines.append(f"  {hit.where}{first}")
    emit(args, data, lines)


def treatment(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk treatment [NAME] [--section S] [--search Q]``."""
    if args.search is not None:
        if args.section is not None:
            # It used to be ignored without a word: the answer picks its own section.
            raise InvalidInput(
                "--section and --search do not go together: the answer finds its own section."
            )
        search(desk, args)
        return
    found = desk.treatment(args.name)
    if args.section is not None and not args.section.strip():
        raise InvalidInput("--section needs a section id, e.g. --section preparation.")
    if not args.section:
        data = {
            "key": found.key,
            "name": found.name,
            "summary": found.summary,
            "sections": [{"id": s.id, "title": s.title, "body": s.body} for s in found.sections],
        }
        emit(args, data, found.markdown())
        return
    section = found.section(args.section)
    data = {
        "treatment": found.key,
        "id": section.id,
        "title": section.title,
        "body": section.body,
    }
    emit(args, data, found.markdown(section.id))


COMMANDS = (
    Command("treatment", "print treatment information", _treatment_options, on_desk(treatment)),
)
