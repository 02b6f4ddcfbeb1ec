"""Tests of :mod:`helpdesk.memory`: what a process that ends with its command keeps."""

from __future__ import annotations

import weakref

import pytest

from helpdesk import memory


class _Built:
    """Something a command built, which a weak reference can watch."""


def test_only_a_process_that_ends_with_its_command_leaves_things_for_its_end(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(memory, "_KEPT_UNTIL_EXIT", [])
    monkeypatch.setattr(memory, "_SKIPS_FREEING_AT_EXIT", [False])
    built = _Built()
    watched = weakref.ref(built)
    memory.keep_until_exit(built)
    del built
    assert watched() is None  # the terminal UI, a test: freed as usual

    memory.skip_freeing_at_exit()
    built = _Built()
    watched = weakref.ref(built)
    memory.keep_until_exit(built)
    del built
    assert watched() is not None  # a served command's worker: kept for os._exit
