"""The Jinja environment: sandboxed, strict and escaping, with the grammar as filters.

Every template, built-in or a firm's own (``--templates DIR``), renders in an
``ImmutableSandboxedEnvironment`` with ``StrictUndefined`` (a misspelt name is an error, never a
silent blank) and autoescaping (a term-sheet value can never become markup). Values are passed in
as data; nothing in a term sheet is ever rendered as a template.

Templates are read only from their folder: a name holding ``..``, a symlink that leads out of the
folder, anything but a regular file, or a file over the size limit is refused. A firm's own
templates are untrusted: they render through :mod:`generator.sandbox`, in a child process under
time and memory limits. The built-in templates are trusted and render in-process at full speed;
their compiled code is kept between runs in the user's own cache folder
(:mod:`generator.template_cache`), which a firm's templates never use.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import os
import re
import stat
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from generator import grammar
from generator.errors import TemplateError
from generator.markup import CLAUSE_ID
from generator.output import is_plain_name
from generator.resources import data_dir
from generator.sandbox import (
    DEFAULT_LIMITS,
    GuardedEnvironment,
    Limits,
    check_depth,
    run_bounded,
)

__all__ = [
    "TEMPLATE_SUFFIX",
    "FolderLoader",
    "Templates",
    "TrustedEnvironment",
]

TEMPLATE_SUFFIX = ".xml.j2"

#: Names that look meant as a document's template but do not end in :data:`TEMPLATE_SUFFIX`,
#: so are not rendered as one (``letter.xml.jinja``, ``Letter.XML.J2``): said, never passed
#: over. (``*.j2`` and other names are pieces templates include, as docs/templates.md says.)
_LOOKALIKE = re.compile(r"\.xml\.(?:j2|jinja2?)$", re.IGNORECASE)

_CLAUSE_ATTR = re.compile(r"""\bclause\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_OTHER_TEMPLATES = re.compile(r"\{%-?\s*(?:include|import|from|extends)\b")
_COMMENTS = (("{#", "#}"), ("<!--", "-->"))


def _without_comments(source: str, pairs: tuple[tuple[str, str], ...] = _COMMENTS) -> str:
    """Return `source` without its comments, each kind of `pairs` in turn (by default the
    Jinja comments, ``{# ... #}``, then the XML comments, ``<!-- ... -->``, of what is left):
    markup commented out is never written, so its clause ids are none of the template's.

    Each is one pass with :meth:`str.find` (a template may be hostile: no regular expression
    backtracks over openers without closers); a comment left open runs to the end.
    """
    for opener, closer in pairs:
        kept: list[str] = []
        at = 0
        while (start := source.find(opener, at)) >= 0:
            kept.append(source[at:start])
            end = source.find(closer, start + len(opener))
            at = len(source) if end < 0 else end + len(closer)
        kept.append(source[at:])
        source = "".join(kept)
    return source


def _written(source: str) -> str:
    """Return what of `source` a template can write: without its Jinja comments, the
    branches of ``{% if false %}`` (``{% else %}`` after ``{% if true %}`` ...) and then
    its XML comments. (XML comments last: a Jinja tag inside one still runs.)"""
    source = _without_comments(source, _COMMENTS[:1])
    return _without_comments(_without_dead_branches(source), _COMMENTS[1:])


#: The tests of an ``{% if %}`` that are constants: what never runs, or always does.
_NEVER = frozenset({"false", "none", "0"})
_ALWAYS = frozenset({"true", "1"})


def _without_dead_branches(source: str) -> str:
    """Return `source` without the branches of ``{% if %}`` tags whose test is a constant
    that rules them out: the body of ``{% if false %}`` (``0``, ``none``), the ``elif`` and
    ``else`` branches after ``{% if true %}``; the tags that open those branches go too, their
    ``{% endif %}`` stays (the result is only searched for clause ids, never rendered).

    One pass over the tags with :meth:`str.find`; a template with ``{% raw %}`` (whose tags
    are text) is returned as it is.
    """
    if re.search(r"\{%[-+]?\s*raw\b", source):
        return source
    kept: list[str] = []
    # Per open block: "for", or for an "if" [live, a branch taken for sure]; and how many of
    # the open branches never run (what is between the tags is kept when none).
    stack: list[list[bool] | str] = []
    dead = 0
    at = 0
    while (start := source.find("{%", at)) >= 0:
        if not dead:
            kept.append(source[at:start])
        end = source.find("%}", start + 2)
        if end < 0:  # a tag left open: the rest as it is (rendering would have failed)
            at = start
            break
        words = source[start + 2 : end].strip("-+ \t\r\n").split(None, 1)
        keyword = words[0] if words else ""
        test = words[1].strip().lower() if len(words) > 1 else ""
        frame = stack[-1] if stack else None
        if keyword == "if":
            stack.append([test not in _NEVER, test in _ALWAYS])
            dead += not stack[-1][0]
        elif keyword == "for":
            stack.append("for")
        elif keyword in ("elif", "else") and isinstance(frame, list):
            was, taken = frame
            frame[0] = not taken and (keyword == "else" or test not in _NEVER)
            frame[1] = taken or keyword == "else" or test in _ALWAYS
            dead += int(was) - int(frame[0])
        elif keyword in ("endif", "endfor") and stack:
            closed = stack.pop()
            dead -= isinstance(closed, list) and not closed[0]
        at = end + 2
        if not dead:  # a tag of a branch that runs ({% include %} among them)
            kept.append(source[start:at])
    kept.append("" if dead else source[at:])
    return "".join(kept)


def _defined(function: Callable[..., Any]) -> Callable[..., Any]:
    """Return filter `function`, given an undefined name, failing as Jinja does for one
    ("'effective_date' is undefined"), not with the filter's complaint about its argument."""

    @functools.wraps(function)
    def filter_(*args: Any, **kwargs: Any) -> Any:
        for arg in (*args, *kwargs.values()):
            if isinstance(arg, jinja2.Undefined):
                arg._fail_with_undefined_error()
        return function(*args, **kwargs)

    return filter_


_FILTERS: dict[str, Callable[..., Any]] = {
    name: _defined(function)
    for name, function in {
        "article": grammar.article,
        "day_of": grammar.day_of,
        "money": grammar.money,
        "quantity": grammar.quantity,
        "number_words": grammar.number_words,
        "ordinal": grammar.ordinal,
        "join_words": grammar.join_words,
        "join_phrases": grammar.join_phrases,
        "capfirst": grammar.capfirst,
    }.items()
}


_OBJECT = re.compile(r"'(?:\w+\.)+(\w+) object'")  # "'generator.termsheet.Company object'"
_UNDEFINED_NAME = re.compile(r"'(\w+)' is undefined")
_NO_ATTRIBUTE = re.compile(r"an? (\w+) has no attribute '(\w+)'")


def _attributes(context: dict[str, Any]) -> dict[str, list[str]]:
    """Return the public attributes of every kind of object `context` reaches, by class name
    (the term sheet's models through their fields, parties through their groups)."""
    found: dict[str, list[str]] = {}
    todo = list(context.values())
    while todo:
        value = todo.pop()
        if isinstance(value, list | tuple):
            todo.extend(value)
            continue
        kind = type(value)
        if kind.__module__.split(".")[0] != "generator" or kind.__name__ in found:
            continue
        found[kind.__name__] = [name for name in dir(kind) if not name.startswith("_")]
        fields = getattr(kind, "model_fields", None) or getattr(kind, "__dataclass_fields__", {})
        found[kind.__name__] += [name for name in fields if name not in found[kind.__name__]]
        todo.extend(getattr(value, name, None) for name in fields)
    return found


def _undefined(message: str, context: dict[str, Any]) -> str:
    """Return Jinja's message for an undefined name or attribute in the template author's
    terms: the kind of object without its module, and the name meant when one is close."""
    message = _OBJECT.sub(r"a \1", message)
    attribute = _NO_ATTRIBUTE.fullmatch(message)
    if attribute is not None:
        known = _attributes(context).get(attribute.group(1), [])
        close = difflib.get_close_matches(attribute.group(2), known, n=1)
        return f"{message}; did you mean {close[0]}?" if close else message
    found = _UNDEFINED_NAME.fullmatch(message)
    if found is None:
        return message
    missing = found.group(1)
    sheet = context.get("sheet")
    if sheet is not None and missing in type(sheet).model_fields:
        return f"{message}; the term sheet's {missing} is sheet.{missing}"
    close = difflib.get_close_matches(missing, list(context), n=1)
    return f"{message}; did you mean {close[0]}?" if close else message


def printable(value: Any) -> Any:
    """Return `value`, which a template prints, if it reads as words; raise otherwise.

    Text and numbers print; so does an undefined name (Jinja then says it is undefined).
    ``None`` (a value the term sheet leaves out), ``True``/``False``, a date (which reads as
    ``2006-10-31``) and objects (a party, the term sheet) never belong in an agreement: the
    template meant a field, a filter or a test.
    """
    if isinstance(value, (str, jinja2.Undefined)):
        return value
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return value
    if value is None:
        hint = "a value the term sheet leaves out; test it first ({% if x %}...{% endif %})"
        raise TypeError(f"the template prints None: {hint}")
    if isinstance(value, dt.date):
        raise TypeError(f"the template prints the date {value} as is; write it with |day_of")
    kind = type(value).__name__
    raise TypeError(f"the template prints a {kind} object, not words; print one of its fields")


class FolderLoader(jinja2.BaseLoader):
    """Load templates from one folder and nowhere else.

    A name is split on ``/`` (``..`` is refused by Jinja's own check); the file it names must
    resolve, through any symlinks, to a regular file inside the folder, of at most `max_bytes`.
    """

    def __init__(self, folder: Path, max_bytes: int) -> None:
        self.folder = folder
        self.root = folder.resolve()
        self.max_bytes = max_bytes

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        """Return the source of `template`, its path and an always-fresh check."""
        pieces = jinja2.loaders.split_template_path(template)  # raises on ".."
        candidate = self.root.joinpath(*pieces)
        try:
            path = candidate.resolve(strict=True)
            info = path.stat()
        except (OSError, RuntimeError):
            raise jinja2.TemplateNotFound(template) from None
        if not path.is_relative_to(self.root):
            raise TemplateError(
                f"{self.folder / template}: a link to a file outside the template folder; "
                "templates are read from their own folder only (copy the file in)"
            )
        if not stat.S_ISREG(info.st_mode):
            raise TemplateError(f"{self.folder / template}: is not a regular file")
        if info.st_size > self.max_bytes:
            raise TemplateError(
                f"{self.folder / template}: the template is {info.st_size:,} bytes; at most "
                f"{self.max_bytes:,} are read"
            )
        try:
            with path.open("rb") as handle:
                raw = handle.read(self.max_bytes + 1)
        except OSError as exc:
            raise TemplateError(
                f"{self.folder / template}: cannot be read: {exc.strerror}"
            ) from None
        if len(raw) > self.max_bytes:
            raise TemplateError(f"{self.folder / template}: the template grew while being read")
        try:
            source = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            before = raw[raw.rfind(b"\n", 0, exc.start) + 1 : exc.start]
            column = len(before.decode("utf-8", "replace")) + 1  # in characters
            raise TemplateError(
                f"{self.folder / template}:{line}: the template is not UTF-8 text (byte "
                f"{raw[exc.start]:#04x}, column {column}): save it as UTF-8 (curly quotes "
                "pasted from Word and saved as Windows-1252 do this)"
            ) from None
        return source, str(path), lambda: True


class TrustedEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox of the built-in templates: the same rules, each decision remembered.

    The immutable sandbox decides whether an attribute is safe from the object's type and the
    attribute's name alone; asking it again for every ``{{ company.name }}`` was most of the
    time a built-in template took to render. The answer is kept per (type, name), for the
    built-in templates only: they and the context they see are this package's own. A firm's
    templates get :class:`~generator.sandbox.GuardedEnvironment`, which remembers nothing.
    """

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._safe: dict[tuple[type, str], bool] = {}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Return the sandbox's answer for `attr` of an object of `obj`'s type (see above)."""
        key = (type(obj), attr)
        safe = self._safe.get(key)
        if safe is None:
            safe = self._safe[key] = super().is_safe_attribute(obj, attr, value)
        return safe


class Templates:
    """The document templates of one folder (the built-in ones when `folder` is ``None``).

    The built-in templates render in this process; a folder's templates are untrusted and each
    render runs in a child process bounded by `limits`.
    """

    def __init__(self, folder: str | Path | None = None, *, limits: Limits | None = None) -> None:
        self.trusted = folder is None
        self.folder = Path(folder) if folder is not None else data_dir("templates")
        try:
            if not self.folder.is_dir():
                if self.folder.exists():
                    raise TemplateError(f"{self.folder}: a file, not a template folder")
                raise TemplateError(f"{self.folder}: no such template folder")
        except OSError as exc:  # a name too long for the system
            raise TemplateError(f"{self.folder}: {exc.strerror}") from None
        self.limits = limits or DEFAULT_LIMITS
        self._clause_ids: dict[str, frozenset[str]] = {}
        if self.trusted:
            self.env: jinja2.Environment = TrustedEnvironment(**self._options())
        else:
            self.env = GuardedEnvironment(limits=self.limits, **self._options())
        self.env.filters.update(_FILTERS)
        if self.trusted:
            # The built-in templates' compiled code is kept between runs (a tenth of the time
            # of `docgen render`), in a folder of this user's alone: see template_cache.
            # Never a firm's own templates: they are untrusted.
            from generator.template_cache import TemplateCache
            from generator.user_cache import cache_folder

            folder = cache_folder()
            if folder is not None:
                self.env.bytecode_cache = TemplateCache(folder, self.env)

    def _options(self) -> dict[str, Any]:
        return {
            "loader": FolderLoader(self.folder, self.limits.max_template_bytes),
            "undefined": jinja2.StrictUndefined,
            "finalize": printable,
            "autoescape": True,
            "trim_blocks": True,
            "lstrip_blocks": True,
            "keep_trailing_newline": True,
            "auto_reload": False,
        }

    def documents(self) -> tuple[str, ...]:
        """Return the document ids this folder has a template for, in name order.

        Dot-files are passed over (an editor's lock and backup files), as ``docgen batch``
        passes over term sheets named so, and so are names starting with ``_``: pieces other
        templates include (``_severability.xml.j2``). Raise :class:`TemplateError` for a
        template whose name cannot be a document's id (the id names the output files), and for
        a folder with no template at all: there would be nothing to render.
        """
        ids = []
        for path in self.folder.glob(f"*{TEMPLATE_SUFFIX}"):
            if path.name.startswith((".", "_")):
                continue
            document_id = path.name[: -len(TEMPLATE_SUFFIX)]
            if not is_plain_name(document_id):
                raise TemplateError(
                    f"{path}: a template's name is its document's id, which names the output "
                    f"files ({document_id}.txt ...): letters, digits, _, . and -, starting with a "
                    "letter or digit; rename it (a piece other templates include: start its "
                    "name with _)"
                )
            ids.append(document_id)
        if not ids:
            raise TemplateError(
                self._with_lookalikes(f"{self.folder}: holds no templates (*{TEMPLATE_SUFFIX})")
            )
        return tuple(sorted(ids))

    def lookalike_note(self) -> str | None:
        """Return the sentence that names the files :meth:`lookalikes` finds, ``None`` when
        there are none."""
        names = self.lookalikes()
        if not names:
            return None
        verb = "is" if len(names) == 1 else "are"
        return (
            f"{', '.join(names)} {verb} not rendered as a document: a document's template is "
            f"named <id>{TEMPLATE_SUFFIX}"
        )

    def _with_lookalikes(self, message: str) -> str:
        """Return `message`, an error about this folder, ending in :meth:`lookalike_note`."""
        note = self.lookalike_note()
        return f"{message}; {note}" if note else message

    def lookalikes(self) -> tuple[str, ...]:
        """Return the names of the files here that look meant as a document's template but are
        not rendered as one (``letter.xml.jinja``, ``Letter.XML.J2``): a document's template is
        named ``<id>.xml.j2``.

        Dot-files and pieces (``_...``) are passed over, as :meth:`documents` passes them.
        """
        try:
            names = [entry.name for entry in os.scandir(self.folder) if entry.is_file()]
        except OSError:
            return ()
        return tuple(
            sorted(
                name
                for name in names
                if _LOOKALIKE.search(name)
                and not name.endswith(TEMPLATE_SUFFIX)
                and not name.startswith((".", "_"))
            )
        )

    def clause_ids(self, document_id: str) -> frozenset[str]:
        """Return every clause id that `document_id`'s template writes, whatever the toggles.

        Read from the template's source (``clause="survival"``), comments left out; empty when
        an id is computed (``clause="{{ ... }}"``) or the template draws on others
        (``{% include %}``, ``{% extends %}`` ...), since the set is then unknown.
        """
        if document_id not in self._clause_ids:
            name = f"{document_id}{TEMPLATE_SUFFIX}"
            source = self.env.loader.get_source(self.env, name)[0]  # type: ignore[union-attr]
            source = _written(source)  # what is commented out, or never runs, is never written
            ids = [double or single for double, single in _CLAUSE_ATTR.findall(source)]
            computed = any(not CLAUSE_ID.fullmatch(i) for i in ids)
            elsewhere = _OTHER_TEMPLATES.search(source) is not None  # their ids are not here
            self._clause_ids[document_id] = frozenset() if computed or elsewhere else frozenset(ids)
        return self._clause_ids[document_id]

    def render(self, document_id: str, context: dict[str, Any]) -> str:
        """Return the markup of `document_id` rendered with `context`.

        Raise :class:`TemplateError` naming the template and line for any template problem, and
        for a user's template that runs out of time or memory.
        """
        name = f"{document_id}{TEMPLATE_SUFFIX}"
        if self.trusted:
            return self._render_here(name, context)
        if not (self.folder / name).exists():  # said here, not from the child process
            raise self._no_template(name)
        return run_bounded(
            lambda: self._render_here(name, context), str(self.folder / name), self.limits
        )

    def _no_template(self, name: str) -> TemplateError:
        try:
            known = ", ".join(self.documents())
        except TemplateError:  # a name that cannot be an id, or none: said when rendering all
            known = "none usable"
        return TemplateError(
            self._with_lookalikes(
                f"there is no template for document {name[: -len(TEMPLATE_SUFFIX)]!r} in "
                f"{self.folder} (documents: {known})"
            )
        )

    def _render_here(self, name: str, context: dict[str, Any]) -> str:
        try:
            if isinstance(self.env, GuardedEnvironment):
                markup = self.env.render_bounded(name, context)
                check_depth(markup, self.limits.max_depth)
                return markup
            return self.env.get_template(name).render(context)
        except jinja2.TemplateNotFound as exc:
            if exc.name != name:
                raise TemplateError(
                    f"{self._place(exc, name)}: includes {exc.name!r}, which is not a template "
                    f"in {self.folder}"
                ) from None
            raise self._no_template(name) from None
        except jinja2.TemplateSyntaxError as exc:
            where = exc.name or name
            raise TemplateError(
                f"{self.folder / where}:{exc.lineno}: template syntax error: {exc.message}"
            ) from exc
        except jinja2.UndefinedError as exc:
            message = _undefined(exc.message or str(exc), context)
            raise TemplateError(f"{self._place(exc, name)}: {message}") from exc
        except jinja2.TemplateError as exc:  # SecurityError and the rest
            raise TemplateError(f"{self._place(exc, name)}: {exc}") from exc
        except (TypeError, ValueError, ArithmeticError, LookupError, AttributeError) as exc:
            if self.trusted:  # the built-in templates: a bug of this tool, shown as one
                raise
            # A filter or an operation given what it cannot take: at the template's line.
            raise TemplateError(f"{self._place(exc, name)}: {_explained(exc)}") from exc

    def _place(self, exc: BaseException, name: str) -> str:
        """Return ``file:line`` of the template code that raised `exc`: the innermost template
        frame, so an error in an included piece or an imported macro is reported in that file,
        not at the line that includes it. ``<name>:?`` when no frame is a template's."""
        place = f"{self.folder / name}:?"
        root = str(self.folder.resolve())
        tb = exc.__traceback__
        while tb is not None:
            filename = tb.tb_frame.f_code.co_filename
            if filename.startswith(root + os.sep) and filename.endswith(".j2"):
                place = f"{self.folder / os.path.relpath(filename, root)}:{tb.tb_lineno}"
            tb = tb.tb_next
        return place


def _explained(exc: Exception) -> str:
    """Return what went wrong in a template's operation, in words, on one line: Python's own
    text for some is no help to a template's author ("[<class 'decimal.InvalidOperation'>]",
    "use sys.set_int_max_str_digits()")."""
    import decimal

    if isinstance(exc, decimal.DecimalException):
        return f"an operation on an amount or a number failed ({type(exc).__name__})"
    if isinstance(exc, OverflowError) or "int_max_str_digits" in str(exc):
        return "the template made a number too large to work with or print"
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
