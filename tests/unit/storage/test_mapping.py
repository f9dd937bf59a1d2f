"""Application → database → Application gives back the same value."""

from __future__ import annotations

from dataclasses import replace

import pytest

from desktop.demo.generate import fill_demo
from desktop.demo.samples import sample_application
from desktop.domain import model as m
from desktop.storage.database import Database
from desktop.storage.mapping import with_storage_ids
from desktop.storage.repositories.applications import (
    ApplicationLockedError,
    ApplicationNotFoundError,
    load_application,
    save_draft,
)


def _labelled(app: m.Application) -> m.Application:
    """``app`` with its member ids replaced by "m1", "m2"... in family order."""
    labels = {x.member_id: f"m{i}" for i, x in enumerate(app.members, start=1)}
    return replace(
        app,
        application_id="",
        applicant=replace(app.applicant, member_id=labels[app.applicant.member_id]),
        members=tuple(replace(x, member_id=labels[x.member_id]) for x in app.members),
        incomes=tuple(replace(x, member_id=labels[x.member_id]) for x in app.incomes),
        documents=tuple(replace(x, member_id=labels.get(x.member_id, "")) for x in app.documents),
        prior_events=tuple(replace(x, member_id=labels[x.member_id]) for x in app.prior_events),
    )


def test_round_trip_keeps_every_field(db: Database) -> None:
    original = sample_application()
    saved = save_draft(db, original)
    assert saved.application_id and saved.applicant.member_id != "m1"
    assert _labelled(saved) == original  # only the ids were given
    loaded = load_application(db, saved.application_id)
    assert loaded == saved


def test_storage_ids_are_kept_when_already_uuids() -> None:
    once = with_storage_ids(sample_application())
    assert with_storage_ids(once) == once


def test_saving_again_updates_in_place_and_keeps_member_ids(db: Database) -> None:
    saved = save_draft(db, sample_application())
    first = saved.members[0]
    changed = replace(
        saved,
        members=(replace(first, place_of_work_or_study="ТОО «Жол»"), *saved.members[1:3]),
        incomes=saved.incomes[:1],
        livestock=(),
        representative=None,
        commission=None,
        documents=(),  # documents referred to the removed member
        prior_events=(),
    )
    again = save_draft(db, changed)
    assert again == changed
    loaded = load_application(db, saved.application_id)
    assert loaded == changed
    assert loaded.members[0].member_id == first.member_id
    with db.engine.connect() as c:
        counts = c.exec_driver_sql(
            "SELECT (SELECT count(*) FROM members), (SELECT count(*) FROM incomes), "
            "(SELECT count(*) FROM representatives), (SELECT version FROM applications)"
        ).fetchone()
    assert counts == (3, 1, 0, 2)


def test_journal_columns_follow_the_applicant(db: Database) -> None:
    saved = save_draft(db, sample_application(surname="Ұзақов", iin="900101300126"))
    with db.engine.connect() as c:
        row = c.exec_driver_sql(
            "SELECT applicant_name, applicant_iin, family_size, applicant_search, status "
            "FROM applications WHERE id = ?", (saved.application_id,)
        ).fetchone()
    # the father in compulsory treatment is not counted (art. 120 p.5)
    assert row == ("Ұзақов Ерлан Болатұлы", "900101300126", 3, "ұзақов ерлан болатұлы", "draft")


def test_a_registered_application_is_not_overwritten_as_a_draft(db: Database) -> None:
    saved = save_draft(db, sample_application())
    with db.engine.begin() as c:
        c.exec_driver_sql("UPDATE applications SET status = 'registered'")
    with pytest.raises(ApplicationLockedError):
        save_draft(db, saved)


def test_an_unknown_id_is_reported(db: Database) -> None:
    with pytest.raises(ApplicationNotFoundError):
        load_application(db, "01a20000-0000-7000-8000-000000000000")


def test_generated_applications_load_as_domain_values(db: Database) -> None:
    fill_demo(db, 40, seed=7)
    with db.engine.connect() as c:
        ids = c.exec_driver_sql("SELECT id FROM applications").scalars().all()
    for application_id in ids:
        app = load_application(db, application_id)
        assert app.applicant_member.relationship is m.Relationship.APPLICANT
        assert all(i.member_id in {x.member_id for x in app.members} for i in app.incomes)
