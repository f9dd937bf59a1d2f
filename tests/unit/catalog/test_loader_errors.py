"""A broken service file is refused whole, and every problem names the file and its line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.catalog import CatalogueError, load_catalogue, load_index
from desktop.paths import forms_dir

MINIMAL = """\
schema: 1
code: {code}
status: provided
level: district
order: 50
title: {{kk: "Жұмыссыз азаматтарға анықтамалар беру", ru: "Выдача справок безработным гражданам"}}
short_title: {{kk: "Анықтама", ru: "Справка"}}
marker: {marker}
regulations:
  - id: nko-2015
    act: {{kk: "Қаулы", ru: "Постановление"}}
    source: {{seed: 002_c30395a18cd71827.txt, lines: {{kk: [3, 3], ru: [5981, 5981]}}}}
    in_force: {{from: 2015-09-22, to: 2016-06-05}}
in_force: {{from: 2015-09-22, to: null}}
channels:
  - id: district_office
documents:
  - id: identity_document
    name: {{kk: "жеке басын куәландыратын құжат", ru: "документ, удостоверяющий личность"}}
    slip_name: {{kk: "жеке куәлік", ru: "удостоверение"}}
    requirement: required
    presentation: original
    source: {{seed: 002_c30395a18cd71827.txt, lines: {{kk: [372, 372], ru: [6360, 6360]}}}}
sheets: [documents]
wizard:
  - {{step: documents, pages: [documents.documents]}}
steps:
  - {{id: registration, actor: front_desk, awaited_in: [],
     terms: {{district_office: {{minutes: 2}}}},
     source: {{seed: 002_c30395a18cd71827.txt, lines: {{kk: [399, 399], ru: [6387, 6387]}}}}}}
  - {{id: issue_result, actor: executor, awaited_in: [registered],
     terms: {{district_office: {{minutes: 8}}}},
     source: {{seed: 002_c30395a18cd71827.txt, lines: {{kk: [404, 404], ru: [6392, 6392]}}}}}}
path:
  - {{action: issue_result, from: [registered], to: delivered, roles: [front_desk],
     side: receiving}}
results:
  - id: certificate
    kind: certificate
    title: {{kk: "анықтама", ru: "справка"}}
    source: {{seed: 002_c30395a18cd71827.txt, lines: {{kk: [364, 364], ru: [6352, 6352]}}}}
    validity: {{working_days: 10}}
    print:
      heading: {{kk: "Анықтама", ru: "Справка"}}
      lines:
        - {{kk: "{{name}}", ru: "Дана {{name}}", caption: {{kk: "аты-жөні", ru: "фамилия, имя"}}}}
        - {{kk: "Соңғы күні – {{until}}.", ru: "Действительна по {{until}}."}}
      blanks: {{name: applicant.name, until: validity.end}}
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A forms folder with the shared sheets and АСП's entry, to add services to."""
    folder = tmp_path / "forms"
    folder.mkdir()
    for sheet in forms_dir().glob("*.yaml"):
        shutil.copy(sheet, folder / sheet.name)
    (folder / "services" / "asp").mkdir(parents=True)
    shutil.copy(forms_dir() / "services" / "asp" / "service.yaml",
                folder / "services" / "asp" / "service.yaml")
    return folder


def write(root: Path, code: str, text: str) -> Path:
    folder = root / "services" / code
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "service.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(root: Path) -> list[str]:
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(root)
    return caught.value.problems


def line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_a_good_minimal_service_loads(root: Path):
    write(root, "certificates", MINIMAL.format(code="certificates", marker="BS"))
    catalogue = load_catalogue(root)
    service = catalogue.get("certificates")
    assert service.marker == "BS" and service.schedule() is not None


def test_each_problem_names_the_file_and_the_line(root: Path):
    text = MINIMAL.format(code="certificates", marker="BS")
    text = text.replace('slip_name: {kk: "жеке куәлік", ru: "удостоверение"}',
                        'slip_name: {kk: "жеке куәлік"}')
    text = text.replace("  - id: district_office", "  - id: post_office")
    text = text.replace("id: registration, actor: front_desk",
                        "id: tea_break, actor: front_desk")
    text = text.replace("lang: kk", "lang: kk")
    write(root, "certificates", text)
    found = problems(root)
    name = "services/certificates/service.yaml"
    assert f'{name}:{line_of(text, "slip_name")}: documents[0].slip_name: missing "ru"' \
        in found
    assert any(p.startswith(f"{name}:{line_of(text, 'post_office')}: channels[0].id: "
                            'unknown channel "post_office"') for p in found)
    assert any(p.startswith(f"{name}:{line_of(text, 'tea_break')}: steps[0].id: "
                            '"tea_break" is not a step') for p in found)


def test_an_unknown_key_and_a_latin_letter_in_kazakh_are_named_at_their_line(root: Path):
    text = MINIMAL.format(code="certificates", marker="BS").replace(
        'short_title: {kk: "Анықтама", ru: "Справка"}',
        'short_title: {kk: "Aнықтама", ru: "Справка"}\ncolour: blue')
    write(root, "certificates", text)
    found = problems(root)
    name = "services/certificates/service.yaml"
    assert any(p.startswith(f"{name}:{line_of(text, 'colour')}: colour: unknown key")
               or p.startswith(f"{name}:{line_of(text, 'colour')}: unknown key")
               for p in found), found
    assert any(f"{name}:{line_of(text, 'short_title')}: short_title.kk: Latin letter" in p
               for p in found), found


def test_yaml_that_does_not_parse_is_named_at_its_line(root: Path):
    text = MINIMAL.format(code="certificates", marker="BS").replace(
        "level: district", "level: [district")
    write(root, "certificates", text)
    found = problems(root)
    assert len(found) == 1
    assert found[0].startswith("services/certificates/service.yaml:")
    assert "not valid YAML" in found[0]


def test_two_services_cannot_share_a_marker(root: Path):
    write(root, "certificates", MINIMAL.format(code="certificates", marker="BS"))
    write(root, "more_certificates", MINIMAL.format(code="more_certificates", marker="BS"))
    found = problems(root)
    assert any('marker: "BS" is already the marker of certificates' in p for p in found)


def test_the_code_is_the_folders_and_a_provided_service_has_a_marker(root: Path):
    text = MINIMAL.format(code="certificates", marker="BS").replace("marker: BS\n", "")
    write(root, "other_name", text)
    found = problems(root)
    assert any('code: "certificates" does not match the folder "other_name"' in p
               for p in found)
    assert any('a provided service needs a "marker"' in p for p in found)


def test_a_path_that_never_closes_a_case_is_refused(root: Path):
    text = MINIMAL.format(code="certificates", marker="BS").replace(
        "to: delivered", "to: visa")
    write(root, "certificates", text)
    found = problems(root)
    assert any("no step leads from registered to a closed status" in p for p in found)


def test_a_step_awaited_where_the_path_never_stands_is_refused(root: Path):
    text = MINIMAL.format(code="certificates", marker="BS").replace(
        "id: issue_result, actor: executor, awaited_in: [registered]",
        "id: issue_result, actor: executor, awaited_in: [sent_to_commission]")
    write(root, "certificates", text)
    found = problems(root)
    assert any("steps[1].awaited_in: no step of the path leaves sent_to_commission on the "
               "channel district_office" in p for p in found), found


def test_a_missing_sheet_page_or_rule_module_is_refused(root: Path):
    text = MINIMAL.format(code="certificates", marker="BS").replace(
        "sheets: [documents]", "sheets: [documents, invented]").replace(
        "pages: [documents.documents]", "pages: [documents.documents, documents.nowhere]")
    text += "rules: no_such_rules\n"
    write(root, "certificates", text)
    found = problems(root)
    assert any('no sheet "invented"' in p for p in found)
    assert any('sheet documents has no page "nowhere"' in p for p in found)
    assert any('no rule module "desktop.domain.no_such_rules"' in p for p in found)


def test_an_own_sheet_is_checked_by_the_forms_loader_and_its_bindings(root: Path):
    text = MINIMAL.format(code="certificates", marker="BS").replace(
        "sheets: [documents]", "sheets: [documents, request_sheet]")
    write(root, "certificates", text)
    (root / "services" / "certificates" / "request_sheet.yaml").write_text("""\
schema: 1
id: request_sheet
version: "1"
marker: {kk: "Нысан", ru: "Форма"}
title: {kk: "Өтініш", ru: "Заявление"}
source: {seed: 002_c30395a18cd71827.txt}
pages:
  - id: request
    title: {kk: "Өтініш", ru: "Заявление"}
    fields:
      - {id: request_kind, type: text, binding: details.kind, label: {kk: "Түрі", ru: "Вид"}}
      - {id: request_colour, type: text, binding: colour.of.the.sky,
         label: {kk: "Түсі", ru: "Цвет"}}
""", encoding="utf-8")
    found = problems(root)
    assert any('binding "colour.of.the.sky" is neither a path of the Application' in p
               for p in found), found
    assert not any("request_kind" in p for p in found)
    sheet = root / "services" / "certificates" / "request_sheet.yaml"
    mood = '      - {id: request_mood, type: text, label: {kk: "Көңіл", ru: "Настроение"}}\n'
    sheet.write_text(sheet.read_text(encoding="utf-8") + mood, encoding="utf-8")
    assert any(p.startswith("services/certificates/request_sheet.yaml: pages[0].fields[2]: "
                            'missing "binding"') for p in problems(root))


def test_the_index_checks_the_files_but_not_the_sheets(root: Path):
    text = MINIMAL.format(code="certificates", marker="BS").replace(
        "sheets: [documents]", "sheets: [documents, invented]")
    write(root, "certificates", text)
    assert "certificates" in load_index(root)
    assert any('no sheet "invented"' in p for p in problems(root))


def test_a_service_not_taken_here_must_say_where(root: Path):
    write(root, "elsewhere", """\
schema: 1
code: elsewhere
status: not_provided
level: oblast
order: 900
title: {kk: "Оралман мәртебесін беру", ru: "Присвоение статуса оралмана"}
short_title: {kk: "Оралман", ru: "Оралман"}
in_force: {from: 2015-09-22, to: null}
""")
    assert any('needs "where"' in p for p in problems(root))


def test_the_events_of_a_history_are_read_and_checked_like_the_actions(root: Path):
    good = MINIMAL.format(code="certificates", marker="BS") + (
        'events:\n  issue_result: {kk: "Анықтама берілді", ru: "Справка выдана"}\n')
    write(root, "certificates", good)
    from desktop.domain.case_path import Action

    assert load_catalogue(root).get("certificates").event_labels[Action.ISSUE_RESULT].text(
        "ru") == "Справка выдана"
    bad = good.replace("  issue_result: {kk", "  tea_break: {kk")
    write(root, "certificates", bad)
    found = problems(root)
    assert any(p.startswith(f"services/certificates/service.yaml:{line_of(bad, 'tea_break')}:"
                            " events.tea_break") for p in found), found
def test_a_result_form_is_checked_blank_by_blank_at_its_line(root: Path):
    """Each blank used is declared with a known source, in both languages alike; a blank line
    holds one blank; a declared blank is used; validity.end needs the validity."""
    text = MINIMAL.format(code="certificates", marker="BS")
    text = text.replace('ru: "Дана {name}", caption', 'ru: "Дана {name} {iin}", caption')
    text = text.replace('ru: "Действительна по {until}."', 'ru: "Действительна по {when}."')
    text = text.replace("until: validity.end}", "until: validity.end, born: applicant.soul}")
    text = text.replace("    validity: {working_days: 10}\n", "")
    write(root, "certificates", text)
    found = problems(root)
    name = "services/certificates/service.yaml"
    line = line_of(text, "Дана {name}")
    assert f"{name}:{line}: results[0].print.lines[0].ru: {{iin}} is not declared under " \
        "blanks (where it is filled from)" in found
    assert f"{name}:{line}: results[0].print.lines[0].ru: a line with a caption is a blank " \
        "line: it holds exactly one blank, not 2" in found
    blanks = line_of(text, "blanks:")
    assert any(p.startswith(f"{name}:{blanks}: results[0].print.blanks.born: unknown source "
                            "'applicant.soul'") for p in found)
    assert f"{name}:{blanks}: results[0].print.blanks.until: validity.end needs the result's " \
        '"validity: {working_days: n}"' in found
    assert any("the Kazakh and Russian lines fill different blanks" in p for p in found)


def test_a_decision_blank_needs_a_decision_and_a_printed_result_a_form(root: Path):
    text = MINIMAL.format(code="certificates", marker="BS")
    text = text.replace("until: validity.end}", "until: decision.date}")
    text += """\
  - id: referral
    kind: referral
    title: {kk: "жолдама", ru: "направление"}
    source: {seed: 002_c30395a18cd71827.txt, lines: {kk: [650, 650], ru: [6652, 6652]}}
"""
    write(root, "certificates", text)
    found = problems(root)
    name = "services/certificates/service.yaml"
    assert f"{name}:{line_of(text, 'id: certificate')}: results.certificate: decision.date " \
        "needs a decision of the head, and the path has none (assign, refuse)" in found
    assert f"{name}:{line_of(text, 'id: referral')}: results.referral: a referral of a " \
        'service taking applications is printed here: it needs "print" (its form with the ' \
        "blanks and their sources)" in found


def test_a_programme_blank_needs_the_services_programme_items(root: Path):
    text = MINIMAL.format(code="certificates", marker="BS")
    text = text.replace("until: validity.end}", "until: disability.items}")
    write(root, "certificates", text)
    name = "services/certificates/service.yaml"
    assert f"{name}:{line_of(text, 'id: certificate')}: results.certificate: disability.items " \
        "needs the service's programme_items (the items of a rehabilitation programme it " \
        "provides)" in problems(root)
    text += """\
programme_items:
  - {id: wheelchair_room, title: {kk: "Бөлмелік кресло-арба", ru: "Кресло-коляска комнатная"}}
"""
    write(root, "certificates", text)
    assert load_catalogue(root).get("certificates").programme_items
