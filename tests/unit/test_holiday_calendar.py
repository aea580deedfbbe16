"""The clinic's one country, loaded on its own, lists what the library's registry lists."""

import datetime as dt
import subprocess
import sys

import holidays
import pytest

from console.clinic import hours

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
        [sys.executable, "-c", COMPARE], capture_output=True, text=True, timeout=60
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
