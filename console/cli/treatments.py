"""Treatment information: ``treatment [NAME] [--section S] [--search Q]``."""

from __future__ import annotations

import argparse

from console.cli.command import Command, on_desk
from console.cli.output import emit
from console.clinic.errors import NotFound
from console.desk import Desk


def _treatment_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", nargs="?")
    parser.add_argument("--section", help="one section id (regimen, preparation, aftercare, ...)")
    parser.add_argument("--search", help="find the section answering a question")


def treatment(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk treatment [NAME] [--section S] [--search Q]``."""
    from console.clinic.treatments import search_sections

    found = desk.treatment(args.name)
    if args.search:
        hits = search_sections(found, args.search)
        if not hits:
            raise NotFound(f"Nothing in the {found.name} information answers {args.search!r}.")
        section = hits[0].section
    elif args.section:
        section = found.section(args.section)
    else:
        section = None
    if section is None:
        data = {
            "key": found.key,
            "name": found.name,
            "summary": found.summary,
            "sections": [{"id": s.id, "title": s.title, "body": s.body} for s in found.sections],
        }
        emit(args, data, found.markdown())
    else:
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
