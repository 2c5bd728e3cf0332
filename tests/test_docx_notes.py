"""What a .docx holds beside the words compared, counted for the summary's notes."""

from __future__ import annotations

from lxml import etree

from generator.docx_notes import beside_the_words

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


_BOXED_CHANGES = (
    f'<w:body xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/'
    '2006" xmlns:v="urn:schemas-microsoft-com:vml"><w:p><w:ins w:id="1" w:author="A"><w:r>'
    "<w:t>Added.</w:t></w:r></w:ins><w:r><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent>"
    '<w:p><w:del w:id="2" w:author="A"><w:r><w:delText>Struck.</w:delText></w:r></w:del></w:p>'
    "</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>"
    '<w:p><w:del w:id="3" w:author="A"><w:r><w:delText>Struck.</w:delText></w:r></w:del></w:p>'
    "</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
    '<w:p><w:del w:id="4" w:author="A"><w:r><w:drawing><w:txbxContent><w:p/></w:txbxContent>'
    "</w:drawing></w:r></w:del></w:p></w:body>"
)


def test_tracked_changes_are_counted_as_read_not_in_text_boxes_nor_twice() -> None:
    # The note says the tracked changes are "read as accepted": those inside a text box are
    # not read at all (its own note says so), and Word's VML copy of a box (mc:Fallback)
    # counted each of its changes a second time. A box struck by a deletion is no box.
    body = etree.fromstring(_BOXED_CHANGES)
    assert beside_the_words(body) == {"text boxes": 1, "tracked changes": 2}
