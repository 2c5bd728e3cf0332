"""Bounds on untrusted templates: a guarded Jinja sandbox, run in a child process under limits.

The Jinja sandbox stops a template from reaching Python internals, but not from exhausting the
machine: ``{{ 'x' * 200000000 }}``, two nested ``range(100000)`` loops or a macro that calls
itself all pass it. A user's template (``--templates DIR``) therefore renders

* in :class:`GuardedEnvironment`, an ``ImmutableSandboxedEnvironment`` that refuses to build a
  string or list longer than :attr:`Limits.max_chars` with ``*`` or ``+``, refuses huge powers,
  checks the clock inside every ``range`` and caps the rendered markup's size and element
  nesting (:func:`check_depth`); and
* in a forked child process (:func:`run_bounded`) whose address space (``RLIMIT_AS``) and CPU time
  (``RLIMIT_CPU``) are capped, which may write no file (``RLIMIT_FSIZE``) and start no process
  (``RLIMIT_NPROC``), and which the parent kills when the wall-clock time runs out.

Either bound ends in one :class:`~generator.errors.TemplateError` naming the template. The
built-in templates are trusted: they render in-process in a plain sandbox, at full speed.

Where ``fork`` does not exist (Windows), the guards alone apply: they stop the cases above but not
every hostile loop. Limits are module-level (:data:`DEFAULT_LIMITS`) so that they are documented
in one place.
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import signal
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from xml.parsers import expat

from jinja2.sandbox import MAX_RANGE, ImmutableSandboxedEnvironment, SecurityError
from pydantic import BaseModel

from generator.errors import GeneratorError, TemplateError

__all__ = [
    "DEFAULT_LIMITS",
    "GuardedEnvironment",
    "Limits",
    "can_fork",
    "check_depth",
    "run_bounded",
]


@dataclass(frozen=True, slots=True)
class Limits:
    """How much one render of a user's template may take."""

    seconds: float = 5.0
    """Seconds for the render by the guards' clock (``RLIMIT_CPU`` stops the child one second
    later as a backstop); the parent waits twice this long in wall-clock time before it kills
    the child."""
    memory_bytes: int = 256 * 1024 * 1024
    """Address space the child may add to what it inherited (``RLIMIT_AS``)."""
    max_chars: int = 1_000_000
    """Longest string or list a template may build with ``*`` or ``+``; also the longest
    rendered markup (a built-in document renders about 20,000 characters)."""
    max_template_bytes: int = 256 * 1024
    """Largest template file read."""
    max_depth: int = 64
    """Deepest nesting of elements in the rendered markup (a built-in document nests four)."""


DEFAULT_LIMITS = Limits()
"""The limits every user template renders under."""

_MAX_POWER_BITS = 4096


class _LimitExceeded(GeneratorError):
    """A guard stopped the render; the message says which bound."""


def can_fork() -> bool:
    """Return whether user templates can render in a bounded child process on this system."""
    return hasattr(os, "fork") and sys.platform != "emscripten"


class GuardedEnvironment(ImmutableSandboxedEnvironment):
    """An immutable sandbox that also bounds sizes and time (see the module's docstring).

    Call :meth:`start_clock` before each render; :meth:`render_bounded` does.
    """

    intercepted_binops = frozenset({"*", "+", "**"})

    def __init__(self, *args: Any, limits: Limits = DEFAULT_LIMITS, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limits = limits
        self.deadline = float("inf")
        self.globals["range"] = self._range
        self.globals.pop("lipsum", None)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Refuse, besides what Jinja's sandbox refuses, pydantic's own API on the term sheet's
        models (``sheet.model_copy``, ``model_validate_json`` ...): a template reads the fields
        and the properties this tool defines, not the machinery that builds them."""
        if isinstance(obj, BaseModel):
            own = attr in type(obj).model_fields or not hasattr(BaseModel, attr)
            if not own:
                return False
        return super().is_safe_attribute(obj, attr, value)

    def start_clock(self) -> None:
        """Start the render's time bound now."""
        self.deadline = time.monotonic() + self.limits.seconds

    def check_clock(self) -> None:
        """Raise when the render has run past its time bound."""
        if time.monotonic() > self.deadline:
            raise _LimitExceeded(
                f"the template ran for more than {self.limits.seconds:g} seconds; "
                "look for loops that never end or run too often"
            )

    def call_binop(self, context: Any, operator_: str, left: Any, right: Any) -> Any:
        """Return ``left <operator> right``, refusing results beyond the size limits."""
        if operator_ == "*":
            self._check_repeat(left, right)
            self._check_repeat(right, left)
        elif operator_ == "+":
            if _sized(left) and _sized(right):
                self._check_size(len(left) + len(right))
        elif (
            operator_ == "**"
            and isinstance(left, int)
            and isinstance(right, int)
            and right > 0
            and max(abs(left), 2).bit_length() * right > _MAX_POWER_BITS
        ):
            raise _LimitExceeded(
                f"the template raises {left} to the power {right}, a number too large to print"
            )
        return super().call_binop(context, operator_, left, right)

    def render_bounded(self, template_name: str, context: dict[str, Any]) -> str:
        """Return template `template_name` rendered with `context`, within the size bound."""
        self.start_clock()
        template = self.get_template(template_name)
        chunks: list[str] = []
        size = 0
        for chunk in template.generate(context):
            size += len(chunk)
            self._check_size(size, what="the rendered markup")
            self.check_clock()
            chunks.append(chunk)
        return "".join(chunks)

    def _check_repeat(self, seq: Any, times: Any) -> None:
        if _sized(seq) and isinstance(times, int) and not isinstance(times, bool):
            self._check_size(len(seq) * max(times, 0))

    def _check_size(self, n: int, what: str = "a string or list") -> None:
        if n > self.limits.max_chars:
            raise _LimitExceeded(
                f"{what} would be {n:,} characters or items long; at most "
                f"{self.limits.max_chars:,} are allowed"
            )

    def _range(self, *args: int) -> _BoundedRange:
        rng = range(*args)
        if len(rng) > MAX_RANGE:
            raise SecurityError(f"range() may give at most {MAX_RANGE:,} numbers")
        return _BoundedRange(rng, self)


def check_depth(markup: str, limit: int) -> None:
    """Raise when `markup` nests elements more than `limit` deep.

    The markup reader walks elements recursively; this bounds it before it runs. Markup that is
    not well-formed passes here: the reader reports it with its own message.
    """
    if "<!DOCTYPE" in markup or "<!ENTITY" in markup:
        return  # the reader refuses these outright
    parser = expat.ParserCreate()
    depth = 0

    def start(name: str, attrs: Any) -> None:
        nonlocal depth
        depth += 1
        if depth > limit:
            raise _LimitExceeded(
                f"the rendered markup nests elements more than {limit} deep (<{name}>)"
            )

    def end(name: str) -> None:
        nonlocal depth
        depth -= 1

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    with contextlib.suppress(expat.ExpatError):
        parser.Parse(markup, True)


def _sized(value: Any) -> bool:
    return isinstance(value, str | list | tuple | bytes)


class _BoundedRange:
    """A ``range`` that checks its environment's clock as it is iterated."""

    __slots__ = ("env", "rng")

    def __init__(self, rng: range, env: GuardedEnvironment) -> None:
        self.rng = rng
        self.env = env

    def __iter__(self) -> Iterator[int]:
        check = self.env.check_clock
        for n in self.rng:
            if not n & 0xFF:
                check()
            yield n

    def __len__(self) -> int:
        return len(self.rng)

    def __getitem__(self, index: Any) -> Any:
        return self.rng[index]

    def __contains__(self, value: object) -> bool:
        return value in self.rng

    def __reversed__(self) -> Iterator[int]:
        return reversed(self.rng)

    def __repr__(self) -> str:
        return repr(self.rng)


# -- the child process -------------------------------------------------------------------------

_OK, _ERROR = b"O", b"E"
_PLACED = re.compile(r"[^\n]*?\.j2(?::(?:\d+|\?))?: ")  # "folder/_piece.xml.j2:3: ..."


def run_bounded(render: Callable[[], str], where: str, limits: Limits = DEFAULT_LIMITS) -> str:
    """Return ``render()`` computed in a forked child process under `limits`.

    `where` names the template in messages. A :class:`GeneratorError` raised by `render` is
    raised here with its message; running out of time or memory, recursing too deeply or failing
    in any other way raises :class:`TemplateError` naming `where`. Where ``fork`` is missing,
    `render` runs in this process (its own guards still apply).
    """
    if not can_fork():
        return _outcome(_attempt(render, limits), where)
    read_end, write_end = os.pipe()
    with warnings.catch_warnings():
        # Python 3.12+ warns about forking a threaded process; the child only renders and exits.
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; coverage does not follow it
        code = 0
        try:
            os.close(read_end)
            _limit_child(limits)
            payload = _attempt(render, limits)
            with os.fdopen(write_end, "wb") as out:
                out.write(payload)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    payload, state = b"", "timeout"
    try:
        payload, state = _collect(read_end, limits)
    finally:
        os.close(read_end)
        # After end of file the child is exiting: give it a moment rather than kill it mid-way.
        status = _reap(pid, grace=2.0 if state == "eof" else 0.0)
    if state == "timeout":
        raise TemplateError(
            f"{where}: the template did not finish within {2 * limits.seconds:g} seconds and "
            "was stopped; look for loops that never end or run too often"
        )
    if state == "too_long":
        raise TemplateError(
            f"{where}: the rendered markup is longer than {limits.max_chars:,} characters"
        )
    # Only a child that exited cleanly wrote its whole answer; anything else was cut short.
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0 and payload[:1] in (_OK, _ERROR):
        return _outcome(payload, where)
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGXCPU:
        raise TemplateError(
            f"{where}: the template used more than {limits.seconds:g} seconds of processor "
            "time and was stopped; look for loops that never end or run too often"
        )
    raise TemplateError(
        f"{where}: the template could not be rendered within the limits "
        f"({limits.memory_bytes // 2**20} MiB of memory, {limits.seconds:g} seconds) and was "
        "stopped"
    )


def _attempt(render: Callable[[], str], limits: Limits) -> bytes:
    """Return the outcome of ``render()`` as bytes: a tag, then the markup or a message."""
    try:
        markup = render()
    except GeneratorError as exc:
        return _ERROR + _bytes(str(exc))
    except MemoryError:
        return _ERROR + _bytes(
            f"the template needed more than {limits.memory_bytes // 2**20} MiB of memory and "
            "was stopped"
        )
    except RecursionError:
        return _ERROR + _bytes(
            "the template calls itself too deeply (a macro or include that never stops)"
        )
    except Exception as exc:
        return _ERROR + _bytes(f"the template failed: {type(exc).__name__}: {exc}")
    if len(markup) > limits.max_chars:
        return _ERROR + _bytes(
            f"the rendered markup is {len(markup):,} characters long; a template may render at "
            f"most {limits.max_chars:,}"
        )
    return _OK + _bytes(markup)


def _outcome(payload: bytes, where: str) -> str:
    text = _text(payload[1:])
    if payload[:1] == _OK:
        return text
    if text.startswith(where) or _PLACED.match(text):
        raise TemplateError(text)  # it names its place already (maybe an included piece)
    raise TemplateError(f"{where}: {text}")


def _bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _text(data: bytes) -> str:
    return data.decode("utf-8", "surrogatepass")


def _limit_child(limits: Limits) -> None:  # pragma: no cover - runs in the child
    import resource

    def cap(kind: int, soft: int, hard: int | None = None) -> None:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(kind, (soft, soft if hard is None else hard))

    # A backstop one second past the guards' own clock, so that a loop the guards can see is
    # always stopped by them (with the clearer message), and one they cannot see (a long call
    # into C) still ends.
    cpu = max(1, int(limits.seconds + 0.999)) + 1
    cap(resource.RLIMIT_CPU, cpu, cpu + 1)
    cap(resource.RLIMIT_AS, _address_space() + limits.memory_bytes)
    cap(resource.RLIMIT_FSIZE, 0)
    cap(resource.RLIMIT_CORE, 0)
    if hasattr(resource, "RLIMIT_NPROC"):
        cap(resource.RLIMIT_NPROC, 0)
    # A file-size breach would kill the child with SIGXFSZ; make it an error instead.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def _address_space() -> int:  # pragma: no cover - runs in the child
    try:
        with open("/proc/self/statm", "rb") as statm:
            pages = int(statm.read().split()[0])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        import resource

        # ru_maxrss is KiB on Linux, bytes on macOS; either way a floor, padded generously.
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 + 2**30


def _collect(fd: int, limits: Limits) -> tuple[bytes, str]:
    """Return what the child wrote to `fd`, and how reading ended.

    The second item is ``"eof"`` (the child closed its end), ``"timeout"`` (the wall-clock bound
    ran out) or ``"too_long"`` (it wrote more than the markup size bound allows).
    """
    deadline = time.monotonic() + 2 * limits.seconds
    cap = 4 * limits.max_chars + 4096  # UTF-8 is at most four bytes a character
    parts: list[bytes] = []
    size = 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return b"".join(parts), "timeout"
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return b"".join(parts), "eof"
        size += len(chunk)
        if size > cap:
            return b"", "too_long"
        parts.append(chunk)


def _reap(pid: int, grace: float) -> int:
    """Return the exit status of child `pid`, killing it if it is still running after `grace`."""
    until = time.monotonic() + grace
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        if time.monotonic() >= until:
            break
        time.sleep(0.001)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    return os.waitpid(pid, 0)[1]
