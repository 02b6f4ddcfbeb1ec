"""Tests of writing a file whole or not at all (:mod:`helpdesk.files`), below the store."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from helpdesk import files

CHUNKS = [b"first line,\n", memoryview(b"--a slice of a larger buffer--")[2:-2], b"", b"\xff" * 5]
WHOLE = b"".join(CHUNKS)


def test_chunks_are_written_one_after_the_other(tmp_path: Path) -> None:
    target = tmp_path / "out.json"

    files.write_atomically(target, iter(CHUNKS))

    assert target.read_bytes() == WHOLE


def test_more_chunks_than_one_writev_takes_are_written_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "_IOV_MAX", 3)
    chunks = [f"{n},".encode() for n in range(100)]

    files.write_atomically(tmp_path / "out.json", chunks)

    assert (tmp_path / "out.json").read_bytes() == b"".join(chunks)


def test_a_short_writev_has_the_rest_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.writev

    def short(fd: int, buffers: list[Any]) -> int:
        return real(fd, [bytes(b"".join(buffers))[:7]])  # as a call past its limit would

    monkeypatch.setattr(files.os, "writev", short)

    files.write_atomically(tmp_path / "out.json", CHUNKS)

    assert (tmp_path / "out.json").read_bytes() == WHOLE


def test_without_writev_the_chunks_are_gathered_and_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delattr(files.os, "writev")

    files.write_atomically(tmp_path / "out.json", CHUNKS)

    assert (tmp_path / "out.json").read_bytes() == WHOLE


def test_chunks_made_as_they_are_written_are_written_as_they_come(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An export of a hundred thousand tickets is never held whole in memory to be written.
    made: list[int] = []
    made_at_writes: list[int] = []
    real = files._write_all

    def spy(fd: int, data: Any) -> int:
        made_at_writes.append(len(made))
        return real(fd, data)

    def export() -> Any:
        for n in range(3000):
            made.append(n)
            yield b"x" * 1000

    monkeypatch.setattr(files, "_write_all", spy)
    files.write_atomically(tmp_path / "out.json", export())

    assert (tmp_path / "out.json").stat().st_size == 3_000_000
    assert made_at_writes[0] < 1100  # the first megabyte went before the rest was made
