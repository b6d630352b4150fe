"""make repro: two clean builds in two folders are byte-identical."""

import subprocess

import pytest

from conftest import STARLIGHT

pytestmark = pytest.mark.slow  # builds the real wiki four times (make test-fast leaves it out)


def test_two_builds_in_two_folders_are_identical():
    result = subprocess.run([*STARLIGHT, "repro"],
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "HTML: identical" in result.stdout
    assert "PDF: identical" in result.stdout or "PDF: not built" in result.stdout
