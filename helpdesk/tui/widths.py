"""How wide the shared columns of the agenda and webinar lines are on a screen of a given width.

Both screens draw one line per entry with fixed columns (dates, numbers, status) and text
columns (company, subject, title). At 120 columns the text columns have their full width; on
a narrower screen they shrink, so the fixed columns, the ones an adviser acts on, stay on
screen down to 80 columns.
"""

from __future__ import annotations

#: Cells of an agenda line that are not company, subject or note: margins, the due date, the
#: reference, the gaps and the adviser.
AGENDA_FIXED = 2 + 18 + 7 + 2 + 2 + 2 + 4

#: Cells of a webinar line before and after its title that must stay: number, date and time,
#: seats and status ("scheduled", "awaiting attendance"…) with their gaps.
WEBINAR_FIXED = 5 + 31 + 1 + 7 + 2 + 20


def agenda_widths(width: int) -> tuple[int, int]:
    """The company's and the subject's width on an agenda ``width`` cells wide.

    At 120 columns and more they get 24 and 36; narrower, they shrink (the subject keeps the
    larger share) and leave at least 10 cells for the note.
    """
    room = max(width - 4 - AGENDA_FIXED - 10, 20)
    company = max(min(24, room * 2 // 5), 8)
    subject = max(min(36, room - company), 12)
    return company, subject


def webinar_title_width(width: int) -> int:
    """The title's width on a webinar list ``width`` cells wide: 44 at most, 16 at least."""
    return max(min(44, width - 4 - WEBINAR_FIXED), 16)
