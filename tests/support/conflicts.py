"""A conflict as a pull leaves it: a draft both this desk and another changed, the other's
telephone against this desk's occupation (for the conflicts view's tests)."""

from __future__ import annotations

import json
import uuid

from sqlalchemy import select

from desktop.demo.samples import sample_application
from desktop.storage.base import utcnow
from desktop.storage.database import Database
from desktop.storage.models import ApplicationRecord, ConflictRecord
from desktop.storage.repositories.applications import save_draft
from desktop.sync.client.codec import encode


def draft_conflict(db: Database) -> str:
    """Store a draft and a conflict on it; the draft's application id."""
    app = save_draft(db, sample_application())
    with db.engine.connect() as connection:
        row = connection.execute(select(ApplicationRecord.__table__).where(
            ApplicationRecord.id == app.application_id)).first()
    assert row is not None
    mine = encode(row._mapping)
    theirs = {**mine, "applicant_phone": "+7 700 999 99 99", "version": mine["version"] + 1}
    mine["applicant_occupation"] = "механик"
    with db.session() as session:
        session.add(ConflictRecord(
            id=str(uuid.uuid4()), kind="conflict", table_name="applications",
            record_id=app.application_id, reason="", base_version=1,
            mine_version=mine["version"], theirs_version=theirs["version"],
            mine=json.dumps(mine), theirs=json.dumps(theirs),
            base=json.dumps({**mine, "applicant_occupation": theirs["applicant_occupation"]}),
            theirs_node="", detected_at=utcnow(), resolution=""))
    return app.application_id
