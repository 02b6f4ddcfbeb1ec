"""The agenda: follow-ups overdue, due today, this week and later; done and reschedule keys."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from helpdesk.errors import HelpdeskError
from helpdesk.i18n import N_, _, ngettext
from helpdesk.render.agenda import SECTION_STYLE
from helpdesk.render.text import literal, one_line
from helpdesk.render.tickets import followup_text
from helpdesk.services.followups import Agenda, Entry
from helpdesk.tui.messages import TicketsChanged
from helpdesk.tui.screens.base import DeskScreen
from helpdesk.tui.screens.calls import deadline_options
from helpdesk.tui.screens.dialogs import FollowUpPlan, WhenDialog, complete_followup
from helpdesk.tui.widgets.footer import Footer
from helpdesk.tui.widths import agenda_widths

#: The agenda's sections as the screen heads them (the agenda names them in English).
SECTION_TITLES = {
    "Overdue": N_("Overdue"),
    "Today": N_("Today"),
    "This week": N_("This week"),
    "Later": N_("Later"),
}


def entry_id(entry: Entry) -> str:
    """The option id of an agenda line: ``ref/follow-up number``."""
    return f"{entry.ticket.ref}/{entry.followup.id}"


def _cell(text: str, width: int) -> Text:
    """User text on one line, cut or padded to ``width`` cells."""
    cell = one_line(text, width)
    cell.pad_right(width - cell.cell_len)
    return cell


class AgendaScreen(DeskScreen[None]):
    """Pending follow-ups, grouped the way an adviser plans the day."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", N_("Open"), priority=True, tooltip=N_("Open the ticket")),
        Binding("d", "done", N_("Done"), tooltip=N_("Mark the follow-up done")),
        Binding(
            "r", "reschedule", N_("Reschedule"), tooltip=N_("Move the follow-up to another date")
        ),
        Binding(
            "m", "mine", N_("Mine / everyone"), tooltip=N_("My follow-ups, or the whole desk's")
        ),
        Binding("escape", "back", N_("Back"), tooltip=N_("Back to the list")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._mine = False
        self._entries: dict[str, Entry] = {}

    def compose(self) -> ComposeResult:
        """The widgets of the dialog."""
        yield Static(id="agenda-title", classes="screen-title")
        yield OptionList(id="agenda-list")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Fill the dialog and put the cursor where work starts."""
        self._draw()
        self.query_one("#agenda-list", OptionList).focus()

    def _agenda(self) -> Agenda | None:
        who = self.desk.actor if self._mine else None
        held = self.helpdesk.index.all_tickets()  # the app holds every ticket: none read again
        return self.helpdesk.act(lambda: self.desk.followups.agenda(who, held))

    def _draw(self, keep: str | None = None) -> None:
        agenda = self._agenda()
        if agenda is None:
            self._mine = False
            return
        listing = self.query_one("#agenda-list", OptionList)
        if keep is None and listing.highlighted_option is not None:
            keep = listing.highlighted_option.id
        if self._mine:
            whose = _("{adviser}'s follow-ups").format(adviser=self.desk.actor)
        else:
            whose = _("the whole desk's follow-ups")
        overdue = len(agenda.overdue)
        rest = _("{week} this week, {later} later").format(
            week=len(agenda.this_week), later=len(agenda.later)
        )
        self.query_one("#agenda-title", Static).update(
            Text.assemble(
                (_("Agenda"), "bold"),
                (f" · {whose} · ", "dim"),
                (
                    ngettext("{count} overdue", "{count} overdue", overdue).format(count=overdue),
                    "bold red" if agenda.overdue else "dim",
                ),
                (", ", "dim"),
                (
                    _("{count} today").format(count=len(agenda.due_today)),
                    "bold yellow" if agenda.due_today else "dim",
                ),
                (f", {rest}", "dim"),
            )
        )
        options: list[Option] = []
        self._entries = {}
        for title, entries in agenda.sections():
            options.append(
                Option(
                    Text.assemble(
                        (_(SECTION_TITLES.get(title, title)), SECTION_STYLE[title]),
                        (f"  {len(entries)}", "dim"),
                    ),
                    id=f"section:{title}",
                    disabled=True,
                )
            )
            if not entries:
                options.append(Option(Text("  " + _("nothing"), style="dim"), disabled=True))
            for entry in entries:
                self._entries[entry_id(entry)] = entry
                options.append(Option(self._line(entry, agenda), id=entry_id(entry)))
        options += deadline_options(self.desk)
        listing.set_options(options)
        ids = [o.id for o in options]
        if keep is not None and keep in ids:
            listing.highlighted = ids.index(keep)
        else:
            listing.highlighted = next((i for i, o in enumerate(options) if not o.disabled), None)

    def _line(self, entry: Entry, agenda: Agenda) -> Text:
        due = followup_text(entry.followup, agenda.today)
        due.pad_right(18 - due.cell_len)
        company_width, subject_width = agenda_widths(self.app.size.width)
        company = _cell(entry.company.name if entry.company else "", company_width)
        subject = _cell(entry.ticket.subject, subject_width)
        line = Text.assemble(
            "  ",
            due,
            (f"#{entry.ticket.ref}".rjust(7), "bold"),
            "  ",
            company,
            "  ",
            subject,
            "  ",
            literal(entry.followup.who.ljust(4), "dim"),
            one_line(entry.followup.note, style="italic"),
        )
        # One line per follow-up: long notes are cut, not wrapped.
        line.truncate(max(self.app.size.width - 4, 40), overflow="ellipsis")
        return line

    def _selected(self) -> Entry | None:
        option = self.query_one("#agenda-list", OptionList).highlighted_option
        if option is None or option.id is None:
            return None
        return self._entries.get(option.id)

    def redraw(self) -> None:
        """Draw the agenda again, keeping the line highlighted."""
        self._draw()

    def on_tickets_changed(self, event: TicketsChanged) -> None:
        """Redraw, keeping the line highlighted."""
        self._draw()

    def on_resize(self) -> None:
        """Lines are cut to the width: draw them again."""
        self._draw()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    # -- keys -------------------------------------------------------------------------------------

    def action_back(self) -> None:
        """Back to the list."""
        self.dismiss(None)

    def action_open(self) -> None:
        """Open the ticket of the highlighted follow-up."""
        from helpdesk.tui.screens.ticket import TicketScreen

        entry = self._selected()
        if entry is not None:
            self.app.push_screen(TicketScreen(entry.ticket.ref))

    def action_mine(self) -> None:
        """Switch between my follow-ups and the whole desk's."""
        self._mine = not self._mine
        self._draw()

    def action_done(self) -> None:
        """Mark the highlighted follow-up done, with what came of it."""
        entry = self._selected()
        if entry is None:
            return
        complete_followup(self, entry.ticket.ref, entry.followup.id)

    def action_reschedule(self) -> None:
        """Move the highlighted follow-up to another date."""
        entry = self._selected()
        if entry is None:
            return
        ref, number = entry.ticket.ref, entry.followup.id

        def save(plan: FollowUpPlan) -> str | None:
            refusals: list[str] = []

            def move() -> Any:
                try:
                    return self.desk.followups.move(ref, number, plan.when)
                except HelpdeskError as error:
                    refusals.append(error.message)
                    return None

            result = self.helpdesk.act(move)
            if result is None:
                return refusals[0] if refusals else _("Not saved.")
            self.helpdesk.saved([result[0]])
            self.helpdesk.say(
                _("#{ref}: follow-up {number} now due {when}").format(
                    ref=ref, number=number, when=plan.when.describe()
                )
            )
            return None

        dialog = WhenDialog(
            lambda: _("Reschedule #{ref}, follow-up {number} (due {when})").format(
                ref=ref, number=number, when=entry.followup.due.describe()
            ),
            self.desk.followups.when,
            with_note=False,
        )
        dialog.submit = save
        self.app.push_screen(dialog)
