"""A broken form file is reported with the file name and the path inside it, all at once."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from desktop.formspec import FormSpecError, load_all, load_form
from desktop.paths import forms_dir


def minimal() -> dict[str, object]:
    return {
        "schema": 1,
        "id": "sheet",
        "version": "1",
        "marker": {"kk": "Нысан", "ru": "Форма"},
        "title": {"kk": "Өтініш", "ru": "Заявление"},
        "source": {"seed": "002_c30395a18cd71827.txt"},
        "pages": [
            {
                "id": "first",
                "title": {"kk": "Бет", "ru": "Страница"},
                "fields": [
                    {"id": "a_name", "type": "text", "binding": "applicant.occupation",
                     "label": {"kk": "Аты", "ru": "Имя"}},
                    {"id": "a_iin", "type": "iin", "binding": "applicant_member.iin",
                     "label": {"kk": "ЖСН", "ru": "ИИН"}},
                ],
            },
        ],
    }


def write(tmp_path: Path, data: object, name: str = "sheet.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(FormSpecError) as caught:
        load_form(path)
    return caught.value.problems


def test_minimal_form_loads(tmp_path: Path) -> None:
    spec = load_form(write(tmp_path, minimal()))
    assert [f.id for f in spec.fields()] == ["a_name", "a_iin"]


def test_missing_language_is_reported_with_its_path(tmp_path: Path) -> None:
    data = minimal()
    del data["pages"][0]["fields"][1]["label"]["kk"]  # type: ignore[index]
    assert problems_of(write(tmp_path, data)) == [
        'sheet.yaml: pages[0].fields[1].label: missing "kk"'
    ]


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    data = minimal()
    fields = data["pages"][0]["fields"]  # type: ignore[index]
    fields[0]["type"] = "txt"
    fields[0]["label"]["kk"] = "Менiң аты"  # Latin i inside a Kazakh word
    fields[1]["id"] = "a_name"  # duplicate
    fields[1]["binding"] = "Applicant..iin"
    fields[1]["validation"] = {"validators": ["luhn"], "min": 5, "max": 1}
    problems = problems_of(write(tmp_path, data))
    text = "\n".join(problems)
    assert 'pages[0].fields[0].type: unknown type "txt"' in text
    assert "pages[0].fields[0].label.kk: Latin letter inside a Cyrillic word" in text
    assert "pages[0].fields[1].binding: 'Applicant..iin' is not a dotted path" in text
    assert 'pages[0].fields[1].validation.validators: unknown validator "luhn"' in text
    assert "pages[0].fields[1].validation: min 5.0 is greater than max 1.0" in text
    assert 'pages[0].fields[1]: duplicate field id "a_name"' in text
    assert all(p.startswith("sheet.yaml: ") for p in problems)
    assert len(problems) >= 6


def test_kazakh_letters_in_russian_are_reported(tmp_path: Path) -> None:
    data = minimal()
    data["title"] = {"kk": "Өтініш", "ru": "Өтініш"}
    (problem,) = problems_of(write(tmp_path, data))
    assert problem.startswith("sheet.yaml: title.ru: Kazakh-only letters in Russian text: ")
    assert set(problem.rsplit(": ", 1)[1]) == {"Ө", "і"}


def test_table_column_must_bind_inside_the_table_and_choices_need_values(tmp_path: Path) -> None:
    data = minimal()
    data["pages"][0]["fields"].append({  # type: ignore[index]
        "id": "grid", "type": "table", "binding": "members[]", "rows": {"min": 1},
        "label": {"kk": "Кесте", "ru": "Таблица"},
        "columns": [
            {"id": "g_rel", "type": "choice", "binding": "incomes[].kind",
             "label": {"kk": "Түрі", "ru": "Вид"}},
        ],
    })
    text = "\n".join(problems_of(write(tmp_path, data)))
    where = "pages[0].fields[2].columns[0]"
    assert f"{where}.binding: 'incomes[].kind' must start with 'members[].'" in text
    assert 'pages[0].fields[2].columns[0]: a choice field needs "choices" or "choices_from"' in text


def test_unknown_keys_and_wrong_schema_are_reported(tmp_path: Path) -> None:
    data = minimal()
    data["schema"] = 2
    data["pages"][0]["fields"][0]["lable"] = {"kk": "а", "ru": "а"}  # type: ignore[index]
    text = "\n".join(problems_of(write(tmp_path, data)))
    assert "sheet.yaml: schema: expected 1, got 2" in text
    assert 'sheet.yaml: pages[0].fields[0]: unknown key "lable"' in text


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "sheet.yaml"
    path.write_text("id: sheet\npages: [\n  - broken: {\n", encoding="utf-8")
    (problem,) = problems_of(path)
    assert problem.startswith("sheet.yaml: line ") and "not valid YAML" in problem


def test_file_name_must_match_the_form_id(tmp_path: Path) -> None:
    assert problems_of(write(tmp_path, minimal(), "other.yaml")) == [
        'other.yaml: id: "sheet" does not match the file name "other"'
    ]


def test_load_all_reports_every_broken_file_and_cross_form_duplicates(tmp_path: Path) -> None:
    write(tmp_path, minimal())
    second = minimal()
    second["id"] = "second"
    write(tmp_path, second, "second.yaml")
    broken = minimal()
    broken["id"] = "broken"
    del broken["title"]
    write(tmp_path, broken, "broken.yaml")
    with pytest.raises(FormSpecError) as caught:
        load_all(tmp_path)
    text = "\n".join(caught.value.problems)
    assert 'broken.yaml: missing "title"' in text
    assert 'sheet.yaml: field id "a_name" is already used in second.yaml' in text


def test_shipped_form_broken_on_purpose_is_caught(tmp_path: Path) -> None:
    data = yaml.safe_load((forms_dir() / "application.yaml").read_text(encoding="utf-8"))
    del data["pages"][0]["fields"][3]["label"]["kk"]
    write(tmp_path, data, "application.yaml")
    assert problems_of(tmp_path / "application.yaml") == [
        'application.yaml: pages[0].fields[3].label: missing "kk"'
    ]
