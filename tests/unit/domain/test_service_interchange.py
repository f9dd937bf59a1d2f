"""The interchange file of any service: ``service`` and its own ``details``; ``komek assess``
for the services that compute; ``komek services``."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from desktop.cli import assess as cli
from desktop.domain.interchange import application_from_json, application_to_json
from desktop.domain.issues import InvalidApplicationError
from desktop.domain.model import Relationship, Sex
from desktop.domain.quarters import Quarter
from desktop.domain.service_details import MAX_TEXT, normalized
from tests.support.domain_factories import REGION, application, member, monthly_income

ROOT = Path(__file__).resolve().parents[3]
DAY = dt.date(2016, 2, 10)


def child_benefit_document(income: int = 20_000) -> dict[str, Any]:
    people = [member("a", Relationship.APPLICANT, dt.date(1988, 4, 2)),
              member("b", Relationship.CHILD, dt.date(2010, 6, 1), Sex.MALE)]
    return application_to_json(application(people, DAY, monthly_income(
        "a", Quarter(2015, 4), income), service="child_benefit"))


def test_asps_files_read_and_write_as_they_always_have():
    people = [member("a", Relationship.APPLICANT, dt.date(1950, 1, 1))]
    document = application_to_json(application(people, DAY))
    assert "service" not in document and "details" not in document
    assert application_from_json(document).service == "asp"


def test_a_services_file_carries_its_service_and_its_own_data_both_ways():
    people = [member("a", Relationship.APPLICANT, dt.date(1985, 3, 3))]
    details = {"sphere": "health", "born": dt.date(2001, 2, 3), "children": [
        {"surname": "Әлиев", "iin": "010203500123"}], "works_in_rural_settlement": True}
    app = application(people, DAY, service="rural_fuel", details=normalized(details))
    document = json.loads(json.dumps(application_to_json(app), ensure_ascii=False))
    assert document["service"] == "rural_fuel"
    assert document["details"]["born"] == "2001-02-03"
    back = application_from_json(document)
    assert back.service == "rural_fuel" and back.details == app.details


@pytest.mark.parametrize(("change", "pointer"), [
    ({"service": "Not A Code"}, "/service"),
    ({"details": [1, 2]}, "/details"),
    ({"details": {"a": {"b": {"c": {"d": {"e": 1}}}}}}, "/details/a/b/c/d"),
    ({"details": {"note": "ж" * (MAX_TEXT + 1)}}, "/details/note"),
])
def test_bad_service_data_is_refused_at_its_pointer(change: dict[str, Any], pointer: str):
    document = {**child_benefit_document(), **change}
    with pytest.raises(InvalidApplicationError) as error:
        application_from_json(document)
    assert pointer in {issue.pointer for issue in error.value.issues}


@pytest.fixture
def overlay(tmp_path: Path) -> Path:
    folder = tmp_path / "overlay"
    (folder / "services").mkdir(parents=True)
    (folder / "services" / "child_benefit.yaml").write_text(yaml.safe_dump({
        "food_basket": [{"region": REGION, "quarter": "2016-Q1", "amount": "15000",
                         "source": "test"}]}), encoding="utf-8")
    return folder


def run(*argv: str) -> int:
    parser = cli.argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    cli.add_parser(sub)
    return cli.run(parser.parse_args(list(argv)))


def test_assess_decides_a_child_benefit_by_its_rules(tmp_path: Path, overlay: Path,
                                                     capsys: pytest.CaptureFixture[str]):
    path = tmp_path / "application.json"
    path.write_text(json.dumps(child_benefit_document(), ensure_ascii=False), encoding="utf-8")
    assert run("assess", str(path), "--lang", "kk", "--params", str(overlay)) == 0
    output = json.loads(capsys.readouterr().out)
    assert output["service"] == "child_benefit" and output["outcome"] == "assigned"
    assert output["monthly_amount_tiyn"] > 0 and output["lang"] == "kk"
    assert output["trace"][-1]["title"] == "Шешім"
    assert any(w["code"] == "child_benefit.unconfirmed" for w in output["warnings"])


def test_assess_names_what_a_service_is_missing(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]):
    path = tmp_path / "application.json"
    path.write_text(json.dumps(child_benefit_document(), ensure_ascii=False), encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run("assess", str(path), "--lang", "ru", "--params", str(empty)) == 3
    errors = json.loads(capsys.readouterr().out)["errors"]
    assert errors[0]["code"] == "food_basket.missing"
    no_rules = {**child_benefit_document(), "service": "unemployed_certificate"}
    path.write_text(json.dumps(no_rules, ensure_ascii=False), encoding="utf-8")
    assert run("assess", str(path), "--params", str(empty)) == 2
    assert json.loads(capsys.readouterr().out)["errors"][0]["code"] == "service.no_rules"
    path.write_text(json.dumps({**child_benefit_document(), "service": "astrology"}),
                    encoding="utf-8")
    assert run("assess", str(path), "--params", str(empty)) == 2
    assert json.loads(capsys.readouterr().out)["errors"][0]["pointer"] == "/service"


def komek(*argv: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "PYTHONPATH": str(ROOT),
           "LANG": "C.UTF-8"}
    return subprocess.run([sys.executable, "-m", "desktop", *argv], capture_output=True,
                          text=True, env=env, timeout=120, check=False)


def test_komek_services_lists_the_catalogue_in_kazakh_and_russian(tmp_path: Path):
    kk = komek("services", "--lang", "kk", home=tmp_path)
    ru = komek("services", "list", "--lang", "ru", home=tmp_path)
    assert kk.returncode == ru.returncode == 0, kk.stderr + ru.stderr
    assert "Осы жұмыс орнында қабылданатын қызметтер:" in kk.stdout
    assert "Жұмыссызға анықтама" in kk.stdout and "BS" in kk.stdout
    assert "Услуги, которые здесь не принимаются" in ru.stdout
    assert "Присвоение статуса оралмана" in ru.stdout
    assert "Управление координации занятости и социальных программ области" in ru.stdout


def test_komek_services_shows_one_service_and_refuses_an_unknown_code(tmp_path: Path):
    shown = komek("services", "show", "unemployed_certificate", "--lang", "ru", home=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "Справка о регистрации в качестве безработного" not in shown.stdout  # the form
    assert "справка о регистрации в качестве безработного" in shown.stdout  # the result
    assert "(действительна 10 раб. дн.)" in shown.stdout
    assert "Выдача результата заявителю: 2 мин" in shown.stdout
    unknown = komek("services", "show", "astrology", "--lang", "kk", home=tmp_path)
    assert unknown.returncode == 2 and "astrology" in unknown.stderr


def test_komek_services_enters_a_maslikhat_decision_checked_first(tmp_path: Path):
    params = tmp_path / "params"
    bad = tmp_path / "bad.yaml"
    bad.write_text("district: Ақтоғай ауданы\nnumber: '1'\n", encoding="utf-8")
    refused = komek("services", "add-decision", str(bad), "--params", str(params), "--lang",
                    "ru", home=tmp_path)
    assert refused.returncode == 2 and "/date" in refused.stderr
    assert not (params / "services" / "maslikhat_decisions.yaml").exists()
    good = tmp_path / "good.yaml"
    good.write_text(yaml.safe_dump({
        "district": "Ақтоғай ауданы", "number": "12/3", "date": "2025-12-20",
        "in_force": {"from": "2026-01-01", "to": None}, "source": "Шешім № 12/3",
        "categories": [{"id": "large", "title": {"kk": "Көпбалалы", "ru": "Многодетные"},
                        "payment": "one_time", "amount": "20000"}],
        "home_education": {"amount_mrp": "6.5", "per": "quarter"}}, allow_unicode=True),
        encoding="utf-8")
    saved = komek("services", "add-decision", str(good), "--params", str(params), home=tmp_path)
    assert saved.returncode == 0, saved.stderr
    listed = komek("services", "decisions", "--params", str(params), "--lang", "kk",
                   home=tmp_path)
    assert "Ақтоғай ауданы: № 12/3" in listed.stdout and "large: Көпбалалы" in listed.stdout
    assert "үйде оқытуға жұмсалған шығындарды өтеу" in listed.stdout
