"""The reviewer's redline: compare two versions of an agreement, word by word.

:func:`diff` takes two sides (a term sheet, a ``.txt``, ``.docx`` or ``.pdf`` file, or a
:class:`~generator.model.Document`) and returns a :class:`Redline`: the changes, the clauses
they touch, and a redline *document*: NEW's blocks with inserted and deleted runs
(``Run.change``), OLD's deleted paragraphs put back in place as all-deleted paragraphs, a
paragraph mark inserted or deleted on its own where a paragraph was split or joined
(``Paragraph.mark``), and signature blocks inserted or deleted whole
(``SignatureBlock.change``). The project's writers lay that document out
(``Redline.write("docx")`` gives Word tracked changes).

The package has one module per job: :mod:`.script` finds and tidies edit scripts of tokens,
:mod:`.events` turns a stretch of blocks into a token edit script with paragraph marks,
:mod:`.engine` aligns two documents' blocks and lays the redline document out, :mod:`.result`
holds what comes out; this module opens the two sides.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, TypeAlias

from generator.errors import GeneratorError
from generator.model import Document
from generator.normalize import DEFAULT, Folding
from generator.redline.engine import compare
from generator.redline.result import Change, Comparison, KeyChange, Redline
from generator.redline.script import token_diff

__all__ = [
    "Change",
    "Comparison",
    "KeyChange",
    "Redline",
    "compare",
    "diff",
    "token_diff",
]

Side: TypeAlias = Any
"""A side of a comparison: a path (``str`` or ``Path``), a ``TermSheet``, or a ``Document``."""
_TERM_SHEET_SUFFIXES = (".yaml", ".yml")
_GUESSED_SUFFIXES = (".txt", ".pdf")


def diff(
    old: Side,
    new: Side,
    document: str | None = None,
    *,
    folding: Folding = DEFAULT,
    author: str | None = None,
    date: str | dt.datetime | None = None,
    templates: str | Path | None = None,
    given_as: Mapping[str, str] | None = None,
) -> Redline:
    """Return the redline of `old` against `new`.

    Each side is a term sheet (a ``.yaml``/``.yml`` path or a :class:`TermSheet`), a ``.txt``,
    ``.docx`` or ``.pdf`` path, or a :class:`Document`. `document` picks the agreement of a term
    sheet; when both sides are term sheets and it is ``None``, every agreement is compared;
    when one is, the agreement closest to the other side is taken. `author` and `date` (ISO,
    default now) mark the tracked changes. A paragraph split or joined is a change, unless a
    side is a ``.txt`` or ``.pdf`` file, whose paragraphs are only guessed. A term sheet is
    rendered from the built-in templates, or from those in folder `templates` (a firm's own,
    untrusted as for ``docgen render --templates``).

    `given_as` names where `document` and `templates` came from in an error or a note: by
    default these arguments (``document: there is no document 'nda'...``); the CLI passes its
    options (``{"document": "--document", "templates": "--templates"}``).
    """
    from generator.assembly import assemble, documents, load

    old_name, old_side = _open(old, document, folding)
    new_name, new_side = _open(new, document, folding)
    stamp = _stamp(date)
    meta = {"author": author or "docgen", "date": stamp, "created": stamp}

    names = {"document": "document", "templates": "templates", **(given_as or {})}
    sheets = [s for s in (old_side, new_side) if not isinstance(s, Document)]
    if templates is not None and not sheets:
        raise GeneratorError(
            f"{names['templates']}: neither side is a term sheet, so no template would be used"
        )
    available = documents(templates) if sheets else ()
    if document is not None and sheets and document not in available:
        raise GeneratorError(
            f"{names['document']}: there is no document {document!r}; the documents"
            f"{f' of {templates}' if templates is not None else ''} are {', '.join(available)}"
        )
    key_changes: tuple[KeyChange, ...] = ()
    picked = False  # the agreement of the one term sheet, chosen by its words
    if len(sheets) == 2:
        ids = (document,) if document else available
        key_changes = _key_changes(load(old_side), load(new_side))
    elif len(sheets) == 1:
        other = old_side if isinstance(old_side, Document) else new_side
        assert isinstance(other, Document)
        ids = (document or _closest(load(sheets[0]), other, folding, templates),)
        picked = document is None
    else:
        ids = (document or "",)

    paragraphs = not any(_guessed_paragraphs(side) for side in (old, new))
    parts: list[Comparison] = []
    titles: list[str] = []  # of the term sheets' agreements compared
    for doc_id in ids:
        a, b = (
            side if isinstance(side, Document) else assemble(doc_id, side, templates=templates)
            for side in (old_side, new_side)
        )
        titles.append((b if isinstance(old_side, Document) else a).title)
        parts.append(compare(a, b, folding, metadata=meta, paragraphs=paragraphs))
    notes = _notes(((old_name, old_side), (new_name, new_side)), folding)
    if picked:
        # Else "No differences in the words." would not say of which agreement.
        sheet_name, other_name = (
            (new_name, old_name) if isinstance(old_side, Document) else (old_name, new_name)
        )
        notes = (
            f"{sheet_name} gives its {titles[0]}, the agreement whose words are closest to "
            f"{other_name}'s ({names['document']} picks another)",
            *notes,
        )
    return Redline(old_name, new_name, tuple(parts), key_changes, notes)


#: What a side read from a DOCX may hold beside its body's words, which are not compared:
#: metadata key -> the noun a note counts it by, one and more.
_UNCOMPARED = {
    "comments": ("comment", "comments"),
    "footnotes": ("footnote", "footnotes"),
    "endnotes": ("endnote", "endnotes"),
    "text boxes": ("text box", "text boxes"),
    "embedded documents": ("embedded document", "embedded documents"),
}
#: The most unknown symbols a note names; it counts the rest.
_SYMBOLS_NAMED = 5


def _notes(sides: tuple[tuple[str, Any], ...], folding: Folding = DEFAULT) -> tuple[str, ...]:
    """Return the notes on what the sides (name, side) hold that the words compared do not
    show: text not compared (headers and footers where they differ, compared as `folding`
    says), symbols compared by their codes, tracked changes read as accepted, hidden text
    read as not there."""
    notes: list[str] = []
    for name, side in sides:
        if uncompared := _uncompared(side):
            notes.append(f"{name} holds {uncompared}, which the redline does not compare")
    notes.extend(_story_notes(sides, folding))
    for name, side in sides:
        if symbols := _unknown_symbols(side):
            notes.append(
                f"{name} holds symbols whose characters the redline does not know ({symbols}): "
                "it compares them by their codes"
            )
    for name, side in sides:
        if revisions := _count(side, "tracked changes", "tracked change"):
            notes.append(f"{name} holds {revisions}, which the redline reads as accepted")
    for name, side in sides:
        if hidden := _count(side, "hidden words", "word"):
            notes.append(
                f"{name} holds {hidden} of hidden text, which Word neither shows nor prints: "
                "the redline reads them as not there"
            )
    return tuple(notes)


def _count(side: Any, key: str, noun: str) -> str:
    """Return "83 words" (`noun` counted) for a side read from a DOCX whose metadata counts
    `key` ("hidden words"), else ""."""
    count = int(side.metadata.get(key, 0)) if isinstance(side, Document) else 0
    return "" if not count else f"{count} {noun}{'' if count == 1 else 's'}"


def _uncompared(side: Any) -> str:
    """Return "3 comments and 1 footnote" for a side read from a DOCX holding text the
    redline does not compare (comments, footnotes, endnotes, text boxes), else ""."""
    from generator.grammar import join_words

    if not isinstance(side, Document):
        return ""
    counts = [(int(side.metadata.get(key, 0)), nouns) for key, nouns in _UNCOMPARED.items()]
    return join_words([f"{n} {nouns[n != 1]}" for n, nouns in counts if n])


def _unknown_symbols(side: Any) -> str:
    """Return "Wingdings 2 F052, Webdings F061" for the symbols of a side read from a DOCX
    whose characters are not known (:func:`generator.docx_symbols.symbol_char`), else ""."""
    if not isinstance(side, Document) or not side.metadata.get("unknown symbols"):
        return ""
    symbols = side.metadata["unknown symbols"].split("\n")
    named = ", ".join(symbols[:_SYMBOLS_NAMED])
    rest = len(symbols) - _SYMBOLS_NAMED
    return f"{named} and {rest} more" if rest > 0 else named


#: The headers and footers a side read from a DOCX shows: metadata key -> what a note calls one.
_STORIES = {"headers": "header", "footers": "footer"}
#: The longest a header's or footer's text is quoted in a note.
_QUOTED = 60


def _story_notes(sides: tuple[tuple[str, Any], ...], folding: Folding) -> list[str]:
    """Return a note for each kind of story (headers, footers) whose text differs between
    the sides (name, side), naming the text of each side that has some.

    A header or footer that holds only a page number or label (``F-2-{page}``), which
    folding drops as page furniture, is read as none: a generated DOCX's page labels are
    no news, while a counterparty's "DRAFT" or a footer's edited legend is.
    """
    notes: list[str] = []
    for key, noun in _STORIES.items():
        (old_name, old), (new_name, new) = ((n, _stories(s, key, folding)) for n, s in sides)
        if [tokens for _, tokens in old] == [tokens for _, tokens in new]:
            continue
        if old and new:
            name, held = new_name, f"{_named(noun, new)} where {old_name} holds {_quoted(old)}"
        else:
            name, texts = (new_name, new) if new else (old_name, old)
            held = _named(noun, texts)
        notes.append(f"{name} holds {held}, which the redline does not compare")
    return notes


def _named(noun: str, texts: list[tuple[str, list[str]]]) -> str:
    """Return 'the header "DRAFT"' (or 'the headers "A" and "B"') for `texts` of `noun`."""
    return f"the {noun}{'s' if len(texts) > 1 else ''} {_quoted(texts)}"


def _quoted(texts: list[tuple[str, list[str]]]) -> str:
    """Return '"A" and "B"' for the texts of `texts`, each cut to :data:`_QUOTED` characters
    (``...`` standing for the rest)."""
    from generator.grammar import join_words

    return join_words(
        [f'"{t if len(t) <= _QUOTED else t[: _QUOTED - 3].rstrip() + "..."}"' for t, _ in texts]
    )


def _stories(side: Any, key: str, folding: Folding) -> list[tuple[str, list[str]]]:
    """Return (text, its tokens) for each header (`key` ``"headers"``) or footer of a side
    read from a DOCX that says more than a page number or label, as `folding` folds it."""
    from generator.docx_notes import PAGE_FIELDS
    from generator.normalize import tokens

    if not isinstance(side, Document):
        return []
    out = []
    for text in filter(None, side.metadata.get(key, "").split("\n")):
        numbered = text
        for field in PAGE_FIELDS:  # compared as a page shows it: "F-2-{page}" as "F-2-1"
            numbered = numbered.replace(field, "1")
        if found := tokens(numbered, folding):
            out.append((text, found))
    return out


# -- opening the sides -----------------------------------------------------------------------


def _open(side: Side, document: str | None, folding: Folding) -> tuple[str, Any]:
    """Return (name, side) with a path read: a Document, or a TermSheet for a term sheet."""
    from generator.readers import read_document
    from generator.termsheet import TermSheet, load_term_sheet

    if isinstance(side, Document):
        return f"<{side.title or side.id}>", side
    if isinstance(side, TermSheet):
        return "<term sheet>", side
    if isinstance(side, Mapping):
        from generator.assembly import load

        return "<term sheet>", load(side)
    if isinstance(side, str | Path):
        if Path(side).suffix.lower() in _TERM_SHEET_SUFFIXES:
            return str(side), load_term_sheet(side)
        return str(side), read_document(side, document, folding)
    raise GeneratorError(f"cannot compare a {type(side).__name__}")


def _guessed_paragraphs(side: Side) -> bool:
    """Return whether `side` is a file whose paragraphs a reader guesses (``.txt``, ``.pdf``).

    A ``.txt`` has blank lines where its writer put them (none at all in LibreOffice's text
    export) and a ``.pdf`` has only lines; a term sheet and a ``.docx`` have real paragraphs.
    """
    return isinstance(side, str | Path) and Path(side).suffix.lower() in _GUESSED_SUFFIXES


def _closest(
    sheet: Any, other: Document, folding: Folding, templates: str | Path | None = None
) -> str:
    """Return the id of the term sheet's document whose words are closest to `other`'s."""
    from collections import Counter

    from generator.assembly import assemble, documents
    from generator.normalize import tokens

    available = documents(templates)
    if other.id in available:
        return other.id
    theirs = Counter(tokens(other.text, folding))
    best, best_score = available[0], -1.0
    for doc_id in available:
        ours = Counter(tokens(assemble(doc_id, sheet, templates=templates).text, folding))
        shared = sum((ours & theirs).values())
        score = shared / max(sum(ours.values()), sum(theirs.values()), 1)
        if score > best_score:
            best, best_score = doc_id, score
    return best


def _key_changes(old: Any, new: Any) -> tuple[KeyChange, ...]:
    """Return the term-sheet values that differ between two term sheets, in key order.

    A key that one side lacks (the second indemnitor of a sheet with one) counts as unset
    there, so an unset value on the other side (``release_name: null``) is no change.
    """
    a = dict(_flatten(old.model_dump(mode="json")))
    b = dict(_flatten(new.model_dump(mode="json")))
    keys = list(dict.fromkeys([*a, *b]))
    out = []
    for key in keys:
        x, y = a.get(key), b.get(key)
        if x != y:
            out.append(KeyChange(key, x, y))
    return tuple(out)


def _flatten(value: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, Mapping):
        for k, v in value.items():
            yield from _flatten(v, f"{prefix}.{k}" if prefix else str(k))
    elif isinstance(value, list):
        for k, v in enumerate(value):
            yield from _flatten(v, f"{prefix}.{k}" if prefix else str(k))
    else:
        yield prefix, value


def _stamp(date: str | dt.datetime | None) -> str:
    if isinstance(date, str):
        return date
    moment = date or dt.datetime.now(dt.UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
