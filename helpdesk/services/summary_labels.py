"""Labels of the summary's closed vocabularies, and how its months and delays read, in English
and Italian (topic labels come from the taxonomy)."""

from __future__ import annotations

from datetime import date

from helpdesk.dates import format_date

# Labels of the closed vocabularies, English and Italian (topic labels come from the taxonomy).
LABELS: dict[str, tuple[str, str]] = {
    # statuses
    "new": ("New", "Nuovo"),
    "triaged": ("Triaged", "Smistato"),
    "in_progress": ("In progress", "In lavorazione"),
    "waiting": ("Waiting", "In attesa"),
    "resolved": ("Resolved", "Risolto"),
    "closed": ("Closed", "Chiuso"),
    # channels
    "phone": ("Phone", "Telefono"),
    "email": ("Email", "Email"),
    "web": ("Web form", "Modulo web"),
    "walk_in": ("Walk-in", "Di persona"),
    "event": ("Event", "Evento"),
    # company kinds
    "artisan": ("Artisan", "Artigiano"),
    "retail": ("Retail", "Commercio"),
    "food_service": ("Food service", "Ristorazione"),
    "professional": ("Professional", "Libero professionista"),
    "sme": ("SME", "PMI"),
    "startup": ("Startup", "Startup"),
    "large": ("Large company", "Grande impresa"),
    "other": ("Other", "Altro"),
    # outcomes
    "advised": ("Advised", "Consulenza data"),
    "referred": ("Referred", "Indirizzato ad altri"),
    "grant_applied": ("Grant applied for", "Domanda di contributo"),
    "project_started": ("Project started", "Progetto avviato"),
    "trained": ("Trained", "Formazione"),
    "not_eligible": ("Not eligible", "Non ammissibile"),
    "no_response": ("No response", "Nessuna risposta"),
    "withdrawn": ("Withdrawn", "Ritirata"),
    "duplicate": ("Duplicate", "Duplicato"),
}

NONE_LABELS: dict[str, tuple[str, str]] = {
    "topic": ("No topic", "Nessun tema"),
    "kind": ("No company", "Nessuna impresa"),
    "province": ("Unknown", "Non indicata"),
    "adviser": ("Unassigned", "Non assegnato"),
}

MONTHS_IT = (
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
)


def label_of(key: str, language: str = "en") -> str:
    """The label of a status, channel, company kind or outcome value, in ``en`` or ``it``."""
    labels = LABELS.get(key)
    if labels is None:
        return key
    return labels[1] if language == "it" else labels[0]


def month_label(key: str, language: str = "en") -> str:
    """``2020-04`` → ``Apr 2020`` (``aprile 2020`` in Italian)."""
    year, month = (int(part) for part in key.split("-"))
    if language == "it":
        return f"{MONTHS_IT[month - 1]} {year}"
    return format_date(date(year, month, 1)).split(" ", 1)[1]


def describe_hours(hours: float | None, language: str = "en") -> str:
    """A delay for people: ``45m``, ``3h 20m``, ``2d 4h`` (``—`` when there is none).

    Minutes are rounded; from two days on, hours are. Italian uses ``g`` for days (giorni).
    """
    if hours is None:
        return "—"
    minutes = round(hours * 60)
    day = "g" if language == "it" else "d"
    if minutes < 60:
        return f"{minutes}m"
    if minutes < 48 * 60:
        h, m = divmod(minutes, 60)
        return f"{h}h {m}m" if m else f"{h}h"
    d, h = divmod(round(hours), 24)
    return f"{d}{day} {h}h" if h else f"{d}{day}"
