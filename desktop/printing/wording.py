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
    "\"Халыққа қызмет көрсету орталығы\" РМК филиалының № {slip_department_number} бөлімі",
    "отдел № {slip_department_number} филиала РГП \"Центр обслуживания населения\"")
SLIP_WORKER_STATE_CORPORATION = T("ХҚО қызметкерінің", "работника ЦОН")

# Titles of the results and registers (glossary A.2, A.6, A.10; process.md §8).
NOTIFICATION_ASSIGNMENT = T(  # 002 KZ 1354, RU 7365
    "Мемлекеттік атаулы әлеуметтік көмек тағайындау туралы хабарлама",
    "Уведомление о назначении государственной адресной социальной помощи")
NOTIFICATION_REFUSAL = T(
    "Мемлекеттік атаулы әлеуметтік көмек тағайындаудан бас тарту туралы хабарлама",
    "Уведомление об отказе в назначении государственной адресной социальной помощи")
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
