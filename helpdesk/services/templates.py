"""Reply and report templates: Jinja2 texts rendered in a sandbox for a ticket or a period.

**Names.** A template file is ``NAME[.LANG].EXT.j2``: ``reply-ecommerce.it.md.j2`` is the Italian
version of ``reply-ecommerce``; a file with no language (``notes.md.j2``) serves every language.
Files whose name starts with ``_`` are partials for ``{% include %}`` and are not listed.

**Front matter.** A template may open with a comment of ``key: value`` lines, shown by
``template list``::

    {#-
    description: First reply to a business that wants to sell online.
    kind: ticket
    -#}

``kind`` is ``ticket`` (rendered for one ticket) or ``report`` (rendered for a period); without
it, a name containing ``report`` is a report and anything else a ticket template.

**Folders.** The user's folder (``--templates DIR`` or ``HELPDESK_TEMPLATES``) comes first: a file
there replaces the shipped file of the same name, and may add new templates. The shipped
templates are the ``templates/`` folder at the top of the project. Installed from a wheel (not
editable), that folder is shipped as data files into ``<prefix>/share/helpdesk/templates``
(the wheel's ``shared-data`` in ``pyproject.toml``) and found through the installed
distribution's file list, so a ``--user`` install or a virtual environment finds it too; in a
source checkout or an editable install, the ``templates/`` folder itself is used.

**What a template sees.** A ticket template: ``ticket``, ``company`` (or None), ``contact``,
``adviser`` (the assignee's :class:`~helpdesk.domain.models.Adviser`, or None), ``me`` (the acting
adviser, or None), ``topics`` (the ticket's :class:`~helpdesk.domain.models.Topic` records),
``webinars`` (up to five upcoming :class:`~helpdesk.domain.webinars.Webinar` sessions sharing
a topic with the ticket that it is not already registered or waitlisted for, soonest first),
``earlier`` (the company's other tickets), ``calls`` (the open grant calls its business is
eligible for, soonest deadline first), and what every template sees: ``today``, ``now``,
``desk`` (``desk.name``), ``me``, ``taxonomy`` (topic key → Topic) and ``lang``. A report
template: ``summary`` (a :class:`~helpdesk.services.summary.Summary`), ``figures`` (the same
as plain dicts, as in ``summary --format json``), ``period`` and ``filter``.
Filters: ``format_date``, ``format_datetime``, ``duration`` (hours), ``percent``, ``number``,
``label`` (a status, channel, kind, outcome or month key in the template's language),
``topic_label``, ``euros`` (cents as ``€ 12.000,50``) and ``md`` (user text made safe in a
Markdown table).

**Safety.** Templates run in Jinja's immutable sandbox with strict undefined variables: they
cannot reach Python internals (``__class__``…), change the records they are shown, or silently
print nothing for a misspelt name. Every failure becomes a :class:`TemplateError` naming the
file and line, e.g. ``reply-ecommerce.it.md.j2, line 7: 'compnay' is undefined``.

Jinja2 is imported only when a template is first parsed, so commands that render nothing do not
pay for it.
"""

from __future__ import annotations

import builtins
import difflib
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from helpdesk.dates import format_date as _format_date
from helpdesk.dates import format_datetime as _format_datetime
from helpdesk.domain.calls import format_euros
from helpdesk.domain.models import Adviser, Company, Ticket
from helpdesk.domain.webinars import GOING, Webinar, matching
from helpdesk.errors import Conflict, InvalidValue, NotFound
from helpdesk.files import write_atomically
from helpdesk.i18n import N_, _
from helpdesk.i18n import language as current_language
from helpdesk.services.context import Context
from helpdesk.services.directory import DirectoryService
from helpdesk.services.summary import Period, SummaryService
from helpdesk.services.summary_json import summary_json
from helpdesk.services.summary_labels import describe_hours, label_of, month_label
from helpdesk.services.template_sandbox import (
    MEMORY_LIMIT,
    TemplateLimit,
    file_problem,
    folder_loader,
    render_bounded,
    work_out_at_render_time,
)
from helpdesk.services.tickets import TicketService

if TYPE_CHECKING:
    from jinja2 import Environment, Template

TICKET = "ticket"
REPORT = "report"
#: A company's page (the dossier), rendered by ``helpdesk company dossier``.
COMPANY = "company"
KINDS = (TICKET, REPORT, COMPANY)
SHIPPED = "shipped"
USER = "user"
#: Languages a template name may end with; the first is the default.
LANGUAGES = ("en", "it")
LANGUAGE_NAMES = {"en": N_("English"), "it": N_("Italian")}

#: The desk's name as templates sign it, in English and Italian (a proper name, no article).
DESK_NAME = ("Innovation Hub Business Desk", "Sportello Innovazione Imprese")

_FILE = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9_-]*)(?:\.(?P<lang>[a-z]{2}))?\.(?P<ext>\w+)\.j2$"
)
_FRONT_MATTER = re.compile(r"\A\s*\{#-?(?P<body>.*?)-?#\}", re.DOTALL)
_META_LINE = re.compile(r"^\s*(?P<key>[A-Za-z][\w-]*)\s*:(?P<value>.*)$")
_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#~"})
#: Methods of records that change them; the sandbox refuses them like list.append.
_MUTATORS = frozenset({"set", "record"})


class TemplateError(InvalidValue):
    """A template that cannot be read or rendered; the message names the file and the line."""


@dataclass(frozen=True, slots=True)
class TemplateFile:
    """One template file.

    Attributes:
        name: The template's name (``reply-ecommerce``).
        language: Its language (``en``, ``it``), or None for a file that serves every language.
        path: Where it is.
        origin: ``shipped`` or ``user``.
        kind: ``ticket`` or ``report``.
        description: One line from its front matter.
    """

    name: str
    language: str | None
    path: Path
    origin: str
    kind: str
    description: str

    @property
    def filename(self) -> str:
        """The file's name, as error messages quote it."""
        return self.path.name


@dataclass(frozen=True, slots=True)
class TemplateInfo:
    """A template in every language it exists in.

    Attributes:
        name: The name without language and extension.
        files: The file for each language (``""`` for a language-neutral file), user files
            replacing shipped ones file by file.
    """

    name: str
    files: dict[str, TemplateFile] = field(default_factory=dict)

    def _main(self) -> TemplateFile:
        for language in (*LANGUAGES, ""):
            if language in self.files:
                return self.files[language]
        return next(iter(self.files.values()))

    @property
    def kind(self) -> str:
        """``ticket`` or ``report``."""
        return self._main().kind

    @property
    def description(self) -> str:
        """The description of its English version (else of another)."""
        return self._main().description

    @property
    def languages(self) -> list[str]:
        """Its languages, ``*`` standing for a language-neutral file."""
        return [language or "*" for language in sorted(self.files, key=_language_order)]

    @property
    def origin(self) -> str:
        """``shipped``, ``user``, or e.g. ``user (it), shipped`` when mixed."""
        origins = {f.origin for f in self.files.values()}
        if len(origins) == 1:
            return origins.pop()
        mine = [lang or "*" for lang, f in self.files.items() if f.origin == USER]
        return f"user ({', '.join(sorted(mine))}), shipped"


@dataclass(frozen=True, slots=True)
class Rendered:
    """A rendered template.

    Attributes:
        template: The file rendered.
        language: The language asked for.
        text: The result.
    """

    template: TemplateFile
    language: str
    text: str


def shipped_folder() -> Path | None:
    """The folder of shipped templates, or None when it cannot be found (see the module doc)."""
    source = Path(__file__).resolve().parents[2]
    if (source / "pyproject.toml").is_file() and (source / "templates").is_dir():
        return source / "templates"
    try:
        from importlib.metadata import PackageNotFoundError, distribution

        return installed_folder(distribution("helpdesk"))
    except PackageNotFoundError:
        return None


def installed_folder(dist: Any) -> Path | None:
    """Where an installed distribution put ``share/helpdesk/templates``, from its file list."""
    for entry in dist.files or ():
        parts = entry.parts
        if len(parts) >= 4 and parts[-4:-1] == ("share", "helpdesk", "templates"):
            folder = Path(dist.locate_file(entry)).parent
            if folder.is_dir():
                return folder.resolve()
    return None


class TemplateService:
    """Listing, showing and rendering templates.

    Args:
        ctx: The store, clock and actor.
        tickets: To read a ticket and its company.
        directory: Advisers and topics.
        summary: Figures for report templates.
        user_folder: The user's templates (``--templates``), searched first; None for none.
        shipped: The shipped templates; found as the module doc says when not given.
        webinars: Returns every webinar session; None when the desk keeps no webinars.
        calls: Returns the open grant calls a ticket's business is eligible for, soonest
            deadline first; None when the desk keeps no calls.
        desk_name: The desk's name in English and Italian.
    """

    def __init__(
        self,
        ctx: Context,
        tickets: TicketService,
        directory: DirectoryService,
        summary: SummaryService,
        *,
        user_folder: Path | None = None,
        shipped: Path | None = None,
        webinars: Callable[[], Iterable[Webinar]] | None = None,
        calls: Callable[[int], list[Any]] | None = None,
        desk_name: tuple[str, str] = DESK_NAME,
    ) -> None:
        self._ctx = ctx
        self._tickets = tickets
        self._directory = directory
        self._summary = summary
        self._user = user_folder
        self._shipped = shipped
        self._webinars = webinars
        self._calls = calls
        self._desk_name = desk_name
        self._env: Environment | None = None
        self._refused: dict[str, str] = {}  # template name → why its file is not used

    # -- finding --------------------------------------------------------------------------

    def folders(self) -> list[tuple[str, Path]]:
        """The folders searched, first match wins: the user's, then the shipped one.

        Raises:
            NotFound: when the user's folder does not exist.
        """
        folders: list[tuple[str, Path]] = []
        if self._user is not None:
            if not self._user.is_dir():
                raise NotFound(
                    _(
                        "The templates folder {folder} does not exist (from --templates or "
                        "HELPDESK_TEMPLATES)."
                    ).format(folder=self._user)
                )
            folders.append((USER, self._user))
        shipped = self._shipped or shipped_folder()
        if shipped is not None and shipped.is_dir():
            folders.append((SHIPPED, shipped))
        return folders

    def list(self) -> list[TemplateInfo]:
        """Every template, by name; a user file replaces the shipped file of the same name."""
        seen: dict[str, TemplateFile] = {}
        self._refused = {}
        for origin, folder in self.folders():
            for path in sorted(folder.glob("*.j2")):
                if path.name.startswith("_") or path.name in seen:
                    continue
                problem = file_problem(folder, path)
                if problem is not None:
                    self._refused.setdefault(_split_name(path.name)[0], problem)
                    continue
                seen[path.name] = _read_file(path, origin)
        infos: dict[str, TemplateInfo] = {}
        for file in seen.values():
            info = infos.setdefault(file.name, TemplateInfo(file.name))
            info.files.setdefault(file.language or "", file)
        return [infos[name] for name in sorted(infos)]

    def get(self, name: str) -> TemplateInfo:
        """A template by name.

        Raises:
            NotFound: naming the templates there are (and the closest to what was typed).
        """
        templates = {info.name: info for info in self.list()}
        if name in templates:
            return templates[name]
        if name in self._refused:
            raise TemplateError(self._refused[name])
        close = difflib.get_close_matches(name, list(templates), n=1)
        hint = _(" Did you mean {name}?").format(name=close[0]) if close else ""
        known = ", ".join(templates) or "none"
        raise NotFound(
            _("There is no template {name!r}.{hint} Templates: {known}.").format(
                name=name, hint=hint, known=known
            )
        )

    def pick(self, name: str, language: str | None = None) -> tuple[TemplateFile, str]:
        """The file to render for a name as typed and a language.

        ``reply-ecommerce`` with ``language="it"``, ``reply-ecommerce.it`` and
        ``reply-ecommerce.it.md.j2`` all pick the Italian file. Without a language, the language
        spoken when there is a version in it, else English, else the only one there is.

        Returns:
            The file and the language it is rendered in.

        Raises:
            NotFound: for an unknown template.
            InvalidValue: for an unknown language, or one the template does not exist in.
        """
        base, suffix = _split_name(name.strip())
        if language is not None and language not in LANGUAGES:
            raise InvalidValue(
                _("Language {language!r} is not one of: {languages}.").format(
                    language=language, languages=", ".join(LANGUAGES)
                )
            )
        if language is not None and suffix is not None and language != suffix:
            raise InvalidValue(
                _("{name} is the {version} version; --lang says {language}.").format(
                    name=name, version=_(LANGUAGE_NAMES[suffix]), language=language
                )
            )
        info = self.get(base)
        wanted = language or suffix
        if wanted is None:
            available = [lang for lang in (current_language(), *LANGUAGES) if lang in info.files]
            wanted = available[0] if available else LANGUAGES[0]
        file = info.files.get(wanted) or info.files.get("")
        if file is None:
            have = ", ".join(info.languages)
            raise InvalidValue(
                _("Template {name} has no {version} version (languages: {languages}).").format(
                    name=base, version=_(LANGUAGE_NAMES.get(wanted, wanted)), languages=have
                )
            )
        return file, wanted

    def source(self, name: str, language: str | None = None) -> tuple[TemplateFile, str]:
        """A template's file and its text as written."""
        file, _language = self.pick(name, language)
        return file, file.path.read_text(encoding="utf-8")

    # -- rendering ------------------------------------------------------------------------

    def render(
        self,
        name: str,
        ref: int | str | None = None,
        *,
        period: Period | None = None,
        query: str = "",
        language: str | None = None,
    ) -> Rendered:
        """Render a template: a ticket template for ``ref``, a report for ``period`` and ``query``.

        Raises:
            NotFound: for an unknown template or ticket.
            InvalidValue: for a ticket template without a ticket, or a report with one.
            TemplateError: for a template that fails, naming its file and line.
        """
        file, lang = self.pick(name, language)
        if file.kind == COMPANY:
            raise InvalidValue(
                _(
                    "{file} is a company page: render it with `helpdesk company dossier NAME`."
                ).format(file=file.name)
            )
        if file.kind == TICKET:
            if ref is None:
                raise InvalidValue(
                    _("{file} is a ticket template: give a ticket, e.g. 42.").format(file=file.name)
                )
            return self._render(file, lang, self.ticket_context(ref, lang))
        if ref is not None:
            raise InvalidValue(
                _("{file} is a report: give a period (--period 2020-Q2), not a ticket.").format(
                    file=file.name
                )
            )
        return self._render(file, lang, self.report_context(period, query, lang))

    def render_company(
        self, name: str, context: dict[str, Any], language: str | None = None
    ) -> Rendered:
        """Render a company template (``kind: company``) with what the caller gathered.

        Raises:
            NotFound: for an unknown template.
            InvalidValue: for a template of another kind.
            TemplateError: for a template that fails, naming its file and line.
        """
        file, lang = self.pick(name, language)
        if file.kind != COMPANY:
            raise InvalidValue(
                _("{file} is a {kind} template, not a company page.").format(
                    file=file.name, kind=file.kind
                )
            )
        return self._render(file, lang, {**self._common(lang), **context})

    def ticket_context(self, ref: int | str, language: str = "en") -> dict[str, Any]:
        """What a ticket template sees (see the module doc).

        Raises:
            NotFound: for an unknown ticket.
        """
        detail = self._tickets.detail(ref)
        ticket = detail.ticket
        topics = [detail.topics[key] for key in ticket.topics if key in detail.topics]
        return {
            **self._common(language),
            "ticket": ticket,
            "company": detail.company,
            "contact": ticket.contact,
            "adviser": self._adviser(ticket.assignee),
            "topics": topics,
            "webinars": self._upcoming(ticket),
            "calls": self._calls(ticket.ref) if self._calls is not None else [],
            "earlier": detail.company_tickets,
        }

    def report_context(
        self, period: Period | None = None, query: str = "", language: str = "en"
    ) -> dict[str, Any]:
        """What a report template sees (see the module doc).

        Raises:
            InvalidFilter: for a query that cannot be read.
        """
        summary = self._summary.compute(period, query)
        return {
            **self._common(language),
            "summary": summary,
            "figures": summary_json(summary),
            "period": summary.period,
            "filter": summary.query,
        }

    def render_string(self, source: str, context: dict[str, Any], name: str = "<text>") -> str:
        """Render template text given directly (for previews and tests), with the same sandbox.

        Raises:
            TemplateError: naming ``name`` and the line.
        """
        env = self.environment()
        try:
            template = env.from_string(source)
        except Exception as failure:
            raise _template_error(failure, name, set()) from None
        try:
            return render_bounded(
                lambda: template.generate(context),
                lambda failure: _template_error(failure, name, set()).message,
            )
        except TemplateLimit as failure:
            raise TemplateError(str(failure)) from None

    def environment(self) -> Environment:
        """The sandboxed Jinja environment over the folders (built on first use)."""
        if self._env is None:
            self._env = _environment([folder for _origin, folder in self.folders()])
        return self._env

    # -- internals ------------------------------------------------------------------------

    def _render(self, file: TemplateFile, language: str, context: dict[str, Any]) -> Rendered:
        env = self.environment()
        folders = {str(folder) for _origin, folder in self.folders()}

        try:
            template: Template = env.get_template(file.path.name)
        except Exception as failure:
            raise _template_error(failure, file.filename, folders) from None
        try:
            text = render_bounded(
                lambda: template.generate(context),
                lambda failure: _template_error(failure, file.filename, folders).message,
            )
        except TemplateLimit as failure:
            raise TemplateError(str(failure)) from None
        return Rendered(file, language, text)

    def _common(self, language: str) -> dict[str, Any]:
        return {
            "today": self._ctx.clock.today(),
            "now": self._ctx.now(),
            "lang": language,
            "desk": {"name": self._desk_name[1] if language == "it" else self._desk_name[0]},
            "me": self._adviser(self._ctx.actor),
            "taxonomy": {t.key: t for t in self._directory.topics(include_inactive=True)},
        }

    def _adviser(self, key: str | None) -> Adviser | None:
        if not key:
            return None
        try:
            return self._directory.adviser(key)
        except NotFound:
            return None

    def _upcoming(self, ticket: Ticket, limit: int = 5) -> builtins.list[Webinar]:
        """Upcoming sessions on the ticket's topics it is not already going to, soonest first."""
        if self._webinars is None:
            return []
        now = self._ctx.now()
        sessions = []
        for session in self._webinars():
            mine = session.enrolment(ticket.ref)
            if mine is not None and mine.status in GOING:
                continue
            if session.upcoming(now) and matching(session, ticket.topics):
                sessions.append(session)
        return sorted(sessions, key=lambda s: (s.start, s.id))[:limit]


# -- files ------------------------------------------------------------------------------------


def _language_order(language: str) -> tuple[int, str]:
    return (LANGUAGES.index(language) if language in LANGUAGES else len(LANGUAGES), language)


def _split_name(text: str) -> tuple[str, str | None]:
    """``reply-ecommerce.it.md.j2`` or ``reply-ecommerce.it`` → (``reply-ecommerce``, ``it``)."""
    match = _FILE.match(text)
    if match:
        return match["name"], match["lang"]
    head, _dot, tail = text.partition(".")
    if tail in LANGUAGES:
        return head, tail
    return text, None


def _read_file(path: Path, origin: str) -> TemplateFile:
    match = _FILE.match(path.name)
    if match is None:
        raise TemplateError(
            _(
                "{file}: a template's file name should be NAME.LANG.EXT.j2 or "
                "NAME.EXT.j2, e.g. reply-ecommerce.it.md.j2."
            ).format(file=path.name)
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise TemplateError(_("{file}: not UTF-8 text.").format(file=path.name)) from None
    meta = front_matter(text)
    kind = meta.get("kind", REPORT if "report" in match["name"] else TICKET).lower()
    if kind not in KINDS:
        raise TemplateError(
            _("{file}, line 1: kind {kind!r} should be one of: {kinds}.").format(
                file=path.name, kind=kind, kinds=", ".join(KINDS)
            )
        )
    return TemplateFile(
        name=match["name"],
        language=match["lang"],
        path=path,
        origin=origin,
        kind=kind,
        description=meta.get("description", ""),
    )


def front_matter(text: str) -> dict[str, str]:
    """The ``key: value`` lines of a template's opening comment (keys lower-cased).

    An indented line continues the value above it; a one-line comment
    (``{# description: … #}``) works too.
    """
    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}
    meta: dict[str, str] = {}
    key = ""
    for line in match["body"].splitlines():
        entry = _META_LINE.match(line)
        if entry and (not key or not line[:1].isspace()):
            key = entry["key"].lower()
            meta[key] = entry["value"].strip()
        elif key and line.strip():
            meta[key] = f"{meta[key]} {line.strip()}".strip()
    return meta


def write_output(path: Path, text: str, *, force: bool = False) -> Path:
    """Write ``text`` to ``path`` atomically: a temporary file beside it, fsync, rename.

    Raises:
        Conflict: when the file exists and ``force`` is not given.
        NotFound: when its folder does not exist.
        InvalidValue: when ``path`` is a folder.
    """
    if path.is_dir():
        raise InvalidValue(_("{path} is a folder; give a file name.").format(path=path))
    if path.exists() and not force:
        raise Conflict(_("{path} already exists; add --force to replace it.").format(path=path))
    folder = path.parent
    if not folder.is_dir():
        raise NotFound(_("The folder {folder} does not exist.").format(folder=folder))
    # A report holds the desk's data: a new one is readable by its owner only, whatever the
    # umask, as exports are; sharing it is a choice made with chmod.
    write_atomically(path, text.encode("utf-8"), new_mode=0o600, error=InvalidValue)
    return path


# -- the sandbox ------------------------------------------------------------------------------


def markdown_cell(text: object) -> str:
    """User text made safe in Markdown (a table cell): on one line, specials escaped."""
    return " ".join(("" if text is None else str(text)).split()).translate(_MD_SPECIAL)


def _environment(folders: Sequence[Path]) -> Environment:
    from jinja2 import StrictUndefined, pass_context
    from jinja2.runtime import Context as JinjaContext
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    records = (Ticket, Company, Adviser)

    class Sandbox(ImmutableSandboxedEnvironment):
        """Jinja's immutable sandbox, also refusing the methods that change our records."""

        def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
            if attr in _MUTATORS and isinstance(obj, records):
                return False
            return bool(super().is_safe_attribute(obj, attr, value))

    env = Sandbox(
        loader=folder_loader(folders),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )

    def lang_of(ctx: JinjaContext, lang: str | None) -> str:
        return lang or str(ctx.get("lang") or LANGUAGES[0])

    @pass_context
    def format_date(ctx: JinjaContext, value: date | datetime, lang: str | None = None) -> str:
        if lang_of(ctx, lang) == "it":
            return f"{value.day:02d}/{value.month:02d}/{value.year}"
        return _format_date(value)

    @pass_context
    def format_datetime(ctx: JinjaContext, value: datetime, lang: str | None = None) -> str:
        tz = ctx["now"].tzinfo
        if lang_of(ctx, lang) == "it":
            local = value.astimezone(tz) if value.tzinfo else value
            return f"{local.day:02d}/{local.month:02d}/{local.year} {local:%H:%M}"
        return _format_datetime(value, tz)

    @pass_context
    def duration(ctx: JinjaContext, hours: float | None, lang: str | None = None) -> str:
        return describe_hours(hours, lang_of(ctx, lang))

    @pass_context
    def percent(ctx: JinjaContext, share: float | None, lang: str | None = None) -> str:
        if share is None:
            return "—"
        return f"{share * 100:.0f}%"

    @pass_context
    def number(ctx: JinjaContext, value: float | None, lang: str | None = None) -> str:
        if value is None:
            return "—"
        text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
        if lang_of(ctx, lang) == "it":
            text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
        return text

    @pass_context
    def label(ctx: JinjaContext, key: object, lang: str | None = None) -> str:
        text = str(getattr(key, "value", key))
        if re.fullmatch(r"\d{4}-\d{2}", text):
            return month_label(text, lang_of(ctx, lang))
        return label_of(text, lang_of(ctx, lang))

    @pass_context
    def topic_label(ctx: JinjaContext, key: str, lang: str | None = None) -> str:
        topic = ctx.get("taxonomy", {}).get(key)
        return topic.label(lang_of(ctx, lang)) if topic is not None else str(key)

    @pass_context
    def euros(ctx: JinjaContext, cents: int | None, lang: str | None = None) -> str:
        return format_euros(cents, lang_of(ctx, lang))

    env.filters.update(
        topic_label=topic_label,
        format_date=format_date,
        format_datetime=format_datetime,
        duration=duration,
        percent=percent,
        number=number,
        label=label,
        md=markdown_cell,
        euros=euros,
    )
    env.globals["languages"] = LANGUAGES
    work_out_at_render_time(env)
    return env


def _template_error(failure: BaseException, name: str, folders: set[str]) -> TemplateError:
    """A failure in a template as one line naming the template file and the line."""
    from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
    from jinja2.sandbox import SecurityError

    if isinstance(failure, TemplateSyntaxError):
        where = Path(failure.filename or failure.name or name).name
        return TemplateError(
            _("{file}, line {line}: {message}").format(
                file=where, line=failure.lineno, message=failure.message
            )
        )
    if isinstance(failure, TemplateNotFound):
        return TemplateError(
            _("{file}: it includes {name!r}, which is in no templates folder.").format(
                file=name, name=failure.name
            )
        )
    where, line = _template_frame(failure.__traceback__, folders) or (name, None)
    if where == "<template>":
        where = name
    if isinstance(failure, TemplateLimit):
        message = str(failure)
    elif isinstance(failure, MemoryError):
        message = _(
            "stopped: it ran out of the memory a template may use ({megabytes} MB)."
        ).format(megabytes=MEMORY_LIMIT >> 20)
    elif isinstance(failure, SecurityError):
        message = _(
            "refused: {failure} Templates cannot reach Python internals or change records."
        ).format(failure=failure)
    elif isinstance(failure, UndefinedError):
        message = str(failure)
    else:
        message = f"{type(failure).__name__}: {failure}"
    if line is None:
        return TemplateError(f"{where}: {message}")
    return TemplateError(
        _("{file}, line {line}: {message}").format(file=where, line=line, message=message)
    )


def _template_frame(trace: TracebackType | None, folders: set[str]) -> tuple[str, int] | None:
    """The innermost traceback frame inside a template: its file name and line.

    Jinja rewrites tracebacks so that a template's frames carry its file name and the line in
    the template; a template given as text has the file name ``<template>``.
    """
    found = None
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if (
            filename == "<template>"
            or filename.endswith(".j2")
            or os.path.dirname(filename) in folders
        ):
            found = (os.path.basename(filename), trace.tb_lineno)
        trace = trace.tb_next
    return found
