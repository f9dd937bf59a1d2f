"""A case's result document, made from its service's declared form and filled from the case:
the certificate issued and the case closed in one transaction (once), the referral of the
kind asked for, the notifications of registration, refusal and assignment with their amount;
reprints stamped and logged; the coupon reprinted as the service's own."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from desktop.domain.assessment import Outcome
from desktop.domain.case_path import Action, ActionNotAllowedError
from desktop.domain.case_status import CaseStatus
from desktop.domain.decision import DecisionTerms
from desktop.i18n import format_date
from desktop.services import printouts
from desktop.services.district_decisions import add_decision
from desktop.services.print_log import DocumentKind
from desktop.services.results import (
    ResultNotReadyError,
    issue_result,
    record_result_print,
    result_document,
)
from desktop.storage.models import AuditRecord, CaseEventRecord
from desktop.storage.repositories.applications import load_application
from tests.support.case_world import DAY, World
from tests.support.wizard_driver import pdf_text

from .test_service_cases import record, register_as

DEPARTMENT = {"kk": "Ақтоғай ауданының жұмыспен қамту және әлеуметтік бағдарламалар бөлімі",
              "ru": "Отдел занятости и социальных программ Актогайского района"}


def flat(data: bytes) -> str:
    return re.sub(r"\s+", "", pdf_text(data))


def has(data: bytes, text: str) -> bool:
    return re.sub(r"\s+", "", text) in flat(data)


def registered_unemployed(world: World, seed: int = 0) -> str:
    """The applicant registered as unemployed by the head's decision (today, DAY)."""
    users = world.users
    app_id = register_as(world, "unemployed_registration", seed=seed)
    world.cases.visa(users["head"], app_id, users["exec"].actor_id or "")
    world.cases.prepare_draft(users["exec"], app_id)
    world.cases.decide(users["head"], app_id, DecisionTerms(Outcome.ASSIGNED))
    return app_id


def prints(world: World, app_id: str, kind: str) -> list[dict]:
    with world.db.session() as s:
        rows = s.query(AuditRecord).filter_by(record_id=app_id, action=f"print.{kind}").all()
        return [json.loads(r.changes) for r in rows]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_certificate_is_issued_filled_and_the_case_closed_at_once(world: World, lang):
    registered_unemployed(world, seed=4)
    app_id = register_as(world, "unemployed_certificate", seed=4)
    desk = world.users["desk"]
    issued = issue_result(world.cases, desk, app_id, lang)
    assert record(world, app_id).status == CaseStatus.DELIVERED.value
    app = load_application(world.db, app_id)
    calendar = world.context.parameters.calendar
    heading = {"kk": "Жұмыссыз ретінде тіркелу туралы анықтама",
               "ru": "Справка о регистрации в качестве безработного"}[lang]
    for text in (heading, app.applicant_member.name.full, DEPARTMENT[lang],
                 format_date(DAY),  # registered as unemployed from the head's decision
                 format_date(calendar.add_working_days(DAY, 10)),  # valid 10 working days
                 app.registration_number, "Басшы Тест"):  # the office's head signs
        assert has(issued.pdf, text), text
    assert not issued.duplicate and issued.title.text(lang) == heading
    assert [p["duplicate"][1] for p in prints(world, app_id, "result")] == [False]
    with world.db.session() as s:
        event = s.query(CaseEventRecord).filter_by(application_id=app_id).one()
        assert event.action == Action.ISSUE_RESULT.value
    # done once: the step is taken, a second press changes nothing
    with pytest.raises(ActionNotAllowedError):
        issue_result(world.cases, desk, app_id, lang)
    assert len(prints(world, app_id, "result")) == 1
    # a reprint keeps the day of issue and its validity, stamped, and is logged
    world.clock.next_day(3)
    again = printouts.print_document(world.db, DocumentKind.RESULT, app_id, lang,
                                     desk.actor_id)
    assert again.duplicate and has(again.pdf, {"kk": "ТЕЛНҰСҚА", "ru": "ДУБЛИКАТ"}[lang])
    assert has(again.pdf, format_date(calendar.add_working_days(DAY, 10)))
    assert [p["duplicate"][1] for p in prints(world, app_id, "result")] == [False, True]


def test_no_certificate_without_a_registration_as_unemployed_and_nothing_is_changed(
        world: World):
    app_id = register_as(world, "unemployed_certificate", seed=6)
    with pytest.raises(ResultNotReadyError) as refused:
        issue_result(world.cases, world.users["desk"], app_id, "ru")
    assert "registration of this applicant as unemployed" in refused.value.message.msgid
    assert record(world, app_id).status == CaseStatus.REGISTERED.value
    assert prints(world, app_id, "result") == []
    with world.db.session() as s:
        assert s.query(CaseEventRecord).filter_by(application_id=app_id).count() == 0


@pytest.mark.parametrize(("kind", "kk", "ru"), [
    ("public_works", "қоғамдық жұмыстарға жолдама", "направление на общественные работы"),
    ("youth_practice", "жастар практикасына жолдама", "направление на молодежную практику"),
])
def test_the_referral_is_of_the_kind_asked_for(world: World, kind, kk, ru):
    app_id = register_as(world, "employment_referral", details={"referral_kind": kind})
    issued = issue_result(world.cases, world.users["desk"], app_id, "kk")
    assert has(issued.pdf, kk) and has(issued.pdf, issued.title.kk)
    assert issued.title.kk.lower() == kk
    russian = result_document(world.db, app_id, world.users["desk"], "ru", log=False)
    assert has(russian.pdf, ru) and has(russian.pdf, DEPARTMENT["ru"])
    assert russian.duplicate  # printed once already, at the issue


def test_the_registration_notifies_the_registration_or_the_refusal_with_its_grounds(
        world: World):
    users = world.users
    registered = registered_unemployed(world, seed=1)
    assert printouts.available_documents(world.db, registered) == [
        DocumentKind.COUPON, DocumentKind.RESULT]
    notice = result_document(world.db, registered, users["desk"], "ru", log=True)
    assert has(notice.pdf, "Уведомление о регистрации и постановке на учет в качестве "
                           "безработного")
    assert has(notice.pdf, f"Решением от {format_date(DAY)} Вы зарегистрированы")
    refused = register_as(world, "unemployed_registration", seed=2)
    world.cases.visa(users["head"], refused, users["exec"].actor_id or "")
    world.cases.prepare_draft(users["exec"], refused)
    assert printouts.available_documents(world.db, refused) == [DocumentKind.COUPON]
    world.cases.decide(users["head"], refused,
                       DecisionTerms(Outcome.REFUSED, note="Өтініш беруші жұмыс істейді"))
    kk = result_document(world.db, refused, users["desk"], "kk", log=False)
    assert has(kk.pdf, "Жұмыссыз ретінде тіркеуден бас тарту туралы хабарлама")
    assert has(kk.pdf, "Бас тарту негіздері: Өтініш беруші жұмыс істейді")
    assert record_result_print(world.db, refused, users["desk"], "kk") is False


def test_the_fuel_notification_states_the_amount_assigned(world: World, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("KOMEK_PARAMS_OVERLAY", str(tmp_path / "overlay"))
    add_decision({
        "district": "Актогайский район", "number": "7/1", "date": dt.date(2026, 1, 10),
        "in_force": {"from": dt.date(2026, 1, 20), "to": None}, "source": "Решение № 7/1",
        "fuel": {"amount": "45000", "spheres": ["health", "education"]}})
    app_id = register_as(world, "rural_fuel", details={
        "sphere": "education", "lives_in_rural_settlement": True,
        "works_in_rural_settlement": True})
    users = world.users
    world.cases.visa(users["head"], app_id, users["exec"].actor_id or "")
    world.cases.decide(users["head"], app_id, world.cases.prepare_draft(users["exec"], app_id))
    notice = issue_result(world.cases, users["desk"], app_id, "ru",
                          action=Action.ISSUE_NOTIFICATION)
    assert record(world, app_id).status == CaseStatus.DELIVERED.value
    assert has(notice.pdf, "Размер социальной помощи (единовременно): 45 000,00 ₸")
    assert has(notice.pdf, "Басшы Тест")  # the head who decided signs


def test_a_services_coupon_is_reprinted_as_its_own_not_as_asps(world: World):
    app_id = register_as(world, "unemployed_certificate", seed=3)
    assert printouts.available_documents(world.db, app_id) == [DocumentKind.COUPON]
    again = printouts.print_document(world.db, DocumentKind.COUPON, app_id, "ru",
                                     world.users["desk"].actor_id)
    assert again.duplicate  # registration printed the original
    assert has(again.pdf, "Выдача справок безработным гражданам")
    assert has(again.pdf, record(world, app_id).registration_number)
    assert not has(again.pdf, "адресной социальной помощи")
    assert [p["duplicate"][1] for p in prints(world, app_id, "coupon")] == [False, True]


def test_komek_print_result_reprints_the_referral_headless(world: World, tmp_path: Path):
    from desktop.__main__ import main
    from desktop.cli import print as print_command

    app_id = register_as(world, "employment_referral",
                         details={"referral_kind": "social_jobs"})
    number = record(world, app_id).registration_number
    out = tmp_path / "referral.pdf"
    before = main(["--db", str(world.db.path), "print", "result", number, "--lang", "ru",
                   "--out", str(out)])
    assert before == print_command.EXIT_NOT_PRINTABLE  # not issued yet: nothing to reprint
    issue_result(world.cases, world.users["desk"], app_id, "kk")
    assert main(["--db", str(world.db.path), "print", "result", number, "--lang", "ru",
                 "--out", str(out)]) == 0
    data = out.read_bytes()
    assert has(data, "Направление для трудоустройства на социальные рабочие места")
    assert has(data, "ДУБЛИКАТ")
    assert [p["duplicate"][1] for p in prints(world, app_id, "result")] == [False, True]


def test_komek_print_of_a_document_the_service_has_not_says_so(world: World, tmp_path: Path,
                                                                capsys):
    """АСП's application sheets asked for another service's number: the number exists, so
    the command says the document cannot be printed for it, not that no such number is."""
    from desktop.__main__ import main
    from desktop.cli import print as print_command

    app_id = register_as(world, "employment_referral",
                         details={"referral_kind": "social_jobs"})
    number = record(world, app_id).registration_number
    code = main(["--db", str(world.db.path), "--lang", "ru", "print", "application", number,
                 "--out", str(tmp_path / "x.pdf")])
    assert code == print_command.EXIT_NOT_PRINTABLE
    said = capsys.readouterr().err
    assert "нет зарегистрированного" not in said and number not in said, said
    assert "нельзя напечатать" in said.lower() or "не печатается" in said.lower(), said
