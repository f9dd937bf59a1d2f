"""The schema already holds the later services (disability, home education, Semipalatinsk,
special social services): a programme's items, commission and medical reports, a queue per
kind of aid, steps of a special commission. Here the wheelchairs of §14 (seed 002)."""

from __future__ import annotations

import shutil
from pathlib import Path

from desktop.catalog import load_catalogue
from desktop.catalog.model import ResultKind
from desktop.domain.model import Channel
from desktop.paths import forms_dir

WHEELCHAIRS = """\
schema: 1
code: wheelchairs
status: provided
level: district
order: 140
title: {kk: "Мүгедектерге кресло-арбалар беру", ru: "Предоставление инвалидам кресла-колясок"}
short_title: {kk: "Кресло-арба", ru: "Кресло-коляска"}
marker: KK
regulations:
  - id: nko-2015
    act: {kk: "Қаулы", ru: "Постановление"}
    source: {seed: 002_c30395a18cd71827.txt, lines: {kk: [4165, 4165], ru: [10198, 10198]}}
    in_force: {from: 2015-09-22, to: 2016-06-05}
in_force: {from: 2015-09-22, to: null}
channels:
  - id: district_office
documents:
  - id: other
    kind: rehabilitation_programme
    name: {kk: "мүгедекті оңалтудың жеке бағдарламасы",
           ru: "индивидуальная программа реабилитации инвалида"}
    slip_name: {kk: "оңалтудың жеке бағдарламасы", ru: "программа реабилитации"}
    requirement: required
    presentation: original_and_copy
    source: {seed: 002_c30395a18cd71827.txt, lines: {kk: [4190, 4190], ru: [10223, 10223]}}
  - id: other  # a kind of its own in DocumentKind when the service is added for real
    channels: [district_office]
    kind: medical_report
    name: {kk: "медициналық ұйымның қорытындысы", ru: "заключение медицинской организации"}
    slip_name: {kk: "қорытынды", ru: "заключение"}
    requirement: conditional
    condition: {kk: "соғыс ардагерлері үшін", ru: "для участников войны"}
    presentation: copy
    source: {seed: 002_c30395a18cd71827.txt, lines: {kk: [4191, 4191], ru: [10224, 10224]}}
programme_items:
  - {id: wheelchair_room, title: {kk: "Бөлмелік кресло-арба", ru: "Кресло-коляска комнатная"}}
  - {id: wheelchair_street, title: {kk: "Көшелік кресло-арба", ru: "Кресло-коляска прогулочная"}}
queues:
  - {id: wheelchairs, title: {kk: "Кресло-арба кезегі", ru: "Очередь на кресло-коляску"}}
sheets: [documents]
wizard:
  - {step: documents, pages: [documents.documents]}
steps:
  - {id: registration, actor: front_desk, awaited_in: [], terms: {district_office: {minutes: 30}},
     source: {seed: 002_c30395a18cd71827.txt}}
  - {id: commission_survey, actor: special_commission, awaited_in: [sent_to_commission],
     terms: {district_office: {working_days: 7}}, source: {seed: 002_c30395a18cd71827.txt}}
  - {id: decision, actor: head, awaited_in: [commission_concluded],
     terms: {district_office: {working_days: 1}}, source: {seed: 002_c30395a18cd71827.txt}}
path:
  - {action: refer_to_commission, from: [registered], to: sent_to_commission, roles: [executor],
     side: district}
  - {action: record_conclusion, from: [sent_to_commission], to: commission_concluded,
     roles: [commission_member], side: district}
  - {action: issue_notification, from: [commission_concluded], to: delivered,
     roles: [executor], side: district}
results:
  - id: notification
    kind: notification
    title: {kk: "хабарлама", ru: "уведомление"}
    source: {seed: 002_c30395a18cd71827.txt}
    print:
      heading: {kk: "Кресло-арба беру туралы хабарлама",
                ru: "Уведомление о предоставлении кресла-коляски"}
      addressee: true
      lines:
        - {kk: "Өтініштің тіркеу нөмірі: {number}.",
           ru: "Регистрационный номер заявления: {number}."}
      blanks: {number: registration.number}
  - id: commission_decision
    kind: decision
    title: {kk: "комиссия шешімі", ru: "решение комиссии"}
    source: {seed: 002_c30395a18cd71827.txt}
"""


def test_a_service_with_a_programme_queues_and_a_commission_loads(tmp_path: Path):
    root = tmp_path / "forms"
    root.mkdir()
    for sheet in forms_dir().glob("*.yaml"):
        shutil.copy(sheet, root / sheet.name)
    for code in ("asp", "wheelchairs"):
        (root / "services" / code).mkdir(parents=True)
    shutil.copy(forms_dir() / "services" / "asp" / "service.yaml",
                root / "services" / "asp" / "service.yaml")
    (root / "services" / "wheelchairs" / "service.yaml").write_text(WHEELCHAIRS,
                                                                    encoding="utf-8")
    service = load_catalogue(root).get("wheelchairs")
    assert [d.kind for d in service.documents] == ["rehabilitation_programme", "medical_report"]
    assert [i.id for i in service.programme_items] == ["wheelchair_room", "wheelchair_street"]
    assert service.queues[0].title.ru == "Очередь на кресло-коляску"
    assert service.steps[1].actor == "special_commission"
    assert {r.kind for r in service.results} == {ResultKind.NOTIFICATION, ResultKind.DECISION}
    assert service.result("commission_decision").form is None  # the commission's own paper
    plan = service.schedule()
    assert plan is not None and [t.step for t in plan.channels[Channel.DISTRICT_OFFICE].steps] \
        == ["registration", "commission_survey", "decision"]
