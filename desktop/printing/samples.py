"""Generated sample applications and records for previews, tests and the benchmark.

Every person here is made up: names are drawn from short lists, IINs are checksum-valid but
built from the generated birth date and a serial number. Nothing is read from real data.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

from desktop.domain.assessment import Assessment, assess
from desktop.domain.iin import make_iin
from desktop.domain.model import (
    AccountType,
    Address,
    Applicant,
    Application,
    BankAccount,
    Channel,
    CommissionConclusion,
    DocumentKind,
    FamilyMember,
    IdentityDocument,
    IdentityDocumentKind,
    IncomeEntry,
    IncomeEvidence,
    IncomeKind,
    LandHolding,
    LandKind,
    LivestockHolding,
    LivestockKind,
    Office,
    PersonName,
    PresentedDocument,
    Relationship,
    Sex,
)
from desktop.domain.quarters import Quarter, income_quarter
from desktop.formspec.model import LocalizedText
from desktop.printing.records import (
    CertificateFacts,
    Decision,
    DecisionKind,
    DocumentProblem,
    IntakeRefusal,
    JournalEntry,
    OfficeInfo,
    RefusalGround,
    RefusedDocument,
    Registration,
    Staff,
    TransferBatch,
    TransferItem,
)

SURNAMES_M = ("Асқаров", "Жұмабаев", "Құрманов", "Өтепов", "Үсенов", "Іскаков", "Ғабитов")
SURNAMES_F = ("Асқарова", "Жұмабаева", "Құрманова", "Өтепова", "Үсенова", "Іскакова")
NAMES_M = ("Әлихан", "Ерғали", "Нұрлан", "Қайрат", "Өмірзақ", "Һасен", "Ілияс")
NAMES_F = ("Әйгерім", "Гүлназ", "Айгүл", "Жанар", "Құралай", "Ұлжан", "Сәуле")
PATRONYMICS_M = ("Бақытұлы", "Серікұлы", "Нұрланұлы", "Қанатұлы")
PATRONYMICS_F = ("Бақытқызы", "Серікқызы", "Нұрланқызы", "Қанатқызы")

OFFICE = OfficeInfo(
    name=LocalizedText(
        "«Ақтоғай ауданының жұмыспен қамту және әлеуметтік бағдарламалар бөлімі» "
        "мемлекеттік мекемесі",
        "Государственное учреждение «Отдел занятости и социальных программ Актогайского "
        "района»"),
    address=LocalizedText("Ақтоғай ауылы, Бейбітшілік көшесі, 10",
                          "с. Актогай, ул. Бейбитшилик, 10"),
    phone="8 (71037) 2-10-44",
    area=LocalizedText("Ақтоғай ауылы, Ақтоғай ауданы, Қарағанды облысы",
                       "с. Актогай, Актогайский район, Карагандинская область"),
    code="AKT-05",
)
ACCEPTOR = Staff("Сейітова Гүлмира Қайратқызы",
                 LocalizedText("бөлімнің бас маманы", "главный специалист отдела"))


def _person(rng: random.Random, sex: Sex, born: dt.date) -> PersonName:
    if sex is Sex.MALE:
        return PersonName(rng.choice(SURNAMES_M), rng.choice(NAMES_M), rng.choice(PATRONYMICS_M))
    return PersonName(rng.choice(SURNAMES_F), rng.choice(NAMES_F), rng.choice(PATRONYMICS_F))


def _iin(rng: random.Random, born: dt.date, sex: Sex) -> str:
    while True:
        try:
            return make_iin(born, sex, rng.randrange(10000))
        except ValueError:
            continue


def sample_application(members: int = 4, seed: int = 1, long_names: bool = False,
                       application_date: dt.date = dt.date(2026, 3, 17)) -> Application:
    """A generated family of ``members`` people with incomes, land and livestock."""
    rng = random.Random(seed)
    address = Address(region="karaganda", district="Ақтоғай ауданы", locality="Ақтоғай ауылы",
                      street="Абай көшесі", house=str(rng.randrange(1, 90)),
                      flat=str(rng.randrange(1, 40)))
    people: list[FamilyMember] = []
    for index in range(members):
        sex = Sex.FEMALE if index % 2 == 0 else Sex.MALE
        if index < 2:
            born = dt.date(1985 + index, 1 + index * 3, 10 + index)
            relationship = Relationship.APPLICANT if index == 0 else Relationship.SPOUSE
        else:
            born = dt.date(2008 + index % 15, 1 + index % 12, 1 + index % 27)
            relationship = Relationship.CHILD
        name = _person(rng, sex, born)
        if long_names:
            name = PersonName(name.surname + "-Қожахметова-Сұлтанбекова",
                              name.first_name + "-Мұхаммедғали", name.patronymic + "-Әбдіқадыр")
        people.append(FamilyMember(
            member_id=f"m{index + 1}", name=name, relationship=relationship,
            iin=_iin(rng, born, sex), birth_date=born, sex=sex, registered_address=address,
            actual_address=address,
            place_of_work_or_study="«Ақтоғай» ЖШС" if index < 2 else "№ 3 мектеп"))
    quarter = income_quarter(application_date)
    return Application(
        application_date=application_date,
        channel=Channel.DISTRICT_OFFICE,
        office=Office(code="AKT-05", region="karaganda", district="Ақтоғай ауданы",
                      locality="Ақтоғай ауылы"),
        applicant=Applicant(
            member_id="m1", address=address, phone="8 701 234 56 78",
            identity_document=IdentityDocument(IdentityDocumentKind.ID_CARD, "047123456",
                                               issuer="ҚР ІІМ", issue_date=dt.date(2019, 5, 6)),
            bank_account=BankAccount("«Halyk Bank» АҚ", "KZ86125KZT5004100100",
                                     AccountType.CARD),
            occupation="уақытша жұмыссыз"),
        members=tuple(people),
        incomes=_incomes(people, quarter),
        land=(LandHolding(LandKind.HOUSEHOLD_PLOT, area_m2=1200),
              LandHolding(LandKind.GARDEN, area_m2=600),
              LandHolding(LandKind.PROPERTY_SHARE, year_issued=1996)),
        livestock=(LivestockHolding(LivestockKind.COW, heads=1, age_years=4),
                   LivestockHolding(LivestockKind.SHEEP_GOAT, heads=6, age_years=2),
                   LivestockHolding(LivestockKind.POULTRY, heads=12, age_years=1)),
        documents=tuple(PresentedDocument(kind, member_id="m1", original_shown=True,
                                          copy_taken=True) for kind in DOCUMENTS),
        commission=CommissionConclusion(survey_date=application_date + dt.timedelta(days=3)),
        registration_number="AKT-05-2026-000123",
        family_registration_number="AKT-05-2026-000123",
    )


DOCUMENTS = (DocumentKind.APPLICATION, DocumentKind.IDENTITY_DOCUMENT,
             DocumentKind.FAMILY_COMPOSITION, DocumentKind.INCOME_INFORMATION,
             DocumentKind.FARM_INFORMATION, DocumentKind.RESIDENCE_REGISTRATION)


def _incomes(people: list[FamilyMember], quarter: Quarter) -> tuple[IncomeEntry, ...]:
    entries = [IncomeEntry(people[0].member_id, IncomeKind.EMPLOYMENT, 24_000_000, quarter)]
    if len(people) > 1:
        entries.append(IncomeEntry(people[1].member_id, IncomeKind.PENSIONS_AND_BENEFITS,
                                   6_345_050, quarter))
        entries.append(IncomeEntry(people[1].member_id, IncomeKind.OTHER, 1_500_000, quarter,
                                   evidence=IncomeEvidence.DECLARED))
    if len(people) > 2:
        entries.append(IncomeEntry(people[2].member_id, IncomeKind.ALIMONY, 3_000_000, quarter))
    return tuple(entries)


def sample_registration(app: Application, documents: int = 5) -> Registration:
    return Registration(
        number=app.registration_number,
        registered_at=dt.datetime.combine(app.application_date, dt.time(10, 25)),
        due_date=app.application_date + dt.timedelta(days=10),
        accepted_by=ACCEPTOR, office=OFFICE, documents_count=documents,
        family_number=app.family_registration_number)


SLIP_DOCUMENTS = (
    RefusedDocument(LocalizedText("жеке басын куәландыратын құжат",
                                  "документ, удостоверяющий личность"),
                    DocumentProblem.EXPIRED, expired_on=dt.date(2026, 2, 1)),
    RefusedDocument(LocalizedText("отбасы құрамы туралы мәліметтер",
                                  "сведения о составе семьи")),
    RefusedDocument(LocalizedText(
        "көрсетілетін қызметті алушының (отбасы мүшелерінің) тұрғылықты жері бойынша "
        "тіркелгенін растайтын құжат (мекенжай анықтамасы немесе ауылдық округ әкімінің "
        "анықтамасы)",
        "документ, подтверждающий регистрацию по месту жительства услугополучателя (членов "
        "семьи) (адресная справка или справка акима сельского округа)")),
)


def sample_refusal(documents: tuple[RefusedDocument, ...] = SLIP_DOCUMENTS,
                   department: str = "") -> IntakeRefusal:
    return IntakeRefusal(
        office=OFFICE, documents=documents, employee=ACCEPTOR, date=dt.date(2026, 3, 17),
        executor=Staff("Омарова Әсем Ерланқызы"), executor_phone="8 (71037) 2-10-45",
        state_corporation_department=department, number="R-AKT-05-2026-000007")


HEAD = Staff("Тұрсынбеков Марат Әлібекұлы",
             LocalizedText("Бөлім басшысы", "Руководитель отдела"))
AKIMAT = OfficeInfo(
    name=LocalizedText("«Сарышаған кенті әкімінің аппараты» мемлекеттік мекемесі",
                       "Государственное учреждение «Аппарат акима поселка Сарышаган»"),
    address=LocalizedText("Сарышаған ауылы, Орталық көшесі, 1", "с. Сарышаган, ул. Орталык, 1"),
    phone="8 (71037) 3-11-02", code="AKT-05-SAR")


def assessed_application(members: int = 5, seed: int = 1) -> Application:
    """A family the shipped parameters can assess: Karaganda, May 2018, no farm, low income."""
    app = sample_application(members=members, seed=seed,
                             application_date=dt.date(2018, 5, 10))
    incomes = tuple(replace(entry, amount=entry.amount // 10) for entry in app.incomes)
    return replace(app, incomes=incomes, livestock=(), land=(),
                   registration_number="AKT-05-2018-000042",
                   family_registration_number="AKT-05-2018-000042")


def sample_assessment(app: Application) -> Assessment:
    from desktop.parameters.store import load_parameters  # reads resources/params once

    return assess(app, load_parameters(use_overlay=False))


def sample_decision(kind: DecisionKind = DecisionKind.ASSIGNMENT) -> Decision:
    if kind is DecisionKind.ASSIGNMENT:
        return Decision(kind, "N-AKT-05-2018-000042", dt.date(2018, 5, 25), OFFICE, HEAD,
                        executor=ACCEPTOR,
                        assistance_kind=LocalizedText("шартты ақшалай көмек",
                                                      "обусловленная денежная помощь"),
                        monthly_amount=5_049_500, period_start=dt.date(2018, 5, 1),
                        period_end=dt.date(2018, 6, 30),
                        legal_basis=LocalizedText(
                            "«Мемлекеттік атаулы әлеуметтік көмек туралы» 2001 жылғы "
                            "17 шілдедегі Қазақстан Республикасының Заңы",
                            "Закон Республики Казахстан от 17 июля 2001 года «О "
                            "государственной адресной социальной помощи»"))
    ground = RefusalGround(
        LocalizedText("отбасының жан басына шаққандағы орташа табысы белгіленген кедейлік "
                      "шегінен асатын жағдайда",
                      "в случае, когда среднедушевой доход семьи превышает установленный "
                      "размер черты бедности"),
        LocalizedText("регламенттің 10-тармағының 1) тармақшасы",
                      "подпункт 1) пункта 10 регламента"))
    return Decision(kind, "N-AKT-05-2018-000043", dt.date(2018, 5, 25), OFFICE, HEAD,
                    executor=ACCEPTOR, grounds=(ground,))


def sample_certificate(belongs: bool = True) -> CertificateFacts:
    return CertificateFacts("C-AKT-05-2018-000007", dt.date(2018, 6, 4), belongs,
                            Quarter(2018, 2), OFFICE, HEAD, executor=ACCEPTOR,
                            period_start=dt.date(2018, 5, 1) if belongs else None,
                            period_end=dt.date(2018, 6, 30) if belongs else None)


def sample_journal(count: int = 8) -> list[JournalEntry]:
    entries = []
    for index in range(count):
        app = sample_application(members=2 + index % 5, seed=index + 1,
                                 application_date=dt.date(2026, 3, 2 + index))
        number = f"AKT-05-2026-{index + 1:06d}"
        app = replace(app, registration_number=number, family_registration_number=number,
                      channel=(Channel.DISTRICT_OFFICE, Channel.AKIM)[index % 2])
        entries.append(JournalEntry(app, sample_registration(app),
                                    status=LocalizedText("Тіркелді", "Зарегистрировано")))
    return entries


def sample_batch(count: int = 5) -> TransferBatch:
    items = tuple(TransferItem(e.application, e.registration, sheets=6 + i)
                  for i, e in enumerate(sample_journal(count)))
    return TransferBatch("T-AKT-05-SAR-2026-003", AKIMAT, OFFICE, dt.date(2026, 3, 12),
                         Staff("Жақсыбекова Мәдина", LocalizedText("әкім аппаратының маманы",
                                                                  "специалист аппарата акима")),
                         items)
