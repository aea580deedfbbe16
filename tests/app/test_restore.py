"""Restoring a backup from the console: a manager can, a receptionist is told why not."""

from __future__ import annotations

import pytest

from console.app import FrontDeskApp
from console.desk import Administration, Desk
from console.ui.dialogs import RestoreDialog
from tests.app.drive import press, screen_text, settle, shown, type_text
from tests.app.staff import add_desk_staff

SIZE = (100, 30)


async def open_restore(pilot) -> None:
    await press(pilot, "ctrl+p")
    await type_text(pilot, "restore a backup")
    await press(pilot, "enter")


async def test_a_receptionist_is_told_in_one_sentence_that_only_a_manager_restores(
    desk: Desk, fresh: Desk
) -> None:
    add_desk_staff(fresh)
    Administration(fresh).backup()
    desk.act_as("maria")
    app = FrontDeskApp(desk=desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_restore(pilot)
        assert isinstance(app.screen, RestoreDialog)
        assert shown(app, "#error-general") == (
            "Only a manager can restore a backup; you are signed in as maria (receptionist)."
        )
        assert not app.screen.query_one("#restore-list").display
        await press(pilot, "enter", "y")  # nothing to pick, nothing to confirm
        await press(pilot, "escape")
        assert app.screen is app.desk_screen
    assert not [e for e in Administration(fresh).audit_recent(50) if e["action"] == "store.restore"]


@pytest.mark.parametrize("yes", ["y", "enter"])
async def test_a_manager_picks_a_backup_confirms_and_it_is_restored(
    desk: Desk, fresh: Desk, yes: str
) -> None:
    add_desk_staff(fresh)
    admin = Administration(fresh)
    backup = admin.backup()
    before = fresh.patient_count()
    fresh.add_patient("Zed", "Later", "714-555-0199")  # after the backup
    desk.act_as("lee")
    app = FrontDeskApp(desk=desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_restore(pilot)
        assert isinstance(app.screen, RestoreDialog)
        name = admin.backups()[-1]
        assert name in screen_text(app) and name in backup
        await press(pilot, "enter")  # the newest is highlighted first
        assert f"Restore the backup {name}?" in screen_text(app)
        await press(pilot, "n")  # back to the list: nothing happened
        assert fresh.patient_count() == before + 1
        await press(pilot, "enter", yes)  # Enter on the backup asked about confirms too
        await settle(pilot)
        assert app.screen is app.desk_screen
        toasts = [n.message for n in app._notifications]
        assert any(m.startswith(f"Restored the backup {name}; the data before") for m in toasts)
    assert fresh.patient_count() == before
    restored = [e for e in admin.audit_recent(50) if e["action"] == "store.restore"]
    assert [(e["who"], e["role"], e["id"]) for e in restored] == [("lee", "manager", name)]
