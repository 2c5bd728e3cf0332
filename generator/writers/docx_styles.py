"""Build the DOCX writer's base package with python-docx: page setup and named styles.

python-docx opens its default template; this module sets US Letter with 1-inch margins, a
footer for page one and one for the rest, and defines the styles every block is written with
(listed in :mod:`generator.writers.docx_base`, which keeps the result between runs, so this runs
at most once per process and usually not at all).
"""

from __future__ import annotations

import io
import zipfile

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Inches, Pt
from docx.styles.style import BaseStyle, ParagraphStyle
from docx.styles.styles import Styles
from lxml import etree

from generator.errors import RenderError
from generator.writers.docx_base import FONT, STYLES, Template

__all__ = ["build"]

_KEEP = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList"}
_SIGNATURE_INDENT = Inches(3.25)
_BY_WIDTH = Inches(0.375)
_TEXT_WIDTH = Inches(6.5)


def build() -> Template:
    """Return the base package, built afresh."""
    document = docx.Document()
    _drop_extras(document)
    section = document.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(1))
    section.header_distance = section.footer_distance = Inches(0.5)
    section.different_first_page_header_footer = True
    section.footer.is_linked_to_previous = False
    section.first_page_footer.is_linked_to_previous = False
    default_footer = section.footer.part.partname.lstrip("/")
    first_footer = section.first_page_footer.part.partname.lstrip("/")
    _define_styles(document.styles)
    defined = {style.style_id for style in document.styles}
    missing = sorted(set(STYLES.values()) - defined)
    if missing:  # pragma: no cover - guards the table above against a python-docx change
        raise RenderError(f"the DOCX base package lacks the styles {', '.join(missing)}")
    _settings(document)
    stream = io.BytesIO()
    document.save(stream)
    with zipfile.ZipFile(stream) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    parts["docProps/app.xml"] = _APP_XML
    return Template(parts, default_footer, first_footer)


_APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    b' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Template>Normal.dotm</Template><Application>docgen</Application><DocSecurity>0</DocSecurity>"
    b"<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    b"<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def _drop_extras(document: docx.document.Document) -> None:
    """Drop the default template's parts a contract does not use (thumbnail, effects, lists)."""
    unused = ("stylesWithEffects", "customXml", "numbering")
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype.rsplit("/", 1)[-1] in unused:
            del document.part.rels[rid]
    package_rels = document.part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package_rels[rid]


def _settings(document: docx.document.Document) -> None:
    settings = document.settings.element
    for name in ("w:savePreviewPicture", "w:rsids", "w:proofState"):
        for element in settings.findall(qn(name)):
            settings.remove(element)
    zoom = settings.find(qn("w:zoom"))
    if zoom is not None:
        zoom.attrib.clear()
        zoom.set(qn("w:percent"), "100")


def _define_styles(styles: Styles) -> None:
    root = styles.element
    for style in root.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in _KEEP:
            root.remove(style)
    _defaults(root)

    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)

    body = _paragraph_style(styles, "Body Text", "Normal")
    fmt = body.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Inches(0.5)
    fmt.space_after = Pt(12)
    fmt.tab_stops.add_tab_stop(Inches(1))

    legend = _paragraph_style(styles, "Exhibit Legend", "Normal")
    legend.paragraph_format.space_after = Pt(12)

    title = _paragraph_style(styles, "Title", "Normal", next_style="Body Text")
    _centred_rule(title)
    title.paragraph_format.keep_together = True

    heading = _paragraph_style(styles, "Heading 1", "Normal", next_style="Body Text")
    _centred_rule(heading)
    heading.paragraph_format.keep_together = True
    _append_ppr(heading, "w:outlineLvl", "0")

    flush = _paragraph_style(styles, "Body Text Flush", "Body Text")
    flush.paragraph_format.first_line_indent = Inches(0)

    block = _paragraph_style(styles, "Signature Block", "Normal")
    fmt = block.paragraph_format
    fmt.left_indent = _SIGNATURE_INDENT
    fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
    fmt.keep_with_next = True
    fmt.keep_together = True

    party = _paragraph_style(styles, "Signature Party", "Signature Block")
    party.paragraph_format.space_before = Pt(24)

    line = _paragraph_style(styles, "Signature Line", "Signature Block")
    line.paragraph_format.space_before = Pt(36)  # room to sign
    line.paragraph_format.tab_stops.add_tab_stop(_SIGNATURE_INDENT + _BY_WIDTH)
    line.paragraph_format.tab_stops.add_tab_stop(_TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)

    # A line with no "By:" before it: its rule runs from the block's indent to the margin, so it
    # has no stop after "By:" (where the rule's tab would end, a 3/8-inch stub to sign on).
    plain = _paragraph_style(styles, "Signature Line Plain", "Signature Block")
    plain.paragraph_format.space_before = Pt(36)
    plain.paragraph_format.tab_stops.add_tab_stop(_TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)

    details = _paragraph_style(styles, "Signature Details", "Signature Block")
    details.paragraph_format.left_indent = _SIGNATURE_INDENT + _BY_WIDTH

    footer = _paragraph_style(styles, "Footer", "Normal", quick=False)
    footer.style_id = "Footer"  # Word's id for its built-in "footer" style
    footer.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    caption = styles.add_style("Section Heading", WD_STYLE_TYPE.CHARACTER)
    caption.base_style = styles["Default Paragraph Font"]
    caption.font.underline = True
    caption.quick_style = True

    rule = styles.add_style("Signature Rule", WD_STYLE_TYPE.CHARACTER)
    rule.base_style = styles["Default Paragraph Font"]
    rule.font.underline = True

    for builtin in (title, heading, body, footer):  # Word's own styles, redefined, not custom
        builtin.element.attrib.pop(qn("w:customStyle"), None)


def _defaults(root: etree._Element) -> None:
    """Set the document defaults: Times New Roman 12 pt, single spacing, widow control."""
    defaults = root.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    fonts = rpr.find(qn("w:rFonts"))
    fonts.attrib.clear()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    for tag in ("w:sz", "w:szCs"):
        rpr.find(qn(tag)).set(qn("w:val"), "24")
    ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
    for child in list(ppr):
        ppr.remove(child)
    etree.SubElement(ppr, qn("w:widowControl"))
    spacing = etree.SubElement(ppr, qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    spacing.set(qn("w:lineRule"), "auto")


def _paragraph_style(
    styles: Styles, name: str, base: str, *, next_style: str | None = None, quick: bool = True
) -> ParagraphStyle:
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(style, ParagraphStyle)
    style.base_style = styles[base]
    if next_style:
        style.next_paragraph_style = styles[next_style]
    style.quick_style = quick
    style.hidden = False
    style.unhide_when_used = False
    return style


def _centred_rule(style: ParagraphStyle) -> None:
    """Make `style` a centred, bold, underlined line kept with the paragraph after it."""
    fmt = style.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.space_after = Pt(12)
    fmt.keep_with_next = True
    style.font.bold = True
    style.font.underline = True


def _append_ppr(style: BaseStyle, tag: str, value: str) -> None:
    """Add ``<tag w:val=value>`` in its schema place in `style`'s paragraph properties."""
    ppr = style.element.get_or_add_pPr()
    element = ppr.find(qn(tag))
    if element is None:
        element = etree.SubElement(ppr, qn(tag))
        # w:outlineLvl comes after w:jc and w:spacing; before w:rPr (none here).
    element.set(qn("w:val"), value)
