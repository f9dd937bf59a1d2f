"""The enrol dialog against the real server over TLS: each refusal said at its field in the
person's language, nothing typed lost, and a workstation connected already asked whether to
connect again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop import i18n
from desktop.sync.client.enrol import enrolled
from desktop.sync.errors import CODE_MALFORMED, MESSAGES, PIN_MISMATCH
from desktop.sync.protocol import ErrorCode
from desktop.ui.sync.enrol_dialog import EnrolDialog

pytestmark = [pytest.mark.postgres, pytest.mark.gui]


@pytest.fixture(autouse=True)
def kazakh() -> Iterator[None]:
    i18n.set_language("kk")
    yield
    i18n.set_language("kk")


def _said(error: str, lang: str = "kk") -> str:
    return i18n.render(MESSAGES[error], lang)


def _connect(dialog: EnrolDialog, address: str, code: str) -> None:
    dialog.address.setText(address)
    dialog.code.setText(code)
    dialog.ok_button.click()


def test_each_refusal_is_said_at_its_field(qtbot, tls_server, desks):
    north = desks("AKT-05")
    dialog = EnrolDialog(north.db)
    qtbot.addWidget(dialog)
    assert dialog.already.isHidden()

    _connect(dialog, tls_server.url, "ABCD-EFGH")
    assert dialog.fields["code"].problem.text() == _said(CODE_MALFORMED)
    _connect(dialog, tls_server.url, "ABCD-EFGH-JKMN")
    assert dialog.fields["code"].problem.text() == _said(ErrorCode.ENROLMENT_INVALID.value)
    assert dialog.code.text() == "ABCD-EFGH-JKMN"  # kept, to be corrected
    _connect(dialog, "http://komek.district.kz:8443", "ABCD-EFGH-JKMN")
    assert "https://" in dialog.fields["address"].problem.text()

    i18n.set_language("ru")
    code = tls_server.cli("enrol", "--office", "AKT-05")
    _connect(dialog, tls_server.url, code.lower())  # typed in any case
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.enrolment is not None and dialog.enrolment.office_code == "AKT-05"


def test_a_connected_workstation_is_asked_and_connects_again(qtbot, tls_server, desks):
    north = desks("AKT-05")
    north.enrol(tls_server)
    i18n.set_language("ru")
    dialog = EnrolDialog(north.db)
    qtbot.addWidget(dialog)
    assert not dialog.already.isHidden()
    assert "AKT-05" in dialog.already.text()
    assert dialog.address.text() == tls_server.url  # filled in
    assert dialog.ok_button.text() == i18n._("Connect again", "ru") != "Connect again"

    used = tls_server.cli("enrol", "--office", "AKT-05")
    _connect(dialog, tls_server.url, used)
    assert dialog.result() == dialog.DialogCode.Accepted
    again = EnrolDialog(north.db)
    qtbot.addWidget(again)
    _connect(again, tls_server.url, used)
    assert again.fields["code"].problem.text() == _said(ErrorCode.ENROLMENT_USED.value, "ru")


def test_a_man_in_the_middle_is_named_as_such(qtbot, tls_server, certificate,
                                             man_in_the_middle, desks):
    north = desks("AKT-05")
    code = tls_server.cli("enrol", "--office", "AKT-05")
    dialog = EnrolDialog(north.db)
    qtbot.addWidget(dialog)
    with man_in_the_middle(certificate("impostor"), tls_server.port, relay=False) as attacker:
        _connect(dialog, attacker.url, code)
    assert dialog.problem.text() == _said(PIN_MISMATCH)
    assert enrolled(north.db) is None
