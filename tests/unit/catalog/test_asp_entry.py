"""АСП as an entry of the catalogue: the same path, steps, wizard and sheets it always had.

The catalogue's ``asp`` declares as data what the domain has always done: these tests hold
the two equal, so that nothing of АСП changes (and ``desktop.services.service_paths`` may read
АСП's path from the domain without loading the catalogue)."""

from __future__ import annotations

from desktop.catalog import ASP, load_catalogue
from desktop.domain.case_deadlines import WAITING_STEPS
from desktop.domain.case_path import ASP_PATH, STEPS, waiting_statuses
from desktop.domain.intake_session import STEPS as WIZARD_STEPS
from desktop.domain.roles import Role
from desktop.services import service_paths

CATALOGUE = load_catalogue()
ENTRY = CATALOGUE.get(ASP)


def test_the_declared_path_is_the_domains_step_for_step():
    assert ENTRY.path is not None
    assert ENTRY.path.steps == STEPS
    assert ENTRY.path == ASP_PATH


def test_the_declared_steps_wait_where_the_domain_waits():
    assert ENTRY.waiting() == dict(WAITING_STEPS)


def test_the_wizard_shows_the_same_pages_in_the_same_order():
    assert tuple((step.id, step.pages) for step in ENTRY.wizard) == WIZARD_STEPS


def test_its_sheets_are_the_shared_forms_themselves():
    from desktop.formspec import load_all

    shared = load_all()
    forms = CATALOGUE.forms(ASP)
    for name in ("application", "family", "income", "farm", "documents", "refusal_slip"):
        assert forms[name] == shared[name]
    assert ENTRY.own_sheets == ()
    assert ENTRY.coupon is not None and (ENTRY.coupon.sheet, ENTRY.coupon.block) == \
        ("application", "coupon")
    assert ENTRY.documents_from == "documents" and ENTRY.documents == ()


def test_its_terms_stay_the_rule_sets_schedules(parameters):
    import datetime as dt

    assert ENTRY.terms_from_schedule and ENTRY.schedule() is None
    day = dt.date(2015, 10, 1)
    assert CATALOGUE.schedule(ASP, day, parameters) is parameters.deadlines["reg2015"]
    assert service_paths.schedule(ASP, day, parameters) is parameters.deadlines["reg2015"]


def test_its_numbers_keep_no_marker_and_its_rules_are_the_assessment():
    assert ENTRY.marker == "" and service_paths.marker(ASP) == ""
    assert ENTRY.rules == "assessment"


def test_the_work_lists_see_the_same_statuses_for_every_role():
    for role in Role:
        assert waiting_statuses([role], ENTRY.path) == waiting_statuses([role])


def test_a_path_declared_as_asps_less_some_actions_keeps_the_rest_in_order():
    child = CATALOGUE.get("child_benefit")
    assert child.path is not None
    dropped = {"check_draft", "report_change", "recalculate", "terminate"}
    assert [s.action.value for s in child.path.steps] == [
        s.action.value for s in STEPS if s.action.value not in dropped]
    # the same roles, sides and channels: child_benefit has АСП's three channels
    assert all(a == b for a, b in zip(child.path.steps, [
        s for s in STEPS if s.action.value not in dropped], strict=True))
