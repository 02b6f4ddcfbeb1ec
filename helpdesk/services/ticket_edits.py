"""Saving only what an adviser changed, and never over what someone else changed meanwhile.

A form (the edit form, the triage screen) shows a ticket, the adviser changes some fields, and
the save writes those fields only. Each changed field carries the value the form showed; when
the ticket now holds something else there, someone else changed it since, and the save is
refused with :class:`~helpdesk.errors.EditConflict` naming the field, its value then, now and
wanted, so the front end can ask.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from helpdesk.domain.models import Ticket
from helpdesk.errors import EditConflict
from helpdesk.i18n import _

#: The fields :meth:`~helpdesk.services.tickets.TicketService.update` writes, as a form names them.
EDITABLE_FIELDS: tuple[str, ...] = (
    "subject",
    "description",
    "channel",
    "contact.name",
    "contact.email",
    "contact.phone",
    "contact.role",
    "tags",
    "service",
    "source",
    "programme",
)

#: The fields of the hub's network a form edits: ``none`` clears one.
NETWORK_FIELDS: tuple[str, ...] = ("service", "source", "programme")


def check_unchanged(
    ref: int,
    wanted: Mapping[str, object],
    current: Mapping[str, object],
    expected: Mapping[str, object] | None,
    overwrite: Collection[str],
) -> None:
    """Refuse a save that would overwrite a field someone else changed since it was shown.

    A field clashes when this save changes it, the adviser saw ``expected[name]``, it now
    holds something else, and that is not what this save writes anyway.

    Raises:
        EditConflict: naming each such field with the value seen, the value now and the value
            wanted; fields in ``overwrite`` never clash.
    """
    if expected is None:
        return
    clashes = {
        name: (expected[name], current[name], value)
        for name, value in wanted.items()
        if name in expected
        and name not in overwrite
        and current[name] != expected[name]
        and current[name] != value
    }
    if clashes:
        raise EditConflict(
            _("#{ref} was changed by someone else since you opened it ({fields}).").format(
                ref=ref, fields=", ".join(clashes)
            ),
            clashes,
        )


def editable_value(ticket: Ticket, name: str) -> object:
    """The value of one of :data:`EDITABLE_FIELDS` on ``ticket``, as a form holds it (text,
    the channel's value, the list of tags)."""
    if name.startswith("contact."):
        return getattr(ticket.contact, name.removeprefix("contact."))
    if name == "channel":
        return ticket.channel.value
    if name == "tags":
        return list(ticket.tags)
    if name in NETWORK_FIELDS:
        value = getattr(ticket, name)
        return "none" if value is None else str(getattr(value, "value", value))
    return getattr(ticket, name)


def text_or_none(value: object) -> str | None:
    """A form's value as text, None staying None (a field left as it is)."""
    return None if value is None else str(value)
