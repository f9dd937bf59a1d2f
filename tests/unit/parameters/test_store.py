"""Parameter tables: shipped values load, the administrator's overlay adds and replaces,
malformed documents are reported with the document and the JSON pointer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from desktop.domain.issues import ParameterError
from desktop.domain.money import Rounding, RoundingMode
from desktop.domain.quarters import Quarter
from desktop.parameters.store import (
    add_poverty_line,
    default_overlay_dir,
    load_parameters,
    read_documents,
)


def test_shipped_parameters_load_and_carry_sources() -> None:
    params = load_parameters(use_overlay=False)
    line = params.poverty_lines.get("karaganda", Quarter(2018, 1))
    assert line.amount == 11_471_00 and not line.sourced.confirmed and line.sourced.source
    assert params.mrp.on(dt.date(2026, 3, 1)).amount == 4_325_00
    assert params.mrp.on(dt.date(2022, 4, 1)).amount == 3_180_00
    assert params.subsistence_minimum.on(dt.date(2019, 6, 1)).amount == 29_698_00
    assert len(params.regions) == 21 and params.regions["astana"].name_kk == "Астана қаласы"
    assert set(params.deadlines) == {"reg2013", "reg2015", "reg2018", "social-code"}
    code = next(r for r in params.rule_sets if r.id == "social-code-2023")
    assert code.per_capita_rounding == Rounding(RoundingMode.HALF_UP, 1)


def test_overlay_adds_a_quarter_without_a_release(tmp_path: Path) -> None:
    with pytest.raises(ParameterError):
        load_parameters(tmp_path).poverty_lines.get("turkistan", Quarter(2026, 1))
    path = add_poverty_line(tmp_path, "turkistan", Quarter(2026, 1), "45123.50",
                            "akimat publication (test)")
    assert path.name == "poverty_lines.yaml"
    line = load_parameters(tmp_path).poverty_lines.get("turkistan", Quarter(2026, 1))
    assert line.amount == 45_123_50 and line.sourced.origin == "overlay"
    add_poverty_line(tmp_path, "turkistan", Quarter(2026, 1), 46000, "corrected")
    lines = yaml.safe_load(path.read_text(encoding="utf-8"))["poverty_lines"]
    assert len(lines) == 1
    assert load_parameters(tmp_path).poverty_lines.get(
        "turkistan", Quarter(2026, 1)).amount == 46_000_00


def test_overlay_replaces_shipped_values_with_the_same_key(tmp_path: Path) -> None:
    (tmp_path / "mrp.json").write_text(
        '{"values": [{"from": "2026-01-01", "amount": 4400, "source": "test"}]}',
        encoding="utf-8")
    (tmp_path / "calendar.yaml").write_text(yaml.safe_dump({"kurban_ait": [
        {"date": "2027-05-16", "source": "test"}], "transfers": [
        {"worked": "2027-01-09", "rested": "2027-01-08", "source": "test"}]}), encoding="utf-8")
    params = load_parameters(tmp_path)
    assert params.mrp.on(dt.date(2026, 6, 1)).amount == 4_400_00
    assert params.mrp.on(dt.date(2025, 6, 1)).amount == 3_932_00
    assert params.calendar.has_complete_data(2027) and params.calendar.has_complete_data(2026)
    assert not params.calendar.is_working_day(dt.date(2027, 1, 8))


def test_adding_a_bad_value_never_reaches_the_file(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        add_poverty_line(tmp_path, "turkistan", Quarter(2026, 1), "45,5", "x")
    with pytest.raises(ParameterError):
        add_poverty_line(tmp_path, "atlantis", Quarter(2026, 1), "45000", "x")
    assert not (tmp_path / "poverty_lines.yaml").exists()


def test_unreadable_files(tmp_path: Path) -> None:
    (tmp_path / "mrp.yaml").write_text("values: [", encoding="utf-8")
    with pytest.raises(ParameterError) as error:
        read_documents(tmp_path)
    assert error.value.issues[0].code == "params.unreadable"
    (tmp_path / "mrp.yaml").write_text("values: []", encoding="utf-8")
    (tmp_path / "mrp.json").write_text('{"values": []}', encoding="utf-8")
    with pytest.raises(ParameterError) as error:
        read_documents(tmp_path)
    assert error.value.issues[0].code == "params.duplicate_file"
    assert read_documents(tmp_path / "absent") == {}


def test_default_overlay_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KOMEK_PARAMS_OVERLAY", str(tmp_path))
    assert default_overlay_dir() == tmp_path
    monkeypatch.delenv("KOMEK_PARAMS_OVERLAY")
    assert default_overlay_dir().name == "params"


def test_missing_mrp_for_an_early_date() -> None:
    params = load_parameters(use_overlay=False)
    with pytest.raises(ParameterError) as error:
        params.mrp.on(dt.date(2010, 1, 1))
    assert error.value.issues[0].code == "mrp.missing"
