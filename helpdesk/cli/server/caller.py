"""A served command acts as the process that asked for it, or is not served.

The server's worker runs a command for a client process; everything the kernel checks about a
process must then be the client's, not the server's, else a command could read a file through
a group the client no longer has, write past the client's ``ulimit -f``, or run at a higher
priority than the client may. The worker learns the client's facts from the kernel (the
socket's peer credentials, then ``/proc/PID``), never from what the client says, and takes
each one on:

- user and group ids, and supplementary groups: must be the server's, unless the worker may
  change them (it runs as root);
- every resource limit: lowered to the client's (a limit the client has higher than the
  server's can be raised only by root);
- nice level: raised to the client's (lowered only by root, or within ``RLIMIT_NICE``);
- CPU affinity and control group: taken on when the kernel lets the worker move;
- mount namespace and root folder: must be the server's (the client's paths mean the same).

When one cannot be taken on, the worker answers with the reason and runs nothing; the client
then runs the command itself (or, under ``HELPDESK_SERVER=require``, fails and says why).
Linux only: where ``/proc`` or the peer credentials are missing, no client is served.
"""

from __future__ import annotations

import os
import resource
import socket
import struct

#: The resource limits a worker takes from its client: every one the platform has.
LIMITS = tuple(
    getattr(resource, name)
    for name in (
        "RLIMIT_AS",
        "RLIMIT_CORE",
        "RLIMIT_CPU",
        "RLIMIT_DATA",
        "RLIMIT_FSIZE",
        "RLIMIT_LOCKS",
        "RLIMIT_MEMLOCK",
        "RLIMIT_MSGQUEUE",
        "RLIMIT_NICE",
        "RLIMIT_NOFILE",
        "RLIMIT_NPROC",
        "RLIMIT_RSS",
        "RLIMIT_RTPRIO",
        "RLIMIT_RTTIME",
        "RLIMIT_SIGPENDING",
        "RLIMIT_STACK",
    )
    if hasattr(resource, name)
)

_UCRED = struct.Struct("3i")  # pid, uid, gid


class NotTheCaller(Exception):
    """The worker cannot act as its client; the text, for the user, says why."""


def act_as_caller(connection: socket.socket) -> int:
    """Take on the facts of the process at the other end of ``connection`` (see the module
    doc); its pid.

    Raises:
        NotTheCaller: saying which fact could not be taken on.
    """
    if not hasattr(socket, "SO_PEERCRED") or not os.path.isdir("/proc/self"):
        raise NotTheCaller("cannot tell who asked on this system.")
    raw = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, _UCRED.size)
    pid, uid, _gid = _UCRED.unpack(raw)
    try:
        status = _status(pid)
        _same_place(pid)
        _take_ids(status, uid)
        _take_limits(pid)
        _take_priority(pid)
        _take_affinity(pid)
        _take_control_group(pid)
    except OSError as error:
        raise NotTheCaller(
            f"cannot read what it needs to act as this process ({error.strerror or error})."
        ) from None
    return int(pid)


def _status(pid: int) -> dict[str, list[int]]:
    """The ids in ``/proc/PID/status``: ``Uid`` and ``Gid`` (real, effective, saved, file
    system) and ``Groups``."""
    facts: dict[str, list[int]] = {}
    with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("Uid", "Gid", "Groups"):
                facts[key] = [int(n) for n in value.split()]
    if "Uid" not in facts or "Gid" not in facts:
        raise NotTheCaller("cannot read the ids of this process.")
    return facts


def _same_place(pid: int) -> None:
    for what, link in (("mount namespace", "ns/mnt"), ("root folder", "root")):
        if os.readlink(f"/proc/{pid}/{link}") != os.readlink(f"/proc/self/{link}"):
            raise NotTheCaller(f"runs in another {what} than this process.")


def _take_ids(status: dict[str, list[int]], uid: int) -> None:
    uids, gids = status["Uid"][:3], status["Gid"][:3]
    if uid != os.geteuid() or list(os.getresuid()) != uids:
        raise NotTheCaller("runs as another user than this process.")
    groups = sorted(set(status.get("Groups", [])))
    if list(os.getresgid()) != gids or sorted(set(os.getgroups())) != groups:
        try:
            os.setgroups(groups)
            os.setresgid(*gids)
        except OSError:
            raise NotTheCaller(
                "was started with other groups than this process has (after `newgrp`, `sg` "
                "or a change of your groups): `helpdesk server stop`, then start it again "
                "from here."
            ) from None


def _take_limits(pid: int) -> None:
    for limit in LIMITS:
        theirs = resource.prlimit(pid, limit)
        if resource.getrlimit(limit) == theirs:
            continue
        try:
            resource.setrlimit(limit, theirs)
        except (ValueError, OSError):
            raise NotTheCaller(
                "has lower resource limits than this process (see `ulimit -a`): "
                "`helpdesk server stop`, then start it again from here."
            ) from None


def _take_priority(pid: int) -> None:
    theirs = os.getpriority(os.PRIO_PROCESS, pid)
    if os.getpriority(os.PRIO_PROCESS, 0) == theirs:
        return
    try:
        os.setpriority(os.PRIO_PROCESS, 0, theirs)
    except OSError:
        raise NotTheCaller(
            "runs at a lower priority (a higher nice level) than this process: "
            "`helpdesk server stop`, then start it again from here."
        ) from None


def _take_affinity(pid: int) -> None:
    if not hasattr(os, "sched_getaffinity"):
        return
    theirs = os.sched_getaffinity(pid)
    if os.sched_getaffinity(0) == theirs:
        return
    try:
        os.sched_setaffinity(0, theirs)
    except OSError:
        raise NotTheCaller("may not run on the processors this process runs on.") from None


def _take_control_group(pid: int) -> None:
    theirs = _control_groups(pid)
    if theirs == _control_groups(os.getpid()):
        return
    # Only in the unified hierarchy alone can a process join another's group, its limits with it.
    unified = theirs[0][3:] if len(theirs) == 1 and theirs[0].startswith("0::") else None
    try:
        if unified is None:
            raise OSError("not the unified hierarchy")
        with open(f"/sys/fs/cgroup{unified}/cgroup.procs", "w", encoding="ascii") as procs:
            procs.write(str(os.getpid()))
    except OSError:
        raise NotTheCaller(
            "runs in another control group (its own memory and processor limits) than this "
            "process, and may not join it."
        ) from None


def _control_groups(pid: int) -> list[str]:
    """The lines of ``/proc/PID/cgroup``: the process's group in each hierarchy."""
    with open(f"/proc/{pid}/cgroup", encoding="utf-8", errors="replace") as groups:
        return sorted(groups.read().splitlines())
