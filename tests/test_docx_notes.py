"""What a .docx holds beside the words compared, counted for the summary's notes."""

from __future__ import annotations

from pathlib import Path

import docx
from lxml import etree

from generator.docx_notes import beside_the_words, stories, story_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


_BOXED_CHANGES = (
    f'<w:body xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/'
    '2006" xmlns:v="urn:schemas-microsoft-com:vml"><w:p><w:ins w:id="1" w:author="A"><w:r>'
    "<w:t>Added.</w:t></w:r></w:ins><w:r><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent>"
    '<w:p><w:del w:id="2" w:author="A"><w:r><w:delText>Struck.</w:delText></w:r></w:del></w:p>'
    "<w:altChunk/></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>"
    '<w:p><w:del w:id="3" w:author="A"><w:r><w:delText>Struck.</w:delText></w:r></w:del></w:p>'
    "</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
    '<w:p><w:del w:id="4" w:author="A"><w:r><w:drawing><w:txbxContent><w:p/></w:txbxContent>'
    "</w:drawing></w:r></w:del></w:p><w:altChunk/></w:body>"
)


def test_tracked_changes_are_counted_as_read_not_in_text_boxes_nor_twice() -> None:
    # The note says the tracked changes are "read as accepted": those inside a text box are
    # not read at all (its own note says so), and Word's VML copy of a box (mc:Fallback)
    # counted each of its changes a second time. A box struck by a deletion is no box. An
    # embedded document (w:altChunk) is counted as a tracked change is.
    body = etree.fromstring(_BOXED_CHANGES)
    assert beside_the_words(body) == {
        "text boxes": 1,
        "embedded documents": 1,
        "tracked changes": 2,
    }


_STORY = (
    f'<w:ftr xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    ' xmlns:v="urn:schemas-microsoft-com:vml"><w:p><w:r><w:t xml:space="preserve">Draft </w:t>'
    '</w:r><w:ins w:id="1" w:author="A"><w:r><w:t>two</w:t></w:r></w:ins><w:del w:id="2" '
    'w:author="A"><w:r><w:delText>one</w:delText></w:r></w:del><w:r><w:rPr><w:vanish/></w:rPr>'
    '<w:t>secret</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">page </w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE \\* Arabic </w:instrText>'
    '</w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r>'
    '<w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> of </w:t></w:r>'
    '<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>9</w:t></w:r></w:fldSimple>'
    '<w:fldSimple w:instr=" FILENAME "><w:r><w:t xml:space="preserve"> acme-v2.docx</w:t></w:r>'
    "</w:fldSimple></w:p><w:p><w:r><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent>"
    "<w:p><w:r><w:t>Boxed</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback>"
    "<w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>Boxed</w:t></w:r></w:p></w:txbxContent>"
    "</v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:pict><v:shape>"
    '<v:textpath string="CONFIDENTIAL"/></v:shape></w:pict></w:r></w:p></w:ftr>'
)


def test_a_header_or_footer_reads_as_its_page_shows_it() -> None:
    # Tracked changes accepted and hidden text left out, as in the body; a text box and a
    # watermark's WordArt read once; a field that numbers pages as its name, since the
    # result a file holds is the page it was last laid out for (7 here, 1 in another copy),
    # and any other field as its result.
    text = story_text(etree.fromstring(_STORY))
    assert text == "Draft two page {page} of {numpages} acme-v2.docx Boxed CONFIDENTIAL"


def test_only_the_headers_and_footers_the_pages_show_are_read(tmp_path: Path) -> None:
    # Word keeps a first page's header when "different first page" is turned off again, and
    # an even page's when the settings print none: neither is on any page.
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "Every page"
    section.even_page_header.paragraphs[0].text = "Even pages"
    section.different_first_page_header_footer = True
    section.first_page_footer.paragraphs[0].text = "First page"
    path = tmp_path / "stories.docx"
    document.save(str(path))

    def shown(path: Path) -> dict[str, list[str]]:
        found = stories(docx.Document(str(path)))
        return {key: sorted(story_text(root) for root in roots) for key, roots in found.items()}

    assert shown(path) == {"headers": ["Every page"], "footers": ["First page"]}
    section.different_first_page_header_footer = False
    document.settings.odd_and_even_pages_header_footer = True
    document.save(str(path))
    assert shown(path) == {"headers": ["Even pages", "Every page"], "footers": []}
