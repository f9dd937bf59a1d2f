"""``--db`` and ``--params`` are taken in the same places by every sub-command."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from desktop.__main__ import build_parser, main
from desktop.demo.intake_family import write_test_overlay
from desktop.domain.iin import make_iin
from desktop.domain.model import Sex
from desktop.domain.quarters import Quarter
from desktop.startup import ExitCode


def _pensioner_alone(day: dt.date) -> dict[str, object]:
    """A pensioner living alone, with every document, in the interchange format."""
    iin = make_iin(dt.date(1950, 1, 1), Sex.FEMALE, 12)
    kinds = ["application", "identity_document", "family_composition", "income_information",
             "farm_information", "residence_registration"]
    return {
        "application_date": day.isoformat(), "channel": "district_office",
        "office": {"code": "KAR-01", "region": "karaganda"},
        "applicant": {"member_id": "a"},
        "members": [{"member_id": "a", "name": {"surname": "Тестова", "first_name": "Әлия"},
                     "relationship": "applicant", "iin": iin}],
        "documents": [{"kind": kind, "original_shown": True} for kind in kinds],
        "commission": {"survey_date": day.isoformat()},
    }


# Each sub-command with one action that needs nothing else on the line.
COMMANDS = {
    "assess": (["assess", "application.json"], []),
    "print": (["print", "journal", "--out", "x.pdf"], []),
    "sync": (["sync", "--status"], []),
    "params": (["params"], ["poverty-lines"]),
    "setup": (["setup"], ["show"]),
    "accounts": (["accounts"], ["list"]),
}


def _places(command: str) -> list[list[str]]:
    """The command line with both options before the sub-command, after it, after its
    action (where it has actions) and at the very end."""
    head, action = COMMANDS[command]
    options = ["--db", "D.sqlite3", "--params", "P"]
    places = [options + head + action, head[:1] + options + head[1:] + action]
    if action:
        places.append(head + action + options)
    else:
        places.append(head + options)
    return places


@pytest.mark.parametrize("command", list(COMMANDS))
def test_both_options_are_accepted_everywhere(command: str) -> None:
    for argv in _places(command):
        parser, _modules = build_parser("ru", argv)
        args = parser.parse_args(argv)
        assert args.command == command, argv
        assert args.db == "D.sqlite3", argv
        assert Path(args.params) == Path("P"), argv


def test_setup_show_takes_the_database_after_the_action(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str],
                                                        ) -> None:
    path = tmp_path / "komek.sqlite3"
    assert main(["--lang", "ru", "setup", "show", "--db", str(path)]) == ExitCode.OK
    assert str(path) in capsys.readouterr().out
    assert path.exists()


def test_params_takes_the_folder_after_the_action(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_test_overlay(tmp_path / "overlay", "kostanay", [Quarter(2031, 3)], 77_777)
    assert main(["--lang", "ru", "params", "poverty-lines", "--params", str(folder)]) == 0
    listed = capsys.readouterr().out
    assert "Костанайская область" in listed and "77\u00a0777,00" in listed
    assert main(["--lang", "ru", "--params", str(folder), "params", "poverty-lines"]) == 0
    assert capsys.readouterr().out == listed


def test_assess_reads_the_folder_given_before_the_sub_command(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_test_overlay(tmp_path / "overlay", "karaganda", [Quarter(2025, 2)], 40_000)
    path = tmp_path / "application.json"
    path.write_text(json.dumps(_pensioner_alone(dt.date(2025, 5, 15))), encoding="utf-8")
    code = main(["--lang", "ru", "--params", str(folder), "assess", str(path),
                 "--db", str(tmp_path / "unused.sqlite3")])
    assert code == 0, capsys.readouterr()
    output = json.loads(capsys.readouterr().out)
    assert output["poverty_line_tiyn"] == 40_000_00
