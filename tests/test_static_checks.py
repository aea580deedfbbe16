"""The house rules a linter can check: ruff (style, imports, docstrings) and mypy."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name(tool)
    return subprocess.run([str(exe), *args], cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_finds_nothing():
    result = _run("ruff", "check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_code_is_formatted():
    result = _run("ruff", "format", "--check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.long
def test_mypy_passes_on_the_package():
    # Configured in pyproject.toml ([tool.mypy]): the whole console package.
    result = _run("mypy", "--no-incremental")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success" in result.stdout
