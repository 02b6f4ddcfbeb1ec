"""The columns an import understands, the headers that name them, and the values they take.

:data:`COLUMNS` is the canonical set (also what ``export --format csv`` writes);
:data:`SYNONYMS` are the English and Italian headers that map to each by themselves, compared
with case, accents, spaces and punctuation ignored; :data:`VALUE_WORDS` are the Italian words
taken for the values of each vocabulary. :func:`map_columns` works out which column of a file
gives each field, an explicit mapping (:func:`parse_mapping`) first. See
:mod:`helpdesk.services.importing.service` for the rules of the whole import.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import orjson

from helpdesk.domain.text import fold
from helpdesk.errors import InvalidValue
from helpdesk.i18n import _
from helpdesk.services.importing.meanings import ENOUGH, meaningful_words, score_header

#: The columns an import understands, in the order ``export --format csv`` writes them.
COLUMNS: tuple[str, ...] = (
    "external_id",
    "uid",
    "created",
    "channel",
    "subject",
    "description",
    "topics",
    "priority",
    "status",
    "assignee",
    "tags",
    "company",
    "vat",
    "kind",
    "size",
    "town",
    "province",
    "ateco",
    "contact_name",
    "contact_email",
    "contact_phone",
    "contact_role",
    "outcome",
    "outcome_note",
    "triaged",
    "closed",
    "consent",
    "consent_date",
    "service",
    "source",
    "programme",
    "satisfaction",
    "satisfaction_comment",
)

#: Headers that map to each column by themselves, strongest first. They are compared with case,
#: accents, spaces and punctuation ignored, so "P. IVA", "p.iva" and "PIVA" are one header.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "external_id": (
        "external_id",
        "id richiesta",
        "codice richiesta",
        "id",
        "codice",
        "request id",
        "ticket id",
        "numero richiesta",
    ),
    "uid": ("uid",),
    "created": (
        "created",
        "data richiesta",
        "data",
        "date",
        "timestamp",
        "informazioni cronologiche",
        "created at",
        "data e ora",
        "data ora",
        "data inserimento",
        "data ricezione",
        "submitted at",
        "submitted",
    ),
    "channel": ("channel", "canale", "canale di contatto"),
    "subject": ("subject", "oggetto", "titolo", "title", "oggetto richiesta"),
    "description": (
        "description",
        "descrizione",
        "richiesta",
        "descrizione richiesta",
        "testo",
        "messaggio",
        "message",
        "request",
        "body",
        "note",
        "notes",
    ),
    "topics": (
        "topics",
        "topic",
        "temi",
        "tema",
        "argomenti",
        "argomento",
        "ambito",
        "ambiti",
        "area tematica",
    ),
    "priority": ("priority", "priorità", "urgenza"),
    "status": ("status", "stato"),
    "assignee": (
        "assignee",
        "consulente",
        "assegnatario",
        "assegnato a",
        "adviser",
        "advisor",
        "incaricato",
        "operatore",
    ),
    "tags": ("tags", "tag", "etichette", "etichetta", "labels", "label"),
    "company": (
        "company",
        "ragione sociale",
        "azienda",
        "impresa",
        "denominazione",
        "nome azienda",
        "company name",
        "società",
        "organizzazione",
        "organization",
        "organisation",
        "business",
    ),
    "vat": (
        "vat",
        "partita iva",
        "p.iva",
        "vat number",
        "vat id",
        "company_vat",
    ),
    "kind": ("kind", "tipologia", "tipo impresa", "tipologia impresa", "company kind", "tipo"),
    "size": ("size", "dimensione", "dimensione impresa", "classe dimensionale", "company size"),
    "town": ("town", "comune", "città", "località", "city", "sede"),
    "province": ("province", "provincia", "prov", "sigla provincia"),
    "ateco": ("ateco", "settore ateco", "codice ateco", "ateco 2007"),
    "contact_name": (
        "contact_name",
        "referente",
        "nome referente",
        "contatto",
        "contact",
        "nome e cognome",
        "nome cognome",
        "nome",
        "name",
        "full name",
    ),
    "contact_email": (
        "contact_email",
        "email",
        "e-mail",
        "mail",
        "posta elettronica",
        "indirizzo email",
        "email address",
        "email referente",
    ),
    "contact_phone": (
        "contact_phone",
        "telefono",
        "cellulare",
        "tel",
        "phone",
        "mobile",
        "numero di telefono",
        "recapito telefonico",
        "telefono referente",
    ),
    "contact_role": ("contact_role", "ruolo", "role", "qualifica", "ruolo referente"),
    "outcome": ("outcome", "esito"),
    "outcome_note": ("outcome_note", "note esito", "outcome note"),
    "triaged": ("triaged", "triaged at", "data smistamento"),
    "closed": ("closed", "closed at", "data chiusura"),
    "consent": (
        "consent",
        "consenso privacy",
        "consenso al trattamento dei dati",
        "consenso al trattamento dei dati personali",
        "consenso trattamento dati",
        "consenso",
        "privacy",
        "privacy consent",
        "consent to data processing",
        "gdpr consent",
        "informativa privacy",
    ),
    "consent_date": (
        "consent_date",
        "data consenso",
        "data consenso privacy",
        "consent date",
        "privacy consent date",
    ),
    "service": ("service", "servizio", "servizio erogato", "tipo di servizio"),
    "source": ("source", "fonte", "canale di provenienza", "provenienza", "segnalato da"),
    "programme": ("programme", "program", "programma", "progetto finanziato"),
    "satisfaction": ("satisfaction", "soddisfazione", "gradimento", "satisfaction score"),
    "satisfaction_comment": (
        "satisfaction_comment",
        "commento soddisfazione",
        "commento",
        "satisfaction comment",
    ),
}

#: A field name that means "ignore this column" in a mapping.
IGNORE = "-"


def squash(text: str) -> str:
    """A header reduced to what identifies it: folded, letters and digits only."""
    return "".join(ch for ch in fold(text) if ch.isalnum())


_HEADER_INDEX: dict[str, tuple[str, int]] = {}
for _field, _names in SYNONYMS.items():
    for _rank, _name in enumerate(_names):
        _HEADER_INDEX.setdefault(squash(_name), (_field, _rank))
# The same headers without their little words, so that "Descrizione della richiesta" is the
# known "descrizione richiesta" and "Tipologia di impresa" the known "tipologia impresa".
_PLAIN_HEADER_INDEX: dict[str, tuple[str, int]] = {}
for _field, _names in SYNONYMS.items():
    for _rank, _name in enumerate(_names):
        _PLAIN_HEADER_INDEX.setdefault("".join(meaningful_words(_name)), (_field, _rank))

#: How a column's field was chosen, as :attr:`ColumnMap.chosen` says it.
GIVEN, KNOWN_HEADER, BY_MEANING = "given", "header", "meaning"


@dataclass(slots=True)
class ColumnMap:
    """Which column of the file gives each field.

    Attributes:
        fields: Field name → column index.
        headers: The file's headers.
        ignored: Headers that map to nothing, to report.
        notes: Warnings about columns set aside in favour of others.
        chosen: Each column that gives a field, in the file's order: its header, the field
            and how it was chosen (:data:`GIVEN` by a mapping, :data:`KNOWN_HEADER`, or
            :data:`BY_MEANING`), for a dry run to show.
    """

    fields: dict[str, int]
    headers: list[str]
    ignored: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    chosen: list[tuple[str, str, str]] = field(default_factory=list)

    def header(self, name: str) -> str:
        """The file's header for a field, or the field's own name when it has no column."""
        index = self.fields.get(name)
        return self.headers[index] if index is not None else name


def field_for(name: str) -> str | None:
    """The canonical column a header or field name stands for, if any."""
    found = _known_header(name)
    return found[0] if found else None


def _known_header(header: str) -> tuple[str, int] | None:
    """The field a header names by itself, and its rank among that field's headers."""
    return _HEADER_INDEX.get(squash(header)) or _PLAIN_HEADER_INDEX.get(
        "".join(meaningful_words(header))
    )


def parse_mapping(pairs: Sequence[str] = (), document: str | None = None) -> dict[str, str]:
    """A mapping from ``SOURCE=FIELD`` pairs and a JSON object's text; the pairs win.

    Raises:
        InvalidValue: for a pair without ``=``, a document that is not a JSON object of
            strings, or a field that is not a known column.
    """
    mapping: dict[str, str] = {}
    if document is not None:
        try:
            data = orjson.loads(document)
        except orjson.JSONDecodeError as error:
            raise InvalidValue(
                _("The mapping file is not valid JSON: {error} (line {line}).").format(
                    error=error.msg, line=error.lineno
                )
            ) from None
        if not isinstance(data, dict) or not all(
            isinstance(k, str) and isinstance(v, str | None) for k, v in data.items()
        ):
            raise InvalidValue(
                _('The mapping file must be a JSON object of "source column": "field" pairs.')
            )
        mapping.update({k: v or IGNORE for k, v in data.items()})
    for pair in pairs:
        source, sep, target = pair.partition("=")
        if not sep or not source.strip():
            raise InvalidValue(
                _("--map {pair!r} should be SOURCE=FIELD, e.g. 'Nome ditta=company'.").format(
                    pair=pair
                )
            )
        mapping[source.strip()] = target.strip() or IGNORE
    for source, target in mapping.items():
        if target != IGNORE and target.strip().lower() != "ignore" and field_for(target) is None:
            raise InvalidValue(
                _(
                    "Cannot map {column!r} to {field!r}: fields are {fields} "
                    "(or {ignore} to ignore the column)."
                ).format(column=source, field=target, fields=", ".join(COLUMNS), ignore=IGNORE)
            )
    return mapping


def map_columns(headers: Sequence[str], mapping: Mapping[str, str] | None = None) -> ColumnMap:
    """Work out which column gives each field.

    Args:
        headers: The file's headers.
        mapping: Explicit ``source header → field`` pairs (``-`` ignores a column); a source is
            matched exactly, else with case, accents and punctuation ignored.

    Raises:
        InvalidValue: for a mapping naming a column the file does not have.
    """
    result = ColumnMap({}, list(headers))
    explicit: dict[int, str] = {}
    for source, target in (mapping or {}).items():
        index = _find_header(headers, source)
        if index is None:
            shown = ", ".join(repr(h) for h in headers if h) or _("none")
            raise InvalidValue(
                _("Cannot map {column!r}: the file has no such column ({shown}).").format(
                    column=source, shown=shown
                )
            )
        ignored = target == IGNORE or target.strip().lower() == "ignore"
        explicit[index] = IGNORE if ignored else (field_for(target) or target)
    candidates: list[tuple[int, int, int, str]] = []
    ambiguous: list[str] = []
    for index, header in enumerate(headers):
        if index in explicit:
            if explicit[index] != IGNORE:
                candidates.append((0, 0, index, explicit[index]))
            continue
        found = _known_header(header)
        if found is not None:
            candidates.append((1, found[1], index, found[0]))
            continue
        scores = score_header(header)
        if scores and scores[0][0] >= ENOUGH:
            if len(scores) > 1 and scores[1][0] == scores[0][0]:
                ambiguous.append(_ambiguous(header, scores[0][1], scores[1][1]))
            else:
                candidates.append((2, -scores[0][0], index, scores[0][1]))
        elif header:
            result.ignored.append(header)
    if ambiguous:
        raise InvalidValue(" ".join(ambiguous))
    how = {0: GIVEN, 1: KNOWN_HEADER, 2: BY_MEANING}
    for priority, _rank, index, name in sorted(candidates):
        if name in result.fields:
            kept = headers[result.fields[name]]
            result.notes.append(
                _("column {column!r} ignored: {kept!r} already gives the {field}.").format(
                    column=headers[index], kept=kept, field=name
                )
            )
            continue
        result.fields[name] = index
        result.chosen.append((headers[index], name, how[priority]))
    order = {header: position for position, header in enumerate(headers)}
    result.chosen.sort(key=lambda chosen: order[chosen[0]])
    return result


def _ambiguous(header: str, first: str, second: str) -> str:
    """Why a column whose header could mean two fields is refused, with the ``--map`` to write."""
    return _(
        'Column {column!r} could mean {first} or {second}: say which with --map "{column}={first}" '
        '(or --map "{column}=-" to ignore it).'
    ).format(column=header, first=first, second=second)


def _find_header(headers: Sequence[str], source: str) -> int | None:
    for index, header in enumerate(headers):
        if header == source:
            return index
    wanted = squash(source)
    for index, header in enumerate(headers):
        if squash(header) == wanted:
            return index
    return None
