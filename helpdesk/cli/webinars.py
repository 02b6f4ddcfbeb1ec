"""Webinar commands: ``webinar add|edit|list|show|enrol|cancel-enrolment|attend|cancel|suggest``
and ``webinar demand``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from helpdesk.cli.output import Format, emit_csv, emit_json, say, show
from helpdesk.cli.state import reader, writer
from helpdesk.domain.webinars import EnrolmentStatus, Repeat, Webinar
from helpdesk.i18n import _, ngettext
from helpdesk.services.exchange import enrolment_json, followup_json, webinar_json

if TYPE_CHECKING:
    from helpdesk.services.desk import Desk
    from helpdesk.services.webinars import DemandRow, Enrolled, Suggestion

FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
IdArg = Annotated[str, typer.Argument(help="Webinar number, e.g. 3.", show_default=False)]
RefArg = Annotated[
    str, typer.Argument(help="Ticket reference, e.g. 42 or #42.", show_default=False)
]
RefsArg = Annotated[
    list[str],
    typer.Argument(help="Ticket references, e.g. 42 57.", metavar="REF...", show_default=False),
]

webinars = typer.Typer(
    help="Webinars: the catalogue, enrolment with a waiting list, attendance and demand.",
    no_args_is_help=True,
)

#: Columns of ``webinar list --format csv``.
CSV_COLUMNS = (
    "id",
    "start",
    "end",
    "duration",
    "title",
    "topics",
    "speaker",
    "place",
    "link",
    "capacity",
    "seats_taken",
    "seats_left",
    "waiting_list",
    "status",
    "state",
    "series",
)

#: Columns of ``webinar show --format csv``: one row per enrolment.
ENROLMENT_COLUMNS = (
    "webinar",
    "ref",
    "status",
    "queue",
    "company_name",
    "subject",
    "enrolled",
    "changed",
    "who",
    "second_seat",
)

#: Columns of ``webinar suggest --format csv``.
SUGGESTION_COLUMNS = (
    "id",
    "start",
    "end",
    "title",
    "topics",
    "seats_left",
    "waiting",
    "invited",
    "company_ref",
)

#: Columns of ``webinar demand --format csv``.
DEMAND_COLUMNS = (
    "topic",
    "label",
    "open_tickets",
    "enrolled",
    "sessions",
    "seats",
    "seats_left",
    "waitlisted",
    "shortfall",
)


def register(app: typer.Typer) -> None:
    """Add the ``webinar`` group to ``app``."""
    app.add_typer(webinars, name="webinar")


def _split(values: list[str] | None) -> list[str]:
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def _emit_webinars(desk: Desk, found: list[Webinar], fmt: Format) -> bool:
    """Print sessions as JSON or CSV; False when the format is a table (left to the caller).

    Besides the stored ``status``, ``state`` says where a session stands now: an ended session
    not yet marked is ``awaiting attendance``.
    """
    now = desk.clock.now()
    if fmt is Format.JSON:
        emit_json([{**webinar_json(w), "state": w.state(now)} for w in found])
    elif fmt is Format.CSV:
        emit_csv(({**webinar_json(w), "state": w.state(now)} for w in found), CSV_COLUMNS)
    else:
        return False
    return True


@webinars.command("add")
def add(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="The session's title.", show_default=False)],
    start: Annotated[
        str,
        typer.Option(
            "--start",
            "-s",
            help='When the (first) session begins, with a time: "1/12/2026 10:00", '
            '"2026-12-01 10:00", "martedì alle 10".',
            show_default=False,
        ),
    ],
    duration: Annotated[
        int, typer.Option("--duration", "-d", help="Length in minutes.", min=1, max=1440)
    ] = 60,
    capacity: Annotated[
        int, typer.Option("--capacity", "-c", help="Seats per session.", min=1)
    ] = 30,
    topic: Annotated[
        list[str] | None,
        typer.Option(
            "--topic",
            "-t",
            help="Topic key or label (repeatable or comma-separated).",
            show_default=False,
        ),
    ] = None,
    speaker: Annotated[str, typer.Option("--speaker", help="Who speaks.")] = "",
    link: Annotated[str, typer.Option("--link", help="Where to join online (https://…).")] = "",
    place: Annotated[str, typer.Option("--place", help="Where it is held in person.")] = "",
    description: Annotated[
        str, typer.Option("--description", help="What the session covers.")
    ] = "",
    repeat: Annotated[
        Repeat | None,
        typer.Option(
            "--repeat",
            help="Make a series repeating daily, weekly, monthly or yearly; end it with --count "
            "or --until.",
            show_default=False,
        ),
    ] = None,
    byweekday: Annotated[
        list[str] | None,
        typer.Option(
            "--byweekday",
            help="Weekday of the series: MO…SU or a name, with a position for monthly ones "
            "(1TH: first Thursday); repeatable or comma-separated.",
            show_default=False,
        ),
    ] = None,
    bysetpos: Annotated[
        int | None,
        typer.Option(
            "--bysetpos",
            help="Which matching day of the period: 1 the first, -1 the last "
            "(--repeat monthly --byweekday TH --bysetpos 1: first Thursday of the month).",
            show_default=False,
        ),
    ] = None,
    interval: Annotated[
        int | None,
        typer.Option(
            "--interval", help="Every how many periods (2: every other week).", show_default=False
        ),
    ] = None,
    count: Annotated[
        int | None,
        typer.Option("--count", "-n", help="How many sessions.", show_default=False),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", help="The series' last day, e.g. 31/03/2027.", show_default=False),
    ] = None,
    rrule: Annotated[
        str | None,
        typer.Option(
            "--rrule",
            help='A repeat rule written out, e.g. "FREQ=WEEKLY;BYDAY=TU;COUNT=6" (RFC 5545), '
            "instead of --repeat and its options.",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """Add a session, or a series of sessions repeating on a rule.

    Each session of a series is a webinar of its own, at the same wall-clock time across
    daylight-saving changes.
    """
    from helpdesk.services.webinars import WebinarDraft

    desk = writer(ctx)
    rule = desk.webinars.repeat_rule(
        repeat,
        rrule=rrule,
        byweekday=_split(byweekday),
        bysetpos=bysetpos,
        count=count,
        until=until,
        interval=interval,
    )
    added = desk.webinars.add(
        WebinarDraft(
            title=title,
            start=start,
            duration=duration,
            capacity=capacity,
            topics=_split(topic),
            speaker=speaker,
            link=link,
            place=place,
            description=description,
            rule=rule,
        )
    )
    if _emit_webinars(desk, added, fmt):
        return
    from helpdesk.render.webinars import webinars_table, when_text

    tz = desk.clock.tz
    first = added[0]
    if len(added) == 1:
        say(
            ngettext(
                "added webinar {number} {title} · {when} · {seats} seat",
                "added webinar {number} {title} · {when} · {seats} seats",
                first.capacity,
            ).format(
                number=first.id,
                title=first.title,
                when=when_text(first, tz),
                seats=first.capacity,
            )
        )
        return
    say(
        _("added a series of {count} sessions (webinars {first}–{last}) · {rule}").format(
            count=len(added), first=first.id, last=added[-1].id, rule=first.rule
        )
    )
    show(webinars_table(added, tz))


@webinars.command("edit")
def edit(
    ctx: typer.Context,
    id: IdArg,
    title: Annotated[
        str | None, typer.Option("--title", help="A new title.", show_default=False)
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--start",
            "-s",
            help='A new start, with a time: "12/01/2027 10:00".',
            show_default=False,
        ),
    ] = None,
    duration: Annotated[
        int | None,
        typer.Option("--duration", "-d", help="Length in minutes.", show_default=False),
    ] = None,
    capacity: Annotated[
        int | None,
        typer.Option(
            "--capacity",
            "-c",
            help="Seats: more seats go to the waiting list in order; fewer than the businesses "
            "registered is refused.",
            show_default=False,
        ),
    ] = None,
    topic: Annotated[
        list[str] | None,
        typer.Option("--topic", "-t", help="Topics, replacing the old ones.", show_default=False),
    ] = None,
    speaker: Annotated[
        str | None, typer.Option("--speaker", help="Who speaks.", show_default=False)
    ] = None,
    link: Annotated[
        str | None, typer.Option("--link", help="Where to join online.", show_default=False)
    ] = None,
    place: Annotated[
        str | None, typer.Option("--place", help="Where it is held.", show_default=False)
    ] = None,
    description: Annotated[
        str | None,
        typer.Option("--description", help="What the session covers.", show_default=False),
    ] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """Change a session: time, length, seats, topics, speaker, link, place, title.

    Raising the capacity gives the new seats to the waiting list, first in line first;
    lowering it below the businesses registered is refused, so nobody loses a seat.
    """
    from helpdesk.errors import InvalidValue
    from helpdesk.services.webinar_edits import WebinarChanges

    changes = WebinarChanges(
        title=title,
        start=start,
        duration=duration,
        capacity=capacity,
        topics=_split(topic) if topic is not None else None,
        speaker=speaker,
        link=link,
        place=place,
        description=description,
    )
    if all(getattr(changes, name) is None for name in changes.__slots__):
        raise InvalidValue(
            _(
                "Nothing to change: give --start, --capacity, --link, --place, --speaker, "
                "--title, --duration, --topic or --description."
            )
        )
    desk = writer(ctx)
    done = desk.webinars.edit(id, changes)
    if _emit_webinars(desk, [done.webinar], fmt):
        return
    if not done.changed:
        say(
            (
                _("webinar {number} unchanged: it already reads so").format(number=done.webinar.id),
                "dim",
            )
        )
        return
    from helpdesk.render.webinars import when_text

    w = done.webinar
    say(
        _("changed webinar {number} ({fields}) · {title} · {when} · {taken}/{seats} seats").format(
            number=w.id,
            fields=", ".join(done.changed),
            title=w.title,
            when=when_text(w, desk.clock.tz),
            taken=w.seats_taken,
            seats=w.capacity,
        )
    )
    for ticket, _enrolment in done.promoted:
        say("  " + _("#{ref} moves up from the waiting list to a seat").format(ref=ticket.ref))


@webinars.command("list")
def list_(
    ctx: typer.Context,
    upcoming: Annotated[
        bool, typer.Option("--upcoming", "-u", help="Only scheduled sessions not yet started.")
    ] = False,
    topic: Annotated[
        str | None,
        typer.Option("--topic", "-t", help="Only sessions on this topic.", show_default=False),
    ] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """List sessions by date: seats taken of the capacity and waiting lists."""
    desk = reader(ctx)
    found = desk.webinars.sessions(upcoming=upcoming, topic=topic)
    if _emit_webinars(desk, found, fmt):
        return
    if not found:
        say((_("No webinars match."), "dim"))
        return
    from helpdesk.render.topics import topic_names
    from helpdesk.render.webinars import webinars_table

    names = topic_names(desk.directory.topics(include_inactive=True), short=True)
    show(webinars_table(found, desk.clock.tz, now=desk.clock.now(), topic_names=names))
    say(
        (
            ngettext("{count} session", "{count} sessions", len(found)).format(count=len(found)),
            "dim",
        )
    )


@webinars.command("show")
def show_(ctx: typer.Context, id: IdArg, fmt: FormatOpt = Format.TABLE) -> None:
    """Show a session: registered (n/capacity), the waiting list in order, who came."""
    desk = reader(ctx)
    detail = desk.webinars.detail(id)
    if fmt is Format.JSON:
        emit_json(webinar_json(detail.webinar, detail.tickets, detail.companies))
        return
    if fmt is Format.CSV:
        rows = (
            {"webinar": detail.webinar.id, **enrolment_json(e, detail.tickets, detail.companies)}
            for e in detail.webinar.enrolments
        )
        emit_csv(rows, ENROLMENT_COLUMNS)
        return
    from helpdesk.render.webinars import webinar_view

    show(webinar_view(detail, desk.clock.now(), desk.clock.tz))


def _enrolled_json(webinar: Webinar, entry: Enrolled) -> dict[str, Any]:
    return {
        "webinar": webinar.id,
        **enrolment_json(entry.enrolment),
        "before": entry.before.value if entry.before is not None else None,
    }


@webinars.command("enrol")
def enrol(
    ctx: typer.Context,
    id: IdArg,
    refs: RefsArg,
    invite: Annotated[
        bool, typer.Option("--invite", help="Only invite them; no seat is taken.")
    ] = False,
    allow_second_seat: Annotated[
        bool,
        typer.Option(
            "--allow-second-seat", help="Let a company that already has a place take another."
        ),
    ] = False,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """Enrol tickets' businesses: registered while seats last, then on the waiting list.

    All or nothing: if one ticket cannot be enrolled, none is.
    """
    desk = writer(ctx)
    webinar, done = desk.webinars.enrol(
        id, refs, invite=invite, allow_second_seat=allow_second_seat
    )
    if fmt is not Format.TABLE:
        rows = [_enrolled_json(webinar, e) for e in done]
        if fmt is Format.JSON:
            emit_json(rows)
        else:
            emit_csv(rows, ("webinar", "ref", "status", "queue", "before", "second_seat"))
        return
    waiting = [e.ref for e in webinar.waiting_list()]
    for entry in done:
        e = entry.enrolment
        if e.status is EnrolmentStatus.INVITED:
            line = _("invited to webinar {number}").format(number=webinar.id)
        elif e.status is EnrolmentStatus.WAITLISTED:
            line = _("waitlisted for webinar {number} (full): {place} in line").format(
                number=webinar.id, place=waiting.index(e.ref) + 1
            )
        else:
            line = _("registered for webinar {number}").format(number=webinar.id)
        if entry.before is EnrolmentStatus.INVITED:
            line += " " + _("(was invited)")
        if e.second_seat:
            line += " · " + _("second seat for its company")
        say((f"#{e.ref}", "bold"), " ", line)
    say((_seats_line(webinar.id, webinar.seats_taken, webinar.capacity, len(waiting)), "dim"))


@webinars.command("cancel-enrolment")
def cancel_enrolment(
    ctx: typer.Context, id: IdArg, ref: RefArg, fmt: FormatOpt = Format.TABLE
) -> None:
    """Cancel a ticket's enrolment; the first on the waiting list takes the freed seat."""
    desk = writer(ctx)
    result = desk.webinars.cancel_enrolment(id, ref)
    w = result.webinar
    if fmt is Format.JSON:
        emit_json(
            {
                "webinar": w.id,
                "cancelled": enrolment_json(result.enrolment),
                "promoted": [enrolment_json(e) for _ticket, e in result.promoted],
            }
        )
        return
    if fmt is Format.CSV:
        rows = [{"webinar": w.id, "action": "cancelled", **enrolment_json(result.enrolment)}]
        rows += [
            {"webinar": w.id, "action": "promoted", **enrolment_json(e)}
            for _ticket, e in result.promoted
        ]
        emit_csv(rows, ("webinar", "action", "ref", "status"))
        return
    say(
        (f"#{result.ticket.ref}", "bold"),
        " ",
        _("enrolment in webinar {number} cancelled").format(number=w.id),
    )
    for ticket, _enrolment in result.promoted:
        say(
            (f"#{ticket.ref}", "bold"),
            " ",
            _("promoted from the waiting list: "),
            (_("registered"), "bold green"),
        )
    say((_seats_line(w.id, w.seats_taken, w.capacity, len(w.waiting_list())), "dim"))


def _seats_line(number: int, taken: int, seats: int, waiting: int) -> str:
    """``webinar 3: 12/20 registered, 2 waiting``."""
    return _("webinar {number}: {taken}/{seats} registered, {waiting} waiting").format(
        number=number, taken=taken, seats=seats, waiting=waiting
    )


@webinars.command("attend")
def attend(
    ctx: typer.Context,
    id: IdArg,
    refs: Annotated[
        list[str] | None,
        typer.Argument(help="Tickets whose business came.", metavar="[REF]...", show_default=False),
    ] = None,
    no_show: Annotated[
        list[str] | None,
        typer.Option(
            "--no-show",
            help="A registered ticket whose business did not come (repeatable or comma-separated).",
            show_default=False,
        ),
    ] = None,
    followup: Annotated[
        str | None,
        typer.Option(
            "--followup",
            help='Add a follow-up "After the webinar: next steps" on each attendee\'s ticket, '
            "due then (+1w, next friday…).",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """Mark who came to a session that has started (and who did not); it becomes held."""
    desk = writer(ctx)
    result = desk.webinars.attend(id, refs or [], _split(no_show), followup=followup)
    w = result.webinar
    if fmt is not Format.TABLE:
        rows = [_enrolled_json(w, e) for e in result.marked]
        if fmt is Format.JSON:
            emit_json(
                {
                    "webinar": w.id,
                    "status": w.status.value,
                    "marked": rows,
                    "followups": [{"ref": t.ref, **followup_json(f)} for t, f in result.followups],
                }
            )
        else:
            emit_csv(rows, ("webinar", "ref", "status", "before"))
        return
    for entry in result.marked:
        came = entry.enrolment.status is EnrolmentStatus.ATTENDED
        note = ""
        if entry.before is None:
            note = " " + _("(was not enrolled)")
        elif came and not entry.before.holds_seat:
            note = " " + _("(was {status})").format(status=entry.before.label_text)
        say(
            (f"#{entry.ticket.ref}", "bold"),
            " ",
            (entry.enrolment.status.label_text, "green" if came else "red"),
            note,
        )
    for ticket, f in result.followups:
        say(
            (f"#{ticket.ref}", "bold"),
            " ",
            _("follow-up {number} due {due}").format(number=f.id, due=f.due.describe()),
        )
    attended = len(w.with_status(EnrolmentStatus.ATTENDED))
    missed = len(w.with_status(EnrolmentStatus.NO_SHOW))
    say(
        (
            _("webinar {number} held: {attended} attended, {missed} no-show").format(
                number=w.id, attended=attended, missed=missed
            ),
            "dim",
        )
    )


@webinars.command("cancel")
def cancel(ctx: typer.Context, id: IdArg, fmt: FormatOpt = Format.TABLE) -> None:
    """Cancel a scheduled session; its enrolled tickets note it in their history."""
    desk = writer(ctx)
    webinar, affected = desk.webinars.cancel(id)
    if fmt is Format.JSON:
        emit_json({**webinar_json(webinar), "tickets": [t.ref for t in affected]})
        return
    refs = ", ".join(f"#{t.ref}" for t in affected)
    if affected:
        message = _("webinar {number} cancelled; tell {refs}")
    else:
        message = _("webinar {number} cancelled; nobody was enrolled")
    say(message.format(number=webinar.id, refs=refs))


def _suggestion_json(s: Suggestion) -> dict[str, Any]:
    return {
        "id": s.webinar.id,
        "start": s.webinar.start.isoformat(),
        "end": s.webinar.end.isoformat(),
        "title": s.webinar.title,
        "topics": s.topics,
        "seats_left": s.seats_left,
        "waiting": s.waiting,
        "invited": s.invited,
        "company_ref": s.company_ref,
    }


@webinars.command("suggest")
def suggest(ctx: typer.Context, ref: RefArg, fmt: FormatOpt = Format.TABLE) -> None:
    """Upcoming sessions on a ticket's topics, soonest first, with seats left.

    A full session is shown with its waiting list; sessions the ticket is already registered or
    waitlisted for are left out.
    """
    desk = reader(ctx)
    ticket, found = desk.webinars.suggest(ref)
    if fmt is Format.JSON:
        emit_json([_suggestion_json(s) for s in found])
        return
    if fmt is Format.CSV:
        emit_csv((_suggestion_json(s) for s in found), SUGGESTION_COLUMNS)
        return
    if not ticket.topics:
        say(
            (f"#{ticket.ref}", "bold"),
            " ",
            _("has no topics to match; set them with "),
            (f"helpdesk triage {ticket.ref} --topic …", "bold"),
        )
        return
    topics = ", ".join(ticket.topics)
    if not found:
        say(
            _("No upcoming session on #{ref}'s topics ({topics}): add one with ").format(
                ref=ticket.ref, topics=topics
            ),
            (f'helpdesk webinar add "Title" --start "…" --topic {ticket.topics[0]}', "bold"),
        )
        return
    from helpdesk.render.webinars import suggestions_table

    say(
        (f"#{ticket.ref}", "bold"),
        " ",
        ticket.subject,
        ("  " + _("topics {topics}").format(topics=topics), "dim"),
    )
    from helpdesk.render.topics import topic_names

    names = topic_names(desk.directory.topics(include_inactive=True), short=True)
    show(suggestions_table(found, desk.clock.tz, names))
    say((_("enrol with "), "dim"), (f"helpdesk webinar enrol ID {ticket.ref}", "bold"))


def _demand_json(row: DemandRow) -> dict[str, Any]:
    return {
        "topic": row.topic,
        "label": row.label,
        "open_tickets": row.open_tickets,
        "enrolled": row.enrolled,
        "sessions": row.sessions,
        "seats": row.seats,
        "seats_left": row.seats_left,
        "waitlisted": row.waitlisted,
        "shortfall": row.shortfall,
    }


@webinars.command("demand")
def demand(
    ctx: typer.Context,
    weeks: Annotated[
        int, typer.Option("--weeks", "-w", help="Count sessions starting in the next N weeks.")
    ] = 8,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """Demand by topic (open tickets) against seats in upcoming sessions.

    Enrolled: open tickets already registered or waitlisted for a session on the topic.
    Shortfall: open tickets not enrolled that even every free seat would not take.
    """
    desk = reader(ctx)
    result = desk.webinars.demand(weeks)
    if fmt is Format.JSON:
        emit_json(
            {
                "since": result.since.isoformat(),
                "until": result.until.isoformat(),
                "weeks": result.weeks,
                "topics": [_demand_json(r) for r in result.rows],
            }
        )
        return
    if fmt is Format.CSV:
        emit_csv((_demand_json(r) for r in result.rows), DEMAND_COLUMNS)
        return
    if not result.rows:
        say((_("No open tickets with topics and no sessions in the next weeks."), "dim"))
        return
    from helpdesk.render.webinars import demand_table

    labels = {topic.key: topic.label() for topic in desk.directory.topics(include_inactive=True)}
    show(demand_table(result, desk.clock.tz, labels))
