"""The bounds of the template sandbox: which files a template may be, and how long and how
large its rendering may grow.

Jinja's sandbox keeps a template away from Python's internals, but not from running forever
(nested loops) or filling the memory (``'a' * 10**10``), and Jinja's file loader follows links
anywhere (a link to ``/etc/passwd`` among your templates would be printed). So:

- a template, or a file it includes, must be a regular file inside its templates folder, once
  links are followed (a link to another file of the folder is fine; one leading outside is
  refused, as is a folder, a FIFO or a device);
- a rendering runs in a forked process of its own, stopped after :data:`TIME_LIMIT` seconds,
  with at most :data:`MEMORY_LIMIT` bytes more memory than this process has, and an output of at
  most :data:`OUTPUT_LIMIT` characters; the message names the template, and the line where it
  was stopped when there is one. Where processes cannot fork, it runs here with the output
  bound only.
"""

from __future__ import annotations

import contextlib
import functools
import os
import select
import signal
import stat
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from helpdesk.i18n import _

if TYPE_CHECKING:
    from jinja2 import BaseLoader
    from jinja2.sandbox import SandboxedEnvironment

#: Seconds a rendering may take.
TIME_LIMIT = 10.0

#: Characters a rendering may write.
OUTPUT_LIMIT = 4 << 20

#: Bytes of memory a rendering may take beyond what this process holds when it starts.
MEMORY_LIMIT = 512 << 20

#: Seconds granted after :data:`TIME_LIMIT` for the rendering to say where it was stopped,
#: before its process is killed (a single long step, such as a huge power, cannot be stopped).
_GRACE = 3.0


class TemplateLimit(Exception):
    """A rendering passed one of the sandbox's bounds, or a file is not one a template may be;
    the text says which, for the user."""


def file_problem(folder: Path, path: Path) -> str | None:
    """Why ``path`` may not be a template of ``folder``, or None when it may: it must be a
    regular file inside the folder once links are followed."""
    real_folder = os.path.realpath(folder)
    real = os.path.realpath(path)
    if os.path.commonpath([real_folder, real]) != real_folder:
        return _(
            "{file} leads outside the templates folder {folder} (to {real}); a "
            "template must be a file inside its folder."
        ).format(file=path.name, folder=folder, real=real)
    try:
        st = os.stat(real)
    except OSError as error:
        return _("{file} cannot be read: {error}.").format(
            file=path.name, error=error.strerror or error
        )
    if not stat.S_ISREG(st.st_mode):
        return _("{file} is not a regular file; a template must be one.").format(file=path.name)
    return None


def folder_loader(folders: Sequence[Path]) -> BaseLoader:
    """A Jinja loader over ``folders`` (first match wins) that loads only the files
    :func:`file_problem` accepts, as UTF-8 text."""
    from jinja2 import BaseLoader, TemplateNotFound
    from jinja2.loaders import split_template_path

    class FolderLoader(BaseLoader):
        """Jinja's file system loader, refusing links that lead outside and odd files."""

        def get_source(
            self, environment: Any, template: str
        ) -> tuple[str, str, Callable[[], bool]]:
            pieces = split_template_path(template)  # refuses ``..``
            for folder in folders:
                path = folder.joinpath(*pieces)
                if not os.path.lexists(path):
                    continue
                problem = file_problem(folder, path)
                if problem is not None:
                    raise TemplateLimit(problem)
                with open(os.path.realpath(path), "rb") as file:
                    source = file.read().decode("utf-8")
                mtime = os.path.getmtime(path)
                return source, str(path), functools.partial(_unchanged, path, mtime)
            raise TemplateNotFound(template)

    return FolderLoader()


#: Operators whose result may be far larger than the template's text (``'a' * 10**10``,
#: ``'%0999999999d' % 1``, ``10**10**10``): worked out only when rendering, in its own process.
RENDER_TIME_OPERATORS = frozenset({"*", "**", "%"})


def work_out_at_render_time(env: SandboxedEnvironment) -> None:
    """Keep Jinja from working out expressions while it compiles a template.

    Jinja computes constant expressions (``'a' * 10**10``, ``'a'|center(10**10)``) when it
    compiles, which happens in this process, before the bounds of :func:`render_bounded` hold.
    Operators that can grow a result are left to :meth:`call_binop` at render time, and every
    filter is marked as needing the rendering's context, which Jinja cannot fold.
    """
    from jinja2 import pass_context

    env.intercepted_binops = RENDER_TIME_OPERATORS
    for name, func in list(env.filters.items()):
        passed = getattr(getattr(func, "jinja_pass_arg", None), "name", None)
        if passed == "context":
            continue

        @pass_context
        def at_render_time(
            ctx: Any, *args: Any, _func: Any = func, _passed: Any = passed, **kwargs: Any
        ) -> Any:
            if _passed == "environment":
                return _func(ctx.environment, *args, **kwargs)
            if _passed == "eval_context":
                return _func(ctx.eval_ctx, *args, **kwargs)
            return _func(*args, **kwargs)

        env.filters[name] = at_render_time


def _unchanged(path: Path, mtime: float) -> bool:
    try:
        return os.path.getmtime(path) == mtime
    except OSError:
        return False


def render_bounded(
    chunks: Callable[[], Iterable[str]], describe: Callable[[BaseException], str]
) -> str:
    """The text ``chunks()`` yields, worked out within the sandbox's bounds.

    Args:
        chunks: Renders the template, a piece at a time (Jinja's ``generate``).
        describe: The user's message for a failure of the rendering (naming file and line).

    Raises:
        TemplateLimit: with ``describe``'s message for any failure, or the bound passed.
    """
    if not hasattr(os, "fork"):
        return _bounded_here(chunks, describe)
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return _bounded_here(chunks, describe)
    if pid == 0:  # the rendering's own process: its answer written down, then gone
        os.close(read_end)
        code = 1
        try:
            _write_all(write_end, _render_in_child(chunks, describe))
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    try:
        answer = _read_answer(read_end, pid)
    finally:
        os.close(read_end)
    if answer[:1] == b"T":
        return answer[1:].decode("utf-8", "surrogatepass")
    if answer[:1] == b"E":
        raise TemplateLimit(answer[1:].decode("utf-8", "replace"))
    stopped = TemplateLimit(
        _(
            "stopped: it ran longer than {seconds:g} seconds, or out of the memory a "
            "template may use."
        ).format(seconds=TIME_LIMIT)
    )
    raise TemplateLimit(describe(stopped))


class _TimeUp(TemplateLimit):
    """Raised in the rendering's process when its time is up."""


def _render_in_child(
    chunks: Callable[[], Iterable[str]], describe: Callable[[BaseException], str]
) -> bytes:
    # A signal here must not wake the parent's event loop (the terminal UI's) through the
    # wake-up descriptor both share, nor run the parent's handlers.
    with contextlib.suppress(ValueError):
        signal.set_wakeup_fd(-1)
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGWINCH):
        signal.signal(signum, signal.SIG_DFL)
    _limit_memory()

    def time_up(_signum: int, _frame: object) -> None:
        raise _TimeUp(
            _(
                "stopped after {seconds:g} seconds: a template must finish sooner (a "
                "loop that runs too long?)."
            ).format(seconds=TIME_LIMIT)
        )

    signal.signal(signal.SIGALRM, time_up)
    signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT)
    try:
        text = _gathered(chunks)
    except BaseException as failure:
        return b"E" + describe(failure).encode("utf-8", "replace")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return b"T" + text.encode("utf-8", "surrogatepass")


def _gathered(chunks: Callable[[], Iterable[str]]) -> str:
    pieces, size = [], 0
    for piece in chunks():
        size += len(piece)
        if size > OUTPUT_LIMIT:
            raise TemplateLimit(
                _(
                    "stopped: its output passed {megabytes} MB, more than a template may write."
                ).format(megabytes=OUTPUT_LIMIT >> 20)
            )
        pieces.append(piece)
    return "".join(pieces)


def _bounded_here(
    chunks: Callable[[], Iterable[str]], describe: Callable[[BaseException], str]
) -> str:
    try:
        return _gathered(chunks)
    except Exception as failure:
        raise TemplateLimit(describe(failure)) from None


def _limit_memory() -> None:
    try:
        import resource

        with open("/proc/self/statm", "rb") as statm:
            held = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        wanted = held + MEMORY_LIMIT
        if hard != resource.RLIM_INFINITY:
            wanted = min(wanted, hard)
        if soft == resource.RLIM_INFINITY or wanted < soft:
            resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    except (ImportError, OSError, ValueError):
        pass  # no such limit here: time and output still bound the rendering


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _read_answer(fd: int, pid: int) -> bytes:
    """What the rendering's process wrote, read as it writes; it is killed when it takes
    longer than its bound and the grace after it."""
    deadline = time.monotonic() + TIME_LIMIT + _GRACE
    pieces: list[bytes] = []
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                os.kill(pid, signal.SIGKILL)
                return b""
            # poll, not select: select refuses a descriptor numbered past 1023
            if not poller.poll(left * 1000):
                continue
            piece = os.read(fd, 1 << 16)
            if not piece:
                return b"".join(pieces)
            pieces.append(piece)
    except BaseException:  # interrupted: the rendering is of no use now
        os.kill(pid, signal.SIGKILL)
        raise
    finally:
        os.waitpid(pid, 0)
