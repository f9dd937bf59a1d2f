"""The administrator adds a quarter's poverty line; the assessment then finds it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from desktop.domain.quarters import Quarter
from desktop.i18n import render
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


# --- a line from its published figures ---------------------------------------------------------

def test_a_line_typed_as_its_figures_is_computed_and_stored_with_them(tmp_path: Path):
    quarter = Quarter(2026, 4)
    written = poverty_lines.add_line("aktobe", quarter, "", "Постановление акимата № 5",
                                     tmp_path, subsistence_minimum="56 100",
                                     median_income="118 000,50")
    assert written == tmp_path / "poverty_lines.yaml"
    parameters = poverty_lines.current_parameters(tmp_path)
    line = parameters.poverty_lines.get("aktobe", quarter)
    assert line.amount == 41_300_00  # 35 % of 118 000,50 = 41 300,175 > 70 % of 56 100 = 39 270
    assert line.basis is not None and line.basis.median_income == 118_000_50
    row = next(r for r in poverty_lines.rows(parameters, "ru") if r.quarter == quarter)
    assert row.formula is not None
    assert "41\u00a0300,18\u00a0₸" in render(row.formula, "ru")
    assert render(row.source, "kk") == "Постановление акимата № 5"  # as the administrator wrote


def test_the_line_itself_and_its_figures_must_agree():
    result = poverty_lines.preview("aktobe", Quarter(2026, 1), "37 000",
                                   subsistence_minimum="52943", median_income="105886")
    assert isinstance(result, poverty_lines.AddLineProblems)
    assert set(result.by_field) == {"amount"}
    assert "37\u00a0060,00\u00a0₸" in render(result.by_field["amount"], "ru")
    agreed = poverty_lines.preview("aktobe", Quarter(2026, 1), "37 060",
                                   subsistence_minimum="52943", median_income="105886")
    assert isinstance(agreed, poverty_lines.LinePreview) and agreed.amount == 37_060_00


@pytest.mark.parametrize(("quarter", "figures", "fields"), [
    (Quarter(2026, 4), {"subsistence_minimum": "abc", "median_income": "100000"},
     {"subsistence_minimum"}),
    (Quarter(2026, 4), {"subsistence_minimum": "50000"}, {"median_income"}),
    (Quarter(2024, 2), {"subsistence_minimum": "45000", "median_income": "90000"},
     {"median_income"}),  # the median enters the line only from 2025
    (Quarter(2012, 3), {"subsistence_minimum": "20000"}, {"quarter"}),  # no act known
    (Quarter(2026, 4), {}, {"amount"}),  # nothing typed at all
])
def test_problems_of_the_figures_are_given_by_field(tmp_path: Path, quarter, figures, fields):
    result = poverty_lines.add_line("aktobe", quarter, "", "Постановление № 1", tmp_path,
                                    **figures)
    assert isinstance(result, poverty_lines.AddLineProblems)
    assert set(result.by_field) == fields
    assert not (tmp_path / "poverty_lines.yaml").exists()


def test_a_region_that_did_not_exist_in_the_quarter_is_refused_at_its_field(tmp_path: Path):
    parameters = poverty_lines.current_parameters(tmp_path)
    for region, quarter in (("south_kazakhstan", Quarter(2019, 1)), ("abai", Quarter(2021, 2))):
        result = poverty_lines.add_line(region, quarter, "20000", "Решение", tmp_path,
                                        parameters=parameters)
        assert isinstance(result, poverty_lines.AddLineProblems)
        assert set(result.by_field) == {"region"}
    assert not (tmp_path / "poverty_lines.yaml").exists()


def test_regions_are_listed_by_name_in_the_kazakh_alphabet_and_by_quarter(tmp_path: Path):
    parameters = poverty_lines.current_parameters(tmp_path)
    kk = [r.name_kk for r in poverty_lines.regions(parameters, "kk", Quarter(2026, 4))]
    # қ comes before л, and before о, in the Kazakh alphabet
    assert kk[:5] == ["Абай облысы", "Ақмола облысы", "Ақтөбе облысы", "Алматы қаласы",
                      "Алматы облысы"]
    assert kk.index("Ұлытау облысы") < kk.index("Шымкент қаласы")
    assert "Оңтүстік Қазақстан облысы" not in kk and len(kk) == 20
    ru = [r.name_ru for r in poverty_lines.regions(parameters, "ru", Quarter(2026, 4))]
    assert ru[:8] == ["Акмолинская область", "Актюбинская область", "Алматинская область",
                      "Атырауская область", "Восточно-Казахстанская область", "город Алматы",
                      "город Астана", "город Шымкент"]
    assert "Южно-Казахстанская область" not in ru
    old = [r.code for r in poverty_lines.regions(parameters, "kk", Quarter(2017, 1))]
    assert "south_kazakhstan" in old and not {"turkistan", "shymkent", "abai"} & set(old)


def test_a_region_is_found_by_its_name_in_either_language_or_its_code(tmp_path: Path):
    parameters = poverty_lines.current_parameters(tmp_path)
    for typed in ("Ақтөбе облысы", "актюбинская  область", "aktobe", "AKTOBE"):
        region = poverty_lines.find_region(parameters, typed)
        assert region is not None and region.code == "aktobe", typed
    assert poverty_lines.find_region(parameters, "Атлантида") is None


def test_the_published_figures_of_the_quarter_before_are_offered(tmp_path: Path):
    parameters = poverty_lines.current_parameters(tmp_path)
    figures = poverty_lines.published_figures(parameters, "karaganda", Quarter(2025, 4))
    assert [f.period for f in figures] == ["2025-08", "2025-09"]
    assert render(poverty_lines.figure_text(figures[0]), "ru").startswith(
        "08.2025: 60\u00a0342,00\u00a0₸ (данные Бюро национальной статистики")


def test_command_line_adds_a_line_from_its_figures_and_names_the_region(tmp_path: Path):
    def komek(*args: str, lang: str = "ru") -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "desktop", "--lang", lang, "params",
                               "--params", str(tmp_path), *args], capture_output=True,
                              text=True, env={"PATH": ""}, timeout=60)

    added = komek("add-poverty-line", "--region", "Ақтөбе облысы", "--quarter", "2026-Q1",
                  "--subsistence-minimum", "52943", "--median-income", "105 886",
                  "--source", "Постановление акимата Актюбинской области № 1")
    assert added.returncode == 0, added.stderr
    assert "Актюбинская область, I квартал 2026 года: 37\u00a0060,00\u00a0₸" in added.stdout
    assert "Наибольшее из двух: 35 % × 105\u00a0886,00\u00a0₸" in added.stdout
    assert "№ 473" in added.stdout and "Order" not in added.stdout
    listed = komek("poverty-lines", lang="kk")
    assert "Ақтөбе облысы" in listed.stdout and "aktobe" not in listed.stdout
    assert "медианалық табыс, 2025 жылғы IV тоқсан" in listed.stdout
    assert "расталмаған" in listed.stdout  # shipped lines from news say so
    wrong = komek("add-poverty-line", "--region", "aktobe", "--quarter", "2024-Q3",
                  "--subsistence-minimum", "45 000", "--median-income", "abc", "--source", "x")
    assert wrong.returncode == 2
    assert wrong.stderr.startswith("--median-income: ")
    unknown = komek("add-poverty-line", "--region", "Атлантида", "--quarter", "2026-Q4",
                    "--amount", "1", "--source", "x")
    assert unknown.returncode == 2 and "Актюбинская область" in unknown.stderr
