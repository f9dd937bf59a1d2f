"""Every shipped form loads, and its texts, ids and bindings follow the rules."""

from __future__ import annotations

import keyword
import re
import typing
from pathlib import Path

import pytest

from desktop.formspec import FieldType, FormSpec, load_all, load_form
from desktop.formspec.load import BINDING_RE, check_kazakh, check_russian
from desktop.formspec.model import LocalizedText
from desktop.paths import forms_dir

FORMS = load_all()
EXPECTED = {"application", "family", "income", "farm", "documents", "refusal_slip"}


def texts(spec: FormSpec) -> list[tuple[str, LocalizedText]]:
    """Every localized text of a form with a readable place."""
    found: list[tuple[str, LocalizedText]] = [("title", spec.title), ("marker", spec.marker)]
    for name in ("appendix", "subtitle"):
        value = getattr(spec, name)
        if value is not None:
            found.append((name, value))
    for page in spec.pages:
        found.append((f"{page.id}.title", page.title))
        if page.help:
            found.append((f"{page.id}.help", page.help))
    for item in spec.fields():
        for name in ("label", "help", "caption"):
            value = getattr(item, name)
            if value is not None:
                found.append((f"{item.id}.{name}", value))
        for choice in item.choices:
            found.append((f"{item.id}.{choice.id}", choice.label))
        if item.rows:
            for row in item.rows.fixed:
                found.append((f"{item.id}.rows.{row.id}", row.label))
    for block in spec.blocks:
        for st in block.statements:
            found += [(f"{block.id}.{st.id}", st.text)]
            found += [(f"{block.id}.{st.id}.fill", t) for t in (st.fill, st.caption) if t]
    for doc in spec.documents:
        found += [(f"{doc.id}.name", doc.name), (f"{doc.id}.slip_name", doc.slip_name)]
    return found


def test_every_form_file_loads_and_the_set_is_complete() -> None:
    assert set(FORMS) == EXPECTED
    assert sorted(p.stem for p in forms_dir().glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("form_id", sorted(EXPECTED))
def test_form_has_printed_title_marker_and_source(form_id: str) -> None:
    spec = FORMS[form_id]
    assert (spec.marker.kk, spec.marker.ru) == ("Нысан", "Форма")
    assert spec.source.seed.endswith(".txt")
    assert (Path(__file__).parents[3] / "forms" / f"{form_id}.yaml").name == Path(spec.path).name
    if form_id != "documents":
        assert spec.appendix is not None
        assert "қосымша" in spec.appendix.kk and spec.appendix.ru.startswith("Приложение")
        assert set(spec.source.lines) == {"kk", "ru"}


@pytest.mark.parametrize("form_id", sorted(EXPECTED))
def test_all_texts_have_clean_kazakh_and_russian(form_id: str) -> None:
    for where, text in texts(FORMS[form_id]):
        assert text.kk.strip() and text.ru.strip(), where
        assert check_kazakh(text.kk) == [], (where, text.kk)
        assert check_russian(text.ru) == [], (where, text.ru)
        assert "\u0259" not in text.kk and "\u018f" not in text.kk, where


def test_script_checks_catch_the_seed_pitfalls() -> None:
    assert check_kazakh("Менiң отбасым")  # Latin i inside a Kazakh word (seed 002 KZ 1604)
    assert check_kazakh("әлеуметтік көмек") == []
    assert check_kazakh("\u0259леуметтік")
    assert check_kazakh("III тоқсан") == []  # Latin Roman numerals stay
    assert check_russian("ПриҰм")  # seed 002 line 7882
    assert check_russian("III квартал") == []


@pytest.mark.parametrize("form_id", sorted(EXPECTED))
def test_field_ids_are_unique_identifiers(form_id: str) -> None:
    ids = [f.id for f in FORMS[form_id].fields()]
    assert len(ids) == len(set(ids))
    for ident in ids:
        assert ident.isidentifier() and not keyword.iskeyword(ident), ident
        assert re.fullmatch(r"[a-z][a-z0-9_]*", ident), ident


def test_field_ids_are_unique_across_forms() -> None:
    ids = [f.id for spec in FORMS.values() for f in spec.fields()]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("form_id", sorted(EXPECTED))
def test_choice_ids_unique_and_choice_fields_have_values(form_id: str) -> None:
    for item in FORMS[form_id].fields():
        ids = [c.id for c in item.choices]
        assert len(ids) == len(set(ids)), item.id
        if item.type is FieldType.CHOICE:
            assert ids or item.choices_from, item.id


@pytest.mark.parametrize("form_id", sorted(EXPECTED))
def test_bindings_are_well_formed_and_columns_bind_inside_their_table(form_id: str) -> None:
    for page in FORMS[form_id].pages:
        for top in page.fields:
            if top.binding:
                assert BINDING_RE.match(top.binding), top.id
            for column in top.columns:
                if column.binding:
                    assert column.binding.startswith(top.binding + "."), column.id


def test_print_orders_differ_where_the_kazakh_sheet_differs() -> None:
    app = FORMS["application"]
    assert [s.ref for s in app.block("body").in_order("ru")] == [f"B{i}" for i in range(1, 8)]
    assert [s.ref for s in app.block("body").in_order("kk")] == [
        "B1", "B2", "B3", "B5", "B4", "B6", "B7"
    ]
    # Header items of the RU blank only (forms.md §1.2 H6, H10, H12) are printed on the KZ
    # sheet too, so the data reaches it.
    for field_id in ("applicant_id_issuer", "applicant_bank_name", "applicant_account_type"):
        hint = app.field(field_id).print
        assert hint is not None and hint.printed_in("ru") and hint.printed_in("kk")
    assert [s.ref for s in app.block("header").in_order("kk")] == [
        "H1", "H3", "H4", "—", "H2", "H5", "H6", "H7", "H8", "H9", "H10", "H11", "H12", "H13"]


def test_farm_table_rows_follow_the_paper() -> None:
    farm = FORMS["farm"]
    land = farm.field("farm_objects").rows
    animals = farm.field("livestock").rows
    assert land is not None and animals is not None
    assert [r.id for r in land.fixed] == [
        "dacha", "garden", "land_plot", "conditional_land_share", "property_share"
    ]
    assert [r.id for r in animals.fixed] == [
        "cattle", "horses", "camels", "sheep_goats", "poultry", "pigs"
    ]
    assert animals.fixed[0].label.ru == "Крупный рогатый скот:"
    assert land.fixed[4].label.kk == "Мүліктік пай (берілген жылы)"


def test_localized_text_by_language() -> None:
    title = FORMS["application"].title
    assert (title.text("kk"), title.text("ru")) == ("Өтініш", "Заявление")
    with pytest.raises(ValueError):
        title.text("en")


def test_load_form_reads_a_single_file() -> None:
    spec = load_form(forms_dir() / "family.yaml")
    assert spec.field("family_members").type is FieldType.TABLE
    assert typing.cast(object, spec.field("member_relationship").choice("applicant")) is not None
