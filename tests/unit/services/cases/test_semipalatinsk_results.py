"""§9 (Semipalatinsk): the result documents printed as real PDFs whose text is read back, in
Kazakh and Russian: the head's decision recognising the applicant with the compensation of
Article 12, the certificate and its duplicate (numbered by the registration, the duplicate
marked as such on the paper) and the refusal with its grounds."""

from __future__ import annotations

import os
import re
from fractions import Fraction
from pathlib import Path

import pytest

from desktop.domain.assessment import Outcome
from desktop.domain.case_path import Action
from desktop.domain.case_status import CaseStatus
from desktop.domain.decision import DecisionTerms
from desktop.domain.money import Rounding
from desktop.i18n import format_date, format_money
from desktop.parameters.store import load_parameters
from desktop.services.results import issue_result, result_document
from tests.support.case_world import DAY, World
from tests.support.wizard_driver import pdf_text

from .test_service_cases import record, register_as


def has(data: bytes, text: str) -> bool:
    return re.sub(r"\s+", "", text) in re.sub(r"\s+", "", pdf_text(data))


def keep(name: str, data: bytes) -> None:
    """The PDF kept for a look (KOMEK_KEEP_PDF names a folder)."""
    folder = os.environ.get("KOMEK_KEEP_PDF")
    if folder:
        Path(folder, name).write_bytes(data)


def decided(world: World, service: str, outcome: Outcome, seed: int, **details) -> str:
    users = world.users
    app_id = register_as(world, service, seed=seed, details=details)
    world.cases.visa(users["head"], app_id, users["exec"].actor_id or "")
    draft = world.cases.prepare_draft(users["exec"], app_id)
    terms = draft if outcome is Outcome.ASSIGNED and draft is not None else DecisionTerms(
        outcome, note="Тұрғаны расталмады" if outcome is Outcome.REFUSED else "")
    world.cases.decide(users["head"], app_id, terms)
    return app_id


RESIDENCE = {"residence_zone": "extreme", "residence_locality": "Абай ауылы",
             "residence_from": 1960, "residence_to": 1970}


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_decision_recognises_and_states_the_compensation(world: World, lang: str):
    app_id = decided(world, "semipalatinsk_compensation", Outcome.ASSIGNED, 1, **RESIDENCE)
    users = world.users
    paper = issue_result(world.cases, users["desk"], app_id, lang,
                         action=Action.ISSUE_NOTIFICATION)
    keep(f"semipalatinsk_decision_{lang}.pdf", paper.pdf)
    assert record(world, app_id).status == CaseStatus.DELIVERED.value
    mrp = load_parameters().mrp.on(DAY).amount
    amount = Rounding().apply((Fraction("5.23") * 6 + Fraction("1.05") * 5) * mrp)
    heading, recognised, paid_by = {
        "kk": ("Семей ядролық сынақ полигонындағы ядролық сынақтардың салдарынан зардап шеккен "
               "деп тану туралы шешім", "1960 жылдан бастап 1970 жылды қоса алғанда",
               "Зейнетақы төлеу жөніндегі мемлекеттік орталық (ЗТМО)"),
        "ru": ("Решение о признании пострадавшим вследствие ядерных испытаний на "
               "Семипалатинском испытательном ядерном полигоне",
               "с 1960 по 1970 год включительно",
               "Государственным центром по выплате пенсий (ГЦВП)")}[lang]
    assert has(paper.pdf, heading) and has(paper.pdf, recognised) and has(paper.pdf, paid_by)
    assert has(paper.pdf, {"kk": "Төтенше радиациялық қатер аймағы",
                           "ru": "Зона чрезвычайного радиационного риска"}[lang])
    assert has(paper.pdf, format_money(amount, lang))
    assert has(paper.pdf, format_date(DAY))
    assert has(paper.pdf, record(world, app_id).registration_number or "")


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_certificate_is_numbered_and_its_duplicate_says_so(world: World, lang: str):
    users = world.users
    first = decided(world, "semipalatinsk_certificate", Outcome.ASSIGNED, 2,
                    certificate_request="certificate", **RESIDENCE)
    card = issue_result(world.cases, users["desk"], first, lang,
                        action=Action.ISSUE_NOTIFICATION)
    keep(f"semipalatinsk_certificate_{lang}.pdf", card.pdf)
    number = record(world, first).registration_number or ""
    assert "-YU-" in number
    word = {"kk": "Куәлік №", "ru": "Удостоверение №"}[lang]
    assert has(card.pdf, f"{word} {number}")
    assert has(card.pdf, {"kk": "жеңілдіктер мен өтемақыларға құқылы",
                          "ru": "имеет право на льготы и компенсации"}[lang])
    marker = {"kk": "ТЕЛНҰСҚА", "ru": "ДУБЛИКАТ"}[lang]
    assert not has(card.pdf, marker)
    again = decided(world, "semipalatinsk_certificate", Outcome.ASSIGNED, 3,
                    certificate_request="duplicate", original_certificate_number="123",
                    **RESIDENCE)
    duplicate = issue_result(world.cases, users["desk"], again, lang,
                             action=Action.ISSUE_NOTIFICATION)
    keep(f"semipalatinsk_duplicate_{lang}.pdf", duplicate.pdf)
    assert has(duplicate.pdf, marker)
    assert has(duplicate.pdf, {"kk": "бұрын берілген № 123 куәліктің орнына",
                               "ru": "Дубликат выдан взамен ранее выданного удостоверения № 123"}[
        lang])
    # a reprint of the first certificate is stamped as a duplicate by the print log
    reprint = result_document(world.db, first, users["desk"], lang, log=True)
    assert reprint.duplicate and has(reprint.pdf, marker)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_refusal_states_its_grounds(world: World, lang: str):
    refused = decided(world, "semipalatinsk_certificate", Outcome.REFUSED, 4,
                      certificate_request="certificate", **RESIDENCE)
    notice = result_document(world.db, refused, world.users["desk"], lang, log=False)
    keep(f"semipalatinsk_refusal_{lang}.pdf", notice.pdf)
    assert has(notice.pdf, {"kk": "Куәлік беруден бас тарту туралы хабарлама",
                            "ru": "Уведомление об отказе в выдаче удостоверения"}[lang])
    assert has(notice.pdf, "Тұрғаны расталмады")
