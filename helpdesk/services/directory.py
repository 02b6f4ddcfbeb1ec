"""The desk's people and vocabulary: advisers and the topic taxonomy."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from helpdesk.domain.models import Adviser, Ticket, Topic
from helpdesk.domain.taxonomy import resolve_topic
from helpdesk.errors import Conflict, InvalidValue, NotFound
from helpdesk.i18n import _, ngettext
from helpdesk.services.context import Context

_KEY = re.compile(r"^[a-z][a-z0-9_]{0,15}$")


class DirectoryService:
    """Advisers and topics: adding, listing, and checking names typed elsewhere."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    # -- advisers -------------------------------------------------------------------------

    def advisers(self, *, include_inactive: bool = False) -> list[Adviser]:
        """Advisers by key; only active ones unless asked."""
        found = self._ctx.store.advisers()
        if not include_inactive:
            found = [a for a in found if a.active]
        return sorted(found, key=lambda a: a.key)

    def adviser(self, key: str) -> Adviser:
        """The adviser with this key.

        Raises:
            NotFound: listing the known keys.
        """
        for adviser in self._ctx.store.advisers():
            if adviser.key == key.strip().lower():
                return adviser
        known = ", ".join(a.key for a in self.advisers()) or _("none yet")
        raise NotFound(
            _("There is no adviser {key!r}; advisers are: {known}.").format(key=key, known=known)
        )

    def add_adviser(
        self, key: str, name: str, *, email: str = "", topics: Iterable[str] = ()
    ) -> Adviser:
        """Add an adviser.

        Raises:
            InvalidValue: for a key that is not short lower-case letters and digits, or no name.
            Conflict: when the key is taken.
        """
        from helpdesk.services.validation import check_email

        key = key.strip().lower()
        if not _KEY.match(key):
            raise InvalidValue(
                _(
                    "Adviser key {key!r} should be 1–16 lower-case letters, digits or _, "
                    "starting with a letter (initials such as ms)."
                ).format(key=key)
            )
        if not name.strip():
            raise InvalidValue(_("An adviser needs a name."))
        adviser = Adviser(key, " ".join(name.split()), check_email(email), self.topic_keys(topics))
        with self._ctx.store.transaction():
            if any(a.key == key for a in self._ctx.store.advisers()):
                raise Conflict(_("There is already an adviser {key!r}.").format(key=key))
            self._ctx.store.save_adviser(adviser)
        return adviser

    def set_adviser_active(self, key: str, active: bool) -> Adviser:
        """Mark an adviser active or not (inactive advisers get no new tickets)."""
        with self._ctx.store.transaction():
            adviser = self.adviser(key)
            adviser.active = active
            self._ctx.store.save_adviser(adviser)
        return adviser

    def check_assignee(self, key: str) -> str:
        """The key of an active adviser, or an error listing them."""
        adviser = self.adviser(key)
        if not adviser.active:
            raise InvalidValue(_("Adviser {key} is not active.").format(key=adviser.key))
        return adviser.key

    def open_load(self) -> Counter[str]:
        """How many open tickets each adviser has assigned."""
        return Counter(
            t.assignee
            for t in self._ctx.store.tickets(partial=True)
            if t.status.is_open and t.assignee
        )

    def suggest_assignee(self, ticket: Ticket, tickets: Iterable[Ticket]) -> str | None:
        """The active adviser best placed for a ticket: most topics in common, then least load.

        Load is the number of open tickets assigned to each adviser.
        """
        advisers = self.advisers()
        if not advisers:
            return None
        load = Counter(t.assignee for t in tickets if t.status.is_open and t.assignee)
        wanted = set(ticket.topics)

        def score(a: Adviser) -> tuple[int, int, str]:
            return (-len(wanted & set(a.topics)), load[a.key], a.key)

        return min(advisers, key=score).key

    # -- topics ---------------------------------------------------------------------------

    def topics(self, *, include_inactive: bool = False) -> list[Topic]:
        """The taxonomy in its order."""
        found = self._ctx.store.topics()
        return found if include_inactive else [t for t in found if t.active]

    def add_topic(
        self, key: str, label_en: str, label_it: str = "", keywords: Iterable[str] = ()
    ) -> Topic:
        """Add a topic to the taxonomy.

        Raises:
            InvalidValue: for a malformed key or no label.
            Conflict: when the key is taken.
        """
        key = key.strip().lower()
        if not _KEY.match(key):
            raise InvalidValue(
                _(
                    "Topic key {key!r} should be lower-case letters, digits or _, starting "
                    "with a letter (such as ecommerce or industry40)."
                ).format(key=key)
            )
        if not label_en.strip():
            raise InvalidValue(_("A topic needs an English label."))
        topic = Topic(
            key,
            label_en.strip(),
            (label_it or label_en).strip(),
            [k.strip() for k in keywords if k.strip()],
        )
        with self._ctx.store.transaction():
            if any(t.key == key for t in self._ctx.store.topics()):
                raise Conflict(_("There is already a topic {key!r}.").format(key=key))
            self._ctx.store.save_topic(topic)
        return topic

    def topic_keys(self, names: Iterable[str]) -> list[str]:
        """Topic keys for names typed as keys or labels in either language, without repeats.

        Raises:
            InvalidValue: naming every unknown topic and listing the known keys.
        """
        topics = self._ctx.store.topics()
        keys: list[str] = []
        unknown: list[str] = []
        for name in names:
            if not name.strip():
                continue
            topic = resolve_topic(name, topics)
            if topic is None:
                unknown.append(name.strip())
            elif topic.key not in keys:
                keys.append(topic.key)
        if unknown:
            known = ", ".join(t.key for t in topics)
            raise InvalidValue(
                ngettext(
                    "Unknown topic {keys}; topics are: {known}.",
                    "Unknown topics {keys}; topics are: {known}.",
                    len(unknown),
                ).format(keys=", ".join(map(repr, unknown)), known=known)
            )
        return keys
