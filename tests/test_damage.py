"""Damage to a desk's file is always refused, naming where it lies, and never read or written.

Two hundred desks are made in memory through the services, written as the store writes them,
then damaged twice each, apart: one byte flipped, one line deleted, both at random. Each time
the store must refuse the file, naming the table the damage lies in (or, where the damage
leaves it no JSON at all, saying so), and leave it as it was.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from helpdesk.dates import FrozenClock
from helpdesk.errors import StoreError
from helpdesk.services.companies import CompanyDraft
from helpdesk.services.factory import memory_desk
from helpdesk.services.tickets import TicketDraft
from helpdesk.store import layout, open_store

DESKS = 200

TOWNS = ["Como", "Lecco", "Milano", "Varese", "Cantù"]
WORDS = ["vendere", "online", "bando", "contributi", "sito", 'caffè "Nerò"', "e-commerce"]


def generated_desk(seed: int) -> bytes:
    """A small desk of random tickets, companies, notes and follow-ups, as the store lays it."""
    rng = random.Random(seed)
    desk = memory_desk(FrozenClock("2026-11-20 10:00"), actor="ms")
    desk.directory.add_adviser("ms", "Marta Sala", topics=["ecommerce"])
    for n in range(rng.randint(1, 6)):
        subject = " ".join(rng.choices(WORDS, k=rng.randint(1, 4)))
        company = CompanyDraft(f"Ditta {rng.randint(1, 4)}", town=rng.choice(TOWNS))
        logged = desk.tickets.log(
            TicketDraft(subject, description=f"richiesta {n}", company=company)
        )
        ref = logged.ticket.ref
        if rng.random() < 0.5:
            desk.tickets.add_note(ref, f"richiamato, nota {n}")
        if rng.random() < 0.4:
            desk.followups.add(ref, "+3d", "sentire di nuovo")
    return layout.dumps(desk.ctx.store.storage.read())


def tables_by_line(raw: bytes) -> list[str]:
    """The table each line of a laid-out file belongs to (the first line: ``_meta``)."""
    names, table = [], "_meta"
    for number, line in enumerate(raw.split(b"\n")):
        heading = re.fullmatch(rb'"(\w+)":\{', line)
        if number and heading:
            table = heading.group(1).decode()
        names.append(table)
    return names


def refusal(path: Path) -> str:
    """The message with which the store refuses the file at ``path`` (failing if it does not)."""
    before = path.read_bytes()
    with pytest.raises(StoreError) as refused:
        open_store(path, create=False).ticket_count()
    assert path.read_bytes() == before  # left as it was
    return refused.value.message


def named_table(message: str) -> str | None:
    if "first line (the _meta table" in message:
        return "_meta"
    found = re.search(r"the (\w+) table", message)
    return found.group(1) if found else None


@pytest.mark.parametrize("batch", range(4))
def test_a_flipped_byte_or_a_deleted_line_is_refused_with_its_table_named(
    tmp_path: Path, batch: int
) -> None:
    unreadable = named = 0
    for seed in range(batch * DESKS // 4, (batch + 1) * DESKS // 4):
        raw = generated_desk(seed)
        rng = random.Random(seed)
        owners = tables_by_line(raw)
        lines = raw.split(b"\n")
        path = tmp_path / f"desk-{seed}.json"

        # One byte flipped.
        at = rng.randrange(len(raw))
        flipped = raw[:at] + bytes([raw[at] ^ rng.randint(1, 255)]) + raw[at + 1 :]
        line = raw.count(b"\n", 0, at)
        path.write_bytes(flipped)
        message = refusal(path)
        if "is not valid JSON" in message:
            unreadable += 1
        else:
            table = named_table(message)
            assert table in owners, message
            record_line = re.match(rb'"\d+":', lines[line]) and raw[at] != ord("\n")
            if record_line:
                assert table == owners[line], (seed, at, message)
            named += 1

        # One line deleted.
        gone = rng.randrange(len(lines))
        path.write_bytes(b"\n".join(lines[:gone] + lines[gone + 1 :]))
        message = refusal(path)
        if "is not valid JSON" in message:
            unreadable += 1
        else:
            table = named_table(message)
            assert table in owners, message
            if re.match(rb'"\d+":', lines[gone]):
                assert table == owners[gone], (seed, gone, message)
            named += 1
    assert unreadable + named == 2 * DESKS // 4
    assert named > unreadable  # most damage leaves JSON that only the checksums catch
