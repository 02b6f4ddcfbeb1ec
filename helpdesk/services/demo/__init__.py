"""Demo data: a realistic desk for trying helpdesk out, the same every time for a seed.

The desk is a Lombard innovation hub's free advisory desk. Its history runs from March 2020 to
mid-December 2021 (:data:`DEMO_START` to :data:`DEMO_NOW`): the COVID rush to e-commerce, smart
working and crisis support in spring 2020, then grants, Industry 4.0, export and cybersecurity.
Four advisers, about ``size // 2`` companies (so that many come back with several tickets), and
``size`` tickets, each driven through the services (log, triage, status, notes, close, link,
follow-ups) with a frozen clock set to the moment of each event, so that history, ``updated`` and
``closed_at`` look as they would on a real desk. The hub's webinars of the period are there too:
a weekly series on Tuesdays in spring 2020, a monthly one on the first Thursday, single sessions
and in-person workshops, with businesses enrolled, waitlisted, cancelled, and marked attended or
no-show once each session is over.

Then the present: the day the demo is looked at, ``today``. Around it the desk keeps in touch —
follow-ups overdue, due today, this week and later, on open tickets and on businesses helped
long ago — has webinars coming up in the next weeks with registrations, and a few requests that
arrived in the last days wait in the triage inbox. The history does not depend on ``today``: two
demos built on different days (after the history) differ only around their day.

Everything random comes from one ``random.Random(seed)`` for the history and another, seeded
from it, for the present; nothing reads the real clock (the CLI passes the real today in), so the
same size, seed and today give byte-identical data.

Speed: everything runs in one outer transaction on a memory store, so the data is serialised once
however many tickets are played, with the cyclic garbage collector paused. Webinar sign-ups
of the same day are enrolled together, as the coordinator does once a day.

The package, one idea a module: :mod:`.corpus` reads the words from ``data/``; :mod:`.model` holds
what a plan is made of; :mod:`.requests` and :mod:`.planner` decide companies, tickets, follow-ups
and sessions; :mod:`.sessions` plans the webinars; :mod:`.present` the follow-ups around today;
:mod:`.plan` puts the plan together; :mod:`.player` plays it through the services; :mod:`.build`
builds and writes the desk, and is where further parts of a demo desk are added.
"""

from helpdesk.services.demo.build import build_demo, write_demo
from helpdesk.services.demo.corpus import DEMO_NOW, DEMO_START

__all__ = ["DEMO_NOW", "DEMO_START", "build_demo", "write_demo"]
