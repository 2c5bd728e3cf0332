"""What a ``.docx``'s run and paragraph properties and its styles say of its text.

The reader keeps a run's bold, italic and underline (set on the run, or by its character
style and the styles that one is based on) and leaves out hidden text (``w:vanish``), which
Word neither shows nor prints, set on the run or by its character or paragraph style.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias, TypeVar

__all__ = [
    "UNSET",
    "Marks",
    "character_styles",
    "direct_marks",
    "hidden",
    "hidden_styles",
    "inherit",
    "on",
    "resolve",
]

_T = TypeVar("_T")

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


Marks: TypeAlias = tuple[bool | None, bool | None, bool | None]
"""Bold, italic and underline as a run's properties set them: ``None`` where they are silent."""
UNSET: Marks = (None, None, None)
_OFF = ("0", "false", "off")  # w:val values that turn a mark off


def on(element: object) -> bool:
    """Return whether a paragraph property that is on or off (``w:keepNext``) is there and on."""
    if element is None:
        return False
    return element.get(f"{_W}val", "true").lower() not in _OFF  # type: ignore[attr-defined]


def direct_marks(rpr: object) -> Marks:
    """Return the bold, italic and underline that run properties `rpr` set themselves."""
    if rpr is None:
        return UNSET
    find = rpr.find  # type: ignore[attr-defined]
    bold, italic, u = find(f"{_W}b"), find(f"{_W}i"), find(f"{_W}u")
    return (
        None if bold is None else on(bold),
        None if italic is None else on(italic),
        None if u is None else u.get(f"{_W}val", "single").lower() != "none",
    )


def _merge(first: Marks, then: Marks) -> Marks:
    """Return each mark as `first` sets it, else as `then` does."""
    return (
        first[0] if first[0] is not None else then[0],
        first[1] if first[1] is not None else then[1],
        first[2] if first[2] is not None else then[2],
    )


def resolve(first: Marks, then: Marks) -> tuple[bool, bool, bool]:
    """Return each mark as `first` sets it, else as `then` does, else off."""
    bold, italic, underline = _merge(first, then)
    return bool(bold), bool(italic), bool(underline)


def hidden(rpr: object, styled: bool) -> bool:
    """Return whether run properties `rpr` hide their text (``w:vanish``), their styles
    hiding it as `styled` says when `rpr` is silent."""
    vanish = None if rpr is None else rpr.find(f"{_W}vanish")  # type: ignore[attr-defined]
    return styled if vanish is None else on(vanish)


def hidden_styles(styles: object) -> dict[str, bool | None]:
    """Return whether each style of a styles part (character or paragraph) hides its text,
    as its own run properties say, else those of the style it is based on; ``None`` when
    none of them says (a character style such as "Strong" then leaves the text as its
    paragraph's style has it)."""
    own: dict[str, tuple[bool | None, str]] = {}
    for style in styles.iterfind(f"{_W}style"):  # type: ignore[attr-defined]
        based = style.find(f"{_W}basedOn")
        vanish = style.find(f"{_W}rPr/{_W}vanish")
        own[style.get(f"{_W}styleId", "")] = (
            None if vanish is None else on(vanish),
            "" if based is None else based.get(f"{_W}val", ""),
        )
    return inherit(own, _first)


def _first(first: bool | None, then: bool | None) -> bool | None:
    return first if first is not None else then


def character_styles(styles: object) -> dict[str, Marks]:
    """Return the bold, italic and underline of each character style in a styles part.

    A style's own properties win over those of the style it is based on (``w:basedOn``); so a
    heading set in this tool's "Section Heading" style (underlined) reads as underlined.
    """
    own: dict[str, tuple[Marks, str]] = {}
    for style in styles.iterfind(f"{_W}style"):  # type: ignore[attr-defined]
        if style.get(f"{_W}type") != "character":
            continue
        based = style.find(f"{_W}basedOn")
        parent = "" if based is None else based.get(f"{_W}val", "")
        own[style.get(f"{_W}styleId", "")] = (direct_marks(style.find(f"{_W}rPr")), parent)
    return inherit(own, _merge)


def inherit(own: dict[str, tuple[_T, str]], merge: Callable[[_T, _T], _T]) -> dict[str, _T]:
    """Return each style's value down its ``w:basedOn`` chain: `own` gives each style id its
    own value and the id of the style it is based on (``""``: none); ``merge(value, parent's)``
    is what the style has once its parent's value is known.

    Each style is worked out once, its parent's value reused: a styles part of a hostile file
    (a chain of 200,000 styles, each based on the one before) costs its length, not its
    square. A loop of ``w:basedOn`` ends at the style met again.
    """
    resolved: dict[str, _T] = {}
    for style_id in own:
        chain: list[str] = []
        on_chain: set[str] = set()
        at = style_id
        while at in own and at not in resolved and at not in on_chain:
            on_chain.add(at)
            chain.append(at)
            at = own[at][1]
        for style in reversed(chain):  # the parent first, each one's value known in turn
            value = own[style][0]
            resolved[style] = merge(value, resolved[at]) if at in resolved else value
            at = style
    return resolved
