"""The administrator adds a quarter's poverty line; the assessment then finds it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from desktop.domain.quarters import Quarter
from desktop.services import poverty_lines


@pytest.mark.parametrize(("typed", "tiyn"), [("45000", 4_500_000), ("45 000", 4_500_000),
                                             ("45\u00a0000,50", 4_500_050), ("1.5", 150)])
def test_amount_as_people_type_it(typed: str, tiyn: int):
    assert poverty_lines.parse_amount(typed) == tiyn


@pytest.mark.parametrize("typed", ["", "abc", "0", "-5", "1,234"])
def test_amount_that_is_not_a_line(typed: str):
    with pytest.raises(ValueError):
        poverty_lines.parse_amount(typed)


def test_added_line_is_listed_and_used(tmp_path: Path):
    quarter = Quarter(2026, 4)
    written = poverty_lines.add_line("karaganda", quarter, "51 234", "Решение № 7", tmp_path)
    assert written == tmp_path / "poverty_lines.yaml"
    parameters = poverty_lines.current_parameters(tmp_path)
    assert parameters.poverty_lines.get("karaganda", quarter).amount == 5_123_400
    row = next(r for r in poverty_lines.rows(parameters) if r.quarter == quarter)
    assert row.added_here and row.region.name_kk == "Қарағанды облысы"
    assert poverty_lines.rows(parameters)[0].quarter == quarter  # newest first


def test_problems_are_given_by_field(tmp_path: Path):
    result = poverty_lines.add_line("karaganda", Quarter(2026, 4), "x", " ", tmp_path)
    assert isinstance(result, poverty_lines.AddLineProblems)
    assert set(result.by_field) == {"amount", "source"}
    unknown = poverty_lines.add_line("atlantis", Quarter(2026, 4), "100", "Решение", tmp_path)
    assert isinstance(unknown, poverty_lines.AddLineProblems)
    assert set(unknown.by_field) == {"region"}
    assert not (tmp_path / "poverty_lines.yaml").exists()


def test_command_line_adds_and_lists(tmp_path: Path):
    def komek(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "desktop", "params", "--params",
                               str(tmp_path), *args], capture_output=True, text=True,
                              env={"LANG": "ru_RU.UTF-8", "PATH": ""}, timeout=60)

    added = komek("add-poverty-line", "--region", "almaty", "--quarter", "2026-Q3",
                  "--amount", "60000", "--source", "Решение акимата № 3")
    assert added.returncode == 0, added.stderr
    listed = komek("poverty-lines")
    assert "III квартал 2026 года" in listed.stdout
    assert "60\u00a0000,00\u00a0₸" in listed.stdout
    wrong = komek("add-poverty-line", "--region", "almaty", "--quarter", "2026-3",
                  "--amount", "1", "--source", "x")
    assert wrong.returncode == 2
    assert "YYYY-Qn" in wrong.stderr
