"""The layer rules of DESIGN.md, checked by import-linter's contracts in pyproject.toml."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_are_kept():
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(linter), str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_only_the_store_mentions_tinydb():
    offenders = [
        path.relative_to(ROOT)
        for path in (ROOT / "console").rglob("*.py")
        if "import tinydb" in path.read_text() or "from tinydb" in path.read_text()
        if "store" not in path.relative_to(ROOT / "console").parts[:1]
    ]
    assert offenders == []
