"""One hand-written application with every field filled, for tests, previews and printing."""

from __future__ import annotations

import datetime as dt

from desktop.domain import model as m
from desktop.domain.quarters import Quarter


def sample_application(
    surname: str = "Әбдіров",
    first_name: str = "Ерлан",
    iin: str = "900101300126",
    office_code: str = "AKT-05",
) -> m.Application:
    """A family of four at an akimat, with a representative and the commission's conclusion.

    Member ids are short labels ("m1"...): storage replaces them with UUIDv7 on save.
    """
    home = m.Address("karaganda", "Ақтоғай ауданы", "Ақтоғай ауылы", "Бөкейхан", "7", "12")
    spouse_surname = surname + "а" if surname.endswith(("ов", "ев", "ин")) else surname
    q = Quarter(2026, 2)
    members = (
        m.FamilyMember(
            "m1", m.PersonName(surname, first_name, "Болатұлы"), m.Relationship.APPLICANT,
            iin=iin, birth_date=dt.date(1990, 1, 1), sex=m.Sex.MALE,
            registered_address=home, actual_address=home,
            statuses=frozenset({m.MemberStatus.REGISTERED_JOB_SEEKER}),
            unemployment_certificate="№ 123 от 01.06.2026",
        ),
        m.FamilyMember(
            "m2", m.PersonName(spouse_surname, "Айгүл", "Серікқызы"), m.Relationship.SPOUSE,
            iin="920315400129", birth_date=dt.date(1992, 3, 15), sex=m.Sex.FEMALE,
            registered_address=home, actual_address=None,
            statuses=frozenset({m.MemberStatus.CARING_CHILD_UNDER_3}),
            place_of_work_or_study="ГУ «Средняя школа № 3»",
        ),
        m.FamilyMember(
            "m3", m.PersonName(surname, "Нұрлан", "Ерланұлы"), m.Relationship.CHILD,
            birth_date=dt.date(2025, 2, 1), disability=m.DisabilityGroup.CHILD,
            absence=None,
        ),
        m.FamilyMember(
            "m4", m.PersonName(surname, "Болат", ""), m.Relationship.PARENT,
            residence_status=m.ResidenceStatus.KANDAS,
            excluded=m.ExclusionReason.COMPULSORY_TREATMENT,
            absence=m.AbsenceReason.WORKING_AWAY,
        ),
    )
    return m.Application(
        application_date=dt.date(2026, 7, 6),
        channel=m.Channel.AKIM,
        office=m.Office(office_code, "karaganda", "Ақтоғай ауданы", "Ақтоғай", "Ақтоғай әкімдігі"),
        applicant=m.Applicant(
            member_id="m1",
            address=home,
            phone="8 701 234 56 78",
            identity_document=m.IdentityDocument(
                m.IdentityDocumentKind.ID_CARD, "012345678", "МВД РК", dt.date(2020, 5, 4),
                dt.date(2030, 5, 3), "",
            ),
            bank_account=m.BankAccount("АО «Kaspi Bank»", "KZ107229825979190748",
                                       m.AccountType.CURRENT),
            occupation="жұмыссыз",
        ),
        members=members,
        incomes=(
            m.IncomeEntry("m2", m.IncomeKind.EMPLOYMENT, 270_000_00, q, payer="ГУ «СШ № 3»"),
            m.IncomeEntry("m2", m.IncomeKind.PENSIONS_AND_BENEFITS, 31_500_00, q, month=4,
                          source=m.IncomeSource.DISABLED_CHILD_BENEFIT),
            m.IncomeEntry("m1", m.IncomeKind.OTHER, 20_000_00, q,
                          evidence=m.IncomeEvidence.DECLARED, note="разовые заработки"),
        ),
        livestock=(
            m.LivestockHolding(m.LivestockKind.COW, 2, 4),
            m.LivestockHolding(m.LivestockKind.MARE, 1, 6, working_animal=True),
            m.LivestockHolding(m.LivestockKind.POULTRY, 15),
        ),
        land=(
            m.LandHolding(m.LandKind.HOUSEHOLD_PLOT, 1_200),
            m.LandHolding(m.LandKind.PROPERTY_SHARE, 0, 1998),
        ),
        documents=(
            m.PresentedDocument(m.DocumentKind.APPLICATION, original_shown=True),
            m.PresentedDocument(m.DocumentKind.IDENTITY_DOCUMENT, "m1", "удостоверение",
                                "012345678", dt.date(2020, 5, 4), dt.date(2030, 5, 3),
                                True, True, 1, False),
            m.PresentedDocument(m.DocumentKind.INCOME_PROOF, "m2", "справка о зарплате",
                                sheets=2, copy_taken=True),
            m.PresentedDocument(m.DocumentKind.RESIDENCE_REGISTRATION, from_state_systems=True),
        ),
        representative=m.Representative(
            name=m.PersonName("Сейітова", "Гүлнар", "Асқарқызы"),
            iin="850505400127",
            identity_document=m.IdentityDocument(m.IdentityDocumentKind.PASSPORT, "N1234567"),
            phone="8 702 000 00 00",
            power_of_attorney_number="2-145",
            power_of_attorney_date=dt.date(2026, 6, 1),
            power_of_attorney_notary="нотариус Ахметова А. А.",
            power_of_attorney_valid_until=dt.date(2027, 6, 1),
        ),
        commission=m.CommissionConclusion(
            survey_date=dt.date(2026, 7, 8),
            need_confirmed=False,
            no_need_criteria=(m.NoNeedCriterion.MORE_THAN_ONE_CAR,
                              m.NoNeedCriterion.LOCAL_CRITERION),
            note="два автомобиля",
        ),
        prior_events=(
            m.PriorEvent(m.PriorEventKind.REFUSED_EMPLOYMENT_MEASURES, dt.date(2026, 3, 1), "m1"),
        ),
        consents=m.Consents(True, True, False),
        family_registration_number="AKT-05-2026-000007",
    )
