"""Who is acting on the desk: everyone who changes something is one of its advisers.

Every change is stamped with the acting adviser (``--as``, else ``HELPDESK_ADVISER``, else the
user name). On a desk that has advisers, a changing command run by someone who is not one of
them is refused with the commands that fix it, so nothing is stamped with an unknown name; the
terminal UI asks who you are instead, on any desk (on a new one, with no advisers yet, you add
yourself). Reading needs no identity. On the command line a desk with no advisers at all (just
created) is refused the same way, naming how to add the first one (``adviser add``, or
``init --adviser KEY --name NAME``): nothing on it is ever stamped with a name nobody knows.

On PostgreSQL each adviser connects as their own database role, named by their key: the role
is who acts, whatever the OS user is called, and ``--as`` (or ``HELPDESK_ADVISER``, or the
terminal UI's choice) naming another adviser is refused (see :func:`connection_actor`).
"""

from __future__ import annotations

from helpdesk.domain.models import Adviser
from helpdesk.errors import HelpdeskError
from helpdesk.i18n import _
from helpdesk.services.desk import Desk
from helpdesk.store.interface import DeskStore


class UnknownActor(HelpdeskError):
    """The acting user is not one of the desk's advisers."""


class ActingRefused(HelpdeskError):
    """Acting as another adviser than the one the database connection stands for."""


def connection_actor(store: DeskStore, chosen: str | None, where: str) -> str | None:
    """Who acts on a desk whose store holds each adviser to their connection (a PostgreSQL
    role): the role's adviser; None when the store holds nobody to one.

    Args:
        store: The desk's store.
        chosen: The adviser named by ``--as`` or ``HELPDESK_ADVISER``, if one was.
        where: The database, as messages name it.

    Raises:
        ActingRefused: when ``chosen`` is another adviser than the role's.
    """
    bound = store.connected_adviser()
    if bound is not None and chosen is not None and chosen.strip().lower() != bound:
        raise _refusal(bound, chosen.strip(), where)
    return bound


def _refusal(bound: str, wanted: str, where: str) -> ActingRefused:
    return ActingRefused(
        _(
            "{database} knows you as the database role {role!r}, so you act as {role}: "
            "you cannot act as {wanted!r} there. Connect as {wanted}'s own role instead."
        ).format(database=where, role=bound, wanted=wanted)
    )


def acting_adviser(desk: Desk) -> Adviser | None:
    """The adviser acting on the desk, or None when the acting name is no adviser's key."""
    key = desk.actor.strip().lower()
    return next((a for a in desk.directory.advisers(include_inactive=True) if a.key == key), None)


def needs_identity(desk: Desk) -> bool:
    """Whether the acting user must say who they are before changing anything: the acting name
    is no adviser's (on a desk with no advisers yet, nobody's is)."""
    return acting_adviser(desk) is None


def check_actor(desk: Desk) -> None:
    """Refuse to go on when the acting user is not one of the desk's advisers; an adviser's
    name in other letter case acts as their key.

    Raises:
        UnknownActor: naming the advisers and the commands that fix it.
    """
    adviser = acting_adviser(desk)
    if adviser is not None:
        desk.ctx.actor = adviser.key  # "MS" acts and is stamped as "ms"
        return
    key = _suggested_key(desk.actor)
    advisers = desk.directory.advisers(include_inactive=True)
    if not advisers:
        raise UnknownActor(
            _(
                "This desk has no advisers yet, so {actor!r} cannot change it: add "
                'yourself first with `helpdesk adviser add {key} "Your Name"`, then act '
                "as {key} (`helpdesk --as {key} …` or HELPDESK_ADVISER={key})."
            ).format(actor=desk.actor, key=key)
        )
    keys = ", ".join(a.key for a in advisers)
    raise UnknownActor(
        _(
            "{actor!r} is not an adviser of this desk (advisers: {keys}). Act as one "
            "with `helpdesk --as KEY …` or HELPDESK_ADVISER=KEY, or add yourself "
            'with `helpdesk adviser add {key} "Your Name"`.'
        ).format(actor=desk.actor, keys=keys, key=key)
    )


def my_key(desk: Desk) -> str:
    """The acting adviser's key, for "mine" (my follow-ups, my agenda).

    Raises:
        UnknownActor: when the acting user is not an adviser, so "mine" is never silently empty.
    """
    adviser = acting_adviser(desk)
    if adviser is None:
        raise UnknownActor(
            _(
                "{actor!r} is not an adviser of this desk, so nothing is yours: act as "
                "one with `helpdesk --as KEY …` (see `helpdesk adviser list`), or name "
                "the adviser whose you want."
            ).format(actor=desk.actor)
        )
    return adviser.key


def act_as_adviser(desk: Desk, key: str) -> Adviser:
    """Act as the adviser ``key`` from now on in this desk (the terminal UI's first-use choice).

    Raises:
        NotFound: for a key that is no adviser's.
        ActingRefused: on a desk that holds you to your connection's adviser, for another.
    """
    adviser = desk.directory.adviser(key)
    bound = desk.ctx.store.connected_adviser()
    if bound is not None and adviser.key != bound:
        raise _refusal(bound, adviser.key, desk.ctx.store.describe())
    desk.ctx.actor = adviser.key
    return adviser


def _suggested_key(name: str) -> str:
    letters = "".join(c for c in name.lower() if c.isalnum())
    return letters[:6] or "key"
