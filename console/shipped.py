"""Loading the shipped data and the clinic's own content.

The shipped data: the clinic configuration (``data/clinic.json``) and the content in
``data/content/`` (the clinic's facts, the not-covered topics, the clinic's article and
``treatments/*.md``). The clinic's own treatments come from its setup folder (see
:func:`console.locations.setup_dir`): ``treatments/<key>.md`` with a source file beside
each, and an optional ``not-covered.md``. A bad shipped file is a packaging bug and stops
the console; a bad clinic file is only listed in :attr:`Content.problems`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from console.clinic.config import ClinicConfig
from console.clinic.errors import InvalidInput
from console.clinic.text import shown

if TYPE_CHECKING:  # the content's model and format load with the content, not the config
    from console.clinic.content import Content, Topic, Treatment

#: The most a content or source file may hold; a planted giant file is refused unread.
MAX_CONTENT = 512 * 1024
_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


def load_clinic_config(directory: Path) -> ClinicConfig:
    """Read and validate ``clinic.json`` from the shipped data folder."""
    path = directory / "clinic.json"
    try:
        raw = orjson.loads(path.read_bytes())
    except FileNotFoundError:
        raise InvalidInput(f"The clinic configuration {path} is missing.") from None
    except orjson.JSONDecodeError as err:
        raise InvalidInput(f"The clinic configuration {path} is not valid JSON ({err}).") from None
    return ClinicConfig.from_dict(raw)


# --- reading without following links -------------------------------------------------


@contextlib.contextmanager
def _folder(path: Path, parent: int | None = None) -> Iterator[int]:
    """A descriptor on the folder ``path`` (a name in ``parent`` when given), links refused."""
    try:
        fd = os.open(path if parent is None else path.name, _FOLDER, dir_fd=parent)
    except OSError as err:
        raise InvalidInput(_refusal(path, err, "a folder")) from None
    try:
        yield fd
    finally:
        os.close(fd)


def read_text(folder: int, path: Path) -> str:
    """The UTF-8 text of the regular file ``path.name`` in the open ``folder``, link-safe.

    Refuses, in one sentence, a link, anything but a regular file, a file over
    :data:`MAX_CONTENT` and text that is not UTF-8.
    """
    try:
        fd = os.open(path.name, _FILE, dir_fd=folder)
    except OSError as err:
        raise InvalidInput(_refusal(path, err, "a regular file")) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InvalidInput(f"{path} is not a regular file, so it is not used.")
        if info.st_size > MAX_CONTENT:
            raise InvalidInput(
                f"{path} is larger than {MAX_CONTENT // 1024} KB, so it is not used."
            )
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(MAX_CONTENT + 1)
    finally:
        os.close(fd)
    if len(data) > MAX_CONTENT:
        raise InvalidInput(f"{path} is larger than {MAX_CONTENT // 1024} KB, so it is not used.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise InvalidInput(
            f"{path} line {line}: the file is not UTF-8 text (a bad byte here), so it is not used."
        ) from None


def _refusal(path: Path, err: OSError, what: str) -> str:
    # O_NOFOLLOW with O_DIRECTORY reports a link to a folder as "not a folder".
    if err.errno in (errno.ELOOP, errno.EMLINK) or _is_link(path):
        return f"{path} is a symbolic link, which is never followed, so it is not used."
    if err.errno == errno.ENOENT:
        return f"{path} does not exist."
    if err.errno in (errno.ENOTDIR, errno.EISDIR, errno.ENXIO):
        return f"{path} is not {what}, so it is not used."
    return f"{path} cannot be read ({err.strerror or err})."


def _is_link(path: Path) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        return False


def _names(folder: int, suffix: str) -> list[str]:
    return sorted(n for n in os.listdir(folder) if n.endswith(suffix) and not n.startswith("."))


# --- content ---------------------------------------------------------------------------


def _treatment(
    folder: int, path: Path, sources: dict[str, str], *, origin: str
) -> tuple[Treatment, str]:
    """Parse one content file and check every quote against its source (read from ``folder``).

    Returns the treatment and the file's text. Raises InvalidInput ``"<path> line N: ..."``
    (the first problem).
    """
    from console.clinic.content_format import header_line, parse_treatment

    text = read_text(folder, path)
    treatment = parse_treatment(text, str(path), origin=origin)
    if treatment.source not in sources:
        try:
            sources[treatment.source] = read_text(folder, path.with_name(treatment.source))
        except InvalidInput as err:
            # Name the line that names the source: that is where the fix goes.
            raise InvalidInput(f"{path} line {header_line(text, 'source')}: {err}") from None
    missing = _missing(text, path, treatment, sources[treatment.source])
    if missing:
        raise InvalidInput(missing[0] + (f" ({len(missing) - 1} more)" if len(missing) > 1 else ""))
    return treatment, text


def _missing(text: str, path: Path, treatment: Treatment, source: str) -> list[str]:
    """Quotes not in ``source``: by their lines, then by the model as a safety net.

    The line scan names the exact ``source:`` line; the model's check covers any
    statement the scan might miss (an intro once hid under the header that way).
    """
    from console.clinic.content_format import missing_quote_lines, missing_quotes

    return missing_quote_lines(text, str(path), treatment.source, source) or missing_quotes(
        treatment, source
    )


def load_shipped(shipped_dir: Path) -> Content:
    """The shipped content of ``<shipped>/content``: raises InvalidInput on any problem."""
    from console.clinic.content import Content
    from console.clinic.content_format import parse_topics

    root = shipped_dir / "content"
    sources: dict[str, str] = {}
    with _folder(root) as folder:
        clinic, _ = _treatment(folder, root / "clinic.md", sources, origin="shipped")
        topics = parse_topics(
            read_text(folder, root / "not-covered.md"), str(root / "not-covered.md")
        )
        # Shipped treatments quote the sources in content/, one folder up.
        shared = dict(sources)
        for name in _names(folder, ".txt"):
            shared.setdefault(name, read_text(folder, root / name))
        treatments = _shipped_treatments(folder, root / "treatments", shared)
    sources.update(shared)
    return Content(dict(treatments), clinic, topics, sources)


def _shipped_treatments(
    parent: int, directory: Path, sources: dict[str, str]
) -> dict[str, Treatment]:
    from console.clinic.content_format import parse_treatment

    found: dict[str, Treatment] = {}
    with _folder(directory, parent) as folder:
        for name in _names(folder, ".md"):
            path = directory / name
            text = read_text(folder, path)
            treatment = parse_treatment(text, str(path))
            if treatment.source not in sources:
                raise InvalidInput(
                    f"{path}: its source {treatment.source} is not in {directory.parent}."
                )
            missing = _missing(text, path, treatment, sources[treatment.source])
            if missing:
                raise InvalidInput(missing[0])
            _check_key(treatment, path, found, text)
            found[treatment.key] = treatment
    # Sculptra first: the desk's first treatment is its main one.
    return dict(sorted(found.items(), key=lambda kv: kv[0] != "sculptra"))


def _check_key(treatment: Treatment, path: Path, known: dict[str, Treatment], text: str) -> None:
    """Refuse a key that is not the file's name, is reserved or taken, or a name taken."""
    from console.clinic.content_format import RESERVED_KEYS, header_line

    at = f"{path} line {header_line(text, 'key')}"
    if path.name != f"{treatment.key}.md":
        raise InvalidInput(
            f"{at}: its key {treatment.key!r} must match the file name ({treatment.key}.md)."
        )
    if treatment.key in RESERVED_KEYS:
        raise InvalidInput(f"{at}: the key {treatment.key!r} is reserved.")
    if treatment.key in known:
        raise InvalidInput(
            f"{at}: the key {treatment.key!r} is already taken by {known[treatment.key].name}."
        )
    # The desk finds a treatment by key or name, and answers say "<name> › <section>": a
    # second "Sculptra" would be found in place of, or taken for, the first.
    name = treatment.name.lower()
    other = next((t for t in known.values() if name in (t.key, t.name.lower())), None)
    if other is not None:
        title = next((n for n, row in enumerate(text.split("\n"), 1) if row.startswith("#")), 1)
        raise InvalidInput(
            f"{path} line {title}: the name {treatment.name!r} is already that of {other.name}."
        )


def load_treatments(shipped_dir: Path) -> dict[str, Treatment]:
    """The shipped treatments by key (Sculptra first); raises InvalidInput on a bad file."""
    return load_shipped(shipped_dir).treatments


def load_content(
    shipped_dir: Path, setup_dir: Path | None = None, *, config: ClinicConfig | None = None
) -> Content:
    """The shipped content, then the clinic's own from ``setup_dir`` (when it exists).

    A clinic file that cannot be used is left out and named in ``Content.problems``; with
    ``config``, a clinic treatment's appointment type must be one of its types.
    """
    content = load_shipped(shipped_dir)
    if setup_dir is None:
        return content
    try:
        os.lstat(setup_dir)
    except FileNotFoundError:
        return content
    except OSError as err:
        return replace(content, problems=(shown(_refusal(setup_dir, err, "a folder")),))
    treatments = dict(content.treatments)
    topics = list(content.topics)
    sources = dict(content.sources)
    problems: list[str] = []
    try:
        with _folder(setup_dir) as setup:
            problems += _clinic_treatments(setup, setup_dir, treatments, sources, config)
            documents = tuple(d for d in (content.clinic, *treatments.values()) if d)
            problems += _clinic_topics(setup, setup_dir, topics, documents)
    except InvalidInput as err:
        problems.append(str(err))
    return replace(
        content,
        treatments=treatments,
        topics=tuple(topics),
        sources=sources,
        # A file's name is the one thing here no check has cleaned: ESC in it would reach
        # the terminal through the status line.
        problems=tuple(shown(p) for p in problems),
    )


def _clinic_treatments(
    setup: int,
    setup_dir: Path,
    treatments: dict[str, Treatment],
    sources: dict[str, str],
    config: ClinicConfig | None,
) -> list[str]:
    from console.clinic.content_format import header_line

    directory = setup_dir / "treatments"
    try:
        os.lstat(directory)
    except FileNotFoundError:
        return []
    problems: list[str] = []
    with _folder(directory, setup) as folder:
        for name in _names(folder, ".md"):
            path = directory / name
            try:
                own: dict[str, str] = {}
                treatment, content = _treatment(folder, path, own, origin="clinic")
                _check_key(treatment, path, treatments, content)
                _check_type(treatment, path, treatments, config, content)
                text = own[treatment.source]
                if sources.get(treatment.source, text) != text:
                    raise InvalidInput(
                        f"{path} line {header_line(content, 'source')}: its source "
                        f"{treatment.source} has the name of another source with different "
                        "text; rename it."
                    )
            except InvalidInput as err:
                problems.append(str(err))
                continue
            treatments[treatment.key] = treatment
            sources[treatment.source] = text
    return problems


def _check_type(
    treatment: Treatment,
    path: Path,
    treatments: dict[str, Treatment],
    config: ClinicConfig | None,
    text: str,
) -> None:
    from console.clinic.content_format import header_line

    kind = treatment.appointment_type
    if kind is None or config is None:
        return
    at = f"{path} line {header_line(text, 'appointment type')}"
    if kind not in config.appointment_types:
        known = ", ".join(sorted(config.appointment_types))
        raise InvalidInput(
            f"{at}: the appointment type {kind!r} is not one of the clinic's ({known})."
        )
    linked = config.appointment_types[kind].treatment or next(
        (t.key for t in treatments.values() if t.appointment_type == kind), None
    )
    if linked and linked != treatment.key:
        raise InvalidInput(f"{at}: the appointment type {kind!r} already leads to {linked}.")


def _answered_words(documents: tuple[Treatment, ...]) -> dict[str, str]:
    """What callers say that a section answers, lowercased, to where it is answered."""
    found: dict[str, str] = {}
    for doc in documents:
        for section in doc.sections:
            where = f"{doc.name} › {section.title}"
            for word in section.words:
                found.setdefault(word.lower(), where)
            for statement in section.statements:
                for word in statement.words:
                    found.setdefault(word.lower(), where)
    return found


def _clinic_topics(
    setup: int, setup_dir: Path, topics: list[Topic], documents: tuple[Treatment, ...] = ()
) -> list[str]:
    from console.clinic.content_format import parse_topics

    path = setup_dir / "not-covered.md"
    try:
        os.lstat(path)
    except FileNotFoundError:
        return []
    answered = _answered_words(documents)
    try:
        added = parse_topics(read_text(setup, path), str(path))
        known = {t.id for t in topics}
        for topic in added:
            if topic.id in known:
                raise InvalidInput(
                    f"{path} line {topic.line}: the topic id {topic.id!r} is already used."
                )
            # A clinic topic claiming what a section answers would hide that answer
            # ("advil" -> not covered, over the NSAID warning).
            taken = next((w for w in topic.words if w.lower() in answered), None)
            if taken is not None:
                raise InvalidInput(
                    f"{path} line {topic.line}: callers saying {taken!r} are answered by "
                    f"{answered[taken.lower()]}, so this topic may not claim it."
                )
    except InvalidInput as err:
        return [str(err)]
    topics.extend(added)
    return []


def link_appointment_types(config: ClinicConfig, content: Content) -> ClinicConfig:
    """``config`` with each appointment type leading to the treatment that names it.

    The config's own link wins; a clinic treatment's ``appointment type`` fills a type
    that has none, so its calls script, check-in questions and aftercare follow it.
    """
    types = dict(config.appointment_types)
    for treatment in content.treatments.values():
        kind = types.get(treatment.appointment_type or "")
        if kind is not None and not kind.treatment:
            types[kind.key] = replace(kind, treatment=treatment.key)
    return replace(config, appointment_types=types)


def problems_warning(problems: tuple[str, ...] | list[str]) -> str | None:
    """One short sentence for the console's status line when clinic content files were left out.

    Short enough for 80 columns: the file's name and line; ``frontdesk check`` says the rest.
    """
    if not problems:
        return None
    match = _PROBLEM.match(problems[0])
    what = "A file in the clinic's setup folder"
    if match:
        what = f"The clinic's treatment file {Path(match['path']).name}"
        if match["line"]:
            what += f" (line {match['line']})"
    more = f" and {len(problems) - 1} more" if len(problems) > 1 else ""
    return shown(f"{what}{more} could not be used; run frontdesk check.")


#: ``<path> line N: ...`` or ``<path>: ...``, as the loader words a problem.
_PROBLEM = re.compile(r"^(?P<path>\S.*?\.(?:md|txt))(?: line (?P<line>\d+))?: ")
