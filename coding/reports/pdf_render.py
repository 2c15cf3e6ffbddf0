"""Drawing a :class:`Report` as PDF with reportlab: embedded Unicode fonts, contents, page numbers."""
from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (BaseDocTemplate, Frame, HRFlowable, NextPageTemplate, PageBreak, PageTemplate,
                                Paragraph, Spacer, Table, TableStyle)
from reportlab.platypus.tableofcontents import TableOfContents

from coding.base.safefile import atomic_path
from coding.reports import model
from coding.reports.fonts import BOLD, ITALIC, SANS, markup, register
from coding.reports.safe_text import safe

INK, MUTED, ACCENT, RULE, HEAD_FILL = (colors.HexColor(c) for c in
                                       ("#1d1d1f", "#5f6670", "#1f4e79", "#c9d1db", "#e8edf3"))
ALIGN = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER}
# tables set a cell font even for Paragraph cells; Helvetica would be an unembedded font in the file
NO_HELVETICA = ("FONTNAME", (0, 0), (-1, -1), SANS)


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=SANS, fontSize=9.5, leading=13.5, textColor=INK, spaceAfter=5)

    def s(name: str, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "body": base, "lead": s("lead", spaceBefore=10, spaceAfter=4, keepWithNext=1),
        "note": s("note", fontSize=8, leading=11, textColor=MUTED),
        "title": s("title", fontName=BOLD, fontSize=24, leading=30, textColor=ACCENT, spaceAfter=10),
        "subtitle": s("subtitle", fontSize=13, leading=18, textColor=INK, spaceAfter=28),
        "h1": s("h1", fontName=BOLD, fontSize=15, leading=19, textColor=ACCENT, spaceBefore=16, spaceAfter=7,
                keepWithNext=1),
        "h2": s("h2", fontName=BOLD, fontSize=12, leading=16, textColor=ACCENT, spaceBefore=12, spaceAfter=5,
                keepWithNext=1),
        "h3": s("h3", fontName=BOLD, fontSize=10.5, leading=14, textColor=INK, spaceBefore=10, spaceAfter=4,
                keepWithNext=1),
        "field": s("field", spaceAfter=4),
        "badge": s("badge", fontName=BOLD, fontSize=7, leading=9, textColor=ACCENT, leftIndent=14, spaceBefore=4,
                   spaceAfter=1, keepWithNext=1),
        "quote": s("quote", fontName=ITALIC, fontSize=9.5, leading=13.5, leftIndent=14, spaceBefore=3, spaceAfter=8),
        "quote_kwn": s("quote_kwn", fontName=ITALIC, fontSize=9.5, leading=13.5, leftIndent=14, spaceBefore=3,
                       spaceAfter=1, keepWithNext=1),
        "details": s("details", fontSize=7.5, leading=10, textColor=MUTED, leftIndent=14, spaceAfter=7),
        "cell": s("cell", fontSize=8, leading=10.5, spaceAfter=0),
        "toc_title": s("toc_title", fontName=BOLD, fontSize=15, leading=19, textColor=ACCENT, spaceAfter=12),
        "meta_label": s("meta_label", fontSize=9, textColor=MUTED), "meta": s("meta", fontSize=9),
    }


class Para(Paragraph):
    """A paragraph that computes its line breaks once per width.

    multiBuild lays everything out twice and keepWithNext groups measure their members before
    placing them; remembering the breaks halved the time of a 340-page segments report.
    """

    def breakLines(self, width):  # noqa: ANN001, ANN201 - reportlab's signature
        """Line breaks for ``width``, computed once."""
        key = tuple(width) if isinstance(width, (list, tuple)) else width
        cache = self.__dict__.setdefault("_breaks", {})
        if key not in cache:
            cache[key] = super().breakLines(width)
        return cache[key]

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        """Draw, except in a layout-only pass (see ``_numbered_canvas``)."""
        if not getattr(canvas, "layout_only", False):
            super().drawOn(canvas, x, y, _sW)


class Heading(Para):
    """A heading paragraph that reports itself to the contents and the PDF outline."""

    level = 1
    plain = ""


class QuoteParagraph(Para):
    """A quote with a vertical rule at its left, also on the parts of a quote split over pages."""

    def draw(self) -> None:
        """Draw the text, then the rule beside it."""
        super().draw()
        c = self.canv
        c.saveState()
        c.setStrokeColor(RULE)
        c.setLineWidth(2)
        x = self.style.leftIndent - 8
        c.line(x, 1, x, self.height - 1)
        c.restoreState()


def _numbered_canvas(report: model.Report, first_pass_layout_only: bool):
    """A canvas class that knows the page count, so footers can say "page 3 of 12".

    With a contents page the first pass only finds the headings' pages (its seeded contents are
    never final, so multiBuild always runs a second one): text is not drawn in it.
    """
    made: list[Canvas] = []

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kw) -> None:
            super().__init__(*args, **kw)
            self._pages: list[dict] = []
            self.layout_only = first_pass_layout_only and not made
            made.append(self)

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                if self._pageNumber > 1 or not report.title_page:
                    self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            width = self._pagesize[0]
            self.saveState()
            self.setFont(SANS, 8)
            self.setFillColor(MUTED)
            self.drawCentredString(width / 2, 12 * mm, report.page_label.format(page=self._pageNumber, pages=total))
            self.restoreState()

    return NumberedCanvas


class _Doc(BaseDocTemplate):
    def __init__(self, path: str, report: model.Report, styles: dict[str, ParagraphStyle]) -> None:
        size = landscape(A4) if report.landscape else A4
        super().__init__(path, pagesize=size, leftMargin=24 * mm, rightMargin=24 * mm, topMargin=24 * mm,
                         bottomMargin=24 * mm, title=report.title, subject=report.subtitle, author="Andock",
                         creator="Andock", lang=report.lang, initialFontName=SANS)  # no unembedded Helvetica
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("title", [frame]),
                               PageTemplate("body", [frame], onPage=self._header)])
        self.report, self.styles, self._keys, self._level = report, styles, 0, -1

    def _header(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.saveState()
        top = self.pagesize[1] - 15 * mm
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(self.leftMargin, top - 4, self.leftMargin + self.width, top - 4)
        title = _fit(self.report.title, self.width * 0.6, 7.5)
        room = self.width - stringWidth(title, SANS, 7.5) - 10 * mm
        for text, align in ((title, TA_LEFT), (_fit(self.report.subtitle, room, 7.5), TA_RIGHT)):
            line = Paragraph(markup(text), ParagraphStyle("head", fontName=SANS, fontSize=7.5, leading=9,
                                                          textColor=MUTED, alignment=align))
            line.wrapOn(canv, self.width, 20)
            line.drawOn(canv, self.leftMargin, top - 2)
        canv.restoreState()

    def afterFlowable(self, flowable: object) -> None:
        """Record headings for the contents page and the PDF outline (bookmarks)."""
        if isinstance(flowable, Heading):
            self._keys += 1
            key = f"h{self._keys}"
            self.canv.bookmarkPage(key)
            # the PDF outline may only go one level deeper at a time
            self._level = min(flowable.level - 1, self._level + 1)
            self.canv.addOutlineEntry(flowable.plain, key, self._level, closed=self._level > 0)
            self.notify("TOCEntry", (flowable.level - 1, markup(flowable.plain), self.page, key))

    def handle_documentBegin(self) -> None:
        """Start each build pass with fresh bookmark keys (multiBuild runs several)."""
        self._keys, self._level = 0, -1
        super().handle_documentBegin()


def _fit(text: str, width: float, size: float) -> str:
    """``text`` shortened with "…" to fit ``width`` points on one line."""
    if stringWidth(text, SANS, size) <= width:
        return text
    while text and stringWidth(text + "…", SANS, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _runs(runs: list[model.Run]) -> str:
    out = []
    for r in runs:
        text = markup(r.text)
        if r.bold:
            text = f"<b>{text}</b>"
        if r.italic:
            text = f"<i>{text}</i>"
        if r.muted:
            text = f'<font color="#5f6670">{text}</font>'
        out.append(text)
    return "".join(out)


def _table(block: model.Table, width: float, styles: dict[str, ParagraphStyle]) -> list:
    cell = styles["cell"]

    def para(c: model.Cell, header: bool = False) -> Paragraph:
        st = ParagraphStyle("c", parent=cell, alignment=ALIGN[c.align], leftIndent=c.indent * 9,
                            fontName=BOLD if (c.bold or header) else SANS,
                            textColor=colors.white if c.light_text else INK)
        return Para(markup(c.text), st)

    data = [[para(c, True) for c in block.header]] + [[para(c) for c in row] for row in block.rows]
    total = sum(block.widths)
    # splitInRow: a row taller than a page (a very long name) continues on the next page
    t = Table(data, colWidths=[width * w / total for w in block.widths], repeatRows=1, splitInRow=1)
    cmds = [NO_HELVETICA, ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL), ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
            ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4)]
    for r, row in enumerate(block.rows, 1):
        for c, value in enumerate(row):
            if value.fill:
                cmds.append(("BACKGROUND", (c, r), (c, r), colors.HexColor(value.fill)))
    t.setStyle(TableStyle(cmds))
    out: list = [Spacer(1, 4), t]
    if block.note:
        out += [Spacer(1, 4), Para(markup(block.note), styles["note"])]
    return out + [Spacer(1, 6)]


def _story(report: model.Report, doc: _Doc, styles: dict[str, ParagraphStyle]) -> list:
    story: list = []
    if report.title_page:
        meta = [[Para(markup(k), styles["meta_label"]), Para(markup(v), styles["meta"])]
                for k, v in report.meta]
        story += [Spacer(1, 55 * mm), Para(markup(report.title), styles["title"]),
                  HRFlowable(width="35%", thickness=1.5, color=ACCENT, hAlign="LEFT", spaceAfter=10),
                  Para(markup(report.subtitle), styles["subtitle"])]
        if meta:
            story.append(Table(meta, colWidths=[40 * mm, doc.width - 40 * mm], hAlign="LEFT",
                               style=[NO_HELVETICA, ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                      ("TOPPADDING", (0, 0), (-1, -1), 1)]))
        story += [NextPageTemplate("body"), PageBreak()]
    else:
        story += [NextPageTemplate("body")]
    if report.contents and report.headings():
        toc = TableOfContents(dotsMinLevel=0, tableStyle=TableStyle([NO_HELVETICA, ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                                                     ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        # seeded with the headings (pages unknown), the contents have their final size in the
        # first pass, so multiBuild needs two passes instead of three
        toc._entries = [(h.level - 1, markup(h.full), 0, None) for h in report.headings()]
        toc.levelStyles = [ParagraphStyle("toc1", parent=styles["body"], fontName=BOLD, fontSize=9.5, leading=12.5,
                                          leftIndent=0, firstLineIndent=0, spaceBefore=4, spaceAfter=0),
                           ParagraphStyle("toc2", parent=styles["body"], fontSize=9, leading=12, leftIndent=14,
                                          firstLineIndent=0, spaceAfter=0),
                           ParagraphStyle("toc3", parent=styles["body"], fontSize=8.5, leading=11, leftIndent=28,
                                          firstLineIndent=0, spaceAfter=0)]
        story += [Para(markup(report.contents_title), styles["toc_title"]), toc, PageBreak()]
    for b in report.blocks:
        if isinstance(b, model.Heading):
            h = Heading(markup(b.full), styles[f"h{b.level}"])
            h.level, h.plain = b.level, b.full
            story.append(h)
        elif isinstance(b, model.Paragraph):
            story.append(Para(_runs(b.runs), styles[b.style]))
        elif isinstance(b, model.Field):
            if b.text.strip():
                story.append(Para(f"<b>{markup(b.label)}:</b> {markup(b.text.strip())}", styles["field"]))
        elif isinstance(b, model.Table):
            story += _table(b, doc.width, styles)
        elif isinstance(b, model.Quote):
            cite = f' <font name="{SANS}" color="#5f6670">{markup(b.citation)}</font>' if b.citation else ""
            if b.badge:
                story.append(Para(markup(b.badge.upper()), styles["badge"]))
            # keepWithNext chains heading, badge, quote and details onto one page (KeepTogether
            # would break the chain: reportlab does not nest it into keepWithNext groups)
            story.append(QuoteParagraph(markup(b.text) + cite, styles["quote_kwn" if b.details else "quote"]))
            if b.details:
                story.append(Para(_runs(_joined(b.details)), styles["details"]))
    return story


def _joined(runs: list[model.Run]) -> list[model.Run]:
    out: list[model.Run] = []
    for r in runs:
        if out:
            out.append(model.Run("  ·  ", muted=True))
        out.append(r)
    return out


def render_pdf(report: model.Report, path: str | Path) -> None:
    """Write ``report`` as a PDF (two or more passes, so the contents show the right pages)."""
    register()
    report = safe(report)  # control characters an old project may hold would print as boxes
    styles = _styles()
    with atomic_path(path) as tmp:  # a failing build never leaves half a file in place of the old one
        doc = _Doc(str(tmp), report, styles)
        story = _story(report, doc, styles)
        if report.contents and report.headings():
            doc.multiBuild(story, canvasmaker=_numbered_canvas(report, True))
        else:
            doc.build(story, canvasmaker=_numbered_canvas(report, False))
