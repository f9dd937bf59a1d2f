"""One generated family as a domain ``Application``: people, incomes, farm and documents."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace

from desktop.demo.identity import BANKS, iban, random_iin
from desktop.demo.names import Lineage
from desktop.domain import model as m
from desktop.domain.quarters import income_quarter
from desktop.storage.ids import new_id

STREETS = (
    "Абай", "Бейбітшілік", "Жамбыл", "Тәуелсіздік", "Достық", "Мектеп", "Орталық", "Бірлік",
    "Жеңіс", "Сәкен Сейфуллин", "Мұхтар Әуезов", "Шоқан Уәлиханов", "Жастар", "Болашақ",
)
EMPLOYERS = (
    "ТОО «Дала Агро Сервис»", "ГУ «Средняя школа № 3»", "КГП «Районная больница»",
    "ТОО «Жол Құрылыс»", "ИП «Береке»", "ТОО «Сарыарқа Тас»", "ГККП «Ясли-сад „Балапан“»",
)
PENSION_PAYER = "Государственная корпорация «Правительство для граждан»"
OCCUPATIONS = ("безработный", "домохозяйка", "разнорабочий", "продавец", "жұмыссыз", "тракторист")


@dataclass(frozen=True, slots=True)
class Place:
    """Where the generated family lives and which office receives it."""

    office: m.Office
    region: str
    district: str
    localities: tuple[str, ...]


def _birth(rng: random.Random, today: dt.date, age_from: int, age_to: int) -> dt.date:
    age_days = rng.randint(age_from * 365 + 1, age_to * 365 + 364)
    return today - dt.timedelta(days=age_days)


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _tiyn(rng: random.Random, low_tenge: int, high_tenge: int) -> int:
    return rng.randrange(low_tenge, high_tenge, 500) * 100


class FamilyFactory:
    """Makes plausible families; every IIN is valid and unique within ``used_iins``."""

    def __init__(self, rng: random.Random, place: Place, used_iins: set[str]) -> None:
        self.rng = rng
        self.place = place
        self.used = used_iins

    def _member(
        self,
        lineage: Lineage,
        sex: m.Sex,
        father: str,
        relationship: m.Relationship,
        birth: dt.date,
        address: m.Address,
        statuses: frozenset[m.MemberStatus] = frozenset(),
        surname_lineage: Lineage | None = None,
    ) -> m.FamilyMember:
        name = lineage.person(self.rng, sex, father)
        if surname_lineage is not None:  # a spouse keeps or takes a surname of another lineage
            name = m.PersonName(surname_lineage.person(self.rng, sex, father).surname,
                                name.first_name, name.patronymic)
        return m.FamilyMember(
            member_id=new_id(),
            name=name,
            relationship=relationship,
            iin=random_iin(self.rng, birth, sex, self.used),
            birth_date=birth,
            sex=sex,
            registered_address=address,
            actual_address=address,
            statuses=statuses,
        )

    def family(self, application_date: dt.date, channel: m.Channel) -> m.Application:
        rng = self.rng
        lineage = Lineage.draw(rng)
        issued = application_date - dt.timedelta(days=rng.randint(30, 3600))
        address = m.Address(
            region=self.place.region,
            district=self.place.district,
            locality=rng.choice(self.place.localities),
            street=rng.choice(STREETS),
            house=str(rng.randint(1, 120)),
            flat=str(rng.randint(1, 60)) if rng.random() < 0.3 else "",
        )
        today = application_date
        shape = rng.random()
        members: list[m.FamilyMember] = []
        applicant_sex = m.Sex.FEMALE if rng.random() < 0.65 else m.Sex.MALE
        grandfather = lineage.father_name(rng)
        applicant = self._member(
            lineage, applicant_sex, grandfather, m.Relationship.APPLICANT,
            _birth(rng, today, 20, 58) if shape < 0.9 else _birth(rng, today, 60, 78), address,
        )
        members.append(applicant)
        with_spouse = shape < 0.55 or (0.8 <= shape < 0.9 and rng.random() < 0.5)
        father_first = applicant.name.first_name if applicant_sex is m.Sex.MALE else ""
        if with_spouse:
            spouse_sex = m.Sex.MALE if applicant_sex is m.Sex.FEMALE else m.Sex.FEMALE
            spouse_lineage = Lineage(lineage.surname, lineage.kazakh,
                                     rng.random() < 0.5 and lineage.kazakh)
            spouse = self._member(
                spouse_lineage, spouse_sex, spouse_lineage.father_name(rng),
                m.Relationship.SPOUSE, _birth(rng, today, 20, 60), address,
            )
            members.append(spouse)
            if spouse_sex is m.Sex.MALE:
                father_first = spouse.name.first_name
        if not father_first:  # a single mother: the children's patronymic from their father
            father_first = lineage.father_name(rng)
        if shape < 0.9:
            youngest_age = 18
            for _ in range(rng.choice((1, 1, 2, 2, 3, 3, 4, 5, 6))):
                sex = rng.choice((m.Sex.MALE, m.Sex.FEMALE))
                birth = _birth(rng, today, 0, 21)
                age = _age(birth, today)
                youngest_age = min(youngest_age, age)
                statuses = frozenset({m.MemberStatus.FULL_TIME_STUDENT} if age >= 16 else ())
                child = self._member(lineage, sex, father_first, m.Relationship.CHILD,
                                     birth, address, statuses)
                members.append(child)
            if youngest_age < 3:
                i = 0 if applicant_sex is m.Sex.FEMALE or not with_spouse else 1
                members[i] = replace(
                    members[i], statuses=members[i].statuses | {m.MemberStatus.CARING_CHILD_UNDER_3}
                )
        if 0.8 <= shape < 0.9:
            members.append(self._member(
                lineage, rng.choice((m.Sex.MALE, m.Sex.FEMALE)), lineage.father_name(rng),
                m.Relationship.PARENT, _birth(rng, today, 62, 85), address,
                frozenset({m.MemberStatus.PENSIONER}),
            ))
        members = [self._disability(x, application_date) for x in members]
        incomes = self._incomes(members, application_date)
        livestock, land = self._farm()
        documents = self._documents(members, incomes)
        bank = rng.choice(BANKS)
        return m.Application(
            application_date=application_date,
            channel=channel,
            office=self.place.office,
            applicant=m.Applicant(
                member_id=applicant.member_id,
                address=address,
                phone=f"8 70{rng.randint(0, 8)} {rng.randint(100, 999)} {rng.randint(10, 99)} "
                f"{rng.randint(10, 99)}",
                identity_document=m.IdentityDocument(
                    kind=m.IdentityDocumentKind.ID_CARD,
                    number=f"0{rng.randint(10_000_000, 99_999_999)}",
                    issuer="МВД РК",
                    issue_date=issued,
                    expiry_date=issued.replace(year=issued.year + 10, day=min(issued.day, 28)),
                ),
                # the application asks the account the assistance is paid to (a required field)
                bank_account=m.BankAccount(bank[0], iban(bank[1], rng), m.AccountType.CARD),
                occupation=rng.choice(OCCUPATIONS),
            ),
            members=tuple(members),
            incomes=tuple(incomes),
            livestock=tuple(livestock),
            land=tuple(land),
            documents=tuple(documents),
            consents=m.Consents(True, True, True),
        )

    def _disability(self, member: m.FamilyMember, on: dt.date) -> m.FamilyMember:
        if self.rng.random() >= 0.04:
            return member
        group = m.DisabilityGroup.CHILD if _age(member.birth_date or on, on) < 18 else (
            self.rng.choice(
                (m.DisabilityGroup.GROUP_1, m.DisabilityGroup.GROUP_2, m.DisabilityGroup.GROUP_3)
            )
        )
        return replace(member, disability=group)

    def _incomes(self, members: list[m.FamilyMember], on: dt.date) -> list[m.IncomeEntry]:
        rng = self.rng
        quarter = income_quarter(on)
        out: list[m.IncomeEntry] = []
        for member in members:
            age = _age(member.birth_date or on, on)
            mid = member.member_id
            if m.MemberStatus.PENSIONER in member.statuses or age >= 63:
                out.append(m.IncomeEntry(mid, m.IncomeKind.PENSIONS_AND_BENEFITS,
                                         3 * _tiyn(rng, 70_000, 140_000), quarter,
                                         payer=PENSION_PAYER))
            elif age >= 18 and m.MemberStatus.FULL_TIME_STUDENT not in member.statuses:
                roll = rng.random()
                if roll < 0.45:
                    out.append(m.IncomeEntry(mid, m.IncomeKind.EMPLOYMENT,
                                             3 * _tiyn(rng, 60_000, 190_000), quarter,
                                             payer=rng.choice(EMPLOYERS)))
                elif roll < 0.52:
                    out.append(m.IncomeEntry(mid, m.IncomeKind.ENTREPRENEURSHIP,
                                             3 * _tiyn(rng, 40_000, 150_000), quarter))
                elif roll < 0.62:
                    out.append(m.IncomeEntry(mid, m.IncomeKind.OTHER,
                                             _tiyn(rng, 10_000, 90_000), quarter,
                                             evidence=m.IncomeEvidence.DECLARED,
                                             note="случайные заработки"))
                if m.MemberStatus.CARING_CHILD_UNDER_3 in member.statuses and rng.random() < 0.6:
                    out.append(m.IncomeEntry(mid, m.IncomeKind.PENSIONS_AND_BENEFITS,
                                             3 * _tiyn(rng, 20_000, 45_000), quarter,
                                             payer=PENSION_PAYER))
                if member.relationship is m.Relationship.APPLICANT and rng.random() < 0.12:
                    out.append(m.IncomeEntry(mid, m.IncomeKind.ALIMONY,
                                             3 * _tiyn(rng, 15_000, 60_000), quarter))
            elif age >= 18 and rng.random() < 0.5:  # a full-time student
                out.append(m.IncomeEntry(mid, m.IncomeKind.SCHOLARSHIP,
                                         3 * _tiyn(rng, 20_000, 40_000), quarter))
            if member.disability is not None:
                out.append(m.IncomeEntry(mid, m.IncomeKind.PENSIONS_AND_BENEFITS,
                                         3 * _tiyn(rng, 40_000, 110_000), quarter,
                                         payer=PENSION_PAYER))
        return out

    def _farm(self) -> tuple[list[m.LivestockHolding], list[m.LandHolding]]:
        rng = self.rng
        livestock: list[m.LivestockHolding] = []
        land: list[m.LandHolding] = []
        if rng.random() < 0.55:
            for kind, most, chance in (
                (m.LivestockKind.COW, 3, 0.6), (m.LivestockKind.BULL, 1, 0.1),
                (m.LivestockKind.MARE, 2, 0.15), (m.LivestockKind.SHEEP_GOAT, 15, 0.5),
                (m.LivestockKind.POULTRY, 30, 0.6), (m.LivestockKind.CAMEL, 1, 0.02),
            ):
                if rng.random() < chance:
                    livestock.append(m.LivestockHolding(kind, rng.randint(1, most),
                                                        rng.randint(0, 8)))
        if rng.random() < 0.8:
            land.append(m.LandHolding(m.LandKind.HOUSEHOLD_PLOT, rng.randrange(400, 2500, 50)))
        if rng.random() < 0.3:
            land.append(m.LandHolding(m.LandKind.GARDEN, rng.randrange(100, 1000, 50)))
        if rng.random() < 0.08:
            land.append(m.LandHolding(m.LandKind.CONDITIONAL_LAND_SHARE,
                                      rng.randrange(50_000, 300_000, 10_000)))
        if rng.random() < 0.04:
            land.append(m.LandHolding(m.LandKind.PROPERTY_SHARE, 0, rng.randint(1994, 2004)))
        return livestock, land

    def _documents(
        self, members: list[m.FamilyMember], incomes: list[m.IncomeEntry]
    ) -> list[m.PresentedDocument]:
        D = m.DocumentKind
        docs = [
            m.PresentedDocument(D.APPLICATION, original_shown=True),
            m.PresentedDocument(D.FAMILY_COMPOSITION, original_shown=True),
            m.PresentedDocument(D.INCOME_INFORMATION, original_shown=True),
            m.PresentedDocument(D.IDENTITY_DOCUMENT, members[0].member_id, original_shown=True,
                                copy_taken=True),
            m.PresentedDocument(D.RESIDENCE_REGISTRATION, from_state_systems=True),
        ]
        # the farm sheet is filled in by the wizard, a farm or none (its own "none" answers)
        docs.append(m.PresentedDocument(D.FARM_INFORMATION, original_shown=True))
        with_proof = {i.member_id for i in incomes if i.evidence is m.IncomeEvidence.DOCUMENTED}
        for member in members:
            if member.member_id in with_proof:
                docs.append(m.PresentedDocument(D.INCOME_PROOF, member.member_id,
                                                title="справка о доходах", copy_taken=True))
        return docs
