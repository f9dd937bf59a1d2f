"""Every action that registers something is done once in the service layer, whatever the
interface lets through: a second call registers nothing and says what was done already."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select

from desktop import i18n
from desktop.demo.intake_family import fill_family, present_documents
from desktop.domain.case_changes import ChangeKind, NewMember, ReportedChange
from desktop.domain.case_path import Action, ActionNotAllowedError
from desktop.domain.case_status import CaseStatus
from desktop.domain.model import Relationship, Sex
from desktop.services import certificates, drafts
from desktop.services.intake import IntakeDoneAlreadyError, new_session, refuse_intake, register
from desktop.storage.models import (
    ApplicationRecord,
    CaseEventRecord,
    CertificateIssueRecord,
    JournalEntryRecord,
)
from tests.support.case_world import DAY, World, decided


def _count(world: World, model: type, *where: object) -> int:
    with world.db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def test_a_draft_is_registered_once_even_from_a_second_window(world: World) -> None:
    session = new_session(world.context, DAY)
    fill_family(session, 3)
    drafts.save_draft(world.db, session)
    twin = drafts.open_draft(world.db, world.context.forms, session.draft_id)
    first = register(world.context, session, "kk", now=world.clock())
    with pytest.raises(IntakeDoneAlreadyError) as error:
        register(world.context, twin, "kk", now=world.clock())
    assert first.number in i18n.render(error.value.messages[0], "ru")
    assert _count(world, ApplicationRecord,
                  ApplicationRecord.status == CaseStatus.REGISTERED.value) == 1


def test_a_refusal_is_registered_once_for_the_same_documents(world: World) -> None:
    session = new_session(world.context, DAY)
    fill_family(session, 3, documents=False, seed=9)
    present_documents(session, skip=("residence_registration",))
    refuse_intake(world.context, session, "kk", now=world.clock())
    with pytest.raises(IntakeDoneAlreadyError) as error:
        refuse_intake(world.context, session, "kk", now=world.clock())
    at = world.clock().astimezone().strftime("%H:%M")
    assert at in i18n.render(error.value.messages[0], "kk")
    refused = CaseStatus.REFUSED_INTAKE.value
    assert _count(world, ApplicationRecord, ApplicationRecord.status == refused) == 1
    assert _count(world, JournalEntryRecord, JournalEntryRecord.status == refused) == 1
    # the family comes back the same day with another document missing: a new slip
    other = next(item.document for item in session.checklist()
                 if item.document != "residence_registration"
                 and session.document_required(item))
    present_documents(session, skip=("residence_registration", other))
    assert len(session.document_problems()) == 2
    refuse_intake(world.context, session, "kk", now=world.clock())
    assert _count(world, ApplicationRecord, ApplicationRecord.status == refused) == 2


def test_a_case_step_is_taken_once_and_says_by_whom(world: World) -> None:
    c, u = world.cases, world.users
    app_id = world.register()
    executor = u["exec"].account_id or ""
    c.visa(u["head"], app_id, executor)
    with pytest.raises(ActionNotAllowedError) as error:
        c.visa(u["head"], app_id, executor)
    assert "Басшы Тест" in i18n.render(error.value.message, "kk")
    assert _count(world, CaseEventRecord, CaseEventRecord.action == Action.VISA.value) == 1


def test_the_same_change_of_circumstances_is_recorded_once(world: World) -> None:
    from desktop.services.cases import CaseInputError

    c, u = world.cases, world.users
    app_id = decided(world)
    c.step(u["exec"], app_id, Action.ISSUE_NOTIFICATION)
    born = dt.date(2026, 11, 10)
    change = ReportedChange(frozenset({ChangeKind.MEMBER_JOINED}), born,
                            joined=(NewMember("Тестова", "Айару", Relationship.CHILD, born,
                                               Sex.FEMALE),), note="туу туралы куәлік")
    c.report_change(u["desk"], app_id, change)
    with pytest.raises(CaseInputError):
        c.report_change(u["desk"], app_id, change)
    other = dataclasses.replace(change, note="екінші куәлік")
    c.report_change(u["desk"], app_id, other)  # a different change is recorded
    assert _count(world, CaseEventRecord,
                  CaseEventRecord.action == Action.REPORT_CHANGE.value) == 2


def test_a_certificate_is_issued_once_a_request(world: World) -> None:
    user = world.users["desk"]
    now = dt.datetime.now(dt.UTC)
    first = certificates.issue(world.db, user, "900101300126", "kk",
                               name=certificates.PersonName("Тестов", "Тест"), now=now)
    with pytest.raises(certificates.CertificateError) as error:
        certificates.issue(world.db, user, "900101300126", "kk",
                           name=certificates.PersonName("Тестов", "Тест"),
                           now=now + dt.timedelta(seconds=2))
    assert first.number in i18n.render(error.value.message, "ru")
    assert _count(world, CertificateIssueRecord) == 1
    later = now + dt.timedelta(minutes=certificates.SERVICE_MINUTES + 1)
    certificates.issue(world.db, user, "900101300126", "kk",
                       name=certificates.PersonName("Тестов", "Тест"), now=later)
    assert _count(world, CertificateIssueRecord) == 2
