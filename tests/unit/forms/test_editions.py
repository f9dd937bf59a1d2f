"""Editions of the blanks: declared in the form files, checked at load, chosen by date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from desktop.domain.rulesets import RULE_SETS, rule_set_for
from desktop.formspec import FormSpecError, load_all, load_form
from desktop.formspec.editions import edition_for, resolve

PRINTED = ("application", "family", "income", "farm", "refusal_slip")
FORMS = load_all()


def days() -> list[dt.date]:
    """The first and last day of every rule set, days in the gaps, the term's change."""
    found = [dt.date(2014, 6, 10), dt.date(2017, 1, 9), dt.date(2021, 1, 1),
             dt.date(2021, 1, 2), dt.date(2019, 12, 31), dt.date(2020, 1, 1)]
    for rule_set in RULE_SETS:
        found.append(rule_set.effective_from)
        if rule_set.effective_to is not None:
            found.append(rule_set.effective_to)
    return sorted(found)


@pytest.mark.parametrize("form_id", PRINTED)
def test_every_day_a_rule_set_decides_has_exactly_one_edition(form_id):
    spec = FORMS[form_id]
    for day in days():
        rule_set = rule_set_for(day)
        covering = [e.id for e in spec.editions if e.covers(rule_set.id, day)]
        assert len(covering) == 1, (form_id, day, covering)


@pytest.mark.parametrize("form_id", PRINTED)
def test_only_the_2015_edition_is_quoted_from_its_own_act(form_id):
    official = [e.id for e in FORMS[form_id].editions if e.official]
    assert official == ["nko-2015"]
    for edition in FORMS[form_id].editions:
        for lang, line in edition.legal_source.items():
            gap = {"kk": "дереккөздерде табылмады", "ru": "в источниках не найдена"}[lang]
            nothing = {"kk": "қолхат жоқ", "ru": "расписки об отказе в приеме документов нет"}
            named = gap in line or nothing[lang] in line
            assert named is not edition.official, (form_id, edition.id, lang)


@pytest.mark.parametrize("day,edition_id", [
    (dt.date(2014, 6, 10), "aktogay-2013"), (dt.date(2016, 3, 15), "nko-2015"),
    (dt.date(2017, 1, 9), "nko-2015"), (dt.date(2018, 6, 11), "kzo-2018"),
    (dt.date(2019, 12, 31), "kzo-2018"), (dt.date(2020, 1, 1), "rules-2020"),
    (dt.date(2021, 1, 1), "rules-2020"), (dt.date(2021, 1, 2), "rules-2020-kandas"),
    (dt.date(2023, 7, 1), "social-code-2023"), (dt.date(2025, 3, 17), "social-code-2023")])
def test_the_application_date_chooses_the_edition(day, edition_id):
    spec = FORMS["application"]
    edition = edition_for(spec, rule_set_for(day).id, day)
    assert edition is not None and edition.id == edition_id


def test_an_edition_overrides_only_what_differs():
    base = FORMS["application"]
    day = dt.date(2014, 6, 10)
    old = resolve(base, rule_set_for(day).id, day)
    assert old.block("coupon").title is not None
    assert old.block("coupon").title.kk == "Жыртпалы талон"
    assert old.block("coupon").title.ru == base.block("coupon").title.ru  # type: ignore[union-attr]
    assert old.field("applicant_id_kind").choice("kandas_certificate").label.ru \
        == "Удостоверение оралмана"  # type: ignore[union-attr]
    assert old.block("body") == base.block("body")  # no text of 2013: the 2015 one
    assert old.edition is not None and old.origin is base
    again = resolve(old, "social-code-2023", dt.date(2025, 1, 9))  # from the file, not 2013
    assert again.block("coupon").title == base.block("coupon").title
    assert again.field("applicant_id_kind").choice("kandas_certificate").label.kk \
        == "Қандас куәлігі"  # type: ignore[union-attr]


def test_the_2018_edition_names_the_employment_centre_for_the_office_channel():
    day = dt.date(2018, 6, 11)
    spec = resolve(FORMS["application"], rule_set_for(day).id, day)
    assert spec.edition is not None
    assert "Халықты жұмыспен қамту орталығы" in spec.edition.intake["district_office"].kk
    later = resolve(FORMS["application"], "law2001-2019", dt.date(2022, 3, 1))
    assert later.edition is not None and "district_office" in later.edition.intake


# --- broken editions are reported with the file and its line -------------------------------

def form_with(editions: list[dict[str, object]]) -> dict[str, object]:
    return {
        "schema": 1, "id": "sheet", "version": "1", "rule_sets": ["law2001-2015"],
        "marker": {"kk": "Нысан", "ru": "Форма"},
        "title": {"kk": "Өтініш", "ru": "Заявление"},
        "source": {"seed": "002_c30395a18cd71827.txt"},
        "pages": [{"id": "first", "title": {"kk": "Бет", "ru": "Страница"}, "fields": [
            {"id": "a_kind", "type": "choice", "binding": "applicant.occupation",
             "label": {"kk": "Түрі", "ru": "Вид"},
             "choices": [{"id": "one", "label": {"kk": "Бір", "ru": "Один"}}]}]}],
        "blocks": [{"id": "body", "statements": [
            {"id": "b1", "order": 1, "text": {"kk": "Сұраймын.", "ru": "Прошу."}}]}],
        "editions": editions,
    }


SOURCE = {"kk": "Нысан: 2015 жылғы", "ru": "Форма: 2015 года"}


def problems(tmp_path: Path, data: dict[str, object]) -> FormSpecError:
    path = tmp_path / "sheet.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(FormSpecError) as caught:
        load_form(path)
    return caught.value


def line_of(tmp_path: Path, needle: str) -> int:
    lines = (tmp_path / "sheet.yaml").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)


def test_a_good_edition_loads(tmp_path: Path):
    path = tmp_path / "sheet.yaml"
    data = form_with([{"id": "nko-2015", "rule_sets": ["law2001-2015"], "official": True,
                       "legal_source": SOURCE,
                       "statements": {"body.b1": {"text": {"kk": "Өтінемін.",
                                                           "ru": "Прошу назначить."}}}}])
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    spec = load_form(path)
    assert resolve(spec, "law2001-2015", dt.date(2016, 1, 5)).block("body").statements[0] \
        .text.ru == "Прошу назначить."


def test_an_override_of_nothing_names_its_file_and_line(tmp_path: Path):
    error = problems(tmp_path, form_with([
        {"id": "nko-2015", "rule_sets": ["law2001-2015"], "legal_source": SOURCE,
         "statements": {"body.b9": {"text": {"kk": "Жоқ.", "ru": "Нет."}}},
         "fields": {"a_kind": {"choices": {"two": {"kk": "Екі", "ru": "Два"}}},
                    "no_field": {"label": {"kk": "Жоқ", "ru": "Нет"}}}}]))
    text = "\n".join(error.problems)
    assert "editions[0].statements.body.b9: names no statement of the form" in text
    assert "editions[0].fields.a_kind.choices.two: names no choice of the field" in text
    assert "editions[0].fields.no_field: names no field of the form" in text
    assert f"sheet.yaml:{line_of(tmp_path, 'no_field')}: editions[0].fields.no_field" \
        in str(error)


def test_two_editions_of_one_day_and_a_broken_chain_are_reported(tmp_path: Path):
    error = problems(tmp_path, form_with([
        {"id": "nko-2015", "rule_sets": ["law2001-2015"], "legal_source": SOURCE},
        {"id": "other-2015", "rule_sets": ["law2001-2015", "law2001-2018"],
         "from": "2016-01-01", "legal_source": SOURCE, "extends": "nowhere"},
        {"id": "loop-a", "rule_sets": ["law2001-2013"], "legal_source": SOURCE,
         "extends": "loop-b"},
        {"id": "loop-b", "rule_sets": ["law2001-2019"], "legal_source": SOURCE,
         "extends": "loop-a"},
        {"id": "no-source", "rule_sets": ["social-code-2023"], "from": "2024-13-01"}]))
    text = "\n".join(error.problems)
    assert '"nko-2015" and "other-2015" both cover law2001-2015 on the same days' in text
    assert 'editions[1].extends: no edition "nowhere" in this form' in text
    assert 'editions[2].extends: "loop-a" extends itself' in text
    assert 'editions[4]: missing "legal_source"' in text
    assert "editions[4].from: expected a date like 2021-01-02" in text
    assert f"sheet.yaml:{line_of(tmp_path, 'id: no-source')}: editions[4]" in str(error)


def test_the_form_own_rule_set_must_have_an_edition(tmp_path: Path):
    error = problems(tmp_path, form_with([
        {"id": "kzo-2018", "rule_sets": ["law2001-2018"], "legal_source": SOURCE}]))
    assert "sheet.yaml: editions: no edition covers the form's own law2001-2015" \
        in error.problems


def test_every_problem_of_the_shipped_forms_names_a_line(tmp_path: Path):
    """Break a shipped form's edition on purpose: the message points at its line."""
    text = (Path(FORMS["farm"].path)).read_text(encoding="utf-8")
    broken = text.replace("    extends: nko-2015\n", "    extends: nko-2051\n", 1)
    assert broken != text
    target = tmp_path / "farm.yaml"
    target.write_text(broken, encoding="utf-8")
    with pytest.raises(FormSpecError) as caught:
        load_form(target)
    line = next(number for number, row in enumerate(broken.splitlines(), 1)
                if "extends: nko-2051" in row)
    assert f"farm.yaml:{line}: editions[2].extends: no edition \"nko-2051\"" in str(caught.value)
