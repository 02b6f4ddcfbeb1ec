"""A company's screen: its facts, contacts, history and tickets; edit, contacts, consent,
likely duplicates, merge and forget, each on a key.

Opened from a ticket's screen (``b``, its business) or from the command palette ("Company").
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Checkbox, Input, Static

from helpdesk.dates import format_date
from helpdesk.domain.models import Company, Contact
from helpdesk.errors import HelpdeskError
from helpdesk.i18n import N_, _, ngettext
from helpdesk.render.text import literal
from helpdesk.services.company_edits import EDITABLE, CompanyChanges
from helpdesk.tui.messages import TicketsChanged
from helpdesk.tui.screens.base import DeskScreen
from helpdesk.tui.screens.dialogs import (
    ChoiceDialog,
    Dialog,
    TextDialog,
    Wording,
    dialog_buttons,
    worded,
)
from helpdesk.tui.widgets.footer import Footer

#: The fields the edit key offers, with what the adviser reads.
FIELD_LABELS = {
    "name": N_("Name"),
    "vat": N_("VAT number"),
    "kind": N_("Kind"),
    "size": N_("Size"),
    "town": N_("Town"),
    "province": N_("Province"),
    "ateco": N_("ATECO code"),
    "notes": N_("Notes"),
}
_ADD = "+add"


class ContactDialog(Dialog[tuple[Contact, bool] | None]):
    """A person's name, email, phone and role, and whether they are the primary contact.

    Returns the contact and that choice, or None when cancelled; what was typed stays when the
    desk refuses it, as the caller reopens nothing: checks run here first.
    """

    def __init__(
        self, title: Wording, contact: Contact | None = None, primary: bool = False
    ) -> None:
        super().__init__()
        self._title = title
        self._contact = contact or Contact()
        self._primary = primary

    def compose(self) -> ComposeResult:
        """The widgets of the dialog."""
        person = self._contact
        with Vertical(classes="dialog"):
            yield Static(literal(worded(self._title)), classes="title")
            for field, label, value in (
                ("name", _("Name"), person.name),
                ("email", _("Email"), person.email),
                ("phone", _("Phone"), person.phone),
                ("role", _("Role"), person.role),
            ):
                yield Input(value, placeholder=label, id=f"contact-{field}", compact=True)
            yield Checkbox(_("Primary contact"), self._primary, id="contact-primary", compact=True)
            yield Static("", id="contact-error", classes="error -empty")
            yield dialog_buttons()

    def on_mount(self) -> None:
        """Start on the name."""
        self.query_one("#contact-name", Input).focus()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        """Return the contact, if it has a name or an email that reads."""
        from helpdesk.services.validation import check_email

        def value(field: str) -> str:
            return self.query_one(f"#contact-{field}", Input).value.strip()

        error = self.query_one("#contact-error", Static)
        try:
            email = check_email(value("email"))
        except HelpdeskError as problem:
            error.update(literal(problem.message))
            error.remove_class("-empty")
            self.query_one("#contact-email", Input).focus()
            return
        if not value("name") and not email:
            error.update(Text(_("Give a name or an email (esc cancels).")))
            error.remove_class("-empty")
            return
        person = Contact(value("name"), email, value("phone"), value("role"))
        self.dismiss((person, self.query_one("#contact-primary", Checkbox).value))


class CompanyScreen(DeskScreen[None]):
    """One company: facts, contacts (primary first), history and tickets.

    Args:
        company_id: The company's number.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back"), tooltip=N_("Back to where it was opened")),
        Binding("e", "edit", N_("Edit"), tooltip=N_("Change a field: name, VAT, kind, town…")),
        Binding("c", "contacts", N_("Contacts"), tooltip=N_("Add a person, or change one")),
        Binding("g", "consent", N_("Consent"), tooltip=N_("Record the answer on data processing")),
        Binding("d", "duplicates", N_("Duplicates"), tooltip=N_("Its likely duplicates, to merge")),
        Binding("m", "merge", N_("Merge"), tooltip=N_("Merge another company into this one")),
        Binding("x", "forget", N_("Forget"), tooltip=N_("Anonymise its personal data (GDPR)")),
    ]

    def __init__(self, company_id: int) -> None:
        super().__init__()
        self.company_id = company_id

    def compose(self) -> ComposeResult:
        """The company's page and the keys."""
        with VerticalScroll(id="company-page"):
            yield Static(id="company-body")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Draw the company."""
        self._draw()
        self.query_one("#company-page").focus()

    def _company(self) -> Company | None:
        try:
            return self.desk.companies.get(self.company_id)
        except HelpdeskError:
            return None

    def _draw(self) -> None:
        from helpdesk.render.companies import company_view

        body = self.query_one("#company-body", Static)
        try:
            timeline = self.desk.companies.timeline(self.company_id)
        except HelpdeskError as error:
            body.update(Text(error.message, style="bold red"))
            return
        company = timeline.company
        parts = [company_view(timeline, self.helpdesk.clock.now())]
        consent = company.consented
        answer = _("not asked") if consent is None else (_("yes") if consent else _("no"))
        if company.privacy_consent:
            answer = _("{answer} on {date}").format(
                answer=answer, date=format_date(company.privacy_consent)
            )
        parts.append(Text.assemble((_("Consent to data processing:") + " ", "dim"), answer))
        if company.contacts:
            parts.append(
                Text.assemble(
                    (_("Primary contact:") + " ", "dim"), literal(_label(company.contacts[0]))
                )
            )
        if company.history:
            lines = Text(_("History"), style="bold")
            for change in company.history[-12:]:
                lines.append("\n")
                lines.append_text(
                    Text.assemble(
                        (f"{format_date(change.at)} {change.who} ", "dim"),
                        literal(change.field, "bold"),
                        " ",
                        literal(str(change.old) if change.old is not None else "—", "dim"),
                        " → ",
                        literal(str(change.new) if change.new is not None else "—"),
                    )
                )
            parts.append(lines)
        from helpdesk.tui.screens.partners import company_referrals_section

        referrals = company_referrals_section(self.desk, [t.ref for t in timeline.tickets])
        if referrals is not None:
            parts.append(referrals)
        body.update(Group(*parts))

    def redraw(self) -> None:
        """Draw the company again."""
        self._draw()

    def on_tickets_changed(self, event: TicketsChanged) -> None:
        """Redraw after any change: its tickets or itself may have changed."""
        self._draw()

    def _changed(self, message: str) -> None:
        self.helpdesk.reload()
        self._draw()
        self.helpdesk.say(message)

    # -- keys -------------------------------------------------------------------------------

    def action_back(self) -> None:
        """Back to where the company was opened from."""
        self.dismiss(None)

    def action_edit(self) -> None:
        """Pick a field, then type its new value."""
        company = self._company()
        if company is None:
            return

        def picked(field: str | None) -> None:
            if field is None:
                return
            current = getattr(company, field)
            initial = "" if current is None else str(getattr(current, "value", current))

            def typed(value: str | None) -> None:
                if value is None:
                    return
                changes = CompanyChanges(**{field: value})
                done = self.helpdesk.act(
                    lambda: self.desk.company_edits.edit(self.company_id, changes)
                )
                if done is not None:
                    changed = ", ".join(_(FIELD_LABELS.get(f, f)) for f in done[1]) or _("nothing")
                    self._changed(
                        _("{company}: changed {fields}").format(
                            company=done[0].name, fields=changed
                        )
                    )

            self.app.push_screen(
                TextDialog(
                    lambda: _("{field} of {company}").format(
                        field=_(FIELD_LABELS[field]), company=company.name
                    ),
                    initial=initial,
                    required=field == "name",
                    placeholder=_("empty clears it"),
                ),
                typed,
            )

        choices = [(f, _(FIELD_LABELS[f])) for f in EDITABLE]
        self.app.push_screen(
            ChoiceDialog(lambda: _("Edit {company}").format(company=company.name), choices), picked
        )

    def action_contacts(self) -> None:
        """Add a person, or pick one to change (or make primary)."""
        company = self._company()
        if company is None:
            return
        choices: list[tuple[str, Text | str]] = [(_ADD, _("＋ add a contact"))]
        choices += [
            (str(i), f"{'★ ' if i == 1 else ''}{_label(c)}")
            for i, c in enumerate(company.contacts, start=1)
        ]

        def picked(which: str | None) -> None:
            if which is None:
                return
            if which == _ADD:
                self.app.push_screen(
                    ContactDialog(
                        lambda: _("New contact of {company}").format(company=company.name)
                    ),
                    added,
                )
                return
            index = int(which)
            person = company.contacts[index - 1]

            def edited(result: tuple[Contact, bool] | None) -> None:
                if result is None:
                    return
                new, primary = result
                done = self.helpdesk.act(
                    lambda: self.desk.company_edits.edit_contact(
                        self.company_id,
                        which,
                        name=new.name,
                        email=new.email,
                        phone=new.phone,
                        role=new.role,
                        primary=primary,
                    )
                )
                if done is not None:
                    self._changed(
                        _("{company}: contact {contact} saved").format(
                            company=company.name, contact=new.name or new.email
                        )
                    )

            self.app.push_screen(
                ContactDialog(
                    lambda: _("Contact of {company}").format(company=company.name),
                    person,
                    index == 1,
                ),
                edited,
            )

        def added(result: tuple[Contact, bool] | None) -> None:
            if result is None:
                return
            person, primary = result
            done = self.helpdesk.act(
                lambda: self.desk.company_edits.add_contact(
                    self.company_id, person, primary=primary
                )
            )
            if done is not None:
                self._changed(
                    _("{company}: contact {contact} added").format(
                        company=company.name, contact=person.name or person.email
                    )
                )

        self.app.push_screen(
            ChoiceDialog(
                lambda: _("Contacts of {company}").format(company=company.name),
                choices,
                hint=_("★ primary · enter picks"),
            ),
            picked,
        )

    def action_consent(self) -> None:
        """Record the answer on consent to data processing, dated today."""
        company = self._company()
        if company is None:
            return

        def picked(answer: str | None) -> None:
            if answer is None:
                return
            done = self.helpdesk.act(lambda: self.desk.privacy.set_consent(self.company_id, answer))
            if done is not None:
                said = _("yes") if answer == "yes" else _("no")
                self._changed(
                    _("{company}: consent {answer} recorded").format(
                        company=company.name, answer=said
                    )
                )

        self.app.push_screen(
            ChoiceDialog(
                lambda: _("Did {company} consent to data processing?").format(company=company.name),
                [("yes", _("Yes (sì)")), ("no", _("No"))],
            ),
            picked,
        )

    def action_duplicates(self) -> None:
        """Its likely duplicates; picking one offers to merge it into this company."""
        pairs = [
            p
            for p in self.desk.company_edits.duplicates()
            if self.company_id in (p.first.id, p.second.id)
        ]
        if not pairs:
            self.helpdesk.say(_("No likely duplicates of this company."))
            return
        choices: list[tuple[str, Text | str]] = []
        for pair in pairs:
            other = pair.second if pair.first.id == self.company_id else pair.first
            choices.append((str(other.id), f"#{other.id} {other.name} — {pair.reason}"))

        def picked(other: str | None) -> None:
            if other is not None:
                self._confirm_merge(int(other))

        self.app.push_screen(
            ChoiceDialog(lambda: _("Likely duplicates: pick one to merge it here"), choices), picked
        )

    def action_merge(self) -> None:
        """Name another company; after a confirmation it is merged into this one."""
        company = self._company()
        if company is None:
            return

        def typed(key: str | None) -> None:
            if key is None:
                return
            other = self.helpdesk.act(lambda: self.desk.companies.get(key))
            if other is not None:
                self._confirm_merge(other.id)

        self.app.push_screen(
            TextDialog(
                lambda: _("Merge which company into #{id} {company}?").format(
                    id=company.id, company=company.name
                ),
                placeholder=_("its number, VAT number or name"),
            ),
            typed,
        )

    def action_forget(self) -> None:
        """After a confirmation, anonymise the company's personal data; its figures stay."""
        company = self._company()
        if company is None:
            return

        def answered(answer: str | None) -> None:
            if answer != "forget":
                return
            done = self.helpdesk.act(lambda: self.desk.privacy.forget_company(self.company_id))
            if done is not None:
                self._changed(
                    ngettext(
                        "Company {id} forgotten: {count} ticket anonymised, figures kept; "
                        "backup {backup}",
                        "Company {id} forgotten: {count} tickets anonymised, figures kept; "
                        "backup {backup}",
                        len(done.tickets),
                    ).format(
                        id=self.company_id,
                        count=len(done.tickets),
                        backup=done.backup or _("none"),
                    )
                )

        self.app.push_screen(
            ChoiceDialog(
                lambda: _("Forget the personal data of #{id} {company}?").format(
                    id=company.id, company=company.name
                ),
                [
                    ("forget", _("Forget: name, VAT, town, contacts and their mentions go")),
                    ("cancel", _("Cancel")),
                ],
                current="cancel",
            ),
            answered,
        )

    def _confirm_merge(self, other_id: int) -> None:
        company, other = (
            self._company(),
            self.helpdesk.act(lambda: self.desk.companies.get(other_id)),
        )
        if company is None or other is None:
            return

        def answered(answer: str | None) -> None:
            if answer != "merge":
                return
            merged = self.helpdesk.act(
                lambda: self.desk.company_edits.merge(self.company_id, other_id)
            )
            if merged is not None:
                self._changed(
                    ngettext(
                        "#{id} {other} merged into {company}: {count} ticket moved; "
                        "backup {backup}",
                        "#{id} {other} merged into {company}: {count} tickets moved; "
                        "backup {backup}",
                        merged.tickets,
                    ).format(
                        id=other_id,
                        other=other.name,
                        company=company.name,
                        count=merged.tickets,
                        backup=merged.backup or _("none"),
                    )
                )

        self.app.push_screen(
            ChoiceDialog(
                lambda: _("Merge #{id} {other} into #{target} {company}?").format(
                    id=other.id, other=other.name, target=company.id, company=company.name
                ),
                [
                    ("merge", _("Merge (a backup is taken first: restoring it undoes this)")),
                    ("cancel", _("Cancel")),
                ],
                current="cancel",
            ),
            answered,
        )


def _label(contact: Contact) -> str:
    return " · ".join(x for x in (contact.name, contact.role, contact.email, contact.phone) if x)
