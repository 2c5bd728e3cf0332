"""PDF: the HTML page through WeasyPrint, with the package's own embedded serif font.

WeasyPrint is imported on the first PDF, not before; its parsed stylesheet and font
configuration are built once per process. WeasyPrint reads nothing the package does not ship:
every URL it asks for goes through :class:`AssetFetcher`, which serves regular files inside
``generator/assets/`` and ``data:`` URLs and refuses everything else (other files, symlinks and
``..`` out of the folder, HTTP). The markup never carries attachments, and any that WeasyPrint
finds (``<link rel=attachment>``, ``<a rel=attachment>``) are dropped before the PDF is written.
"""

from __future__ import annotations

import base64
import calendar
import contextlib
import datetime as dt
import functools
import mimetypes
import os
import re
import stat
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, unquote_to_bytes, urlsplit

from generator.errors import RenderError
from generator.glyphs import describe, uncovered
from generator.model import Document
from generator.writers import html

if TYPE_CHECKING:
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

__all__ = ["MAX_ASSET_BYTES", "fetch_asset", "resolve_asset", "write"]

MAX_ASSET_BYTES = 4 * 1024 * 1024
"""The largest file or ``data:`` URL the fetcher serves."""

_ASSETS_REAL = Path(os.path.realpath(html.ASSETS))
_FONTS_CSS = html.ASSETS / "fonts.css"
_ENCODED_SEPARATORS = re.compile(r"%(?:2f|5c|2e|00)", re.IGNORECASE)


def write(document: Document) -> bytes:
    """Return `document` as PDF bytes: Letter, 1-inch margins, embedded Liberation Serif.

    Raise :class:`RenderError` when the document holds a character the typeface has no glyph
    for (Chinese, Japanese, Arabic ...): the PDF would show a blank where it stands.
    """
    _check_glyphs(document)
    weasyprint, stylesheet, font_config = _weasyprint()
    markup = html.render(document, stylesheet=False)
    try:
        page = weasyprint.HTML(string=markup, url_fetcher=_fetcher())
        rendered = page.render(stylesheets=[stylesheet], font_config=font_config)
        _drop_attachments(rendered)
        with _fonts_dated(document):
            pdf: bytes = rendered.write_pdf(pdf_forms=False, custom_metadata=False)
    except RenderError:
        raise
    except Exception as exc:  # WeasyPrint raises anything from layout to font errors
        raise RenderError(f"WeasyPrint could not lay out {document.id!r}: {exc}") from exc
    return pdf


_EPOCH_LOCK = threading.Lock()


@contextlib.contextmanager
def _fonts_dated(document: Document) -> Iterator[None]:
    """Date the embedded font subsets by the document, so one term sheet gives one PDF, byte
    for byte.

    fontTools stamps each subset it saves with the time of saving unless ``SOURCE_DATE_EPOCH``
    (the reproducible-builds convention) is set; it is set meanwhile to the document's date
    (midnight UTC, 1970 at the earliest), unless the caller has set it already.
    """
    with _EPOCH_LOCK:  # the environment is the process's: one PDF sets it at a time
        if "SOURCE_DATE_EPOCH" in os.environ:
            yield
            return
        try:
            day = dt.date.fromisoformat(document.metadata.get("date", ""))
            seconds = calendar.timegm(day.timetuple())
        except ValueError:
            seconds = 0
        os.environ["SOURCE_DATE_EPOCH"] = str(max(0, seconds))
        try:
            yield
        finally:
            os.environ.pop("SOURCE_DATE_EPOCH", None)


def _check_glyphs(document: Document) -> None:
    missing = uncovered(document.text)
    if missing:
        raise RenderError(
            f"the PDF's typeface, Liberation Serif, has no glyph for {describe(missing)}: the "
            "PDF would show blanks there. Write those names in a script it covers (Latin, "
            "Greek, Cyrillic, Hebrew), or leave the PDF out (--format txt,json,html,docx): "
            "those formats use the reader's own fonts"
        )


def _drop_attachments(rendered: Any) -> None:
    """Drop every file attachment WeasyPrint gathered: ``<link rel=attachment>`` in the
    document's metadata and ``<a rel=attachment>`` links on its pages. The writer's markup has
    neither; this holds even if it someday did."""
    rendered.metadata.attachments = []
    for page in rendered.pages:
        page.links[:] = [link for link in page.links if link[0] != "attachment"]


def resolve_asset(url: str) -> Path:
    """Return the real path of the package asset that ``file:`` `url` names.

    Raise :class:`RenderError` for any other URL: another scheme or host, encoded separators or
    dots, a path (after ``..`` and symlinks are resolved) outside ``generator/assets/``, anything
    but a regular file, or a file larger than :data:`MAX_ASSET_BYTES`.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        raise RenderError(f"the PDF writer reads only its own assets, not {url!r}")
    if _ENCODED_SEPARATORS.search(parts.path) or "\\" in parts.path:
        raise RenderError(f"the PDF writer refuses encoded separators in {url!r}")
    real = Path(os.path.realpath(unquote(parts.path)))
    if not real.is_relative_to(_ASSETS_REAL):
        raise RenderError(f"the PDF writer reads only files inside {_ASSETS_REAL}, not {url!r}")
    try:
        info = real.stat()
    except OSError:
        raise RenderError(f"the PDF writer has no asset at {url!r}") from None
    if not stat.S_ISREG(info.st_mode):
        raise RenderError(f"the PDF writer reads only regular files, not {url!r}")
    if info.st_size > MAX_ASSET_BYTES:
        raise RenderError(f"the asset {url!r} is larger than {MAX_ASSET_BYTES} bytes")
    return real


def fetch_asset(url: str) -> tuple[bytes, str]:
    """Return the bytes and MIME type behind `url`: a package asset or a ``data:`` URL.

    Raise :class:`RenderError` for anything else (see :func:`resolve_asset`).
    """
    if url[:5].lower() == "data:":
        return _data_url(url)
    path = resolve_asset(url)
    try:  # the path is resolved; refuse a symlink swapped in since, and check what was opened
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        raise RenderError(f"the PDF writer cannot open the asset {url!r}") from None
    with os.fdopen(fd, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            raise RenderError(f"the PDF writer reads only regular files, not {url!r}")
        body = stream.read(MAX_ASSET_BYTES + 1)
    if len(body) > MAX_ASSET_BYTES:
        raise RenderError(f"the asset {url!r} is larger than {MAX_ASSET_BYTES} bytes")
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if path.suffix.lower() == ".ttf":
        mime = "font/ttf"
    return body, mime


def _data_url(url: str) -> tuple[bytes, str]:
    header, comma, payload = url[5:].partition(",")
    if not comma:
        raise RenderError("the PDF writer got a data: URL without a comma")
    if len(payload) > MAX_ASSET_BYTES * 2:
        raise RenderError(f"a data: URL is larger than {MAX_ASSET_BYTES} bytes")
    params = header.split(";")
    mime = params[0] or "text/plain"
    try:
        body = (
            base64.b64decode(unquote(payload), validate=False)
            if params[-1].lower() == "base64"
            else unquote_to_bytes(payload)
        )
    except ValueError as exc:
        raise RenderError(f"the PDF writer got a malformed data: URL: {exc}") from None
    if len(body) > MAX_ASSET_BYTES:
        raise RenderError(f"a data: URL is larger than {MAX_ASSET_BYTES} bytes")
    return body, mime


@functools.cache
def _fetcher_class() -> type[Any]:
    """Return the URL fetcher class, built on WeasyPrint's (imported on first use)."""
    urls = _import_weasyprint().urls
    URLFetcher, URLFetcherResponse = urls.URLFetcher, urls.URLFetcherResponse

    class AssetFetcher(URLFetcher):  # type: ignore[misc]
        """A WeasyPrint URL fetcher that serves the package's assets and ``data:`` URLs only."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)

        def fetch(self, url: str, headers: object = None) -> Any:
            """Return the response for `url`; raise :class:`RenderError` when it is refused."""
            body, mime = fetch_asset(url)
            return URLFetcherResponse(url, body, {"Content-Type": mime})

    return AssetFetcher


def _fetcher() -> Any:
    return _fetcher_class()()


@functools.cache
def _import_weasyprint() -> Any:
    """Return the weasyprint module, imported on the first PDF."""
    try:
        with warnings.catch_warnings():
            # Without the system's libharfbuzz-subset WeasyPrint subsets fonts with fontTools
            # and says so on import; the PDF is the same, so a user is not told on every run.
            warnings.filterwarnings("ignore", "HarfBuzz-Subset", DeprecationWarning)
            import weasyprint
            import weasyprint.text.fonts
            import weasyprint.urls
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise RenderError(
            f"the PDF writer needs WeasyPrint, which cannot be imported: {exc}"
        ) from exc
    return weasyprint


@functools.cache
def _weasyprint() -> tuple[Any, CSS, FontConfiguration]:
    """Return the weasyprint module, the parsed stylesheet and the font configuration."""
    weasyprint = _import_weasyprint()
    font_config = weasyprint.text.fonts.FontConfiguration()
    try:
        css_text = html.STYLESHEET.read_text(encoding="utf-8") + _FONTS_CSS.read_text("utf-8")
    except OSError as exc:
        raise RenderError(f"the PDF stylesheets cannot be read: {exc}") from exc
    stylesheet = weasyprint.CSS(
        string=css_text,
        base_url=html.ASSETS.as_uri() + "/",
        url_fetcher=_fetcher(),
        font_config=font_config,
    )
    return weasyprint, stylesheet, font_config
