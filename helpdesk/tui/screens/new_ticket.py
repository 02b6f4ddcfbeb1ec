"""The ticket form: log a call or an email, with the company found as it is typed.

The form returns a :class:`~helpdesk.services.tickets.TicketDraft` and saves nothing itself:
the screen that opened it logs the draft. Save stays disabled until every field reads, so
nothing half-filled ever reaches the desk.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    Button,
    Input,
    Label,
    OptionList,
    Select,
    SelectionList,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from helpdesk.domain.enums import Channel, CompanyKind, Priority
from helpdesk.domain.models import Company, Contact, Ticket
from helpdesk.domain.programmes import Service, Source
from helpdesk.errors import EditConflict, HelpdeskError
from helpdesk.i18n import N_, _, language
from helpdesk.render.text import literal, one_line
from helpdesk.services.companies import CompanyDraft
from helpdesk.services.ticket_edits import editable_value
from helpdesk.services.tickets import TicketDraft
from helpdesk.services.validation import check_email, check_province, check_vat
from helpdesk.tui.screens.dialogs import Dialog
from helpdesk.tui.screens.edit_conflict import MINE, THEIRS, EditConflictDialog
from helpdesk.tui.widgets.toggles import TickList

#: The topics' label before the text suggests any.
TOPICS_HINT = N_("Topics (suggested from the text as you type; space ticks)")

#: The fields the form edits, as :meth:`TicketService.update` names them (the contact's role,
#: not on the form, is left as it is).
FORM_FIELDS = (
    "subject",
    "description",
    "channel",
    "contact.name",
    "contact.email",
    "contact.phone",
)

#: Saves the fields changed (new values, the values the form opened with, the fields to write
#: over someone else's change); raises what the desk refuses, ``EditConflict`` included.
#: Fields the form edits only on an existing ticket: what the desk offered, who sent the
#: business, the programme it counts under (``none`` for not set).
NETWORK_FORM_FIELDS = ("service", "source", "programme")

Update = Callable[[Mapping[str, object], Mapping[str, object], frozenset[str]], None]

#: How many companies the search shows.
MATCHES = 6
_NEW = "__new__"


class TicketForm(Dialog[TicketDraft | None]):
    """A new ticket (or the editable fields of an existing one).

    Args:
        editing: The ticket to edit; None for a new one. Editing changes subject, description,
            channel, contact, service, source and programme (topics, priority and adviser are
            triage's).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("ctrl+s", "save", N_("Save"), priority=True),
    ]

    def __init__(self, editing: Ticket | None = None, *, update: Update | None = None) -> None:
        super().__init__()
        self._editing = editing
        self._update = update
        # The edited fields as the form opened with them: a save writes only those that differ.
        self._fields = FORM_FIELDS + NETWORK_FORM_FIELDS if editing else FORM_FIELDS
        self._opened = (
            {name: editable_value(editing, name) for name in self._fields} if editing else {}
        )
        self._company: Company | None = None
        self._matches: list[Company] = []
        self._topics_touched = False
        self._suggested: list[str] = []
        self._tried = False

    # -- layout -----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """The widgets of the form."""
        ticket = self._editing
        contact = ticket.contact if ticket else Contact()
        title = _("Edit #{ref}").format(ref=ticket.ref) if ticket else _("New ticket")
        with Vertical(classes="dialog"):
            yield Static(Text(title), classes="title")
            with VerticalScroll(id="form-scroll"), Horizontal(classes="columns"):
                with Vertical(classes="column"):
                    if ticket is None:
                        yield Label(_("Company — name or VAT number (type to search)"))
                        yield Input(
                            compact=True,
                            placeholder=_("e.g. Forno d'Oro, or 01114601006"),
                            id="company",
                        )
                        yield OptionList(id="company-matches")
                        yield Static(id="company-chosen")
                        with Vertical(id="new-company", classes="-hidden"):
                            yield Label(_("VAT number of the new company (optional)"))
                            yield Input(compact=True, placeholder=_("11 digits"), id="vat")
                            yield Static(id="vat-error", classes="error -empty")
                            yield Label(_("Town (optional)"))
                            yield Input(compact=True, placeholder=_("e.g. Cantù"), id="town")
                            yield Label(_("Province — code or name (optional)"))
                            yield Input(
                                compact=True,
                                placeholder=_("CO, MI… or Bergamo, Monza e Brianza"),
                                id="province",
                            )
                            yield Static(id="province-error", classes="error -empty")
                            yield Static(id="province-resolved", classes="hint")
                            yield Label(_("Kind of business"))
                            yield Select(
                                compact=True,
                                options=[(k.label_text, k.value) for k in CompanyKind],
                                value=CompanyKind.OTHER.value,
                                allow_blank=False,
                                id="kind",
                            )
                    yield Label(_("Contact name"))
                    yield Input(
                        compact=True,
                        value=contact.name,
                        placeholder=_("who called"),
                        id="contact-name",
                    )
                    yield Label(_("Contact email"))
                    yield Input(
                        compact=True,
                        value=contact.email,
                        placeholder=_("name@example.it"),
                        id="contact-email",
                    )
                    yield Static(id="email-error", classes="error -empty")
                    yield Label(_("Contact phone"))
                    yield Input(
                        compact=True,
                        value=contact.phone,
                        placeholder="031 123456",
                        id="contact-phone",
                    )
                    if ticket is not None:
                        yield from self._network_fields()
                    if ticket is None:
                        yield Label(_("Consent to data processing (the company's)"))
                        yield Select(
                            compact=True,
                            options=[
                                (_("not asked"), "unasked"),
                                (_("yes"), "yes"),
                                (_("no"), "no"),
                            ],
                            value="unasked",
                            allow_blank=False,
                            id="consent",
                        )
                with Vertical(classes="column"):
                    yield Label(_("Channel"))
                    channel = ticket.channel.value if ticket else Channel.PHONE.value
                    yield Select(
                        compact=True,
                        options=[(c.label_text, c.value) for c in Channel],
                        value=channel,
                        allow_blank=False,
                        id="channel",
                    )
                    yield Label(_("Subject (required)"))
                    yield Input(
                        compact=True,
                        value=ticket.subject if ticket else "",
                        placeholder=_("in a few words"),
                        id="subject",
                    )
                    yield Static(id="subject-error", classes="error -empty")
                    yield Label(_("Description"))
                    yield TextArea(
                        ticket.description if ticket else "",
                        id="description",
                        soft_wrap=True,
                        show_line_numbers=False,
                    )
                    if ticket is None:
                        yield Label(self._topics_heading(), id="topics-label")
                        yield TickList[str](
                            *(
                                Selection(literal(t.label(language())), t.key)
                                for t in self.desk.directory.topics()
                            ),
                            id="topics",
                        )
                        yield Label(_("Priority"))
                        yield Select(
                            compact=True,
                            options=[(p.label_text, p.value) for p in Priority],
                            value=Priority.NORMAL.value,
                            allow_blank=False,
                            id="priority",
                        )
            yield Static(id="problems")
            yield Horizontal(
                Button(_("Cancel"), id="cancel"),
                Button(
                    _("Log ticket") if ticket is None else _("Save"), id="save", variant="primary"
                ),
                classes="buttons",
            )

    def _network_fields(self) -> ComposeResult:
        """Service, source and programme of the ticket being edited."""
        programmes = [(p.name, p.key) for p in self.desk.programmes.programmes()]
        for name, label, options in (
            ("service", _("Service offered"), [(s.label_text, s.value) for s in Service]),
            ("source", _("Who sent the business"), [(s.label_text, s.value) for s in Source]),
            ("programme", _("Programme"), programmes),
        ):
            current = str(self._opened[name])
            known = [value for _, value in options]
            if current != "none" and current not in known:
                options.append((current, current))  # a programme since removed: kept as is
            yield Label(label)
            yield Select(
                compact=True,
                options=[(_("not set"), "none"), *options],
                value=current,
                allow_blank=False,
                id=name,
            )

    def on_mount(self) -> None:
        """Fill the form and put the cursor where work starts."""
        if self._editing is None:
            self.query_one("#company-matches", OptionList).display = False
            self.query_one("#company", Input).focus()
        else:
            self.query_one("#subject", Input).focus()
        self._validate()

    def relabelled(self) -> None:
        """Say again, in the current language, which company is chosen and what is missing."""
        self._show_company()
        self._validate()

    # -- the company ------------------------------------------------------------------------------

    @on(Input.Changed, "#company")
    def _company_typed(self, event: Input.Changed) -> None:
        text = event.value.strip()
        if self._company is not None and text != self._company.name:
            self._company = None
        matches = self.query_one("#company-matches", OptionList)
        if not text or self._company is not None:
            matches.display = False
            self._matches = []
        else:
            self._matches = self.desk.companies.list(text)[:MATCHES]
            options = [Option(self._company_label(c), id=str(c.id)) for c in self._matches]
            options.append(
                Option(
                    Text.assemble((_("＋ new company:") + " ", "bold green"), one_line(text)),
                    id=_NEW,
                )
            )
            matches.set_options(options)
            matches.highlighted = 0
            matches.display = True
        self._show_company()
        self._validate()

    def _company_label(self, company: Company) -> Text:
        where = ", ".join(x for x in (company.town, company.province) if x)
        return Text.assemble(
            one_line(company.name, 40, "bold"),
            ("  ", ""),
            literal(_("VAT {vat}").format(vat=company.vat) if company.vat else "", "dim"),
            ("  ", ""),
            literal(where, "dim"),
        )

    def on_key(self, event: events.Key) -> None:
        """Up and down in the company field move through the companies found."""
        matches = self.query_one("#company-matches", OptionList) if self._editing is None else None
        if (
            matches is None
            or not matches.display
            or event.key not in ("up", "down")
            or self.focused is None
            or self.focused.id != "company"
        ):
            return
        event.prevent_default()
        event.stop()
        if event.key == "down":
            matches.action_cursor_down()
        else:
            matches.action_cursor_up()

    @on(Input.Submitted, "#company")
    def _company_submitted(self) -> None:
        matches = self.query_one("#company-matches", OptionList)
        if matches.display and matches.highlighted is not None:
            self._pick(matches.get_option_at_index(matches.highlighted).id)
        else:
            self.focus_next()

    @on(OptionList.OptionSelected, "#company-matches")
    def _company_picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._pick(event.option.id)

    def _pick(self, option_id: str | None) -> None:
        matches = self.query_one("#company-matches", OptionList)
        if option_id == _NEW or option_id is None:
            self._company = None
            matches.display = False
            self.query_one("#new-company").remove_class("-hidden")
            self._show_company(new=True)
            self.query_one("#vat", Input).focus()
        else:
            self._company = next(c for c in self._matches if str(c.id) == option_id)
            field = self.query_one("#company", Input)
            with field.prevent(Input.Changed):
                field.value = self._company.name
            matches.display = False
            self.query_one("#new-company").add_class("-hidden")
            self._show_company()
            self._fill_contact(self._company)
            self.query_one("#contact-name", Input).focus()
        self._validate()

    def _fill_contact(self, company: Company) -> None:
        """Offer the company's first known contact when none is typed yet."""
        if not company.contacts or self.query_one("#contact-name", Input).value:
            return
        known = company.contacts[0]
        self.query_one("#contact-name", Input).value = known.name
        self.query_one("#contact-email", Input).value = known.email
        self.query_one("#contact-phone", Input).value = known.phone

    def _show_company(self, *, new: bool = False) -> None:
        chosen = self.query_one("#company-chosen", Static)
        typed = self.query_one("#company", Input).value.strip()
        if self._company is not None:
            chosen.update(Text.assemble(("✓ ", "bold green"), self._company_label(self._company)))
        elif new or not self.query_one("#new-company").has_class("-hidden"):
            chosen.update(
                Text.assemble(
                    (_("＋ new company") + " ", "bold green"), one_line(typed, 50, "bold")
                )
            )
        elif typed:
            chosen.update(Text(_("enter picks the highlighted company"), style="dim"))
        else:
            chosen.update("")

    # -- topics follow the text -------------------------------------------------------------------

    @on(Input.Changed, "#province")
    def _province_typed(self, event: Input.Changed) -> None:
        """Show the province a name or code stands for: what will be saved, never a surprise."""
        from helpdesk.domain.provinces import province_code, province_name

        code = province_code(event.value)
        shown = Text(f"→ {code} {province_name(code)}", style="dim") if code else Text("")
        self.query_one("#province-resolved", Static).update(shown)

    @on(Input.Changed, "#subject")
    @on(TextArea.Changed, "#description")
    def _text_changed(self) -> None:
        self._validate()
        if self._editing is not None:
            return
        text = f"{self.query_one('#subject', Input).value}\n{self._description()}"
        suggested = self.desk.tickets.suggest_topics(text)
        if suggested == self._suggested:
            return
        self._suggested = suggested
        self.query_one("#topics-label", Label).update(self._topics_heading())
        if not self._topics_touched:
            topics = self.query_one("#topics", SelectionList)
            with topics.prevent(SelectionList.SelectedChanged):
                topics.deselect_all()
                for key in suggested:
                    topics.select(key)

    @on(SelectionList.SelectionToggled, "#topics")
    def _topics_toggled(self) -> None:
        # Once the adviser ticks or unticks a topic, suggestions stop overriding the choice.
        self._topics_touched = True

    def _topics_heading(self) -> Text:
        """The topics' label: the topics the text suggests, else how to tick them."""
        code = language()
        labels = [t.label(code) for t in self.desk.directory.topics() if t.key in self._suggested]
        if not labels:
            return Text(_(TOPICS_HINT))
        return Text(_("Topics — suggested: {topics}").format(topics=", ".join(labels)))

    def _description(self) -> str:
        return self.query_one("#description", TextArea).text

    # -- checking ---------------------------------------------------------------------------------

    @on(Input.Changed)
    def _field_changed(self, event: Input.Changed) -> None:
        if event.input.id in ("contact-email", "vat", "province"):
            self._validate()

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        if event.input.id != "company":
            self.focus_next()

    def _problems(self) -> dict[str, str]:
        """What stops the form being saved, by field."""
        problems: dict[str, str] = {}
        if self._editing is None:
            name = self.query_one("#company", Input).value.strip()
            new = not self.query_one("#new-company").has_class("-hidden")
            if self._company is None and not (new and name):
                problems["company"] = _("choose a company, or a new one (enter on ＋ new company)")
            if self._company is None and new:
                for field, check in (("vat", check_vat), ("province", check_province)):
                    value = self.query_one(f"#{field}", Input).value
                    if value.strip():
                        try:
                            check(value)
                        except HelpdeskError as error:
                            problems[field] = error.message
        try:
            check_email(self.query_one("#contact-email", Input).value)
        except HelpdeskError as error:
            problems["email"] = error.message
        if not self.query_one("#subject", Input).value.strip():
            problems["subject"] = _("a subject is needed")
        return problems

    def _validate(self) -> dict[str, str]:
        problems = self._problems()
        shown = {"vat", "province", "email"}
        if self._tried:
            shown.add("subject")
        for field in ("vat", "province", "email", "subject"):
            found = self.query(f"#{field}-error")
            if not found:
                continue
            error = found.first(Static)
            message = problems.get(field) if field in shown else None
            error.update(literal(message or ""))
            error.set_class(not message, "-empty")
        self.query_one("#save", Button).disabled = bool(problems)
        summary = self.query_one("#problems", Static)
        if problems:
            summary.update(
                Text.assemble((_("To save:") + " ", "bold"), literal("; ".join(problems.values())))
            )
        else:
            summary.update(Text(_("ctrl+s saves · esc cancels"), style="dim"))
        return problems

    # -- result -----------------------------------------------------------------------------------

    def action_save(self) -> None:
        """Return the draft when every field reads; else say what is missing."""
        self._tried = True
        problems = self._validate()
        if problems:
            first = next(iter(problems))
            target = {"company": "#company", "email": "#contact-email"}.get(first, f"#{first}")
            if self.query(target):
                self.query_one(target).focus()
            return
        if self._editing is not None and self._update is not None:
            self._save_changes()
            return
        draft = self._draft()
        owner = self._vat_owner(draft)
        if owner is None:
            self.dismiss(draft)
            return
        self._ask_about_vat(owner)

    def _vat_owner(self, draft: TicketDraft) -> Company | None:
        """The company of another name that has the new company's VAT number, if any."""
        from helpdesk.domain.text import company_key

        wanted = draft.company
        if self._company is not None or wanted is None or not wanted.vat or not wanted.name:
            return None
        try:
            owner = self.desk.companies.by_vat(check_vat(wanted.vat))
        except HelpdeskError:
            return None
        if owner is None or company_key(owner.name) == company_key(wanted.name):
            return None
        return owner

    def _ask_about_vat(self, owner: Company) -> None:
        """Say whose the VAT number is, and ask: log for that company, or back to the form."""
        from helpdesk.tui.screens.dialogs import ChoiceDialog

        vat = owner.vat or ""

        def answered(answer: str | None) -> None:
            if answer == "owner":
                self._company = owner
                self.dismiss(self._draft())
                return
            self.query_one("#vat", Input).focus()  # everything typed is still there

        self.app.push_screen(
            ChoiceDialog(
                lambda: _("VAT {vat} belongs to {company} (#{id}), not to a new company.").format(
                    vat=vat, company=owner.name, id=owner.id
                ),
                [
                    ("owner", _("Log the ticket for {company}").format(company=owner.name)),
                    ("back", _("Back to the form, to check the VAT number")),
                ],
                current="back",
            ),
            answered,
        )

    # -- editing: only what changed, and never over someone else's change --------------------------

    def _form_value(self, name: str) -> object:
        widget = {
            "subject": "#subject",
            "description": "#description",
            "channel": "#channel",
            "contact.name": "#contact-name",
            "contact.email": "#contact-email",
            "contact.phone": "#contact-phone",
            **{n: f"#{n}" for n in NETWORK_FORM_FIELDS},
        }[name]
        if name == "description":
            return self._description()
        if name == "channel" or name in NETWORK_FORM_FIELDS:
            return str(self.query_one(widget, Select).value)
        return self.query_one(widget, Input).value

    def changed_fields(self) -> dict[str, object]:
        """The fields the adviser changed since the form opened, with their new values."""
        return {
            name: self._form_value(name)
            for name in self._fields
            if str(self._form_value(name)).strip() != str(self._opened[name]).strip()
        }

    def _save_changes(self, overwrite: frozenset[str] = frozenset()) -> None:
        assert self._update is not None
        changes = self.changed_fields()
        if not changes:
            self.dismiss(None)
            return
        expected = {name: self._opened[name] for name in changes}
        try:
            self._update(changes, expected, overwrite)
        except EditConflict as conflict:
            clash = conflict
            self.app.push_screen(
                EditConflictDialog(clash), lambda answer: self._resolve(clash, answer)
            )
            return
        except HelpdeskError as error:
            self.query_one("#problems", Static).update(
                Text.assemble((_("Not saved:") + " ", "bold"), literal(error.message))
            )
            return
        self.dismiss(self._draft())

    def _resolve(self, conflict: EditConflict, answer: str | None) -> None:
        if answer == MINE:
            self._save_changes(frozenset(conflict.fields))
        elif answer == THEIRS:
            for name, (_opened, now, _mine) in conflict.fields.items():
                self._opened[name] = now
                self._show_value(name, now)
            self._save_changes()

    def _show_value(self, name: str, value: object) -> None:
        if name == "description":
            self.query_one("#description", TextArea).text = str(value)
        elif name == "channel" or name in NETWORK_FORM_FIELDS:
            self.query_one(f"#{name}", Select).value = str(value)
        else:
            self.query_one(f"#{name.replace('.', '-')}", Input).value = str(value)

    def _draft(self) -> TicketDraft:
        contact = Contact(
            self.query_one("#contact-name", Input).value.strip(),
            self.query_one("#contact-email", Input).value.strip(),
            self.query_one("#contact-phone", Input).value.strip(),
        )
        channel = str(self.query_one("#channel", Select).value)
        subject = self.query_one("#subject", Input).value.strip()
        description = self._description().strip()
        if self._editing is not None:
            return TicketDraft(subject, description, channel, contact=contact)
        answer = str(self.query_one("#consent", Select).value)
        consent = None if answer == "unasked" else answer == "yes"
        if self._company is not None:
            company = CompanyDraft(
                name=self._company.name, vat=self._company.vat or "", consent=consent
            )
        else:
            company = CompanyDraft(
                name=self.query_one("#company", Input).value.strip(),
                vat=self.query_one("#vat", Input).value.strip(),
                kind=str(self.query_one("#kind", Select).value),
                town=self.query_one("#town", Input).value.strip(),
                province=self.query_one("#province", Input).value.strip(),
                consent=consent,
            )
        return TicketDraft(
            subject,
            description,
            channel,
            company=company,
            contact=contact,
            topics=list(self.query_one("#topics", SelectionList).selected),
            priority=str(self.query_one("#priority", Select).value),
        )
