"""The clinic's one country, loaded on its own, lists what the library's registry lists."""

import datetime as dt
import subprocess
import sys
from pathlib import Path

import holidays
import pytest

from console.clinic import hours

ROOT = Path(__file__).resolve().parents[2]  # where `tests` and `console` import from

#: In a fresh interpreter (here the registry may already be loaded): the country is
#: loaded on its own first, then compared with the registry's for each case.
COMPARE = """
import sys
from console.clinic import hours
cases = [(c, s, y) for c, s in [("US", None), ("US", "CA"), ("USA", "NY"), ("CA", "ON"),
         ("GB", None), ("DE", "BY")] for y in (2020, 2026, 2031)]
alone = {case: hours._holidays(*case) for case in cases}
assert "holidays.countries" not in sys.modules, "the registry was loaded"
import holidays
for (country, subdiv, year), found in alone.items():
    expected = holidays.country_holidays(country, subdiv=subdiv, years=[year], observed=False)
    assert found == dict(expected.items()), (country, subdiv, year)
print(len(alone))
"""


def test_same_holidays_as_the_registry():
    done = subprocess.run(
        [sys.executable, "-c", COMPARE], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "18"


def test_an_unknown_country_is_the_registrys_error():
    with pytest.raises(NotImplementedError):
        hours._holidays("ZZ", None, 2026)


def test_the_country_is_the_librarys_class():
    loaded = hours._country_class("US")
    assert loaded is not None
    assert issubclass(loaded, holidays.HolidayBase)
    assert loaded(years=[2026], observed=False).get(dt.date(2026, 7, 4)) == "Independence Day"


#: A setup that lists no holidays: its days are told without the holidays library.
NO_HOLIDAYS = """
import datetime as dt
import sys
from tests.unit.setups import setup
from console.clinic.hours import day_info
info = day_info(setup(holidays={}), dt.date(2026, 12, 25))
assert "holidays" not in sys.modules, "the holidays library was imported"
print(info.kind)
"""


def test_a_setup_with_no_holidays_never_imports_the_library():
    done = subprocess.run(
        [sys.executable, "-c", NO_HOLIDAYS], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "open"  # Christmas is an ordinary Friday for this clinic
