"""The treatments pane answers a caller: the sentence inside its section, or "not covered".

Every assertion is on what the screen shows; the engine's reply for the same text is
asked independently, so a stale section (one an earlier prefix found) cannot pass.
"""

from __future__ import annotations

import pytest
from textual import events
from textual.containers import VerticalScroll
from textual.widgets import Input, OptionList

from console.app import FrontDeskApp
from console.clinic.clock import FixedClock
from console.desk import compose
from console.ui.widgets.treatments import ANSWER_MARK, SectionReader, TreatmentsPane
from tests.app.clinic import NOW, TZ
from tests.app.drive import press, screen_text, settle, type_text
from tests.clinic_setup import GLOW, SOURCE, write_glow

SIZE = (100, 30)


def _pane(app: FrontDeskApp) -> TreatmentsPane:
    return app.desk_screen.query_one(TreatmentsPane)


def _reader(app: FrontDeskApp) -> str:
    return _pane(app).query_one(SectionReader).plain


def _marked(app: FrontDeskApp) -> list[str]:
    """The reader's lines that carry the answer marker, as the screen shows them."""
    return [line for line in screen_text(app).splitlines() if ANSWER_MARK.strip() in line]


def _highlighted(app: FrontDeskApp) -> str | None:
    option = _pane(app).query_one(OptionList).highlighted_option
    return option.id if option is not None else None


def _start(text: str) -> str:
    """The first words of a statement (what fits on its first wrapped line)."""
    return " ".join(text.split()[:4])


def assert_screen_follows_the_box(app: FrontDeskApp) -> None:
    """Answer block, reader and list all belong to the text in the box now."""
    pane = _pane(app)
    typed = pane.query_one(Input).value
    screen = screen_text(app)
    if not typed.strip():
        assert "Type the caller's question" in screen
        return
    reply = app.desk.answers.ask(typed)
    best = reply.best
    if best is not None:
        assert best.where in screen
        assert _reader(app).startswith(best.section.title)
        assert _highlighted(app) == f"{best.treatment.key}#{best.section.id}"
        marked = _marked(app)
        assert marked and _start(best.sentences[0].text) in marked[0]
    else:
        assert ("Not covered" in screen) or ("Nothing in the clinic's information" in screen)
        assert _highlighted(app) is None
        assert not _marked(app)
        assert _reader(app).startswith(("Not covered", "Nothing here answers"))


async def _ask(app: FrontDeskApp, pilot, question: str) -> None:
    await settle(pilot)
    await press(pilot, "f3")
    await type_text(pilot, question)


async def test_advil_highlights_the_nsaid_sentence(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await _ask(app, pilot, "can I take advil")
        reply = app.desk.answers.ask("can I take advil")
        assert reply.best is not None and reply.best.section.id == "preparation"
        sentence = reply.best.sentences[0].text
        assert "NSAID" in sentence
        screen = screen_text(app)
        assert "Sculptra › Preparation" in screen
        assert "match" in screen.splitlines()[2]  # how sure, on the answer's heading line
        marked = _marked(app)
        assert len(marked) == 1 and _start(sentence) in marked[0]
        # The section's first line ("Very little preparation…") is not the marked one.
        assert "Very little preparation" not in marked[0]
        assert_screen_follows_the_box(app)


async def test_bruising_duration_highlights_a_bruising_sentence(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await _ask(app, pilot, "how long does the bruising last")
        pane = _pane(app)
        hits = pane.reply.hits if pane.reply else ()
        # The bruising sentence is the answer or one ↓ away, marked when it is shown.
        n = next(i for i, h in enumerate(hits) if "bruising" in h.sentences[0].text)
        await press(pilot, *["down"] * n)
        assert _pane(app).choice == n
        marked = _marked(app)
        assert marked and _start(hits[n].sentences[0].text) in marked[0]
        assert "bruising" in screen_text(app)


async def test_an_answer_low_in_its_section_is_scrolled_into_view(store_dir) -> None:
    # A clinic's own treatment with a long section (placeholder text) whose answer is last.
    lines = [f"Placeholder statement number {n} of the long section." for n in range(30)]
    bullets = "".join(f"- {line}\n  source: {line}\n" for line in lines)
    last = "- The zebracode is the last placeholder.\n  callers say: zebracode\n"
    last += "  source: The zebracode is the last placeholder.\n"
    text = GLOW.replace(
        "## Questions before", f"## Long {{#long}}\n\n{bullets}{last}\n## Questions before"
    )
    source = SOURCE + "\n".join(lines) + "\nThe zebracode is the last placeholder.\n"
    write_glow(store_dir.with_name(store_dir.name + "-setup"), text, source)
    desk = compose.open_desk(store_dir, clock=FixedClock(NOW, TZ))
    try:
        app = FrontDeskApp(desk=desk)
        async with app.run_test(size=(80, 24)) as pilot:
            await _ask(app, pilot, "what is the zebracode")
            reader = _pane(app).query_one(SectionReader)
            window = _pane(app).query_one(VerticalScroll).scrollable_content_region.height
            assert reader.answer_line is not None and reader.answer_line > window  # below the fold
            marked = _marked(app)
            assert marked and "The zebracode is the last placeholder." in marked[0]
            assert "number 0 of" not in screen_text(app)  # scrolled past the section's start
    finally:
        desk.close()


async def test_insurance_is_not_covered(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await _ask(app, pilot, "do you take insurance")
        screen = screen_text(app)
        assert "Not covered: " in screen
        assert "insurance" in _reader(app)
        assert _highlighted(app) is None
        assert not _marked(app)


async def test_nothing_at_all_says_ask_a_provider(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await _ask(app, pilot, "zzqx")
        assert "Nothing in the clinic's information answers “zzqx”: ask a provider." in (
            screen_text(app)
        )
        assert _highlighted(app) is None


async def test_the_question_is_shown_as_typed_never_as_markup(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await _ask(app, pilot, "[b]zzqx[/b]")
        assert "“[b]zzqx[/b]”" in screen_text(app)


@pytest.mark.parametrize("question", ["ca", "can i take aleve", "do you take insurance"])
async def test_screen_follows_the_box_at_every_keystroke(app: FrontDeskApp, question: str) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f3")
        for char in question:
            await press(pilot, char)
            assert_screen_follows_the_box(app)
        for _ in question:
            await press(pilot, "backspace")
            assert_screen_follows_the_box(app)


async def test_an_answer_does_not_outlive_its_question(app: FrontDeskApp) -> None:
    # A prefix that lands on a section ("phon" on the clinic's contact details), then a
    # continuation that lands nowhere: the section must leave the screen with it. The
    # first such pair of the engine's (its tuning may move one).
    pairs = (("phon", "x"), ("addr", "x"), ("ibup", "x"), ("sess", "x"))
    answers = app.desk.answers
    prefix, more = next(
        (p, m) for p, m in pairs if answers.ask(p).answered and not answers.ask(p + m).answered
    )
    best = answers.ask(prefix).best
    assert best is not None
    async with app.run_test(size=SIZE) as pilot:
        await _ask(app, pilot, prefix)
        assert best.where in screen_text(app)
        await press(pilot, more)
        assert best.where not in screen_text(app)
        assert best.section.statements[0].text not in _reader(app)
        assert_screen_follows_the_box(app)


async def test_quick_typing_leaves_no_stale_section(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await _ask(app, pilot, "phonx")  # every key queued before the first is answered
        assert "225-5137" not in screen_text(app)
        assert_screen_follows_the_box(app)


async def test_down_steps_to_an_alternative_and_up_comes_back(app: FrontDeskApp) -> None:
    # The first of these the engine answers with an alternative (its tuning may move one).
    candidates = ("how often should I massage", "what should I avoid after", "is it painful")
    question = next(q for q in candidates if app.desk.answers.ask(q).alternatives)
    reply = app.desk.answers.ask(question)
    assert reply.best is not None
    alternative = reply.alternatives[0]
    async with app.run_test(size=SIZE) as pilot:
        await _ask(app, pilot, question)
        await press(pilot, "down")
        assert _reader(app).startswith(alternative.section.title)
        assert _highlighted(app) == f"{alternative.treatment.key}#{alternative.section.id}"
        assert "alternative 1 of" in screen_text(app)
        assert _start(alternative.sentences[0].text) in _marked(app)[0]
        await press(pilot, "up")
        assert _reader(app).startswith(reply.best.section.title)
        assert_screen_follows_the_box(app)


async def test_sources_show_the_articles_words(app: FrontDeskApp) -> None:
    article = app.desk.content.sources["clinic-article.txt"]
    async with app.run_test(size=SIZE) as pilot:
        await _ask(app, pilot, "can I take advil")
        reply = app.desk.answers.ask("can I take advil")
        assert reply.best is not None
        quote = reply.best.sentences[0].sources[0]
        assert "clinic-article.txt" not in screen_text(app)
        await press(pilot, "ctrl+o")  # typed in the question box: it still toggles
        reader = " ".join(_reader(app).split())
        assert " ".join(quote.split()) in reader
        assert "clinic-article.txt" in reader
        assert " ".join(quote.split()) in " ".join(article.split())
        assert _pane(app).query_one(Input).value == "can I take advil"
        await press(pilot, "ctrl+o")
        assert "clinic-article.txt" not in _reader(app)


async def test_sources_under_every_statement_when_browsing(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f3", "ctrl+o")
        pane = _pane(app)
        shown = pane.query_one(SectionReader).shown
        assert shown.section is not None and shown.section.statements
        reader = " ".join(_reader(app).split())
        for statement in shown.section.statements:
            assert " ".join(statement.sources[0].split()) in reader


async def test_sections_can_be_browsed(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f3", "escape", "down", "down")
        pane = _pane(app)
        assert pane.current == _highlighted(app)
        assert pane.current is not None
        option = pane.query_one(OptionList).highlighted_option
        assert option is not None
        assert _reader(app).splitlines()[0] == str(option.prompt).strip()


async def test_the_clinic_facts_come_first_in_the_list(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f3")
        ids = [o.id for o in _pane(app).query_one(OptionList).options if o.id]
        assert ids[0].startswith("clinic#")
        assert "sculptra#overview" in ids
        assert ids.index("sculptra#overview") > ids.index("clinic#contact")


async def test_palette_toggles_sources(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await _ask(app, pilot, "can I take advil")
        await press(pilot, "ctrl+p")
        await type_text(pilot, "treatments: sources on/off")
        await press(pilot, "enter")
        assert "clinic-article.txt" in _reader(app)
        assert_screen_follows_the_box(app)


async def test_palette_opens_a_section_of_the_clinics_facts(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await _ask(app, pilot, "can I take advil")
        await press(pilot, "ctrl+p")
        await type_text(pilot, "treatments: Iconic Skin Clinic · Contact and office hours")
        await press(pilot, "enter")
        assert _highlighted(app) == "clinic#contact"
        assert _reader(app).startswith("Contact and office hours")
        assert _pane(app).query_one(Input).value == ""  # the question it no longer answers
        assert_screen_follows_the_box(app)


async def test_a_clinics_own_treatment_is_listed_and_answers(store_dir, tmp_path) -> None:
    write_glow(store_dir.with_name(store_dir.name + "-setup"))
    desk = compose.open_desk(store_dir, clock=FixedClock(NOW, TZ))
    try:
        app = FrontDeskApp(desk=desk)
        async with app.run_test(size=SIZE) as pilot:
            await _ask(app, pilot, "glow facial before the visit")
            assert "Glow Facial · clinic's own" in screen_text(app)
            assert "Glow Facial › Before the visit" in screen_text(app)
            assert _highlighted(app) == "glow#before"
            assert _start("Come with a clean face.") in _marked(app)[0]
            assert_screen_follows_the_box(app)
    finally:
        desk.close()


@pytest.mark.parametrize("away", ["escape", "enter"])  # the list, or the reader
async def test_a_question_typed_away_from_the_box_is_asked_whole(
    app: FrontDeskApp, away: str
) -> None:
    # On the phone: Esc to browse (or Enter to read), then the caller's next question is
    # typed at once. No letter may be lost or act as a key ("s" of "sunday").
    async with app.run_test(size=SIZE) as pilot:
        await _ask(app, pilot, "can I take advil")
        await press(pilot, away)
        assert not _pane(app).query_one(Input).has_focus
        await type_text(pilot, "sunday hours")
        box = _pane(app).query_one(Input)
        assert box.value == "sunday hours"
        assert box.has_focus
        assert_screen_follows_the_box(app)
        await press(pilot, "escape")
        await type_text(pilot, "does it hurt")
        assert box.value == "does it hurt"
        assert_screen_follows_the_box(app)


async def test_a_question_pasted_in_the_list_is_asked(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f3", "escape")
        app.screen.focused.post_message(events.Paste("do you take insurance\nsecond line"))
        await settle(pilot)
        assert _pane(app).query_one(Input).value == "do you take insurance"
        assert "Not covered: " in screen_text(app)
        assert_screen_follows_the_box(app)


async def test_palette_shows_a_clinic_section_title_as_written(store_dir) -> None:
    # Content is the clinic's own text: square brackets in it are never markup.
    text = GLOW.replace("# Glow Facial", "# Glow [b]Facial[/b]").replace(
        "## Before the visit", "## Before the [red]visit[/red]"
    )
    write_glow(store_dir.with_name(store_dir.name + "-setup"), text)
    desk = compose.open_desk(store_dir, clock=FixedClock(NOW, TZ))
    try:
        app = FrontDeskApp(desk=desk)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await press(pilot, "f3", "ctrl+p")
            await type_text(pilot, "glow before")
            assert "Glow [b]Facial[/b] · Before the [red]visit[/red]" in screen_text(app)
            await press(pilot, "enter")
            assert _highlighted(app) == "glow#before"
            assert _reader(app).startswith("Before the [red]visit[/red]")
    finally:
        desk.close()


async def test_too_small_and_back_lays_the_reader_out_again(app: FrontDeskApp) -> None:
    # Wrapped at 20 columns while too small, the reader kept that height (and a scroll
    # bar over a text that fits) once the window was big enough again.
    async with app.run_test(size=(80, 24)) as pilot:
        await _ask(app, pilot, "can I take advil")
        reader = _pane(app).query_one(SectionReader)
        before = reader.plain
        await pilot.resize_terminal(60, 20)
        await settle(pilot)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        await pilot.pause()
        await settle(pilot)
        assert reader.plain == before  # wrapped at the width it had, not the small one
        assert reader.size.height == len(before.splitlines())
        assert_screen_follows_the_box(app)


async def test_palette_opens_a_treatments_overview(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        await type_text(pilot, "treatments: Sculptra · Overview")
        await press(pilot, "enter")
        assert _highlighted(app) == "sculptra#overview"
        assert _reader(app).startswith("Overview")
        assert_screen_follows_the_box(app)


async def test_keys_of_the_pane_and_the_app_still_act_from_the_list(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await _ask(app, pilot, "can I take advil")
        box = _pane(app).query_one(Input)
        await press(pilot, "escape", "question_mark")  # back to the question, not typed
        assert box.has_focus and box.value == "can I take advil"
        await press(pilot, "escape", "2")  # a pane key, not the start of a question
        assert app.desk_screen.current == "checkin"
        assert box.value == "can I take advil"
