"""The entities of one АСП application, as the paper forms of the 2015 regulation hold them.

The model is the union of the fields on the application (appendix 2), the family sheet
(appendix 3), the income sheet (appendix 4) and the personal-farm sheet (appendix 5) of the
2015 North Kazakhstan regulation (seed 002; see ``forms.md`` §1–§4), plus what the current
Social Code needs to decide (statuses of members, the commission's conclusion, earlier
refusals). Everything is an immutable value: a change makes a new object (``dataclasses.replace``).

Enum values are stable lower-case strings: they are written to the database and to the
interchange JSON (``docs/interchange.md``) and must never be renamed, only added to.
Money is in integer tiyn (1 ₸ = 100 tiyn). Areas are in square metres (1 ha = 10 000 m²).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from desktop.domain.channel import Channel as Channel
from desktop.domain.quarters import Quarter

# --- where and how the application was received ---------------------------------------------


# ``Channel`` is a module of its own: the journal's labels need it before the rest is loaded.


@dataclass(frozen=True, slots=True)
class Office:
    """The receiving office (H1 "В уполномоченный орган"): its code and where it is."""

    code: str  # office code used in registration numbers, e.g. "AKT-05"
    region: str  # region code of the poverty-line table, e.g. "karaganda"
    district: str = ""
    locality: str = ""
    name: str = ""


# --- people -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PersonName:
    """Фамилия, имя, отчество (при его наличии) / тегі, аты, әкесінің аты (ол болған кезде)."""

    surname: str
    first_name: str
    patronymic: str = ""

    @property
    def full(self) -> str:
        return " ".join(part for part in (self.surname, self.first_name, self.patronymic) if part)

    @property
    def short(self) -> str:
        """Surname and initials, as on the coupon: «Асқаров А. Б.»."""
        initials = " ".join(f"{part[0]}." for part in (self.first_name, self.patronymic) if part)
        return f"{self.surname} {initials}".strip()


def short_name(full_name: str) -> str:
    """«Сейтқали Әлия Нұрланқызы» → «Сейтқали Ә. Н.» (surname and initials, as on the coupon)."""
    parts = full_name.split()
    if not parts:
        return ""
    return PersonName(parts[0], parts[1] if len(parts) > 1 else "", " ".join(parts[2:])).short


@dataclass(frozen=True, slots=True)
class Address:
    """Населенный пункт, район, область; улица, № дома и квартиры (forms.md H3–H4)."""

    region: str = ""  # region code, as Office.region
    district: str = ""
    locality: str = ""
    street: str = ""
    house: str = ""
    flat: str = ""


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"


class IdentityDocumentKind(StrEnum):
    """Документ, удостоверяющий личность / жеке басын куәландыратын құжат."""

    ID_CARD = "id_card"  # удостоверение личности / жеке куәлік
    PASSPORT = "passport"
    BIRTH_CERTIFICATE = "birth_certificate"
    RESIDENCE_PERMIT = "residence_permit"  # вид на жительство иностранца
    STATELESS_CERTIFICATE = "stateless_certificate"
    REFUGEE_CERTIFICATE = "refugee_certificate"
    KANDAS_CERTIFICATE = "kandas_certificate"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class IdentityDocument:
    """H5–H7: документ, уд. личности № …, выдано …, дата выдачи …."""

    kind: IdentityDocumentKind
    number: str
    issuer: str = ""  # "выдано" (RU form only)
    issue_date: dt.date | None = None
    expiry_date: dt.date | None = None
    series: str = ""


class AccountType(StrEnum):
    """H12 "тип счета: текущий, картсчет (нужное подчеркнуть)"."""

    CURRENT = "current"  # текущий / ағымдағы
    CARD = "card"  # картсчет / карточкалық шот


@dataclass(frozen=True, slots=True)
class BankAccount:
    """H9–H12: банковские реквизиты."""

    bank_name: str
    iban: str  # банковский счет № / жеке шотының №: KZ + 18 characters
    account_type: AccountType = AccountType.CARD


@dataclass(frozen=True, slots=True)
class Applicant:
    """The applicant's header block. Name, IIN and birth date live in the applicant's row
    of the family (the member whose relationship is ``Relationship.APPLICANT``)."""

    member_id: str
    address: Address
    phone: str = ""
    identity_document: IdentityDocument | None = None
    bank_account: BankAccount | None = None
    occupation: str = ""  # род занятий / қызмет түрі


@dataclass(frozen=True, slots=True)
class Representative:
    """Представитель по нотариально заверенной доверенности (нотариалдық сенімхат бойынша өкіл)."""

    name: PersonName
    iin: str = ""
    identity_document: IdentityDocument | None = None
    phone: str = ""
    power_of_attorney_number: str = ""
    power_of_attorney_date: dt.date | None = None
    power_of_attorney_notary: str = ""
    power_of_attorney_valid_until: dt.date | None = None


# --- family -------------------------------------------------------------------------------


class Relationship(StrEnum):
    """Родственное отношение к заявителю / өтініш берушіге туыстық қатынасы."""

    APPLICANT = "applicant"
    SPOUSE = "spouse"
    PARTNER = "partner"  # living together without a registered marriage (art. 120 p.5)
    CHILD = "child"
    STEPCHILD = "stepchild"
    ADOPTED_CHILD = "adopted_child"
    CHILD_IN_CARE = "child_in_care"  # under guardianship, trusteeship or foster care
    PARENT = "parent"
    STEPPARENT = "stepparent"
    PARENT_IN_LAW = "parent_in_law"
    CHILD_IN_LAW = "child_in_law"  # son- or daughter-in-law
    SIBLING = "sibling"
    GRANDCHILD = "grandchild"
    GRANDPARENT = "grandparent"
    OTHER_RELATIVE = "other_relative"


class ResidenceStatus(StrEnum):
    """Who may receive АСП (Social Code art. 120 p.1)."""

    CITIZEN = "citizen"
    KANDAS = "kandas"  # қандас (2013: оралман)
    REFUGEE = "refugee"
    FOREIGNER_PERMANENT = "foreigner_permanent"  # permanently residing in Kazakhstan
    STATELESS_PERMANENT = "stateless_permanent"
    FOREIGNER_TEMPORARY = "foreigner_temporary"  # not entitled; still a family member


class DisabilityGroup(StrEnum):
    """Группа инвалидности / мүгедектік тобы."""

    GROUP_1 = "1"
    GROUP_2 = "2"
    GROUP_3 = "3"
    CHILD = "child"  # disabled child (ребенок с инвалидностью), under 18


class MemberStatus(StrEnum):
    """Facts about a member that change the decision (art. 1 subpar. 43, arts. 121–122)."""

    FULL_TIME_STUDENT = "full_time_student"  # очная форма обучения
    PENSIONER = "pensioner"  # receives a pension (also before the pension age)
    LONG_TERM_ILLNESS = "long_term_illness"  # temporary incapacity of more than two months
    PERMANENT_EMPLOYMENT = "permanent_employment"  # art. 122 p.4 subpar. 5
    REGISTERED_JOB_SEEKER = "registered_job_seeker"  # registered with the employment body
    SUSPENDED_ENTREPRENEUR = "suspended_entrepreneur"  # art. 122 p.1
    CARING_CHILD_UNDER_3 = "caring_child_under_3"
    CARING_DISABLED_CHILD = "caring_disabled_child"
    CARING_DISABLED_GROUP_1_2 = "caring_disabled_group_1_2"
    CARING_ELDERLY_OVER_80 = "caring_elderly_over_80"
    INPATIENT_OVER_MONTH = "inpatient_over_month"  # 2013 exemption (seed 004, item 10)
    CARING_CHILD_UNDER_7 = "caring_child_under_7"  # 2013 exemption (seed 004, item 10)


CARE_STATUSES: frozenset[MemberStatus] = frozenset(
    {
        MemberStatus.CARING_CHILD_UNDER_3,
        MemberStatus.CARING_DISABLED_CHILD,
        MemberStatus.CARING_DISABLED_GROUP_1_2,
        MemberStatus.CARING_ELDERLY_OVER_80,
    }
)


class ExclusionReason(StrEnum):
    """Persons not counted in the family (Social Code art. 120 p.5)."""

    FULL_STATE_SUPPORT = "full_state_support"  # полное государственное обеспечение
    CONSCRIPT_SERVICE = "conscript_service"  # срочная воинская служба
    DEPRIVATION_OF_LIBERTY = "deprivation_of_liberty"  # места лишения свободы
    COMPULSORY_TREATMENT = "compulsory_treatment"  # принудительное лечение


class AbsenceReason(StrEnum):
    """Why a member counted in the family lives elsewhere (art. 120 p.5): informational."""

    WORKING_AWAY = "working_away"
    NO_SCHOOL_AT_HOME = "no_school_at_home"
    BOARDING_SCHOOL = "boarding_school"
    STUDENT_AWAY = "student_away"  # full-time TVET or higher education, 18 to 23


@dataclass(frozen=True, slots=True)
class FamilyMember:
    """One row of "Сведения о составе семьи заявителя" (forms.md §2), with the statuses
    the rules need. ``member_id`` is the stable key incomes and documents refer to."""

    member_id: str
    name: PersonName
    relationship: Relationship
    iin: str = ""
    birth_date: dt.date | None = None  # when empty, decoded from the IIN
    sex: Sex | None = None  # when empty, decoded from the IIN
    registered_address: Address | None = None  # место проживания по регистрации
    actual_address: Address | None = None  # фактическое место проживания
    residence_status: ResidenceStatus = ResidenceStatus.CITIZEN
    disability: DisabilityGroup | None = None
    statuses: frozenset[MemberStatus] = frozenset()
    excluded: ExclusionReason | None = None
    absence: AbsenceReason | None = None
    place_of_work_or_study: str = ""  # income sheet, column 2
    unemployment_certificate: str = ""  # справка уполномоченного органа по вопросам занятости


# --- income -------------------------------------------------------------------------------


class IncomeKind(StrEnum):
    """The columns of the income sheet (forms.md §3)."""

    EMPLOYMENT = "employment"  # от трудовой деятельности / еңбек қызметінен түскен табыс
    PENSIONS_AND_BENEFITS = "pensions_and_benefits"  # пенсии, пособия / зейнетақы, жәрдемақы
    ENTREPRENEURSHIP = "entrepreneurship"  # от предпринимательской деятельности
    SCHOLARSHIP = "scholarship"  # стипендии / шәкіртақы
    ALIMONY = "alimony"  # алименты / алимент
    OTHER = "other"  # иные виды дохода / өзге де табыс түрлері


class IncomeSource(StrEnum):
    """What exactly an income is, where the rule sets treat such incomes differently.

    ``GENERAL`` is "nothing special": counted under every rule set.
    """

    GENERAL = "general"
    TARGETED_SOCIAL_ASSISTANCE = "targeted_social_assistance"  # АСП itself
    HOUSING_ASSISTANCE = "housing_assistance"  # жилищная помощь
    BURIAL_BENEFIT = "burial_benefit"  # one-time burial benefit
    DISABLED_CHILD_BENEFIT = "disabled_child_benefit"
    LARGE_FAMILY_ALLOWANCE = "large_family_allowance"  # многодетные семьи (4+ children)
    MOTHER_HEROINE_BENEFIT = "mother_heroine_benefit"  # «Алтын алқа», «Күміс алқа»
    RELOCATION_PAYMENT = "relocation_payment"  # one-time payment for moving (employment)
    EMPLOYMENT_MEASURES = "employment_measures"  # income from active employment measures
    RENT_OR_SALE = "rent_or_sale"  # rent or sale of real estate and vehicles
    DEPOSIT_INTEREST = "deposit_interest"
    MONEY_TRANSFERS = "money_transfers"
    GIFTS_AND_INHERITANCE = "gifts_and_inheritance"
    LOANS = "loans"  # credit and microcredit received
    WINNINGS = "winnings"
    HOUSING_CERTIFICATE = "housing_certificate"


class IncomeEvidence(StrEnum):
    """Документально подтвержденные суммы доходов / прочие заявленные доходы."""

    DOCUMENTED = "documented"
    DECLARED = "declared"


@dataclass(frozen=True, slots=True)
class IncomeEntry:
    """One amount received by one member in one quarter (or one month of it)."""

    member_id: str
    kind: IncomeKind
    amount: int  # tiyn, for the whole quarter, or for ``month`` if given
    quarter: Quarter
    evidence: IncomeEvidence = IncomeEvidence.DOCUMENTED
    source: IncomeSource = IncomeSource.GENERAL
    month: int | None = None  # 1..12, inside ``quarter``
    payer: str = ""  # employer, fund, organisation
    note: str = ""


# --- personal subsidiary farming ----------------------------------------------------------


class LivestockKind(StrEnum):
    """Rows of the "Домашние животные" column (forms.md §4), one per kind and sex."""

    COW = "cow"
    BULL = "bull"
    MARE = "mare"
    STALLION = "stallion"
    CAMEL = "camel"
    SHE_CAMEL = "she_camel"
    SHEEP_GOAT = "sheep_goat"
    POULTRY = "poultry"  # куры, утки, гуси
    PIG = "pig"


@dataclass(frozen=True, slots=True)
class LivestockHolding:
    """Домашние животные, возраст, кол-во (голов)."""

    kind: LivestockKind
    heads: int
    age_years: int = 0  # 0: under one year
    working_animal: bool = False  # a working horse or camel (not counted under the old rules)


class LandKind(StrEnum):
    """Rows of the "Объект личного подсобного хозяйства" column (forms.md §4)."""

    DACHA = "dacha"  # дача / саяжай
    GARDEN = "garden"  # огород / бақша
    LAND_PLOT = "land_plot"  # земельный участок / жер учаскесі
    HOUSEHOLD_PLOT = "household_plot"  # приусадебный / үй іргесіндегі жер учаскесі
    CONDITIONAL_LAND_SHARE = "conditional_land_share"  # условная земельная доля
    PROPERTY_SHARE = "property_share"  # имущественный пай (год выдачи)


@dataclass(frozen=True, slots=True)
class LandHolding:
    """Объект, кол-во, ед. изм. For a property share the year of issue is recorded."""

    kind: LandKind
    area_m2: int = 0
    year_issued: int | None = None


# --- documents ----------------------------------------------------------------------------


class DocumentKind(StrEnum):
    """Documents of the set (2015 regulation item 4; 2013 item 13)."""

    APPLICATION = "application"  # заявление (appendix 2)
    FAMILY_COMPOSITION = "family_composition"  # сведения о составе семьи (appendix 3)
    INCOME_INFORMATION = "income_information"  # сведения о полученных доходах (appendix 4)
    FARM_INFORMATION = "farm_information"  # сведения о наличии ЛПХ (appendix 5)
    RESIDENCE_REGISTRATION = "residence_registration"  # адресная справка / справка акима
    SOCIAL_CONTRACT = "social_contract"  # if concluded
    IDENTITY_DOCUMENT = "identity_document"
    POWER_OF_ATTORNEY = "power_of_attorney"
    INCOME_PROOF = "income_proof"  # справка о заработной плате, о социальных выплатах ...
    UNEMPLOYMENT_CERTIFICATE = "unemployment_certificate"
    OTHER = "other"
    # documents of the other services of the catalogue (forms/services/*/service.yaml)
    BIRTH_CERTIFICATE = "birth_certificate"  # свидетельство о рождении ребенка
    MARRIAGE_CERTIFICATE = "marriage_certificate"  # о заключении (расторжении) брака
    GUARDIANSHIP_DOCUMENT = "guardianship_document"  # опека (попечительство), усыновление
    HARDSHIP_ACT = "hardship_act"  # акт о наступлении трудной жизненной ситуации
    WORKPLACE_CERTIFICATE = "workplace_certificate"  # справка с места работы
    BANK_ACCOUNT_DOCUMENT = "bank_account_document"  # о наличии лицевого счета в банке
    # the disability services (services.md §11-15)
    REHABILITATION_PROGRAMME = "rehabilitation_programme"  # ИПР / ОЖБ, or its extract
    DISABILITY_CERTIFICATE = "disability_certificate"  # справка об инвалидности (МСЭ)
    VETERAN_CERTIFICATE = "veteran_certificate"  # удостоверение участника (инвалида) ВОВ
    PENSION_CERTIFICATE = "pension_certificate"  # пенсионное удостоверение
    MEDICAL_REPORT = "medical_report"  # заключение медицинской организации (ВКК)
    ACCIDENT_ACT = "accident_act"  # акт о несчастном случае и о прекращении работодателя
    SANATORIUM_CARD = "sanatorium_card"  # санаторно-курортная карта
    IIN_DOCUMENT = "iin_document"  # ИИН, when the identity document has none
    REPRESENTATIVE_IDENTITY = "representative_identity"  # of the person who files for another
    # the citizens affected by the nuclear tests at the Semipalatinsk test site (services.md §9)
    RESIDENCE_PROOF = "residence_proof"  # архивные справки, трудовая книжка, ...: fact and period
    COURT_DECISION = "court_decision"  # решение суда об установлении юридического факта
    POLYGON_CERTIFICATE = "polygon_certificate"  # удостоверение issued earlier under the Law
    # home education of children with disabilities (services.md §8)
    # заключение психолого-медико-педагогической консультации (§8; for children in §17)
    PMPK_CONCLUSION = "pmpk_conclusion"
    HOME_EDUCATION_CERTIFICATE = "home_education_certificate"  # справка школы (приложение 3)
    # the special social services (services.md §16-17)
    MEDICAL_CARD = "medical_card"  # медицинская карта (appendix 4 of §16, 3 of §17)
    INCAPACITY_DECISION = "incapacity_decision"  # решение суда о признании недееспособным


@dataclass(frozen=True, slots=True)
class PresentedDocument:
    """A document handed in: original shown, copy taken, validity."""

    kind: DocumentKind
    member_id: str = ""
    title: str = ""
    number: str = ""
    issue_date: dt.date | None = None
    expiry_date: dt.date | None = None
    original_shown: bool = False
    copy_taken: bool = False
    sheets: int = 1
    from_state_systems: bool = False  # obtained from state information systems instead


# --- the commission and earlier events ----------------------------------------------------


class NoNeedCriterion(StrEnum):
    """The commission's criteria for "no need" (Social Code art. 125 p.1)."""

    MORE_THAN_ONE_DWELLING = "more_than_one_dwelling"
    PROFIT_PREMISES = "profit_premises"
    HOUSING_PLOT_AND_DWELLING = "housing_plot_and_dwelling"
    MORE_THAN_ONE_CAR = "more_than_one_car"
    MACHINERY_OR_TRANSPORT = "machinery_or_transport"
    LOCAL_CRITERION = "local_criterion"  # added by the akimat with the maslikhat's consent


@dataclass(frozen=True, slots=True)
class CommissionConclusion:
    """Заключение участковой комиссии / учаскелік комиссияның қорытындысы."""

    survey_date: dt.date | None = None
    survey_refused: bool = False  # the applicant refused the survey (art. 128 subpar. 2)
    need_confirmed: bool = True
    no_need_criteria: tuple[NoNeedCriterion, ...] = ()
    note: str = ""


class PriorEventKind(StrEnum):
    """Earlier events that bar АСП for six months (Social Code art. 128 subpars. 4–6)."""

    REFUSED_EMPLOYMENT_MEASURES = "refused_employment_measures"
    SOCIAL_CONTRACT_BROKEN = "social_contract_broken"
    FALSE_INFORMATION = "false_information"


@dataclass(frozen=True, slots=True)
class PriorEvent:
    kind: PriorEventKind
    date: dt.date
    member_id: str = ""
    note: str = ""


class RefusalCode(StrEnum):
    """Grounds for refusing to accept the documents or to assign АСП (refusal.py)."""

    # refusal to accept the documents (құжаттарды қабылдаудан бас тарту)
    INCOMPLETE_DOCUMENTS = "intake.incomplete"
    EXPIRED_DOCUMENTS = "intake.expired"
    # refusal to assign (тағайындаудан бас тарту)
    INCOME_ABOVE_LINE = "income_above_line"
    # Law of 2001: per-capita income equal to the line. Not "above" it, so not the ground of
    # 2013 item 10 subpar. 1; the service is for families below the line (items 1.4 and 2).
    INCOME_NOT_BELOW_LINE = "income_not_below_line"
    SURVEY_REFUSED = "survey_refused"
    NO_NEED = "no_need"
    EMPLOYMENT_MEASURES_REFUSED = "employment_measures_refused"
    SOCIAL_CONTRACT_BROKEN = "social_contract_broken"
    FALSE_INFORMATION = "false_information"
    UNREGISTERED_UNEMPLOYED = "unregistered_unemployed"  # 2013 item 10.2: the person only


# --- the application ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Consents:
    """The statements the applicant signs (forms.md §1.4, process.md §11)."""

    personal_data: bool = False  # B5
    income_reconciliation: bool = False  # B7
    protected_information: bool = False  # separate written consent taken by the employee


@dataclass(frozen=True, slots=True)
class Application:
    """One application (АСП unless ``service`` says otherwise) with everything the forms carry."""

    application_date: dt.date  # date the documents were accepted
    channel: Channel
    office: Office
    applicant: Applicant
    members: tuple[FamilyMember, ...]
    incomes: tuple[IncomeEntry, ...] = ()
    livestock: tuple[LivestockHolding, ...] = ()
    land: tuple[LandHolding, ...] = ()
    documents: tuple[PresentedDocument, ...] = ()
    representative: Representative | None = None
    commission: CommissionConclusion | None = None
    prior_events: tuple[PriorEvent, ...] = ()
    consents: Consents = field(default_factory=Consents)
    application_id: str = ""  # UUIDv7 given by storage
    registration_number: str = ""  # e.g. AKT-05-2026-000123
    family_registration_number: str = ""  # регистрационный номер семьи
    # the service of the catalogue (forms/services/<code>): АСП unless said
    service: str = "asp"
    # the service's own data by name (the unemployed's education, the maslikhat category),
    # as its own sheets bind them (``details.<name>``): JSON values only, see
    # desktop.domain.service_details
    details: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def member(self, member_id: str) -> FamilyMember:
        for candidate in self.members:
            if candidate.member_id == member_id:
                return candidate
        raise KeyError(member_id)

    @property
    def applicant_member(self) -> FamilyMember:
        return self.member(self.applicant.member_id)
