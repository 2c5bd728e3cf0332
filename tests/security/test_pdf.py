"""The PDF path: WeasyPrint gets the writer's HTML string and a fetcher that serves only the
package's assets and ``data:`` URLs. Hostile URLs in a term-sheet value, in a user template, or
(defence in depth) in raw HTML reach nothing outside the assets, and the PDF carries no
attachment or image from them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from generator.writers import html
from tests.conftest import SEED
from tests.security.helpers import docgen, replace_line, sheet, user_templates

pypdf = pytest.importorskip("pypdf")
pdf = pytest.importorskip("generator.writers.pdf")

HOSTILE_URLS = [
    '<link rel="attachment" href="file:///etc/passwd">',
    "<style>@import url(file:///etc/passwd);</style>",
    '<img src="file:///dev/urandom">',
    "<style>@font-face { font-family: x; src: url(file:///etc/passwd); }</style>",
    '<svg><image href="file:///etc/passwd"/></svg>',
    '<base href="file:///etc/"><img src="passwd">',
    '<img src="file:///work/../etc/passwd"><img src="file:///etc%2fpasswd">',
    '<img src="http://127.0.0.1:9/x.png"><link rel="stylesheet" href="https://example.com/x.css">',
]


@pytest.fixture
def fetched(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """Return the URLs the PDF writer's fetcher is asked for, each with whether it was served."""
    asked: list[tuple[str, bool]] = []
    real = pdf.fetch_asset

    def recording(url: str) -> tuple[bytes, str]:
        try:
            result = real(url)
        except Exception:
            asked.append((url, False))
            raise
        asked.append((url, True))
        return result

    monkeypatch.setattr(pdf, "fetch_asset", recording)
    pdf._weasyprint.cache_clear()
    yield asked
    pdf._weasyprint.cache_clear()


def _assert_clean(raw: bytes, fetched: list[tuple[str, bool]]) -> pypdf.PdfReader:
    """Assert the PDF embeds nothing and nothing outside the assets was served; return it."""
    served = [url for url, ok in fetched if ok]
    assets = html.ASSETS.as_uri() + "/"
    assert all(url.startswith((assets, "data:")) for url in served), served
    reader = pypdf.PdfReader(io.BytesIO(raw))
    assert reader.attachments == {}
    assert b"/EmbeddedFile" not in raw
    assert b"/FileAttachment" not in raw
    for page in reader.pages:
        assert list(page.images) == []
    return reader


def _text(reader: pypdf.PdfReader) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


@pytest.mark.parametrize("hostile", HOSTILE_URLS)
@pytest.mark.timeout(30, func_only=True)
def test_hostile_urls_in_a_value_print_as_text(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    fetched: list[tuple[str, bool]],
    hostile: str,
) -> None:
    value = hostile.replace('"', '\\"')
    path = sheet(tmp_path, replace_line("    title: President and", f'    title: "{value}" #'))
    out = tmp_path / "out"
    result = docgen(capsys, "render", path, "--out", out, "--format", "pdf")
    if result.code == 2:  # the schema may refuse it (too long for a title): nothing written
        assert "company.signatory.title" in result.err
        assert not out.exists()
        return
    assert result.code == 0, result.err
    _assert_clean((out / "release.pdf").read_bytes(), fetched)
    reader = _assert_clean((out / "indemnification.pdf").read_bytes(), fetched)
    assert "file:" in _text(reader) or "http" in _text(reader)


@pytest.mark.timeout(30, func_only=True)
def test_hostile_urls_in_a_user_template_print_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fetched: list[tuple[str, bool]]
) -> None:
    cdata = "".join(f"<para><![CDATA[{h}]]></para>" for h in HOSTILE_URLS)
    escaped = html.escape("".join(HOSTILE_URLS))
    # (braces besides {page} are refused by the markup reader; quotes are the writer's to escape)
    page_label = html.escape('{page}"; @import url(file:///etc/passwd); x: "\\"; content: url(x')
    source = (
        f'<document id="release" title="{escaped}" page-label="{page_label}" '
        f'meta-author="{escaped}">'
        f"<title>{escaped}</title><para>{{{{ company.name }}}} {escaped}</para>{cdata}"
        "</document>"
    )
    folder = user_templates(tmp_path, release=source)
    out = tmp_path / "out"
    result = docgen(
        capsys,
        "render",
        SEED,
        "--out",
        out,
        "--templates",
        folder,
        "--document",
        "release",
        "--format",
        "pdf,html",
    )
    assert result.code == 0, result.err
    reader = _assert_clean((out / "release.pdf").read_bytes(), fetched)
    assert "file:///dev/urandom" in _text(reader)
    page = (out / "release.html").read_text(encoding="utf-8")
    for tag in ("<link", "<img", "<svg", "<base", "<image"):
        assert tag not in page


@pytest.mark.timeout(30, func_only=True)
def test_hostile_raw_html_fetches_nothing_outside_the_assets(
    monkeypatch: pytest.MonkeyPatch, fetched: list[tuple[str, bool]]
) -> None:
    """Defence in depth: even HTML the writer never produces reaches no file and no host."""
    from generator.assembly import assemble

    body = "".join(HOSTILE_URLS)
    raw_html = f"<!DOCTYPE html><html><head>{body}</head><body><p>Text</p>{body}</body></html>"
    monkeypatch.setattr(pdf.html, "render", lambda document, stylesheet=False: raw_html)
    raw = pdf.write(assemble("release", SEED))
    _assert_clean(raw, fetched)
    refused = {url for url, ok in fetched if not ok}
    assert "file:///etc/passwd" in refused
    assert "file:///dev/urandom" in refused


def test_anchor_attachments_in_raw_html_are_dropped(
    monkeypatch: pytest.MonkeyPatch, fetched: list[tuple[str, bool]]
) -> None:
    """The writer drops the page links WeasyPrint makes from <a rel=attachment> too."""
    from generator.assembly import assemble

    raw_html = (
        "<!DOCTYPE html><html><body><p>Text "
        '<a rel="attachment" href="data:text/plain,SMUGGLED">x</a></p></body></html>'
    )
    monkeypatch.setattr(pdf.html, "render", lambda document, stylesheet=False: raw_html)
    _assert_clean(pdf.write(assemble("release", SEED)), fetched)
