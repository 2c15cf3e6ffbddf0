"""Drawing a :class:`Report` as DOCX with python-docx: Word styles, a TOC field, repeated header rows."""
from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from coding.base.safefile import atomic_path
from coding.reports import model
from coding.reports.docx_fields import add_field, add_toc, set_update_fields, shade
from coding.reports.safe_text import safe

INK, MUTED, ACCENT, RULE, HEAD_FILL = "1D1D1F", "5F6670", "1F4E79", "C9D1DB", "E8EDF3"
FONT = "Calibri"
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT, "center": WD_ALIGN_PARAGRAPH.CENTER}


def _style(doc, name: str, size: float, *, bold: bool = False, italic: bool = False, colour: str = INK,
           before: float = 0, after: float = 4, indent: float = 0, keep: bool = False, base: str = "Normal"):
    try:
        st = doc.styles[name]
    except KeyError:
        st = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = doc.styles[base]
    st.font.name, st.font.size, st.font.bold, st.font.italic = FONT, Pt(size), bold, italic
    st.font.color.rgb = RGBColor.from_string(colour)
    pf = st.paragraph_format
    pf.space_before, pf.space_after, pf.left_indent, pf.keep_with_next = Pt(before), Pt(after), Cm(indent), keep
    return st


def _setup(doc, report: model.Report) -> None:
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    if report.landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = sec.page_height, sec.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, side, Cm(2.4))
    normal = _style(doc, "Normal", 10)
    normal.paragraph_format.line_spacing = 1.15
    # the document's language, so Word checks spelling and hyphenates in German or English
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "de-DE" if report.lang == "de" else "en-GB")
    normal.element.get_or_add_rPr().append(lang)
    _style(doc, "Title", 26, bold=True, colour=ACCENT, after=8)
    _style(doc, "Subtitle", 14, after=28)
    for level, size, before in ((1, 15, 18), (2, 12.5, 12), (3, 11, 10)):
        _style(doc, f"Heading {level}", size, bold=True, colour=ACCENT if level < 3 else INK,
               before=before, after=5, keep=True)
    _style(doc, "Andock Lead", 10, before=8, after=3, keep=True)
    _style(doc, "Andock Note", 8, colour=MUTED, after=6)
    _style(doc, "Andock Contents Title", 15, bold=True, colour=ACCENT, after=12)
    _style(doc, "Andock Badge", 7, bold=True, colour=ACCENT, before=5, after=0, indent=0.6, keep=True)
    quote = _style(doc, "Andock Quote", 10, italic=True, before=2, after=1, indent=0.6)
    bdr = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    for k, v in (("val", "single"), ("sz", "16"), ("space", "8"), ("color", RULE)):
        left.set(qn(f"w:{k}"), v)
    bdr.append(left)
    quote.element.get_or_add_pPr().append(bdr)
    _style(doc, "Andock Details", 7.5, colour=MUTED, after=8, indent=0.6)
    _style(doc, "Andock Cell", 8.5, after=0)
    doc.core_properties.title, doc.core_properties.author = report.title, "Andock"
    doc.core_properties.subject = report.subtitle


def _runs(par, runs: list[model.Run]) -> None:
    for r in runs:
        run = par.add_run(r.text)
        run.bold = r.bold or None
        run.italic = r.italic or None
        if r.muted:
            run.font.color.rgb = RGBColor.from_string(MUTED)


def _footer(doc, report: model.Report) -> None:
    sec = doc.sections[0]
    sec.different_first_page_header_footer = report.title_page  # no page number on the title page
    par = sec.footer.paragraphs[0]
    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    text = report.page_label
    for part, field in (("{page}", "PAGE"), ("{pages}", "NUMPAGES")):
        before, _, text = text.partition(part)
        if before:
            par.add_run(before)
        add_field(par, field, "1")
    if text:
        par.add_run(text)
    for run in par.runs:
        run.font.size, run.font.color.rgb = Pt(8), RGBColor.from_string(MUTED)
    head = sec.header.paragraphs[0]
    head.add_run(report.title + (f" · {report.subtitle}" if report.subtitle else ""))
    head.runs[0].font.size, head.runs[0].font.color.rgb = Pt(8), RGBColor.from_string(MUTED)


def _table(doc, block: model.Table, width_cm: float, cell_style: str) -> None:
    table = doc.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    total = sum(block.widths)
    widths = [Cm(width_cm * w / total) for w in block.widths]
    for column, width in zip(table.columns, widths):
        column.width = width  # w:gridCol, which LibreOffice lays out by (Word uses the cells' w:tcW)
    borders = OxmlElement("w:tblBorders")
    for edge, size in (("top", "8"), ("bottom", "8"), ("insideH", "4")):
        el = OxmlElement(f"w:{edge}")
        for k, v in (("val", "single"), ("sz", size), ("color", RULE)):
            el.set(qn(f"w:{k}"), v)
        borders.append(el)
    tbl_pr = table._tbl.tblPr
    later = [c for c in tbl_pr if c.tag.split("}")[-1] in ("shd", "tblLayout", "tblCellMar", "tblLook")]
    (later[0].addprevious if later else tbl_pr.append)(borders)  # CT_TblPr's order, or Word balks
    margins = OxmlElement("w:tblCellMar")
    for edge, twips in (("top", 45), ("left", 80), ("bottom", 45), ("right", 80)):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(twips))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    look = tbl_pr.find(qn("w:tblLook"))
    (look.addprevious if look is not None else tbl_pr.append)(margins)
    for r, (row, cells) in enumerate(zip(table.rows, [block.header] + block.rows)):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if r == 0:
            tr_pr.append(OxmlElement("w:tblHeader"))  # Word repeats this row on every page
        for cell, value, width in zip(row.cells, cells, widths):
            cell.width = width
            par = cell.paragraphs[0]
            par._p.style = cell_style  # by id: a lookup by name per cell is slow
            par.alignment = ALIGN[value.align]
            if value.indent:
                par.paragraph_format.left_indent = Cm(0.35 * value.indent)
            run = par.add_run(value.text)
            run.bold = (value.bold or r == 0) or None
            if value.light_text:
                run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            fill = HEAD_FILL if r == 0 else (value.fill or "").lstrip("#")
            if fill:
                shade(cell, fill)
    if block.note:
        doc.add_paragraph(block.note, style="Andock Note").paragraph_format.space_before = Pt(4)
    else:
        doc.add_paragraph(style="Andock Note")


class _Body:
    """Appends paragraphs to the document body quickly.

    python-docx's ``add_paragraph`` looks the style up by name and searches the whole body for
    the section properties on every call; on a 3,000-quote report that was 80 % of the time.
    """

    def __init__(self, doc) -> None:
        self.doc, self.end = doc, doc.element.body.sectPr
        self.ids: dict[str, str] = {}

    def style_id(self, name: str) -> str:
        """The id of a paragraph style, looked up once."""
        if name not in self.ids:
            self.ids[name] = self.doc.styles[name].style_id
        return self.ids[name]

    def par(self, text: str = "", style: str | None = None) -> DocxParagraph:
        """A new paragraph at the end of the body."""
        p = OxmlElement("w:p")
        self.end.addprevious(p)
        if style:
            p.style = self.style_id(style)
        par = DocxParagraph(p, self.doc._body)
        if text:
            par.add_run(text)
        return par


def _quote(body: _Body, b: model.Quote) -> None:
    if b.badge:
        body.par(b.badge.upper(), "Andock Badge")
    par = body.par(b.text, "Andock Quote")
    par.paragraph_format.keep_with_next = bool(b.details)
    if b.citation:
        cite = par.add_run(" " + b.citation)
        cite.italic, cite.font.color.rgb = False, RGBColor.from_string(MUTED)
    runs: list[model.Run] = []
    for r in b.details:
        runs += ([model.Run("  ·  ", muted=True)] if runs else []) + [r]
    # always a paragraph after the quote: Word and LibreOffice merge the left rules of adjacent
    # quotes into one box otherwise
    _runs(body.par(style="Andock Details"), runs)


def render_docx(report: model.Report, path: str | Path) -> None:
    """Write ``report`` as DOCX; Word updates the contents and page numbers when opening it."""
    report = safe(report)  # XML refuses control characters an old project may hold
    doc = Document()
    _setup(doc, report)
    _footer(doc, report)
    body = _Body(doc)
    sec = doc.sections[0]
    page, left, right = sec.page_width, sec.left_margin, sec.right_margin
    assert page is not None and left is not None and right is not None  # the default template sets them
    width_cm = (page - left - right) / 360000
    if report.title_page:
        body.par(style="Subtitle").paragraph_format.space_before = Cm(5)
        body.par(report.title, "Title")
        body.par(report.subtitle, "Subtitle")
        for label, value in report.meta:
            par = body.par(style="Andock Lead")
            par.paragraph_format.keep_with_next = False
            par.paragraph_format.tab_stops.add_tab_stop(Cm(4))
            _runs(par, [model.Run(label, muted=True), model.Run("\t" + value)])
        body.par().add_run().add_break(WD_BREAK.PAGE)
    else:
        body.par(report.title, "Title")
    if report.contents and report.headings():
        body.par(report.contents_title, "Andock Contents Title")
        add_toc(doc, report.headings())
        body.par().add_run().add_break(WD_BREAK.PAGE)
        set_update_fields(doc)
    styles = {"body": "Normal", "lead": "Andock Lead", "note": "Andock Note"}
    for b in report.blocks:
        if isinstance(b, model.Heading):
            body.par(b.full, f"Heading {b.level}")
        elif isinstance(b, model.Paragraph):
            _runs(body.par(style=styles[b.style]), b.runs)
        elif isinstance(b, model.Field):
            if b.text.strip():
                _runs(body.par(), [model.Run(f"{b.label}: ", bold=True), model.Run(b.text.strip())])
        elif isinstance(b, model.Table):
            _table(doc, b, width_cm, body.style_id("Andock Cell"))
        elif isinstance(b, model.Quote):
            _quote(body, b)
    with atomic_path(path) as tmp:  # a failing save never leaves half a file in place of the old one
        doc.save(str(tmp))
