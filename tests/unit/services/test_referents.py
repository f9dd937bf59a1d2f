"""What a record's ids name, for the conflicts view: office, staff, family member, application."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from desktop.demo.intake_family import fill_family
from desktop.services.intake import new_session, register
from desktop.services.referents import referent_names
from desktop.storage.models import ApplicationRecord, MemberRecord

NOW = dt.datetime(2026, 11, 20, 10, 30, tzinfo=dt.UTC)


def test_ids_are_named_in_the_language_and_an_unknown_one_is_left_out(context):
    session = new_session(context, NOW.date())
    fill_family(session, 2)
    number = register(context, session, "kk", now=NOW).number
    with context.db.session() as s:
        app = s.scalars(select(ApplicationRecord)).one()
        member = s.scalars(select(MemberRecord).order_by(MemberRecord.position)).first()
        data = {"office_id": app.office_id, "registered_by": app.registered_by,
                "application_id": app.id, "member_id": member.id,
                "staff_id": "no-such-id", "applicant_phone": "8 701", "note": None}
        person = " ".join(p for p in (member.surname, member.first_name, member.patronymic)
                          if p)
    kazakh = referent_names(context.db, data, "kk")
    russian = referent_names(context.db, data, "ru")
    assert kazakh["office_id"] == "Ақтоғай ауданының бөлімі (AKT-01)"
    assert russian["office_id"] == "Отдел Актогайского района (AKT-01)"
    assert kazakh["registered_by"] == "Сейтқали Әлия Нұрланқызы"
    assert kazakh["application_id"] == number and kazakh["member_id"] == person
    assert set(kazakh) == set(russian) == {"office_id", "registered_by", "application_id",
                                           "member_id"}  # not an id it does not hold
