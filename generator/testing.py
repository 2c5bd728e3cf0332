"""Assertions and fixtures for testing templates and term sheets in your own pytest suite.

    from generator import assemble
    from generator.testing import assert_clause, assert_no_clause, variant

    def test_no_survival_period_when_indefinite():
        seed = "variables/nhtc-2006.yaml"
        sheet = variant(seed, {"indemnification.survival_years": "indefinite"})
        doc = assemble("indemnification", sheet)
        assert_clause(doc, "survival", contains="indefinitely", excludes="(3) years")

The module is also a pytest plugin, ``generator.testing`` (the ``pytest11`` entry point): it
gives every test the fixture ``docgen_variant`` (the :func:`variant` function), and reports
docgen's own errors at the test's lines without the package's frames (``--fulltrace`` keeps
them).
"""

from __future__ import annotations

import copy
import difflib
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

import pytest

from generator.errors import GeneratorError, Problem, TermSheetError
from generator.model import Clause, Document
from generator.normalize import Folding, fold
from generator.termsheet import TermSheet, unknown_key, validate_term_sheet
from generator.yamlload import load_yaml

__all__ = [
    "assert_clause",
    "assert_clause_order",
    "assert_no_clause",
    "assert_romanettes_run",
    "assert_text",
    "docgen_variant",
    "section_number",
    "variant",
]

_SPACE = re.compile(r"\s+")


#: Curly and straight quotes (and dash variants) alike, so a phrase copied from the DOCX matches.
_QUOTES_ALIKE = Folding(furniture=False, letter_spacing=False)


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _key(text: str) -> str:
    """Return `text` as phrases are compared: whitespace and quote styles alike."""
    return _squash(fold(text, _QUOTES_ALIKE))


def _as_list(value: str | Iterable[str] | None, name: str) -> list[str]:
    if value is None:
        return []
    texts = [value] if isinstance(value, str) else list(value)
    if any(not _key(text) for text in texts):  # "" is in every text: a test that cannot fail
        raise ValueError(f"{name}: an empty text matches every clause; give words to look for")
    return texts


def assert_clause(
    doc: Document,
    clause_id: str,
    *,
    contains: str | Iterable[str] | None = None,
    excludes: str | Iterable[str] | None = None,
) -> str:
    """Assert that `doc` has clause `clause_id`, holding every text in `contains` and none in
    `excludes` (whole words; whitespace, and curly or straight quotes, alike); return the
    clause's text.

    ``None`` for `contains` or `excludes` checks presence only.
    """
    __tracebackhide__ = True
    text = _squash(_present(doc, clause_id).text)
    _check_words(f"{doc.id}: clause {clause_id!r}", text, contains, excludes)
    return text


def assert_text(
    doc: Document,
    *,
    contains: str | Iterable[str] | None = None,
    excludes: str | Iterable[str] | None = None,
) -> str:
    """Assert that the whole of `doc` holds every text in `contains` and none in `excludes`
    (whole words; whitespace, and curly or straight quotes, alike); return the document's text.

    For words that belong to no one clause: the title, a cross-reference anywhere, a word that
    must appear nowhere ("penultimate" once the release has no such paragraph).
    """
    __tracebackhide__ = True
    _document(doc)
    wanted, unwanted = _as_list(contains, "contains"), _as_list(excludes, "excludes")
    if not (wanted or unwanted):  # a test that cannot fail
        raise ValueError(
            "assert_text: give texts in contains= or excludes=; it checks nothing else"
        )
    text = _squash(doc.text)
    _check_words(doc.id, text, wanted, unwanted, shown_whole=False)
    return text


def assert_no_clause(doc: Document, clause_id: str) -> None:
    """Assert that `doc` has no clause `clause_id`, one its template can give.

    An id the template never writes (a typo) fails too: otherwise the test could never fail.
    """
    __tracebackhide__ = True
    _known(doc, clause_id)
    if doc.has_clause(clause_id):
        raise AssertionError(
            f"{doc.id}: clause {clause_id!r} is present but should not be; it reads:\n"
            f"{_squash(doc.clause(clause_id).text)}"
        )


def assert_clause_order(doc: Document, *clause_ids: str) -> None:
    """Assert that the clauses `clause_ids` are all present and appear in this order."""
    __tracebackhide__ = True
    _document(doc)
    if not clause_ids:
        raise ValueError("assert_clause_order: give the clause ids, in the order they must come")
    for clause_id in clause_ids:
        _known(doc, clause_id)
    order = doc.clauses
    missing = [c for c in clause_ids if c not in order]
    if missing:
        raise AssertionError(
            f"{doc.id}: clauses missing: {', '.join(missing)}; the clauses present are: "
            f"{', '.join(order)}"
        )
    positions = [order.index(c) for c in clause_ids]
    if positions != sorted(positions):
        raise AssertionError(
            f"{doc.id}: expected the order {', '.join(clause_ids)}; the document has "
            f"{', '.join(c for c in order if c in clause_ids)}"
        )


def assert_romanettes_run(doc: Document, clause_id: str | None = None) -> list[list[str]]:
    """Assert that the romanettes of `doc` (or of its clause `clause_id`) count up from (i),
    none missing or repeated, a new list starting again at (i), no list of one; return the
    lists found (none is an empty list: a clause whose conditions are all off but one has none).

    For the promise that a condition switched off renumbers the rest: ``(i) ... (iii)`` fails,
    and so does a lone ``(i)``, since one item takes no romanette (the filing's release has one,
    a slip its wording keeps). A letter that follows the one before it ("(h)" then "(i)", "(u)"
    then "(v)") is a letter, not a romanette.
    """
    __tracebackhide__ = True
    if clause_id is not None:
        text, what = _present(doc, clause_id).text, f"{doc.id}: clause {clause_id!r}"
    else:
        _document(doc)
        text, what = doc.text, doc.id
    lists: list[list[str]] = []
    starts: list[re.Match[str]] = []  # where each list's (i) is
    letter = ""
    for match in _ENUMERATOR.finditer(text):
        label = match.group(1)
        continues = len(label) == 1 and letter != "" and ord(label) == ord(letter) + 1
        if continues or label not in _ROMAN:  # a letter: (h) then (i) is no romanette
            letter = label if len(label) == 1 else ""
            continue
        value = _ROMAN[label]
        if value == 1:
            lists.append([])
            starts.append(match)
        elif not lists or _ROMAN[lists[-1][-1][1:-1]] != value - 1:
            found = ", ".join(lists[-1]) if lists else "nothing"
            raise AssertionError(
                f"{what}: the romanette ({label}) follows {found}; "
                f"{'(' + _NUMERALS[value - 2] + ')' if value > 1 else 'nothing'} is missing "
                f"before it, here:\n{_around(text, text, match.start(), len(match.group()))}"
            )
        lists[-1].append(f"({label})")
    for found, start in zip(lists, starts, strict=True):
        if len(found) == 1:
            raise AssertionError(
                f"{what}: a lone romanette (i), with no (ii) after it: one item takes none, "
                f"here:\n{_around(text, text, start.start(), len(start.group()))}"
            )
    return lists


_ENUMERATOR = re.compile(r"\(([a-z]{1,5})\)")
_NUMERALS = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii",
             "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx")  # fmt: skip
_ROMAN = {numeral: value for value, numeral in enumerate(_NUMERALS, 1)}


def section_number(doc: Document, clause_id: str) -> str:
    """Return the number of the section clause `clause_id` opens or sits in, without its full
    stop (``"5"``; ``"4"`` for a sentence of section 4), for a test that a cross-reference
    names the right section:
    ``assert_text(doc, contains=f"Section {section_number(doc, 'notices')}")``."""
    __tracebackhide__ = True
    _known(doc, clause_id)
    if not doc.has_clause(clause_id):
        raise AssertionError(f"{doc.id}: no clause {clause_id!r}, so no section number")
    for block in doc.clause(clause_id).blocks:
        number = getattr(block, "number", None)
        if number:
            return number.rstrip(".")
    raise AssertionError(f"{doc.id}: clause {clause_id!r} has no section number")


def _check_words(
    what: str,
    text: str,
    contains: str | Iterable[str] | None,
    excludes: str | Iterable[str] | None,
    *,
    shown_whole: bool = True,
) -> None:
    """Fail unless `text` (squashed) holds every text of `contains` and none of `excludes`.

    A text not found is shown beside the passage most like it, the words that differ marked
    (or, when none comes close, `text` itself if `shown_whole`); a text found, with the words
    around it.
    """
    __tracebackhide__ = True
    key = _key(text)
    for wanted in _as_list(contains, "contains"):
        if not _phrase(wanted).search(key):
            near = _nearest(text, _squash(wanted))
            if near:
                shown = f"the nearest passage reads:\n{near}"
            elif shown_whole:
                shown = f"it reads:\n{text}"
            else:
                shown = "no passage comes close"
            raise AssertionError(f"{what} does not contain {wanted!r}; {shown}")
    for unwanted in _as_list(excludes, "excludes"):
        found = _phrase(unwanted).search(key)
        if found:
            passage = _around(text, key, found.start(), found.end() - found.start())
            raise AssertionError(f"{what} contains {unwanted!r}, here:\n{passage}")


def _phrase(text: str) -> re.Pattern[str]:
    """Return the pattern that finds `text` as a key (see :func:`_key`), in whole words: "his"
    is not found in "This" nor "he" in "she", so a pronoun's test can fail. A text that starts
    or ends with a mark ("(3) years", "Party's") is bounded by its words alone."""
    key = _key(text)
    before = r"(?<!\w)" if key[:1].isalnum() or key[:1] == "_" else ""
    after = r"(?!\w)" if key[-1:].isalnum() or key[-1:] == "_" else ""
    return re.compile(before + re.escape(key) + after)


#: How much of the text a failure shows on each side of a passage.
_CONTEXT_CHARS = 80

#: How like the wanted words a passage must be (difflib's ratio) to be shown as the nearest.
_NEAREST_AT_LEAST = 0.5


def _nearest(text: str, wanted: str) -> str | None:
    """Return the passage of `text` (squashed) most like `wanted`, its differing words marked
    ``[found: ... | wanted: ...]``; ``None`` when no passage comes close.

    Words are compared as keys (quote styles and dashes alike) and shown as they are: a test
    writer looking for an em dash is shown one, not the hyphen it is compared as.
    """
    words, want = _key(text).split(" "), _key(wanted).split(" ")
    shown, shown_want = _as_shown(text, words), _as_shown(wanted, want)
    size = len(want)
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(want)  # difflib keeps what it learns of the second sequence
    best, best_ratio = 0, 0.0
    for start in range(max(1, len(words) - size + 1)):
        matcher.set_seq1(words[start : start + size])
        if matcher.real_quick_ratio() > best_ratio and matcher.quick_ratio() > best_ratio:
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = start, ratio
    if best_ratio < _NEAREST_AT_LEAST:
        return None
    # A few words of slack each side, then the passage from its first word that matches to
    # its last: the wanted words may be fewer or more than the found ones.
    lo, hi = max(0, best - _SLACK_WORDS), best + size + _SLACK_WORDS
    matcher.set_seq1(words[lo:hi])
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    lo, hi = lo + blocks[0].a, lo + blocks[-1].a + blocks[-1].size
    matcher.set_seq1(words[lo:hi])
    found = shown[lo:hi]
    marked: list[str] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            marked.extend(found[i1:i2])
            continue
        parts = [f"{label}: {' '.join(seq)}" for label, seq in
                 (("found", found[i1:i2]), ("wanted", shown_want[j1:j2])) if seq]  # fmt: skip
        marked.append(f"[{' | '.join(parts)}]")
    return _excerpt(" ".join(shown[:lo]), " ".join(marked), " ".join(shown[hi:]))


def _as_shown(text: str, keys: list[str]) -> list[str]:
    """Return the words of `text` (squashed) as written, one for each of its `keys`, or the
    keys themselves where folding changed the count (a word that was all soft hyphens)."""
    words = text.split(" ")
    return words if len(words) == len(keys) else keys


#: Words looked at beyond each side of the nearest passage, to align it with the wanted words.
_SLACK_WORDS = 3


def _around(text: str, key: str, at: int, length: int) -> str:
    """Return the words around ``key[at:at + length]``, the passage set off by ``>>> <<<``:
    from `text` (squashed), as written, when folding it into `key` kept every character."""
    shown = text if len(text) == len(key) else key
    end = at + length
    return _excerpt(shown[:at], f">>>{shown[at:end]}<<<", shown[end:], joiner="")


def _excerpt(before: str, passage: str, after: str, joiner: str = " ") -> str:
    """Return `passage` with up to :data:`_CONTEXT_CHARS` of the text on each side."""
    if len(before) > _CONTEXT_CHARS:
        before = "..." + before[-_CONTEXT_CHARS:]
    if len(after) > _CONTEXT_CHARS:
        after = after[:_CONTEXT_CHARS] + "..."
    return joiner.join(part for part in (before, passage, after) if part)


def _document(doc: Any) -> None:
    """Raise :exc:`TypeError` unless `doc` is a document (a term sheet is a likely mistake)."""
    __tracebackhide__ = True
    if not isinstance(doc, Document):
        raise TypeError(
            f"expected a Document, as assemble() returns, got {_got(doc)}"
            + ("; assemble(document_id, sheet) makes one" if isinstance(doc, TermSheet) else "")
        )


def _present(doc: Document, clause_id: str) -> Clause:
    """Return the clause `clause_id` of `doc`; fail when the template never writes it or the
    document does not have it."""
    __tracebackhide__ = True
    _known(doc, clause_id)
    if not doc.has_clause(clause_id):
        present = ", ".join(doc.clauses)
        raise AssertionError(
            f"{doc.id}: no clause {clause_id!r}; the clauses present are: {present}"
        )
    return doc.clause(clause_id)


def _known(doc: Document, clause_id: str) -> None:
    """Fail when `doc`'s template never writes `clause_id` (when its clauses are known)."""
    __tracebackhide__ = True
    _document(doc)
    if not isinstance(clause_id, str):
        spread = (
            " (for several, pass them one by one: *ids)"
            if isinstance(clause_id, list | tuple)
            else ""
        )
        raise TypeError(f"a clause id is a text such as 'survival', got {_got(clause_id)}{spread}")
    known = doc.template_clauses
    if known and clause_id not in known and not doc.has_clause(clause_id):
        listed = f"its clauses are: {', '.join(sorted(known))}"
        other = _builtin_document_of(doc, clause_id)
        if other is not None:
            raise AssertionError(
                f"{doc.id}: its template has no clause {clause_id!r}, a clause of the {other} "
                f"agreement: assert on assemble({other!r}, sheet); {listed}"
            )
        hint = difflib.get_close_matches(clause_id, sorted(known), n=1)
        guess = f"did you mean {hint[0]!r}? " if hint else ""
        raise AssertionError(
            f"{doc.id}: its template has no clause {clause_id!r} (a typo?); {guess}{listed}"
        )


def _builtin_document_of(doc: Document, clause_id: str) -> str | None:
    """Return the other built-in document whose template writes `clause_id`, when `doc` is
    one of the built-in documents (a firm's template of the same name is not)."""
    from generator.assembly import DOCUMENTS, builtin_templates

    if doc.id not in DOCUMENTS:
        return None
    templates = builtin_templates()
    if doc.template_clauses != templates.clause_ids(doc.id):
        return None
    return next(
        (d for d in DOCUMENTS if d != doc.id and clause_id in templates.clause_ids(d)), None
    )


def variant(base: str | Path | Mapping[str, Any], changes: Mapping[str, Any]) -> TermSheet:
    """Return the term sheet `base` (a YAML path, a mapping or a :class:`TermSheet`, such as
    another variant) with `changes` applied, one after another in their order.

    Keys of `changes` are dotted paths (``"indemnitors.0.pronoun"``, ``"release.exhibit"``);
    a mapping on the way that is missing is made, and an index one past a list's end appends.
    A value of ``None`` deletes the key or list item: a key the base leaves out (or one below
    it) is left alone, but a key no term sheet has is a typo and raises. The result is
    validated like any term sheet; a path into a list item that does not exist raises
    :class:`~generator.errors.TermSheetError` naming it.
    """
    __tracebackhide__ = True  # a mistake in `changes` is the test's: show the test's line
    if not isinstance(changes, Mapping):
        raise TypeError(f"variant: changes must be a mapping of dotted keys, got {_got(changes)}")
    if isinstance(base, TermSheet):  # a loaded sheet, or another variant's result
        data: Any = base.model_dump(mode="json", exclude_unset=True)
        name = "<variant>"
    elif isinstance(base, Mapping):
        data = copy.deepcopy(dict(base))
        name = "<variant>"
    elif isinstance(base, str | os.PathLike):
        data = _read_base(base)
        name = f"{base} (variant)"
    else:
        document = "; a document is not a term sheet: pass the sheet it was assembled from"
        raise TypeError(
            f"variant: base is a term sheet's YAML path, a mapping or a TermSheet, got "
            f"{_got(base)}{document if isinstance(base, Document) else ''}"
        )
    for dotted, value in changes.items():
        if not isinstance(dotted, str):
            raise TypeError(
                f"variant: each key of changes is a dotted path such as "
                f"'indemnitors.0.pronoun', got {_got(dotted)}"
            )
        _apply(data, dotted, value, name)
    return validate_term_sheet(data, name)


def _read_base(base: str | os.PathLike[str]) -> Any:
    """Return the plain data of the term sheet at `base`, or raise :class:`TermSheetError`
    saying why it cannot be read (a relative path: from which folder it was looked for)."""
    __tracebackhide__ = True
    name = str(base)
    try:
        raw = Path(base).read_bytes()
    except OSError as exc:
        where = ""
        if isinstance(exc, FileNotFoundError) and not Path(base).is_absolute():
            where = f" (a relative path is read from the current folder, {os.getcwd()})"
        raise TermSheetError(
            [Problem(name, None, "", f"cannot read the base: {exc.strerror}{where}")]
        ) from None
    return load_yaml(raw, name).data


def _apply(data: Any, dotted: str, value: Any, name: str) -> None:
    """Set `dotted` in `data` to `value` (making missing mappings), or delete it for ``None``."""
    parts = dotted.split(".")
    node = data
    for depth, part in enumerate(parts[:-1]):
        _container(node, name, dotted, parts[:depth])
        if isinstance(node, list):
            node = node[_index(node, part, dotted, name, appending=False)]
        elif part in node:
            node = node[part]
        elif value is None:  # deleting below a key that is not there: nothing to do
            _check_known_key(parts[: depth + 1], dotted, name)  # unless it is a typo
            return
        else:
            node = node.setdefault(part, {})
    last = parts[-1]
    _container(node, name, dotted, parts[:-1])
    if isinstance(node, dict):
        if value is None:
            if last not in node:  # left alone, unless no term sheet has such a key (a typo)
                _check_known_key(parts, dotted, name)
            node.pop(last, None)
        else:
            node[last] = value
        return
    index = _index(node, last, dotted, name, appending=value is not None)
    if value is None:
        del node[index]
    elif index == len(node):
        node.append(value)
    else:
        node[index] = value


def _check_known_key(parts: list[str], dotted: str, name: str) -> None:
    """Raise :class:`TermSheetError` when no term sheet has the key at `parts` (a typo), the
    first unknown key of the change `dotted`: the problem names that key, not the whole path."""
    problem = unknown_key([int(p) if p.isdigit() else p for p in parts])
    if problem is not None:
        field = ".".join(parts)
        if field != dotted:
            problem = f"{problem} (in the change {dotted!r})"
        raise TermSheetError([Problem(name, None, field, problem)])


def _container(node: Any, name: str, dotted: str, above: list[str]) -> None:
    """Raise :class:`TermSheetError` unless `node` (at the path `above`) is a mapping or list."""
    if not isinstance(node, dict | list):
        where = ".".join(above)
        raise TermSheetError(
            [Problem(name, None, dotted, f"{where} is {_got(node)}, not a mapping or list")]
        )


def _index(node: list[Any], part: str, dotted: str, name: str, *, appending: bool) -> int:
    """Return `part` as an index into `node` (one past the end when `appending`)."""
    size = len(node)
    limit = size + 1 if appending else size
    if not (part.isascii() and part.isdigit()) or int(part) >= limit:
        appends = f"; {size} appends one" if appending else ""
        if size:
            items = f"{size} item{'' if size == 1 else 's'}"
            there = f"0 to {size - 1}" if size > 1 else "0"
            message = f"no item {part!r} in a list of {items} (items {there}{appends})"
        else:
            message = f"no item {part!r}: the list is empty{appends.replace(';', ',', 1)}"
        raise TermSheetError([Problem(name, None, dotted, message)])
    return int(part)


def _got(value: Any) -> str:
    """Return `value` as a message names it: its type, and its value when short to show (a
    term sheet's or a document's repr runs to pages)."""
    if value is None:
        return "nothing"
    if isinstance(value, TermSheet):
        return "a TermSheet"
    if isinstance(value, Document):
        return f"a Document ({value.id!r})"
    shown = repr(value)
    return f"a {type(value).__name__} ({shown if len(shown) <= 80 else shown[:77] + '...'})"


_PACKAGE = str(Path(__file__).resolve().parent) + os.sep


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Report docgen's own errors (a term sheet or template mistake, each message complete in
    itself) at the test's lines, without the package's frames; ``--fulltrace`` shows them."""
    excinfo = call.excinfo
    if (
        excinfo is not None
        and excinfo.errisinstance(GeneratorError)
        and not item.config.getoption("fulltrace", False)
    ):
        # pytest rebuilds what it shows from the traceback's own chain, so the chain is what
        # must lose the package's frames.
        shorter = _without_package_frames(excinfo.tb)
        if shorter is not None:
            call.excinfo = pytest.ExceptionInfo.from_exc_info(
                (excinfo.type, excinfo.value, shorter)
            )
    yield


def _without_package_frames(tb: TracebackType | None) -> TracebackType | None:
    """Return the traceback `tb` without the frames of docgen's own modules."""
    kept: list[TracebackType] = []
    while tb is not None:
        if not tb.tb_frame.f_code.co_filename.startswith(_PACKAGE):
            kept.append(tb)
        tb = tb.tb_next
    chain = None
    for entry in reversed(kept):
        chain = TracebackType(chain, entry.tb_frame, entry.tb_lasti, entry.tb_lineno)
    return chain


@pytest.fixture
def docgen_variant() -> Any:
    """Return :func:`variant`, for building term sheets that differ from a base in a test."""
    return variant
