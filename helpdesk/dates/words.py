"""Words people use in dates, in Italian and English, read by :mod:`helpdesk.dates.parsing`.

Kept apart from the parser so that it stays about reading: weekdays, months, units of
offsets, relative days, period ends, numbers written as words (``tra tre giorni``, ``in two
weeks``) and the parts of the day with the time each one stands for. Keys are lower-case
and without accents, as the parser compares them.

The times a part of the day stands for are the desk's office hours: the morning is 09:00, the
afternoon 15:00 and the evening 18:00 (``stasera``, ``tonight``: before the desk closes).
"""

from __future__ import annotations

from datetime import time

WEEKDAYS = {
    "monday": 0,
    "mon": 0,
    "lunedi": 0,
    "lun": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "martedi": 1,
    "mar": 1,
    "wednesday": 2,
    "wed": 2,
    "mercoledi": 2,
    "mer": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "giovedi": 3,
    "gio": 3,
    "friday": 4,
    "fri": 4,
    "venerdi": 4,
    "ven": 4,
    "saturday": 5,
    "sat": 5,
    "sabato": 5,
    "sab": 5,
    "sunday": 6,
    "sun": 6,
    "domenica": 6,
    "dom": 6,
}

# "mar" is March here and Tuesday in WEEKDAYS: a month name always comes with a day number, so
# the two readings never compete for the same expression.
MONTHS = {
    "january": 1,
    "jan": 1,
    "gennaio": 1,
    "gen": 1,
    "february": 2,
    "feb": 2,
    "febbraio": 2,
    "march": 3,
    "mar": 3,
    "marzo": 3,
    "april": 4,
    "apr": 4,
    "aprile": 4,
    "may": 5,
    "maggio": 5,
    "mag": 5,
    "june": 6,
    "jun": 6,
    "giugno": 6,
    "giu": 6,
    "july": 7,
    "jul": 7,
    "luglio": 7,
    "lug": 7,
    "august": 8,
    "aug": 8,
    "agosto": 8,
    "ago": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "settembre": 9,
    "set": 9,
    "sett": 9,
    "october": 10,
    "oct": 10,
    "ottobre": 10,
    "ott": 10,
    "november": 11,
    "nov": 11,
    "novembre": 11,
    "december": 12,
    "dec": 12,
    "dicembre": 12,
    "dic": 12,
}

UNITS = {
    "d": "days",
    "day": "days",
    "days": "days",
    "g": "days",
    "gg": "days",
    "giorno": "days",
    "giorni": "days",
    "w": "weeks",
    "wk": "weeks",
    "wks": "weeks",
    "week": "weeks",
    "weeks": "weeks",
    "sett": "weeks",
    "settimana": "weeks",
    "settimane": "weeks",
    "m": "months",
    "mo": "months",
    "month": "months",
    "months": "months",
    "mese": "months",
    "mesi": "months",
    "y": "years",
    "yr": "years",
    "yrs": "years",
    "year": "years",
    "years": "years",
    "anno": "years",
    "anni": "years",
}

RELATIVE_DAYS = {
    "today": 0,
    "oggi": 0,
    "tomorrow": 1,
    "domani": 1,
    "yesterday": -1,
    "ieri": -1,
    "dopodomani": 2,
    "day after tomorrow": 2,
    "the day after tomorrow": 2,
    "altroieri": -2,
    "l'altroieri": -2,
    "day before yesterday": -2,
    "the day before yesterday": -2,
}

END_OF_WEEK = {"eow", "end of week", "end of the week", "fine settimana", "fine della settimana"}
END_OF_MONTH = {"eom", "end of month", "end of the month", "fine mese", "fine del mese"}
END_OF_YEAR = {"eoy", "end of year", "end of the year", "fine anno", "fine dell'anno"}

#: Numbers written as words, as they come in offsets (``tra tre giorni``, ``in two weeks``).
NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "un": 1,
    "uno": 1,
    "una": 1,
    "two": 2,
    "due": 2,
    "three": 3,
    "tre": 3,
    "four": 4,
    "quattro": 4,
    "five": 5,
    "cinque": 5,
    "six": 6,
    "sei": 6,
    "seven": 7,
    "sette": 7,
    "eight": 8,
    "otto": 8,
    "nine": 9,
    "nove": 9,
    "ten": 10,
    "dieci": 10,
    "eleven": 11,
    "undici": 11,
    "twelve": 12,
    "dodici": 12,
    "fifteen": 15,
    "quindici": 15,
    "twenty": 20,
    "venti": 20,
    "thirty": 30,
    "trenta": 30,
}

MORNING = time(9)
AFTERNOON = time(15)
EVENING = time(18)

#: A part of the day after a day (``lunedì mattina``, ``tomorrow afternoon``), and its time.
PARTS_OF_DAY = {
    "mattina": MORNING,
    "mattino": MORNING,
    "morning": MORNING,
    "pomeriggio": AFTERNOON,
    "afternoon": AFTERNOON,
    "sera": EVENING,
    "evening": EVENING,
    "night": EVENING,
}

#: Words that are today at a part of the day by themselves.
TODAY_AT = {
    "stamattina": MORNING,
    "stamani": MORNING,
    "this morning": MORNING,
    "oggi pomeriggio": AFTERNOON,
    "this afternoon": AFTERNOON,
    "stasera": EVENING,
    "questa sera": EVENING,
    "this evening": EVENING,
    "tonight": EVENING,
}
