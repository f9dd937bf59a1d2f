"""Why a sync did not complete, as a code for programs and a translatable message for people."""

from __future__ import annotations

from desktop.domain.text import Text
from desktop.sync.protocol import ErrorCode, FieldProblem, RefusalReason

OFFLINE = "offline"
NOT_ENROLLED = "not_enrolled"
NO_SECRET = "no_secret"
CERTIFICATE = "certificate"
INSECURE = "insecure"
PIN_MISMATCH = "pin_mismatch"  # the enrolment answer's proof is wrong: not the code's server
CODE_MALFORMED = "code_malformed"  # what was typed cannot be an enrolment code
ALREADY_ENROLLED = "already_enrolled"
DISK_FULL = "disk_full"

MESSAGES: dict[str, Text] = {
    OFFLINE: Text("No connection to the server. Work goes on offline; the changes will be "
                  "sent at the next synchronization."),
    NOT_ENROLLED: Text("This workstation is not connected to a district server yet."),
    NO_SECRET: Text("The sync credentials of this workstation are missing; enrol it again."),
    CERTIFICATE: Text("The server's certificate is not the one this workstation was enrolled "
                      "with. Ask the district administrator before you continue."),
    INSECURE: Text("The server address must start with https:// (plain http only on this "
                   "computer)."),
    PIN_MISMATCH: Text("This server is not the one the enrolment code was made for: it could "
                       "not prove it knows the code. Nothing was saved. Check the server "
                       "address, and tell the district administrator: someone may be standing "
                       "between this workstation and the server."),
    CODE_MALFORMED: Text("This is not an enrolment code: it has twelve letters and digits in "
                         "three groups, XXXX-XXXX-XXXX."),
    ALREADY_ENROLLED: Text("This workstation is already connected to the district server."),
    DISK_FULL: Text("The disk is full: what the server sent could not be saved. Everything "
                    "saved before is intact; free some space on the disk, and the next "
                    "synchronization goes on from where this one stopped."),
    ErrorCode.BAD_CREDENTIALS.value: Text(
        "The server did not accept this workstation's credentials. Ask the district "
        "administrator for a new enrolment code."),
    ErrorCode.REVOKED.value: Text(
        "The district administrator has revoked this workstation's access."),
    ErrorCode.PROTOCOL.value: Text(
        "This version of Kömek and the district server do not match; update the program."),
    ErrorCode.ENROLMENT_INVALID.value: Text(
        "The enrolment code is wrong. Check it letter by letter, or ask the district "
        "administrator for a new one."),
    ErrorCode.ENROLMENT_USED.value: Text(
        "This enrolment code has been used already: a code connects one workstation once. "
        "Ask the district administrator for a new one."),
    ErrorCode.ENROLMENT_EXPIRED.value: Text(
        "This enrolment code has expired. Ask the district administrator for a new one."),
    ErrorCode.ENROLMENT_CERTIFICATE.value: Text(
        "The server was reached through another certificate than its own: someone may be "
        "standing between this workstation and the server. Nothing was saved and the code is "
        "cancelled; tell the district administrator."),
    ErrorCode.ENROLMENT_OFFICE.value: Text(
        "This workstation is enrolled with the district server for another office; ask the "
        "district administrator for a code of that office."),
    ErrorCode.TOO_MANY_ATTEMPTS.value: Text(
        "Too many wrong enrolment codes have been tried. Wait {minutes} min and try again."),
    ErrorCode.BATCH_MISMATCH.value: Text(
        "The server holds another version of a batch of changes; it will be sent again."),
    ErrorCode.BAD_REQUEST.value: Text("The server did not understand the request."),
    ErrorCode.FORBIDDEN.value: Text("This workstation may not do that."),
    ErrorCode.TOO_LARGE.value: Text(
        "The server refused a request as too large. Update the program; if this happens "
        "again, tell the district administrator."),
    ErrorCode.BUSY.value: Text(
        "The server is busy with other workstations; the synchronization will be tried "
        "again in a few minutes."),
    ErrorCode.TIMEOUT.value: Text(
        "The connection to the server is too slow; the synchronization will be tried again "
        "later."),
    ErrorCode.SERVER.value: Text("Synchronization error on the server; try again later."),
}

# Why the server refused one change (``RefusalReason``), as the desk says it to a person
REFUSALS: dict[str, Text] = {
    RefusalReason.SCOPE.value: Text(
        "The record belongs to another office; this workstation may not change it."),
    RefusalReason.UNKNOWN_TABLE.value: Text(
        "The district server does not know records of this kind yet; it must be updated."),
    RefusalReason.INVALID.value: Text(
        "The record has a wrong value; correct it and it will be sent again."),
    RefusalReason.NOT_OWNER.value: Text(
        "Only a workstation of the office it belongs to may change this record."),
    RefusalReason.REGISTERED.value: Text(
        "A registered application, a decision or a case event cannot be changed; the case "
        "path records a correction as a new step."),
}


# What is wrong with the field of a record refused as invalid (``FieldProblem``, the result's
# ``p``), as the desk says it to a person next to the field's label. A record the desk pulled
# and could not store is named the same way.
PROBLEMS: dict[str, Text] = {
    FieldProblem.TYPE.value: Text(
        "The value is not of the kind this field holds."),
    FieldProblem.DATE.value: Text("The value is not a date that exists."),
    FieldProblem.CHOICE.value: Text(
        "The value is not one of the choices of this field."),
    FieldProblem.LENGTH.value: Text(
        "The text is longer than this field allows: {limit} characters at most."),
    FieldProblem.CONTROL_CHARACTER.value: Text(
        "The text holds an invisible control character, often pasted from another "
        "program: remove it."),
    FieldProblem.IIN.value: Text(
        "The IIN is wrong: it has 12 digits, the first six the date of birth, and the last "
        "one a check digit."),
    FieldProblem.IBAN.value: Text(
        "The account number (IBAN) is wrong: KZ and 18 characters, with the right check "
        "digits."),
    FieldProblem.REQUIRED.value: Text("The field must be filled in."),
    FieldProblem.RANGE.value: Text("The number is outside what this field allows."),
    FieldProblem.REFERENCE.value: Text(
        "The record it refers to is not on the district server: it was not accepted "
        "(correct it first: it is in this list too) or it was deleted."),
    FieldProblem.UNKNOWN_FIELD.value: Text(
        "The district server does not know this field yet; it must be updated."),
    FieldProblem.TOO_LARGE.value: Text("The value is too large for this field."),
    FieldProblem.MALFORMED.value: Text("The record could not be read."),
    FieldProblem.IDENTITY.value: Text(
        "The record's identifier does not match the record; it cannot be stored."),
}
# a quarter's text (a DATE problem of a quarter column)
NOT_A_QUARTER = Text("The value is not a quarter written as 2026-Q1.")
# an office code that is no office of the district (a reference, but not to a record)
UNKNOWN_OFFICE = Text(
    "This office code is not an office of the district: the district administrator enrols "
    "each office on the server.")


def problem_message(table: str, field: str, problem: str) -> Text:
    """What is wrong with ``field`` of a record of ``table``, for a person."""
    from desktop.sync.records import definition

    found = definition(table)
    column = found.fields.get(field) if found is not None else None
    if problem == FieldProblem.REFERENCE.value and column is not None and column.office:
        return UNKNOWN_OFFICE
    if problem == FieldProblem.DATE.value and column is not None and column.check == "quarter":
        return NOT_A_QUARTER
    if problem == FieldProblem.LENGTH.value:
        limit = column.length if column is not None and column.length else 0
        return Text(PROBLEMS[problem].msgid, limit=limit)
    return PROBLEMS.get(problem, REFUSALS[RefusalReason.INVALID.value])


# Why there was no connection, said with the server's address and what to do (code OFFLINE
# still: waiting and trying again is the fix, and the work goes on offline meanwhile).
REFUSED_CONNECTION = "refused"
NAME_NOT_FOUND = "name"
NO_ANSWER = "timeout"
OFFLINE_CAUSES: dict[str, Text] = {
    REFUSED_CONNECTION: Text(
        "The district server {address} refused the connection: it may be stopped, or the "
        "address may be wrong. Work goes on offline; the changes will be sent at the next "
        "synchronization. If this lasts, ask the district administrator whether the server "
        "is running."),
    NAME_NOT_FOUND: Text(
        "The name of the district server {address} was not found: this computer may have no "
        "network connection, or the address is wrong. Check the cable, the Wi-Fi or the "
        "modem. Work goes on offline; the changes will be sent at the next synchronization."),
    NO_ANSWER: Text(
        "The district server {address} did not answer in time: the connection is slow or was "
        "cut. Work goes on offline; try again later, or exchange the changes as a file "
        "(Synchronization → Export changes to a file)."),
}


class SyncError(Exception):
    """A sync that could not go on; ``message`` is for the person at the desk."""

    def __init__(self, code: str, detail: str = "", **params: object) -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail
        self.params = params  # what the message names (minutes to wait)
        # how far the run got when it stopped (a client.progress.SyncProgress), if it ran
        self.progress: object | None = None

    @property
    def message(self) -> Text:
        cause = self.params.get("cause")
        if self.code == OFFLINE and cause in OFFLINE_CAUSES and self.params.get("address"):
            return Text(OFFLINE_CAUSES[str(cause)].msgid, address=self.params["address"])
        text = MESSAGES.get(self.code, MESSAGES[ErrorCode.SERVER.value])
        if self.params.keys() & {"cause", "address"}:
            return text  # an offline error of another cause: the general sentence

        return Text(text.msgid, **self.params) if self.params else text

    @property
    def retry_later(self) -> bool:
        """True when waiting and trying again is the fix (no person needs to act)."""
        return self.code in (OFFLINE, ErrorCode.SERVER.value, ErrorCode.BATCH_MISMATCH.value,
                             ErrorCode.BUSY.value, ErrorCode.TIMEOUT.value)
