"""The ORM tables, one module per aggregate; importing this package registers them all."""

from __future__ import annotations

from desktop.storage.models.account import AccountRecord
from desktop.storage.models.aid_provision import AidProvisionRecord
from desktop.storage.models.amendment import AmendmentRecord
from desktop.storage.models.application import (
    ApplicationRecord,
    DocumentRecord,
    IncomeRecord,
    JournalEntryRecord,
    LandRecord,
    LivestockRecord,
    MemberRecord,
    PriorEventRecord,
    RepresentativeRecord,
)
from desktop.storage.models.audit import AuditRecord
from desktop.storage.models.case import (
    CaseEventRecord,
    CaseStateRecord,
    CertificateIssueRecord,
    CommissionActRecord,
    DecisionRecord,
)
from desktop.storage.models.disability import DisabilityRecord
from desktop.storage.models.draft import DraftRecord, TransferRecord
from desktop.storage.models.home_care import HomeCareAssignmentRecord, HomeCareVisitRecord
from desktop.storage.models.office import OfficeRecord, StaffRecord
from desktop.storage.models.registration import RegistrationCounter
from desktop.storage.models.settings import SettingRecord
from desktop.storage.models.sync import (
    ConflictRecord,
    KnownVersionRecord,
    OutboxRecord,
    SyncBatchRecord,
)

__all__ = [
    "AccountRecord",
    "AidProvisionRecord",
    "AmendmentRecord",
    "ApplicationRecord",
    "AuditRecord",
    "CaseEventRecord",
    "CaseStateRecord",
    "CertificateIssueRecord",
    "CommissionActRecord",
    "ConflictRecord",
    "DecisionRecord",
    "DisabilityRecord",
    "DocumentRecord",
    "DraftRecord",
    "HomeCareAssignmentRecord",
    "HomeCareVisitRecord",
    "IncomeRecord",
    "JournalEntryRecord",
    "KnownVersionRecord",
    "LandRecord",
    "LivestockRecord",
    "MemberRecord",
    "OfficeRecord",
    "OutboxRecord",
    "PriorEventRecord",
    "RegistrationCounter",
    "RepresentativeRecord",
    "SettingRecord",
    "StaffRecord",
    "SyncBatchRecord",
    "TransferRecord",
]
