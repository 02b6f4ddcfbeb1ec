"""A company's dossier: one page with its profile, the timeline of its requests and the advice
given, its referrals to partners, the webinars it attended and its grant applications.

The page comes from the ``company-dossier`` template (``kind: company``), in Italian or English;
users replace it by putting their own in their templates folder. For an ``.html`` file the
Markdown is turned into a plain HTML page: everything the template wrote is escaped first, so a
company's name can never become markup, then headings, lists, tables, bold and paragraphs are
drawn.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from helpdesk.domain.calls import Stage
from helpdesk.domain.webinars import EnrolmentStatus
from helpdesk.errors import InvalidValue
from helpdesk.i18n import _

if TYPE_CHECKING:
    from helpdesk.services.desk import Desk

TEMPLATE = "company-dossier"
FORMATS = (".md", ".html")


@dataclass(slots=True)
class Dossier:
    """A rendered dossier: the company's name, the language and the text."""

    company: str
    language: str
    text: str


def dossier_context(desk: Desk, key: int | str) -> dict[str, Any]:
    """What the dossier template sees: ``company``, ``requests`` (each with its ``notes``),
    ``referrals``, ``webinars`` and ``grants``, each oldest first.

    Raises:
        NotFound: for an unknown company.
    """
    timeline = desk.companies.timeline(key)
    tickets = [desk.tickets.get(t.ref) for t in timeline.tickets]
    refs = {t.ref for t in tickets}
    labels = {t.key: t for t in desk.directory.topics(include_inactive=True)}
    requests = [
        {
            "ticket": t,
            "topics": [labels[k] for k in t.topics if k in labels],
            "notes": list(t.notes),
        }
        for t in tickets
    ]
    referrals = [e for t in tickets for e in desk.referrals.for_ticket(t.ref)]
    webinars = [
        {"webinar": w, "ref": e.ref}
        for w in desk.webinars.sessions()
        for e in w.enrolments
        if e.ref in refs and e.status is EnrolmentStatus.ATTENDED
    ]
    grants = [
        {
            "call": call,
            "application": a,
            "euros": (a.amount or 0) // 100 if a.stage is Stage.FUNDED else None,
        }
        for call in desk.calls.calls()
        for a in call.applications
        if a.ref in refs
    ]
    return {
        "company": timeline.company,
        "requests": requests,
        "referrals": referrals,
        "webinars": sorted(webinars, key=lambda w: w["webinar"].start),
        "grants": grants,
    }


def company_dossier(desk: Desk, key: int | str, language: str | None = None) -> Dossier:
    """The company's dossier in Markdown.

    Raises:
        NotFound: for an unknown company or a missing template.
        TemplateError: for a user's template that fails.
    """
    context = dossier_context(desk, key)
    rendered = desk.templates.render_company(TEMPLATE, context, language)
    return Dossier(context["company"].name, rendered.language, rendered.text)


def output_format(path: Path) -> str:
    """``.md`` or ``.html``, from the file's name.

    Raises:
        InvalidValue: for any other name.
    """
    suffix = path.suffix.lower()
    if suffix == ".htm":
        return ".html"
    if suffix not in FORMATS:
        raise InvalidValue(
            _(
                "{file}: a dossier is written as Markdown (.md) or HTML (.html), e.g. "
                "--output dossier.md."
            ).format(file=path.name)
        )
    return suffix


_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")


def markdown_to_html(markdown: str, title: str, language: str = "en") -> str:
    """A plain HTML page from the dossier's Markdown: headings, lists, tables, bold, paragraphs.

    Every character the template wrote is escaped before any markup is added.
    """
    body: list[str] = []
    paragraph: list[str] = []
    listing: list[str] = []
    table: list[list[str]] = []

    def inline(text: str) -> str:
        escaped = html.escape(text.strip(), quote=True)
        escaped = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", escaped)
        return re.sub(r"(?<![\w*])_(.+?)_(?![\w*])", r"<em>\1</em>", escaped)

    def flush() -> None:
        if paragraph:
            body.append(f"<p>{' '.join(inline(p) for p in paragraph)}</p>")
            paragraph.clear()
        if listing:
            body.append("<ul>" + "".join(f"<li>{inline(i)}</li>" for i in listing) + "</ul>")
            listing.clear()
        if table:
            head, *rows = table
            cells = "".join(f"<th>{inline(c)}</th>" for c in head)
            lines = [f"<tr>{cells}</tr>"]
            lines += ["<tr>" + "".join(f"<td>{inline(c)}</td>" for c in r) + "</tr>" for r in rows]
            body.append("<table>" + "".join(lines) + "</table>")
            table.clear()

    for line in markdown.splitlines():
        stripped = line.strip()
        heading = re.match(r"^(#{1,6})\s+(.*)$", stripped)
        if not stripped:
            flush()
        elif heading:
            flush()
            level = len(heading[1])
            body.append(f"<h{level}>{inline(heading[2])}</h{level}>")
        elif stripped.startswith(("- ", "* ")):
            if paragraph or table:
                flush()
            listing.append(stripped[2:])
        elif stripped.startswith("|"):
            if paragraph or listing:
                flush()
            if not _TABLE_RULE.match(stripped):
                table.append([c for c in stripped.strip("|").split("|")])
        else:
            if listing or table:
                flush()
            paragraph.append(stripped)
    flush()
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n"
        "<style>body{font-family:sans-serif;max-width:48em;margin:2em auto;line-height:1.4}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em}</style>\n"
        "</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )
