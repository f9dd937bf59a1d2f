"""Official names quoted from the seeds that no form file carries (glossary A.2, A.10).

The blanks' own texts live in ``forms/*.yaml`` (read through ``formtext``); this module keeps
the service names, the ЦОН phrase of the refusal slip that an office printout replaces with
its own name (forms.md §5, last paragraph), and the document titles the seeds name.
"""

from __future__ import annotations

from desktop.formspec.model import LocalizedText as T

SERVICE = T("Мемлекеттік атаулы әлеуметтік көмек тағайындау",
            "Назначение государственной адресной социальной помощи")  # 002 KZ 1341, RU 7352
CERTIFICATE_SERVICE = T(  # 002 KZ 3148, RU 9167; 003:5
    "Өтініш берушінің (отбасының) атаулы әлеуметтік көмек алушыларға тиесілігін растайтын "
    "анықтама беру",
    "Выдача справки, подтверждающей принадлежность заявителя (семьи) к получателям адресной "
    "социальной помощи")
ASP = T("мемлекеттік атаулы әлеуметтік көмек", "государственная адресная социальная помощь")

# The ЦОН department exactly as the slip's fill template words it (forms/refusal_slip.yaml).
SLIP_STATE_CORPORATION = T(
    "«Халыққа қызмет көрсету орталығы» РМК филиалының № {slip_department_number} бөлімі",
    "отдел № {slip_department_number} филиала РГП «Центр обслуживания населения»")
SLIP_WORKER_STATE_CORPORATION = T("ХҚО қызметкерінің", "работника ЦОН")

# Titles of the results and registers (glossary A.2, A.6, A.10; process.md §8).
NOTIFICATION_ASSIGNMENT = T(  # 002 KZ 1354, RU 7365
    "Мемлекеттік атаулы әлеуметтік көмек тағайындау туралы хабарлама",
    "Уведомление о назначении государственной адресной социальной помощи")
NOTIFICATION_REFUSAL = T(
    "Мемлекеттік атаулы әлеуметтік көмек тағайындаудан бас тарту туралы хабарлама",
    "Уведомление об отказе в назначении государственной адресной социальной помощи")
# A refusal in the words of the regime that decided it; the others print NOTIFICATION_REFUSAL
# (2015: "уведомление о назначении (отказе о назначении)", 002 RU 7395, KZ 1384).
REASONED_REFUSAL_2013 = T(  # 004 KZ 883 (item 6; "дәлелдi" with a Latin i), RU 41
    "Қызмет көрсетуден бас тарту туралы дәлелді жауап",
    "Мотивированный ответ об отказе в предоставлении услуги")
REASONED_REFUSAL_2018 = T(  # 000:58 ("дәлелді бас тарту"); the seed has no Russian text: the
    # same result in the Russian of the 2015 regulations, 002 RU 10694 (KZ 4644)
    "Мемлекеттік қызметті көрсетуден бас тарту туралы дәлелді жауап",
    "Мотивированный ответ об отказе в оказании государственной услуги")
REFUSAL_TITLES = {
    "law2001-2013": REASONED_REFUSAL_2013,
    "law2001-2018": REASONED_REFUSAL_2018,
    "law2001-2019": REASONED_REFUSAL_2018,  # the 2018 regulation still gave the procedure
}


def refusal_title(rule_set_id: str) -> T:
    """The title of a refusal decided under ``rule_set_id`` (empty: the current wording)."""
    return REFUSAL_TITLES.get(rule_set_id, NOTIFICATION_REFUSAL)
# The service's result, word for word (003:16 KZ; 002 RU 9180): it names both answers, so
# one title serves the certificate that the person belongs and the one that they do not.
CERTIFICATE = T(
    "Көрсетілетін қызметті алушының атаулы әлеуметтік көмек алушыларға тиесілігін (не тиесілі "
    "еместігін) растайтын анықтама",
    "Справка, подтверждающая принадлежность (либо отсутствие принадлежности) услугополучателя "
    "к получателям адресной социальной помощи")
JOURNAL = T("АӘК тағайындауға өтініштерді есепке алу журналы",  # 004 KZ 1117, RU 277
            "Журнал учета заявлений на назначение АСП")
TRANSFER_REGISTRY = T("Тапсырылатын құжаттар тізілімі",  # 002 KZ 1369, RU 7380
                      "Реестр передаваемых документов")
CALCULATION = T("АӘК тағайындау есебі", "Расчет назначения АСП")  # 004 KZ 1233, RU 393
