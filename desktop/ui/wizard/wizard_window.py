"""The intake wizard window: steps in paper order, autosave, register or refuse to accept.

The pages only show and edit the ``IntakeSession``; switching the language rebuilds them from
it. Drafts are saved a second after the last keystroke, every 10 seconds, on every page
change and when the window closes, so nothing typed is lost.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.domain.intake_session import IntakeSession
from desktop.services import disabilities, drafts
from desktop.services.intake import (
    IntakeContext,
    IntakeDoneAlreadyError,
    IntakeNotReadyError,
    refusal_problems,
    refuse_intake,
    register,
    register_problems,
)
from desktop.services.workstation import set_setting
from desktop.storage.errors import DatabaseError
from desktop.storage.location import prints_folder
from desktop.ui import confirm
from desktop.ui.field_row import DONE_STYLE, PROBLEM_STYLE
from desktop.ui.language import LanguageController
from desktop.ui.printing.result_issue import IssuedOnScreen, issue_label, issue_now
from desktop.ui.problems import file_problem, saving_problem
from desktop.ui.wizard.application_page import ApplicationPage
from desktop.ui.wizard.documents_page import DocumentsPage
from desktop.ui.wizard.family_page import FamilyPage
from desktop.ui.wizard.farm_page import FarmPage
from desktop.ui.wizard.form_page import FormPage
from desktop.ui.wizard.income_page import IncomePage
from desktop.ui.wizard.page_base import KeyTable, WizardPage, problem_label
from desktop.ui.wizard.pdf_dialog import PdfDialog, save_pdf
from desktop.ui.wizard.review_page import ReviewPage
from desktop.ui.wizard.step_titles import delivered_label, service_title, step_title

PAGES: tuple[type[WizardPage], ...] = (ApplicationPage, FamilyPage, IncomePage, FarmPage,
                                       DocumentsPage, ReviewPage)
# The pages a service's wizard shares with АСП's: a step showing exactly these sheets' pages.
SHARED_PAGES: dict[tuple[tuple[str, str], ...], type[WizardPage]] = {
    (("family", "family"),): FamilyPage, (("income", "income"),): IncomePage,
    (("farm", "farm"),): FarmPage, (("documents", "documents"),): DocumentsPage,
}
SAVE_DELAY_MS = 1000
SAVE_EVERY_MS = 10_000


class WizardWindow(QWidget):
    """Signals: registered(RegistrationResult), refused(RefusalResult), saved(str draft id),
    open_case(str kind, str id) — a link to another case with the same IIN, amended(str
    application id) — an amendment of the registered application shown was saved."""

    registered = Signal(object)
    amended = Signal(str)
    refused = Signal(object)
    saved = Signal(str)
    open_case = Signal(str, str)

    def __init__(self, context: IntakeContext, session: IntakeSession,
                 language: LanguageController | None = None, *,
                 print_folder: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("wizard_window")
        self.context = context
        self.session = session
        self._ask_journal(session)
        self.print_folder = print_folder or prints_folder(context.db.path)
        self.dirty = False
        self.not_saved = False  # the last save failed (a full disk): the message says so
        self.refused_revision: int | None = None  # the session's revision when refused
        self.pdf_dialog: PdfDialog | None = None
        self.issue_offered = False  # registered here, its result can be issued at once
        self.issued: IssuedOnScreen | None = None  # the result issued in this sitting
        self.pages: list[WizardPage] = []
        self._build()
        self._save_soon = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._save_soon.timeout.connect(self.save_draft)
        self._save_every = QTimer(self, interval=SAVE_EVERY_MS)
        self._save_every.timeout.connect(self.save_draft)
        self._save_every.start()
        if language is not None:  # a bound slot: the connection ends with the window
            language.language_changed.connect(self._language_changed)
        self.rebuild()
        self.resize(1280, 700)

    # --- construction ---------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = QLabel(objectName="wizard_heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.saved_label = QLabel(objectName="wizard_saved")
        self.banner = QLabel(objectName="wizard_read_only")
        self.banner.setStyleSheet("background: #e3f2fd; padding: 6px;")
        self.banner.setWordWrap(True)
        self.steps = QListWidget(objectName="wizard_steps")
        self.steps.setFixedWidth(200)
        self.steps.setWordWrap(True)
        self.steps.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.steps.setSpacing(2)
        self.steps.currentRowChanged.connect(self._step_clicked)
        self.stack = QStackedWidget(objectName="wizard_stack")
        self.message = problem_label("wizard_message")
        self.back_button = QPushButton(objectName="wizard_back")
        self.next_button = QPushButton(objectName="wizard_next")
        self.register_button = QPushButton(objectName="wizard_register")
        self.refuse_button = QPushButton(objectName="wizard_refuse")
        self.cancel_button = QPushButton(objectName="wizard_cancel")
        self.print_button = QPushButton(objectName="wizard_print")  # registered: read-only
        self.amend_button = QPushButton(objectName="wizard_amend")
        # a short service: its result issued in the sitting that registered it
        self.issue_button = QPushButton(objectName="wizard_issue")
        self.issue_button.clicked.connect(self.issue)
        self.issue_button.hide()
        self.print_button.clicked.connect(self.print_documents)
        self.amend_button.clicked.connect(self.amend)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.register_button.clicked.connect(self.register)
        self.refuse_button.clicked.connect(self.refuse)
        self.cancel_button.clicked.connect(self.close)
        self.next_button.setDefault(True)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.saved_label)
        body = QHBoxLayout()
        body.addWidget(self.steps)
        body.addWidget(self.stack, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.refuse_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.amend_button)
        buttons.addWidget(self.issue_button)
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, self.register_button,
                       self.cancel_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        for keys, slot in (("Alt+Right", self.next), ("Ctrl+PgDown", self.next),
                           ("Alt+Left", self.back), ("Ctrl+PgUp", self.back),
                           ("Ctrl+S", self.save_draft), ("Ctrl+Return", self._register_key),
                           ("Ctrl+Enter", self._register_key)):
            QShortcut(QKeySequence(keys), self, slot)

    def _language_changed(self, _lang: str) -> None:
        self.rebuild()

    def _ask_journal(self, session: IntakeSession) -> None:
        """The session checks each IIN against the names the journal holds for it."""
        db = self.context.db
        session.people_lookup = lambda iin: drafts.people_with_iin(db, iin)
        # what the desk keeps per person: the applicant's disability, or the child's
        if session.has_field("disability_group") or session.has_field("child_disability_group"):
            session.person_facts = lambda iin, values: disabilities.known_values(
                db, iin, values)
        if session.has_field("member_disability"):  # АСП's family: the group on record
            session.member_facts = lambda iin: disabilities.member_values(
                disabilities.disability_of(db, iin))
        if not session.read_only:
            session.validate_all()

    def rebuild(self) -> None:
        """Make the pages again from the session (language switch, recovered draft, another
        desk's edits merged in); the cursor stays in the field it was in."""
        focus = QApplication.focusWidget()
        typing_in = focus.objectName() if focus is not None and self.stack.isAncestorOf(focus) \
            else ""
        for page in self.pages:
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages = self._make_pages()
        for page in self.pages:
            page.edited.connect(self._edited)
            page.finished.connect(self.next)
            self.stack.addWidget(page)
            page.set_show_required(page.step in self.session.checked_steps)
            if isinstance(page, FamilyPage):
                page.open_case.connect(self.open_case)
        self.retranslate()
        self._show_step(self.session.step)
        again = self.current_page().findChild(QWidget, typing_in) if typing_in else None
        if again is not None and again.isVisibleTo(self):
            again.setFocus(Qt.FocusReason.OtherFocusReason)

    def _make_pages(self) -> list[WizardPage]:
        """АСП's six pages; a service's: the application page for its first step, the shared
        pages where a step shows a shared sheet, its own sheets' pages otherwise."""
        if self.session.asp:
            return [cls(self.session, self.context) for cls in PAGES]
        pages: list[WizardPage] = []
        for step, sheets in self.session.steps:
            if step == "review":
                pages.append(ReviewPage(self.session, self.context))
            elif step == "application":
                pages.append(ApplicationPage(self.session, self.context))
            elif sheets in SHARED_PAGES:
                pages.append(SHARED_PAGES[sheets](self.session, self.context))
            else:
                pages.append(FormPage(step, self.session, self.context))
        return pages

    def retranslate(self) -> None:
        self.steps.blockSignals(True)
        self.steps.clear()
        for number, (step, _pages) in enumerate(self.session.steps, start=1):
            self.steps.addItem(f"{number}. {step_title(self.session, step)}")
        self.steps.blockSignals(False)
        # the keys are on the buttons (they read the same in every layout) and in the tips
        back, following, register = i18n._("&Back"), i18n._("&Next"), i18n._("&Register")
        self.back_button.setText(f"{back}  Alt+←")
        self.next_button.setText(f"{following}  Alt+→")
        self.register_button.setText(f"{register}  Ctrl+Enter")
        self.refuse_button.setText(i18n._("Refuse to accept documents"))
        self.cancel_button.setText(i18n._("Cancel"))
        self.print_button.setText(i18n._("&Print documents…"))
        self.amend_button.setText(i18n._("&Amend the application…"))
        if self.issue_offered:
            self.issue_button.setText(f"{issue_label(self.session.service)}  Ctrl+Enter")
        self.next_button.setToolTip(i18n._(
            "Next page: Alt+→ or Ctrl+Page Down, or Enter in the page's last field"))
        self.back_button.setToolTip(i18n._("Previous page: Alt+← or Ctrl+Page Up"))
        self.register_button.setToolTip(i18n._("Register the application: Ctrl+Enter"))
        self.cancel_button.setToolTip(i18n._(
            "Close the wizard; the draft is kept. Ctrl+S saves the draft at any time."))
        self.steps.setToolTip(i18n._("Pages: Ctrl+Page Up and Ctrl+Page Down, Alt+← and "
                                     "Alt+→"))
        self._update_read_only()

    def _update_read_only(self) -> None:
        session = self.session
        read_only = session.read_only
        if session.registration_number:
            title = i18n._("Application {number}").format(number=session.registration_number)
        else:
            title = i18n._("New application")
        if not session.asp:  # the service is named: the desk takes many
            title = f"{title}: {service_title(session.service)}"
        self.heading.setText(title)
        self.setWindowTitle(f"{title} — Kömek")
        self.banner.setText(i18n._("This application is registered and is shown read-only. "
                                   "Corrections are made as amendments with a reason."))
        self.banner.setVisible(read_only)
        self.register_button.setVisible(not read_only)
        self.refuse_button.setVisible(not read_only)
        stored = read_only and bool(session.application_id)
        self.print_button.setVisible(stored)
        self.amend_button.setVisible(stored and bool(session.registration_number))
        self.issue_button.setVisible(stored and self.issue_offered)
        self.cancel_button.setText(i18n._("Close") if read_only else i18n._("Cancel"))

    # --- navigation -----------------------------------------------------------------------

    def step_index(self, step: str | None = None) -> int:
        return [s for s, _p in self.session.steps].index(step or self.session.step)

    def current_page(self) -> WizardPage:
        return self.pages[self.step_index()]

    def page(self, step: str) -> WizardPage:
        return self.pages[self.step_index(step)]

    def _show_step(self, step: str) -> None:
        self.session.step = step
        index = self.step_index(step)
        self.stack.setCurrentIndex(index)
        self.steps.blockSignals(True)
        self.steps.setCurrentRow(index)
        self.steps.blockSignals(False)
        self.back_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < len(self.session.steps) - 1)
        page = self.pages[index]
        page.entered()
        first = page.first_field()
        if first is not None:  # the cursor starts in the page's first field
            if isinstance(first, KeyTable):
                first.start()
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def go_to(self, step: str) -> bool:
        """Switch page; going forward is stopped by invalid values on the current page."""
        current = self.session.step
        if step == current:
            return True
        if not self.session.read_only:
            forward = self.step_index(step) > self.step_index(current)
            self.session.checked_steps.add(current)
            self.session.validate_all()  # fields never touched get their "fill in" too
            self.current_page().set_show_required(True)
            problems = self.session.step_problems(current, include_required=False)
            if forward and problems:
                self._say(i18n._("Correct the marked fields before going on: {msg}")
                          .format(msg=i18n.render(problems[0][1].message)))
                self.steps.blockSignals(True)
                self.steps.setCurrentRow(self.step_index(current))
                self.steps.blockSignals(False)
                return False
        self.message.clear()
        self._show_step(step)
        self.save_draft()
        return True

    def next(self) -> bool:
        index, steps = self.step_index(), self.session.steps
        return index + 1 < len(steps) and self.go_to(steps[index + 1][0])

    def back(self) -> bool:
        index = self.step_index()
        return index > 0 and self.go_to(self.session.steps[index - 1][0])

    def _step_clicked(self, row: int) -> None:
        if 0 <= row < len(self.session.steps):
            self.go_to(self.session.steps[row][0])

    # --- edits and drafts -----------------------------------------------------------------

    def _edited(self, keys: set[str]) -> None:
        self.dirty = True
        self._save_soon.start()
        if self.refused_revision is not None and self.session.revision != self.refused_revision:
            self.refused_revision = None  # the family brought something: a new decision
            self.refuse_button.setEnabled(True)

    def save_draft(self) -> bool:
        """Autosave; False when the draft could not be saved (a full disk): what was typed
        stays in the window, the line at the top says so, and the next autosave tries again."""
        if self.session.read_only or not self.dirty:
            return True
        revision = self.session.revision
        try:
            draft_id = drafts.save_draft(self.context.db, self.session,
                                         staff_id=self.context.staff_id)
            set_setting(self.context.db, drafts.OPEN_DRAFT_KEY, draft_id)
        except DatabaseError as error:
            self._not_saved(error)
            return False
        if self.session.revision != revision:  # another desk's edits merged in: show them
            self.rebuild()
        self.dirty = False
        self.saved_label.setStyleSheet("")
        self.saved_label.setText(i18n._("Draft saved at {time}").format(
            time=dt.datetime.now().strftime("%H:%M:%S")))
        if self.not_saved:
            self.not_saved = False
            self.message.clear()
        self.saved.emit(draft_id)
        return True

    def _not_saved(self, error: DatabaseError) -> None:
        self.not_saved = True
        self.saved_label.setStyleSheet(PROBLEM_STYLE)
        self.saved_label.setText(i18n._("Draft not saved at {time}").format(
            time=dt.datetime.now().strftime("%H:%M:%S")))
        self._say(saving_problem(error) or "")

    def closeEvent(self, event: QCloseEvent) -> None:
        self._save_soon.stop()
        self._save_every.stop()
        if not self.save_draft() and not self.close_unsaved():
            self._save_every.start()  # the window stays, and so does what was typed
            event.ignore()
            return
        with contextlib.suppress(DatabaseError):  # on a full disk the draft reopens at start
            set_setting(self.context.db, drafts.OPEN_DRAFT_KEY, None)
        super().closeEvent(event)

    def close_unsaved(self) -> bool:
        """Asked when the draft cannot be saved as the window closes: closing loses what was
        typed since the last save. No (the default) keeps the window open."""
        answer = QMessageBox.warning(
            self, i18n._("Draft not saved"),
            i18n._("The draft could not be saved: {problem}\n\nClose the window anyway? What "
                   "was typed since the last save will be lost.").format(
                problem=self.message.text()),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    # --- the two ends ---------------------------------------------------------------------

    def _applicant(self) -> str:
        return " ".join(str(self.session.value(key) or "").strip() for key in (
            "applicant_surname", "applicant_first_name", "applicant_patronymic")).strip()

    def _register_key(self) -> None:
        if self.register_button.isVisible() and self.register_button.isEnabled():
            self.register()
        elif self.issue_button.isVisible() and self.issue_button.isEnabled():
            self.issue()

    def register(self) -> None:
        """Register once: asked first (a number is given for good), the buttons off while it
        runs; a second press finds the application registered."""
        if self.session.read_only or not self.register_button.isEnabled():
            return
        if not self.save_draft():  # a full disk: said at the top, nothing registered
            return
        problems = register_problems(self.session)
        if problems:
            self._not_ready(IntakeNotReadyError(problems))
            return
        if not confirm.ask(self, i18n._("Register the application"), i18n._(
                "Register the application of {name}? It gets its registration number and "
                "can no longer be edited; corrections are made as amendments.").format(
                    name=self._applicant() or "—"), i18n._("&Register")):
            return
        self._set_ends_enabled(False)
        lang = i18n.current_language()
        try:
            result = register(self.context, self.session, lang)
        except IntakeNotReadyError as error:
            self._set_ends_enabled(True)
            self._not_ready(error)
            return
        except DatabaseError as error:  # a full disk: nothing registered, nothing lost
            self._set_ends_enabled(True)
            self._not_saved(error)
            return
        self.issue_offered = self._may_issue()
        self.rebuild()
        self._show_step("review")
        done = i18n._(
            "Application {number} is registered. The result is due on {date}. Print the "
            "coupon and hand it to the applicant.").format(
                number=result.number, date=i18n.format_date(result.due_date))
        if self.issue_offered:
            done += " " + i18n._("The result is issued at once: {action}.").format(
                action=issue_label(self.session.service))
        self._say(done, done=True)
        path = self._save_print(f"{result.number}-coupon", result.coupon_pdf)
        if path is not None:
            self._show_pdf(i18n._("Coupon"), done, path)
        self.registered.emit(result)

    def refuse(self) -> None:
        """Refuse to accept once: asked first, then the button stays off until the
        application is edited again (the family brings what was missing)."""
        if self.session.read_only or not self.refuse_button.isEnabled():
            return
        if not self.save_draft():  # a full disk: said at the top, nothing refused
            return
        problems = refusal_problems(self.session)
        if problems:
            self._not_ready(IntakeNotReadyError(problems))
            return
        missing = len(self.session.document_problems())
        if not confirm.ask(self, i18n._("Refuse to accept documents"), i18n.ngettext(
                "Refuse to accept the documents of {name}? The refusal is registered in the "
                "journal and the slip names {n} missing or expired document.",
                "Refuse to accept the documents of {name}? The refusal is registered in the "
                "journal and the slip names {n} missing or expired documents.", missing).format(
                    name=self._applicant() or "—", n=missing),
                i18n._("Refuse to accept")):
            return
        self.refuse_button.setEnabled(False)
        try:
            result = refuse_intake(self.context, self.session, i18n.current_language())
        except IntakeNotReadyError as error:
            if not isinstance(error, IntakeDoneAlreadyError):
                self.refuse_button.setEnabled(True)
            self._not_ready(error)
            return
        except DatabaseError as error:
            self._not_saved(error)
            return
        self.dirty = True
        saved = self.save_draft()
        self.refused_revision = self.session.revision
        # The file's name says what it is and when, never whose it is.
        path = self._save_print(f"refusal-{self.session.application_date}-"
                                f"{result.application.application_id[-8:]}", result.slip_pdf)
        if saved:
            self._say(i18n._(
                "Done: the refusal to accept is registered in the journal at {time}. The draft "
                "is kept: when the family brings the missing documents, continue it.").format(
                    time=dt.datetime.now().strftime("%H:%M")), done=True)
        if path is not None:
            self._show_pdf(i18n._("Refusal slip"), i18n._(
                "The refusal slip is ready in two copies: one for the applicant, one for the "
                "office."), path)
        self.refused.emit(result)

    def _may_issue(self) -> bool:
        """Whether the person at the keyboard may issue the registered application's result
        now (the issue step of its service's path, from registration)."""
        from desktop.services.accounts import acting_user
        from desktop.services.results import issue_offered

        user = acting_user(self.context.db)
        return user is not None and issue_offered(self.context.db,
                                                  self.session.application_id, user)

    def issue(self) -> None:
        """Issue the result once, in the sitting that registered it: asked first; the step,
        the document and its print log in one transaction; then the button stays off and
        the message says what was done."""
        from desktop.domain.case_path import ActionNotAllowedError
        from desktop.services.accounts import acting_user
        from desktop.services.results import ResultNotReadyError

        if not (self.issue_offered and self.issue_button.isEnabled()):
            return
        label = issue_label(self.session.service)
        number = self.session.registration_number
        if not confirm.ask(self, label, i18n._(
                "{step}: application {number}, {name}. The document is printed and the "
                "application is closed; this cannot be undone.").format(
                    step=label, number=number, name=self._applicant() or "—"), label):
            return
        user = acting_user(self.context.db)
        if user is None:
            return
        self.issue_button.setEnabled(False)
        try:
            self.issued = issue_now(self, self.context.db, user, self.session.application_id,
                                    self.print_folder, self.context.parameters)
        except ActionNotAllowedError as error:  # taken already (another window): stays off
            self._say(i18n.render(error.message))
            return
        except (ResultNotReadyError, DatabaseError) as error:
            self.issue_button.setEnabled(True)
            self._say(i18n.render(error.message))
            return
        self.pdf_dialog = self.issued.dialog
        self._say(" ".join(filter(None, (i18n._(
            "Done: {step}. Application {number} is closed: {status}.").format(
                step=label, number=number, status=delivered_label(self.session.service)),
            self.issued.problem))), done=True)

    def _save_print(self, name: str, pdf: bytes) -> Path | None:
        """The document into the desk's prints folder; None (and the reason shown) when the
        disk has no room: it is stored and logged all the same, and the Documents menu
        prints it again (as a duplicate) once there is room."""
        try:
            return save_pdf(self.print_folder, name, pdf)
        except OSError as error:  # said after what was done, which stays on the line
            self.message.setText(" ".join(filter(None, (self.message.text(), i18n._(
                "The document was not saved to a file: {problem} Print it from the Documents "
                "menu later.").format(problem=file_problem(error))))))
            return None

    def _set_ends_enabled(self, enabled: bool) -> None:
        for button in (self.register_button, self.refuse_button):
            button.setEnabled(enabled)

    def print_documents(self) -> None:
        from desktop.ui.printing.print_dialog import PrintDialog

        self.print_dialog = PrintDialog(self.context.db, self.session.application_id, self)
        self.print_dialog.show()

    def amend(self) -> None:
        from desktop.ui.amend.action import open_amend_dialog

        self.amend_dialog = open_amend_dialog(self.context.db, self.session.application_id,
                                              self, self._amended)

    def _amended(self, application_id: str) -> None:
        """Show the amended values: the session is read again from the database."""
        from desktop.services.intake import open_application

        step = self.session.step
        self.session = open_application(self.context, application_id)
        self._ask_journal(self.session)
        self.session.step = step
        self.rebuild()
        self.amended.emit(application_id)

    def _not_ready(self, error: IntakeNotReadyError) -> None:
        self.session.checked_steps.update(s for s, _p in self.session.steps)
        for page in self.pages:
            page.set_show_required(True)
        self._say("\n".join(i18n.render(m) for m in error.messages[:4]))
        self._show_step("review")

    def _say(self, text: str, done: bool = False) -> None:
        self.message.setStyleSheet(DONE_STYLE if done else PROBLEM_STYLE)
        self.message.setText(text)

    def _show_pdf(self, title: str, message: str, path: Path) -> None:
        self.pdf_dialog = PdfDialog(title, message, path, self)
        self.pdf_dialog.show()

