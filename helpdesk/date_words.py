"""Words people use in dates, in Italian and English, read by :mod:`helpdesk.dates`.

Kept apart from the parser so that its tables stay short: numbers written as words (``tra tre
giorni``, ``in two weeks``) and the parts of the day with the time each one stands for.

The times a part of the day stands for are the desk's office hours: the morning is 09:00, the
afternoon 15:00 and the evening 18:00 (``stasera``, ``tonight``: before the desk closes).
"""

from __future__ import annotations

from datetime import time

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
