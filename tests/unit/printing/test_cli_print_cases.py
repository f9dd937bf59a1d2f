"""``komek print`` for the documents of the case path: notification, certificate, refusal slip,
journal and transfer registry — through ``komek``'s own entry point on a real SQLite file,
the PDFs read back with poppler in both languages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.__main__ import main
from desktop.cli import print as print_command
from desktop.demo.intake_family import fill_family, present_documents, write_test_overlay
from desktop.domain.assessment import AssistanceType, Outcome
from desktop.domain.case_path import Action
from desktop.domain.case_status import CaseStatus
from desktop.domain.decision import DecisionTerms
from desktop.domain.model import RefusalCode
from desktop.domain.quarters import Quarter
from desktop.parameters.store import load_parameters
from desktop.services.cases import ConclusionInput
from desktop.services.intake import intake_context, new_session, refuse_intake, register
from desktop.services.printouts import print_history
from desktop.services.transfer import form_batch
from desktop.services.workstation import WorkstationSetup, save_setup
from desktop.storage.models import ApplicationRecord, AuditRecord, MemberRecord
from tests.support.case_world import DAY, World, case_parameters, world

__all__ = ["case_parameters", "world"]

TODAY = dt.date.today()
# The certificate is issued for today: the assignment's period covers it.
PERIOD = (TODAY.replace(day=1), TODAY.replace(day=1) + dt.timedelta(days=92))


def komek(db_path: Path, *args: str) -> int:
    return main(["--db", str(db_path), "print", *args])


def decided(w: World, outcome: Outcome) -> str:
    c, u = w.cases, w.users
    app_id = w.register(seed=7)
    c.visa(u["head"], app_id, u["exec"].account_id or "")
    c.step(u["exec"], app_id, Action.REFER_TO_COMMISSION)
    c.record_conclusion(u["member"], app_id, ConclusionInput(DAY, True, members_present=("А",)))
    c.prepare_draft(u["exec"], app_id)
    if outcome is Outcome.ASSIGNED:
        terms = DecisionTerms(Outcome.ASSIGNED, AssistanceType.UNCONDITIONAL, 2_345_600, *PERIOD)
    else:
        terms = DecisionTerms(Outcome.REFUSED, refusal_codes=(RefusalCode.INCOME_ABOVE_LINE,),
                              note="Тексеру актісі / акт обследования № 7")
    c.decide(u["head"], app_id, terms)
    return app_id


def number_of(w: World, app_id: str) -> str:
    with w.db.session() as s:
        record = s.get(ApplicationRecord, app_id)
        assert record is not None and record.registration_number
        return record.registration_number


def iins_of(w: World, app_id: str) -> list[str]:
    with w.db.session() as s:
        return list(s.scalars(select(MemberRecord.iin).where(
            MemberRecord.application_id == app_id).order_by(MemberRecord.position)))


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_notification_of_assignment(world, pdf, tmp_path, lang, capsys):
    app_id = decided(world, Outcome.ASSIGNED)
    number = number_of(world, app_id)
    out = tmp_path / f"notice-{lang}.pdf"
    assert komek(world.db.path, "notification", number.lower(), "--lang", lang,
                 "--out", str(out)) == 0
    doc = pdf(out.read_bytes())
    assert doc.has(number)
    assert doc.has("23 456,00")
    assert doc.has(PERIOD[0].strftime("%d.%m.%Y")) and doc.has(PERIOD[1].strftime("%d.%m.%Y"))
    assert doc.has("Басшы Тест")  # the head who decided signs
    assert doc.has("Орындаушы Бір")  # the executor the head assigned
    assert doc.has("Отдел занятости и социальных программ Актогайского района" if lang == "ru"
                   else "Ақтоғай ауданының жұмыспен қамту")
    assert doc.has({"kk": "тағайындау туралы хабарлама", "ru": "Уведомление о назначении"}[lang]
                   ) or doc.has({"kk": "ХАБАРЛАМА", "ru": "УВЕДОМЛЕНИЕ"}[lang])
    assert not doc.has("ДУБЛИКАТ") and not doc.has("ТЕЛНҰСҚА")
    # The print is logged; the second one is a duplicate.
    again = tmp_path / "again.pdf"
    assert komek(world.db.path, "notification", number, "--lang", lang, "--out",
                 str(again)) == 0
    assert pdf(again.read_bytes()).has({"kk": "ТЕЛНҰСҚА", "ru": "ДУБЛИКАТ"}[lang])
    assert [(h.kind, h.lang, h.duplicate) for h in print_history(world.db, app_id)
            if h.kind == "notification"] == [("notification", lang, False),
                                             ("notification", lang, True)]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_notification_of_refusal_quotes_the_grounds(world, pdf, tmp_path, lang):
    app_id = decided(world, Outcome.REFUSED)
    out = tmp_path / "refusal.pdf"
    assert komek(world.db.path, "notification", number_of(world, app_id), "--lang", lang,
                 "--out", str(out)) == 0
    doc = pdf(out.read_bytes())
    assert doc.has("Тексеру актісі / акт обследования № 7")
    assert doc.has({"kk": "кедейлік шегінен", "ru": "выше черты бедности"}[lang])
    # the ground cites the article of the regime that decided (here the Social Code)
    assert doc.has({"kk": "128-бабының 1) тармақшасы", "ru": "подпункт 1) статьи 128"}[lang])


def test_one_print_log_with_the_case_window(world, pdf, tmp_path):
    """The case window's notification (case_decisions) and this one count as one document."""
    from desktop.services.case_decisions import notification_document

    app_id = decided(world, Outcome.ASSIGNED)
    issued = notification_document(world.db, app_id, world.users["exec"], "kk", log=True)
    assert not issued.duplicate
    out = tmp_path / "n.pdf"
    assert komek(world.db.path, "notification", number_of(world, app_id), "--lang", "ru",
                 "--out", str(out)) == 0
    assert pdf(out.read_bytes()).has("ДУБЛИКАТ")
    assert notification_document(world.db, app_id, world.users["exec"], "kk",
                                 log=False).duplicate


def test_notification_before_the_decision_says_why(world, tmp_path, capsys):
    number = number_of(world, world.register(seed=3))
    out = tmp_path / "n.pdf"
    assert komek(world.db.path, "notification", number, "--lang", "ru",
                 "--out", str(out)) == print_command.EXIT_NOT_PRINTABLE
    assert not out.exists()
    assert "решение" in capsys.readouterr().err.lower()


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_certificate_by_iin(world, pdf, tmp_path, lang, capsys):
    app_id = decided(world, Outcome.ASSIGNED)
    iin = iins_of(world, app_id)[1]
    out = tmp_path / "certificate.pdf"
    assert komek(world.db.path, "certificate", iin, "--lang", lang, "--out", str(out)) == 0
    doc = pdf(out.read_bytes())
    assert doc.has(iin) and doc.has(f"AKT-01-{TODAY.year}-C00001")
    assert doc.has({"kk": "алушы болып табылатынын", "ru": "является получателем"}[lang])
    assert "C00001" in capsys.readouterr().err
    with world.db.session() as s:
        assert s.scalars(select(AuditRecord.action).where(
            AuditRecord.action == "certificate.issue")).all() == ["certificate.issue"]


def test_certificate_for_someone_in_no_application(world, pdf, tmp_path, capsys):
    stranger = "900101300126"
    out = tmp_path / "c.pdf"
    assert komek(world.db.path, "certificate", stranger, "--lang", "ru",
                 "--out", str(out)) == print_command.EXIT_NOT_PRINTABLE
    assert not out.exists() and capsys.readouterr().err.strip()
    assert komek(world.db.path, "certificate", stranger, "--lang", "ru", "--name",
                 "Тестов Тест Тестович", "--out", str(out)) == 0
    doc = pdf(out.read_bytes())
    assert doc.has("Тестову Тесту Тестовичу") and doc.has("не является получателем")
    assert komek(world.db.path, "certificate", "123", "--out", str(out)) == 5


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_journal_for_a_period(world, pdf, tmp_path, lang, capsys):
    assigned = decided(world, Outcome.ASSIGNED)
    plain = world.register(seed=4)
    out = tmp_path / "journal.pdf"
    day = DAY.isoformat()
    assert komek(world.db.path, "journal", "--from", day, "--to", day, "--lang", lang,
                 "--out", str(out)) == 0
    doc = pdf(out.read_bytes())
    for app_id in (assigned, plain):
        assert doc.has(number_of(world, app_id))
        assert doc.has(iins_of(world, app_id)[0])
    assert doc.has("23 456,00")
    assert doc.has({"kk": "Кезеңдегі өтініштер: 2", "ru": "Заявлений за период: 2"}[lang]) \
        or "2" in capsys.readouterr().err
    # Another period: none of them; a reprint of the first period: a duplicate.
    assert komek(world.db.path, "journal", "--from", "2020-01-01", "--to", "2020-01-31",
                 "--out", str(out)) == 0
    assert not pdf(out.read_bytes()).has(number_of(world, plain))
    assert komek(world.db.path, "journal", "--from", day, "--to", day, "--lang", lang,
                 "--out", str(out)) == 0
    assert pdf(out.read_bytes()).has({"kk": "ТЕЛНҰСҚА", "ru": "ДУБЛИКАТ"}[lang])
    with world.db.session() as s:
        assert s.scalars(select(AuditRecord.record_id).where(
            AuditRecord.action == "print.journal")).all() == [
            f"{day}/{day}", "2020-01-01/2020-01-31", f"{day}/{day}"]


def test_journal_needs_its_period(world, tmp_path, capsys):
    assert komek(world.db.path, "journal", "--from", "2026-01-01", "--out",
                 str(tmp_path / "j.pdf")) == print_command.EXIT_NOT_FOUND
    assert "--to" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        komek(world.db.path, "journal", "--from", "01.01.2026", "--to", "2026-01-31",
              "--out", str(tmp_path / "j.pdf"))


# ---- a refusal at intake, and an akimat's transfer batch --------------------------------------

AKIMAT = WorkstationSetup(
    region="Карагандинская область", district="Актогайский район", office_kind="akimat",
    office_name_kk="Ақтоғай селосы әкімі аппараты",
    office_name_ru="Аппарат акима села Актогай", office_code="AKT-AK-02",
    operator_full_name="Бекова Сәуле Маратқызы", operator_position="әкім орынбасары")
NOW = dt.datetime(2026, 11, 20, 5, 30, tzinfo=dt.UTC)


@pytest.fixture
def akimat(db, tmp_path):
    save_setup(db, AKIMAT)
    overlay = write_test_overlay(tmp_path / "params", "karaganda", [Quarter.of(DAY)])
    context = intake_context(db, parameters=load_parameters(overlay_dir=overlay))
    numbers = []
    for seed in range(2):
        session = new_session(context, DAY)
        fill_family(session, 2 + seed, seed=seed)
        numbers.append(register(context, session, "kk", now=NOW).number)
    session = new_session(context, DAY)
    fill_family(session, 3, documents=False, seed=9)
    present_documents(session, skip=("residence_registration",))
    refusal = refuse_intake(context, session, "ru", now=NOW)
    with db.session() as s:
        records = s.scalars(select(ApplicationRecord)).all()
        for record in records:
            if record.registration_number in numbers:
                record.status = CaseStatus.COMMISSION_CONCLUDED.value
        ids = [r.id for r in records if r.registration_number in numbers]
        refused = next(r for r in records if r.id == refusal.application.application_id)
        refused_iin = refused.applicant_iin
    batch = form_batch(db, ids, today=DAY)
    return db, numbers, batch.number, refused_iin


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_transfer_registry_by_batch_number(akimat, pdf, tmp_path, lang):
    db, numbers, batch, _iin = akimat
    out = tmp_path / "registry.pdf"
    assert komek(db.path, "transfer_registry", batch, "--lang", lang, "--out", str(out)) == 0
    doc = pdf(out.read_bytes())
    assert doc.has(batch) and all(doc.has(n) for n in numbers)
    assert doc.has({"kk": "Ақтоғай селосы әкімі аппараты", "ru": "Аппарат акима села Актогай"
                    }[lang])
    assert not doc.has("ДУБЛИКАТ") and not doc.has("ТЕЛНҰСҚА")
    assert komek(db.path, "transfer_registry", batch, "--lang", lang, "--out", str(out)) == 0
    assert pdf(out.read_bytes()).has({"kk": "ТЕЛНҰСҚА", "ru": "ДУБЛИКАТ"}[lang])
    assert komek(db.path, "transfer_registry", "AKT-AK-02-2026-T999", "--out",
                 str(tmp_path / "x.pdf")) == print_command.EXIT_NOT_FOUND


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_refusal_slip_by_the_applicants_iin(akimat, pdf, tmp_path, lang):
    db, _numbers, _batch, iin = akimat
    out = tmp_path / "slip.pdf"
    assert komek(db.path, "refusal_slip", iin, "--lang", lang, "--out", str(out)) == 0
    doc = pdf(out.read_bytes())
    assert doc.has({"kk": "тұрғылықты жері", "ru": "месту жительства"}[lang])
    assert doc.has({"kk": "Ақтоғай селосы әкімі аппараты", "ru": "Аппарат акима села Актогай"
                    }[lang])
    assert doc.has("Бекова")
    # The slip was handed over at intake: a print from the command line is a duplicate.
    assert doc.has({"kk": "ТЕЛНҰСҚА", "ru": "ДУБЛИКАТ"}[lang])
    assert komek(db.path, "refusal_slip", "900101300126", "--out",
                 str(tmp_path / "x.pdf")) == print_command.EXIT_NOT_FOUND


def test_help_lists_every_document(capsys):
    with pytest.raises(SystemExit):
        main(["--lang", "ru", "print", "--help"])
    text = capsys.readouterr().out
    for document in print_command.DOCUMENTS:
        assert document in text


def test_duplicate_flag_stamps_a_first_print(akimat, pdf, tmp_path):
    db, _numbers, batch, _iin = akimat
    out = tmp_path / "registry.pdf"
    assert komek(db.path, "transfer_registry", batch, "--lang", "ru", "--duplicate",
                 "--out", str(out)) == 0
    assert pdf(out.read_bytes()).has("ДУБЛИКАТ")
    day = DAY.isoformat()
    assert komek(db.path, "journal", "--from", day, "--to", day, "--lang", "kk", "--duplicate",
                 "--out", str(out)) == 0
    assert pdf(out.read_bytes()).has("ТЕЛНҰСҚА")
