"""``komek assess FILE.json``: JSON on stdout and exit 0; bad input: pointer and exit 2."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from desktop.cli import assess as cli
from desktop.domain.interchange import application_to_json
from desktop.domain.model import Relationship
from desktop.domain.quarters import Quarter
from tests.support.domain_factories import REGION, application, member, monthly_income


@pytest.fixture
def overlay(tmp_path: Path) -> Path:
    folder = tmp_path / "overlay"
    folder.mkdir()
    (folder / "poverty_lines.yaml").write_text(yaml.safe_dump({"poverty_lines": [
        {"region": REGION, "quarter": "2025-Q2", "amount": "40000", "source": "test"}]}),
        encoding="utf-8")
    return folder


def write(tmp_path: Path, document: Any) -> Path:
    path = tmp_path / "application.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def document() -> dict[str, Any]:
    family = [member("a", Relationship.APPLICANT, dt.date(1950, 1, 1))]
    return application_to_json(application(family, dt.date(2025, 5, 15),
                                           monthly_income("a", Quarter(2025, 1), 30_000)))


def run(*argv: str) -> int:
    parser = cli.argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    cli.add_parser(sub)
    return cli.run(parser.parse_args(list(argv)))


def test_assess_prints_the_assessment(tmp_path: Path, overlay: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, document())
    assert run("assess", str(path), "--lang", "ru", "--params", str(overlay)) == 0
    output = json.loads(capsys.readouterr().out)
    assert output["outcome"] == "assigned" and output["lang"] == "ru"
    assert output["monthly_amount_tiyn"] == 10_000_00
    assert output["trace"][-1]["code"] == "decision"


def test_bad_input_names_the_place(tmp_path: Path, overlay: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    bad = document()
    bad["members"][0]["iin"] = "900101300127"
    bad["incomes"][0]["amount"] = "abc"
    path = write(tmp_path, bad)
    assert run("assess", str(path), "--lang", "kk", "--params", str(overlay)) == 2
    captured = capsys.readouterr()
    pointers = [e["pointer"] for e in json.loads(captured.out)["errors"]]
    assert pointers == ["/incomes/0/amount"]
    path = write(tmp_path, dict(document(), members=[bad["members"][0]]))
    assert run("assess", str(path), "--params", str(overlay)) == 2
    errors = json.loads(capsys.readouterr().out)["errors"]
    assert errors[0]["pointer"] == "/members/0/iin" and errors[0]["code"] == "iin.check_digit"


def test_not_json_and_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{", encoding="utf-8")
    assert run("assess", str(path)) == 2
    assert json.loads(capsys.readouterr().out)["errors"][0]["code"] == "input.json"
    assert run("assess", str(tmp_path / "absent.json")) == 2
    assert json.loads(capsys.readouterr().out)["errors"][0]["code"] == "input.file"


def test_missing_poverty_line_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, document())
    assert run("assess", str(path), "--no-overlay") == 3
    assert json.loads(capsys.readouterr().out)["errors"][0]["code"] == "poverty_line.missing"


def test_as_a_module(tmp_path: Path, overlay: Path) -> None:
    path = write(tmp_path, document())
    result = subprocess.run(
        [sys.executable, "-m", "desktop.cli.assess", "assess", str(path), "--params",
         str(overlay), "--no-documents-check"],
        capture_output=True, text=True, cwd=Path(__file__).resolve().parents[3], check=False)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["outcome"] == "assigned"


def test_an_unknown_region_is_the_inputs_error_not_a_missing_line(
        tmp_path: Path, overlay: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # before: exit 3 and "the district administrator must add the line" -- for a region the
    # administrator cannot add a line for (komek params add-poverty-line refuses it)
    bad = document()
    bad["office"]["region"] = "karagandy"
    path = write(tmp_path, bad)
    assert run("assess", str(path), "--lang", "ru", "--params", str(overlay)) == 2
    (error,) = json.loads(capsys.readouterr().out)["errors"]
    assert (error["code"], error["pointer"]) == ("office.region_unknown", "/office/region")
    assert "karaganda" in error["message"]


def test_a_refusal_prints_no_payments(tmp_path: Path, overlay: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    rich = document()
    for income in rich["incomes"]:
        income["amount"] = "900000.00"
    path = write(tmp_path, rich)
    assert run("assess", str(path), "--params", str(overlay)) == 0
    output = json.loads(capsys.readouterr().out)
    assert output["outcome"] == "refused"
    assert output["payments"] == [] and output["child_supplement_tiyn"] == 0
    assert output["children_supplemented"] == 0
