"""Webinars: the catalogue with seats, enrolment, attendance; and enrolling from a ticket."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, OptionList, SelectionList, Static
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from helpdesk.domain.models import Ticket
from helpdesk.domain.webinars import EnrolmentStatus, Webinar, series_sessions
from helpdesk.i18n import N_, _, ngettext
from helpdesk.render.text import literal, one_line
from helpdesk.render.webinars import (
    availability_text,
    seats_text,
    suggestion_note,
    ticket_webinars,
    webinar_status_text,
    webinar_view,
    when_text,
)
from helpdesk.services.desk import Desk
from helpdesk.services.webinars import WebinarDetail
from helpdesk.tui.messages import TicketsChanged
from helpdesk.tui.screens.base import DeskScreen
from helpdesk.tui.screens.dialogs import ChoiceDialog, Dialog, TextDialog, dialog_buttons
from helpdesk.tui.widgets.footer import Footer
from helpdesk.tui.widgets.toggles import TickList
from helpdesk.tui.widths import webinar_title_width

# -- from a ticket --------------------------------------------------------------------------------


def enrolments_section(desk: Desk, ticket: Ticket) -> RenderableType | None:
    """The ticket's webinars, for the ticket screen; None when it has none."""
    pairs = desk.webinars.for_ticket(ticket.ref)
    if not pairs:
        return None
    return Group(
        Text(""),
        Text(_("Webinars"), style="bold underline"),
        ticket_webinars(pairs, desk.clock.tz, desk.clock.now()),
    )


def enrol_ticket(screen: DeskScreen[None], ref: int) -> None:
    """Offer the upcoming sessions on the ticket's topics; enrol it in the one picked."""
    app = screen.helpdesk
    desk = screen.desk
    found = app.act(lambda: desk.webinars.suggest(ref))
    if found is None:
        return
    ticket, suggestions = found
    if not suggestions:
        labels = [screen.index.topic_label(k) for k in ticket.topics]
        app.say(no_session_hint(ref, labels, going=_going(desk, ref)))
        return
    tz = desk.clock.tz
    choices: list[tuple[str, Text | str]] = []
    for s in suggestions:
        note = suggestion_note(s)
        choices.append(
            (
                str(s.webinar.id),
                Text.assemble(
                    (f"{s.webinar.id:>3} ", "bold"),
                    (when_text(s.webinar, tz), ""),
                    "  ",
                    one_line(s.webinar.title, 40, "bold"),
                    "  ",
                    availability_text(s.webinar),
                    (f"  {note}" if note else "", "dim"),
                ),
            )
        )

    def picked(value: str | None) -> None:
        if value is None:
            return
        result = app.act(lambda: desk.webinars.enrol(int(value), [ref]))
        if result is None:
            return
        webinar, done = result
        app.saved([e.ticket for e in done])
        status = done[0].enrolment.status.label_text if done else _("enrolled")
        app.say(
            _("#{ref} {status} for webinar {id}: {title}").format(
                ref=ref, status=status, id=webinar.id, title=webinar.title
            )
        )

    app.push_screen(
        ChoiceDialog(
            lambda: _("Enrol #{ref} in a webinar on its topics (soonest first)").format(ref=ref),
            choices,
            hint=_("enter enrols (a full session puts it on the waiting list) · esc cancels"),
        ),
        picked,
    )


def no_session_hint(ref: int, topic_labels: Sequence[str], *, going: int = 0) -> str:
    """What to do when no upcoming session matches a ticket: give it topics when it has none,
    else add a session on its topics (it may already hold places in every one there is)."""
    if not topic_labels:
        return _("#{ref} has no topics: set them (t) to find webinars on them.").format(ref=ref)
    topics = ", ".join(topic_labels)
    how = _(
        '`helpdesk webinar add "Title" --start "…" --topic …`, or n on the webinars screen (w).'
    )
    if going:
        return _(
            "#{ref} already has a place in every upcoming session on {topics}: add another with "
            "{how}"
        ).format(ref=ref, topics=topics, how=how)
    return _("No upcoming session on {topics}: add one with {how}").format(topics=topics, how=how)


def _going(desk: Desk, ref: int) -> int:
    now = desk.clock.now()
    return sum(
        1
        for w, e in desk.webinars.for_ticket(ref)
        if w.upcoming(now) and e.status in (EnrolmentStatus.REGISTERED, EnrolmentStatus.WAITLISTED)
    )


def _topic_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


# -- attendance -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AttendancePlan:
    """Who came to a session.

    Attributes:
        came: Tickets whose business came.
        missed: Tickets with a seat whose business did not come.
        followup: A date for a follow-up on those who came ("" for none).
    """

    came: list[int]
    missed: list[int]
    followup: str


class AttendanceDialog(Dialog[AttendancePlan | None]):
    """Tick who came; the others with a seat are no-shows. Returns an :class:`AttendancePlan`.

    Args:
        webinar: The session.
        names: Company name of each enrolled ticket.
    """

    def __init__(self, webinar: Webinar, names: dict[int, str]) -> None:
        super().__init__()
        self._webinar = webinar
        self._names = names
        seated = (EnrolmentStatus.REGISTERED, EnrolmentStatus.ATTENDED, EnrolmentStatus.NO_SHOW)
        self._people = webinar.with_status(*seated)

    def compose(self) -> ComposeResult:
        """The widgets of the dialog."""
        with Vertical(classes="dialog"):
            yield Static(
                Text.assemble(_("Attendance") + " · ", literal(self._webinar.title, "bold")),
                classes="title",
            )
            yield TickList[int](
                *(
                    Selection(
                        Text.assemble(
                            (f"#{e.ref} ", "bold"), one_line(self._names.get(e.ref, ""), 50)
                        ),
                        e.ref,
                        e.status is EnrolmentStatus.ATTENDED,
                    )
                    for e in self._people
                ),
                id="came",
            )
            yield Static(Text(_("ticked: came · unticked: no-show · space ticks"), style="dim"))
            yield Input(
                compact=True,
                placeholder=_("follow-up for those who came, e.g. +1w (optional)"),
                id="due",
            )
            yield dialog_buttons()

    def on_mount(self) -> None:
        """Fill the dialog and put the cursor where work starts."""
        self.query_one("#came", SelectionList).focus()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        """Return who came, who did not, and the follow-up date typed."""
        came = list(self.query_one("#came", SelectionList).selected)
        missed = [e.ref for e in self._people if e.ref not in came]
        self.dismiss(AttendancePlan(came, missed, self.query_one("#due", Input).value.strip()))


# -- the catalogue --------------------------------------------------------------------------------


class WebinarsScreen(DeskScreen[None]):
    """The webinar catalogue: sessions with their seats; the highlighted one in full below."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "enrol", N_("Enrol"), tooltip=N_("Enrol tickets in the highlighted session")),
        Binding("m", "attendance", N_("Attendance"), tooltip=N_("Mark who came")),
        Binding(
            "x", "cancel_enrolment", N_("Cancel place"), tooltip=N_("The waiting list moves up")
        ),
        Binding(
            "u", "upcoming", N_("Upcoming / all"), tooltip=N_("Upcoming sessions only, or all")
        ),
        Binding("n", "new_session", N_("New"), tooltip=N_("Add a session")),
        Binding(
            "E",
            "edit_session",
            N_("Edit"),
            tooltip=N_("Change the highlighted session: time, seats, link, place, speaker"),
        ),
        Binding("escape", "back", N_("Back"), tooltip=N_("Back to the list")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._upcoming = True
        self._sessions: list[Webinar] = []

    def compose(self) -> ComposeResult:
        """The widgets of the dialog."""
        yield Static(id="webinars-title", classes="screen-title")
        yield OptionList(id="webinar-list")
        with VerticalScroll(id="webinar-detail"):
            yield Static(id="webinar-body")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Fill the dialog and put the cursor where work starts."""
        self._draw()
        self.query_one("#webinar-list", OptionList).focus()

    def _draw(self) -> None:
        everything = self.helpdesk.act(lambda: self.desk.webinars.sessions())
        if everything is None:
            return
        now = self.helpdesk.clock.now()
        self._all = everything
        self._sessions = [w for w in everything if not self._upcoming or w.upcoming(now)]
        listing = self.query_one("#webinar-list", OptionList)
        keep = listing.highlighted_option.id if listing.highlighted_option else None
        count = len(self._sessions)
        if self._upcoming:
            which = ngettext("{count} upcoming session", "{count} upcoming sessions", count)
        else:
            which = ngettext("{count} session in all", "{count} sessions in all", count)
        self.query_one("#webinars-title", Static).update(
            Text.assemble((_("Webinars"), "bold"), (" · " + which.format(count=count), "dim"))
        )
        tz = self.helpdesk.clock.tz
        options = [Option(self._line(w, tz, now), id=str(w.id)) for w in self._sessions]
        listing.set_options(options)
        ids = [o.id for o in options]
        if not options:
            self.query_one("#webinar-body", Static).update(
                Text(_("No sessions. u shows every session."), style="dim")
            )
            return
        listing.highlighted = ids.index(keep) if keep in ids else 0
        self._show(self._current())

    def _line(self, w: Webinar, tz: tzinfo, now: datetime) -> Text:
        waiting = len(w.waiting_list())
        width = webinar_title_width(self.app.size.width)
        title = one_line(w.title, width)
        title.pad_right(width - title.cell_len)
        seats = seats_text(w)
        seats.pad_left(7 - seats.cell_len)
        line = Text.assemble(
            (f"{w.id:>4} ", "bold"),
            when_text(w, tz).ljust(31),
            title,
            " ",
            seats,
            (" " + _("+{count} waiting").format(count=waiting) if waiting else "", "yellow"),
            "  ",
            webinar_status_text(w, now),
            "  ",
            literal(", ".join(w.topics), "dim"),
        )
        line.truncate(max(self.app.size.width - 4, 40), overflow="ellipsis")
        return line

    def _current(self) -> Webinar | None:
        option = self.query_one("#webinar-list", OptionList).highlighted_option
        if option is None or option.id is None:
            return None
        return next((w for w in self._sessions if str(w.id) == option.id), None)

    def _show(self, webinar: Webinar | None) -> None:
        body = self.query_one("#webinar-body", Static)
        if webinar is None:
            body.update("")
            return
        refs = {e.ref for e in webinar.enrolments}
        detail = WebinarDetail(
            webinar,
            {ref: t for ref in refs if (t := self.index.get(ref)) is not None},
            self.index.companies,
            series_sessions(self._all, webinar.series),
            {t.key: t for t in self.index.topics},
        )
        clock = self.helpdesk.clock
        body.update(webinar_view(detail, clock.now(), clock.tz))

    @on(OptionList.OptionHighlighted, "#webinar-list")
    def _highlighted(self) -> None:
        self._show(self._current())

    def redraw(self) -> None:
        """Draw the sessions again."""
        self._draw()

    def on_tickets_changed(self, event: TicketsChanged) -> None:
        """Seats and lists may have changed."""
        self._draw()

    def _names(self, webinar: Webinar) -> dict[int, str]:
        names = {}
        for e in webinar.enrolments:
            ticket = self.index.get(e.ref)
            company = self.index.company_of(ticket) if ticket else None
            names[e.ref] = company.name if company else (ticket.subject if ticket else "")
        return names

    # -- keys -------------------------------------------------------------------------------------

    def action_back(self) -> None:
        """Back to the list."""
        self.dismiss(None)

    def action_new_session(self) -> None:
        """Add a session through the webinar form."""
        from helpdesk.tui.screens.webinar_form import WebinarForm

        self.app.push_screen(WebinarForm(self._add_session), self._session_saved)

    def action_edit_session(self) -> None:
        """Change the highlighted session through the webinar form."""
        from helpdesk.tui.screens.webinar_form import WebinarForm

        webinar = self._current()
        if webinar is None:
            return
        local = webinar.start.astimezone(self.helpdesk.clock.tz)
        start = f"{local:%d/%m/%Y %H:%M}"
        self.app.push_screen(
            WebinarForm(lambda typed: self._edit_session(webinar.id, typed), webinar, start),
            self._session_saved,
        )

    def _add_session(self, typed: dict[str, str]) -> Webinar:
        from helpdesk.services.webinars import WebinarDraft
        from helpdesk.tui.screens.webinar_form import number_field

        draft = WebinarDraft(
            title=typed.get("title", ""),
            start=typed.get("start", ""),
            duration=number_field(_("Length"), typed.get("duration", "60")),
            capacity=number_field(_("Seats"), typed.get("capacity", "30")),
            topics=_topic_list(typed.get("topics", "")),
            speaker=typed.get("speaker", ""),
            link=typed.get("link", ""),
            place=typed.get("place", ""),
        )
        return self.desk.webinars.add(draft)[0]

    def _edit_session(self, id: int, typed: dict[str, str]) -> Webinar:
        from helpdesk.services.webinar_edits import WebinarChanges
        from helpdesk.tui.screens.webinar_form import number_field

        changes = WebinarChanges(
            title=typed.get("title"),
            start=typed.get("start"),
            duration=number_field(_("Length"), typed["duration"]) if "duration" in typed else None,
            capacity=number_field(_("Seats"), typed["capacity"]) if "capacity" in typed else None,
            topics=_topic_list(typed["topics"]) if "topics" in typed else None,
            speaker=typed.get("speaker"),
            link=typed.get("link"),
            place=typed.get("place"),
        )
        done = self.desk.webinars.edit(id, changes)
        if done.promoted:
            moved = ", ".join(f"#{t.ref}" for t, _step in done.promoted)
            self.helpdesk.say(
                _("Webinar {id}: {tickets} moved up from the waiting list").format(
                    id=id, tickets=moved
                )
            )
            self.helpdesk.saved([t for t, _step in done.promoted])
        return done.webinar

    def _session_saved(self, webinar: Webinar | None) -> None:
        if webinar is None:
            return
        self.helpdesk.reload()
        self._draw()
        listing = self.query_one("#webinar-list", OptionList)
        ids = [str(w.id) for w in self._sessions]
        if str(webinar.id) in ids:
            listing.highlighted = ids.index(str(webinar.id))
        self.helpdesk.say(
            _("Webinar {id} saved: {title}").format(id=webinar.id, title=webinar.title)
        )

    def action_upcoming(self) -> None:
        """Show upcoming sessions only, or every session."""
        self._upcoming = not self._upcoming
        self._draw()

    def action_enrol(self) -> None:
        """Enrol tickets' businesses in the highlighted session."""
        webinar = self._current()
        if webinar is None:
            return

        def typed(text: str | None) -> None:
            if not text:
                return
            refs: Sequence[str] = text.replace(",", " ").split()
            result = self.helpdesk.act(lambda: self.desk.webinars.enrol(webinar.id, refs))
            if result is not None:
                session, done = result
                self.helpdesk.saved([e.ticket for e in done])
                summary = ", ".join(
                    f"#{e.ticket.ref} {e.enrolment.status.label_text}" for e in done
                )
                self.helpdesk.say(
                    _("Webinar {id}: {enrolments}").format(id=session.id, enrolments=summary)
                )

        self.app.push_screen(
            TextDialog(
                lambda: _("Enrol in webinar {id}: which tickets?").format(id=webinar.id),
                placeholder=_("e.g. 42 57"),
            ),
            typed,
        )

    def action_attendance(self) -> None:
        """Mark who came to the highlighted session and who did not."""
        webinar = self._current()
        if webinar is None:
            return

        def marked(plan: AttendancePlan | None) -> None:
            if plan is None:
                return
            came, missed = plan.came, plan.missed
            done = self.helpdesk.act(
                lambda: self.desk.webinars.attend(
                    webinar.id, came, missed, followup=plan.followup or None
                )
            )
            if done is not None:
                tickets = {e.ticket.ref: e.ticket for e in done.marked}
                tickets.update({t.ref: t for t, _followup in done.followups})
                self.helpdesk.saved(tickets.values())
                self.helpdesk.say(
                    _("Webinar {id}: {came} came, {missed} did not").format(
                        id=webinar.id, came=len(came), missed=len(missed)
                    )
                )

        self.app.push_screen(AttendanceDialog(webinar, self._names(webinar)), marked)

    def action_cancel_enrolment(self) -> None:
        """Cancel an enrolment in the highlighted session (the waiting list moves up)."""
        webinar = self._current()
        if webinar is None:
            return
        names = self._names(webinar)
        live = [e for e in webinar.enrolments if e.status.active]
        if not live:
            self.helpdesk.say(_("Nobody is enrolled in webinar {id}.").format(id=webinar.id))
            return
        choices: list[tuple[str, Text | str]] = [
            (
                str(e.ref),
                Text.assemble(
                    (f"#{e.ref} ", "bold"),
                    one_line(names.get(e.ref, ""), 40),
                    "  ",
                    (e.status.label_text, "dim"),
                ),
            )
            for e in live
        ]

        def picked(value: str | None) -> None:
            if value is None:
                return
            done = self.helpdesk.act(lambda: self.desk.webinars.cancel_enrolment(webinar.id, value))
            if done is not None:
                self.helpdesk.saved([done.ticket, *(t for t, _step in done.promoted)])
                if done.promoted:
                    said = _("#{ref} cancelled for webinar {id}; #{other} moves up").format(
                        ref=value, id=webinar.id, other=done.promoted[0][0].ref
                    )
                else:
                    said = _("#{ref} cancelled for webinar {id}").format(ref=value, id=webinar.id)
                self.helpdesk.say(said)

        self.app.push_screen(
            ChoiceDialog(
                lambda: _("Cancel whose place in webinar {id}?").format(id=webinar.id), choices
            ),
            picked,
        )
