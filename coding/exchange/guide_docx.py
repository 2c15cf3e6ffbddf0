"""Reading a Word (.docx) interview guide as classified paragraphs for ``coding.exchange.guide``.

The file comes from outside, so it passes the transcript importer's check (``check_docx``:
sizes verified while inflating, see ``coding.exchange.zipguard``) before python-docx touches it.
Paragraphs are read in document order, including those inside tables
and content controls (guides are often laid out as tables).
"""
from __future__ import annotations

import re
from pathlib import Path

from coding.exchange.guide_paragraph import GuideParagraph
from coding.exchange.importers.docx_reader import check_docx
from coding.exchange.zipguard import unreadable

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CONTAINERS = {_W + t for t in ("tbl", "tr", "tc", "sdt", "sdtContent", "customXml",
                                "smartTag", "ins")}
_HEADING_STYLE_RE = re.compile(r"(?:heading|überschrift|titre|kop|encabezado|titolo)\s*(\d)")
_TITLE_STYLES = {"title", "titel"}


def read_docx_paragraphs(path: Path) -> list[GuideParagraph]:
    """Return the guide's paragraphs with heading level, list level and bullet/bold flags."""
    check_docx(path)
    import docx  # imported here: python-docx is only needed for Word guides
    from docx.text.paragraph import Paragraph
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds of errors on damaged files
        raise unreadable(path.name, "Word file", exc) from None
    numbering = _Numbering(document)
    out = []
    for element in _walk(document.element.body):
        para = Paragraph(element, document)
        text = para.text
        if not text.strip():
            continue
        style = _style(para)
        num = _num_props(element, style)
        out.append(GuideParagraph(
            text=text,
            heading=_heading_level(element, style),
            list_level=num[1] if num else None,
            bullet=num is not None and numbering.is_bullet(*num),
            bold=_all_bold(para, style),
        ))
    return out


def _walk(element):
    """Yield w:p elements in reading order, descending into tables and content controls."""
    for child in element.iterchildren():
        if child.tag == _W + "p":
            yield child
        elif child.tag in _CONTAINERS:
            yield from _walk(child)


def _style(para):
    try:
        return para.style
    except Exception:  # a dangling style id in a foreign file: treat as unstyled
        return None


def _style_chain(style):
    seen = 0
    while style is not None and seen < 20:  # based-on cycles exist in the wild
        yield style
        style, seen = style.base_style, seen + 1


def _heading_level(element, style) -> int | None:
    name = (style.name or "").strip().casefold() if style is not None else ""
    if name in _TITLE_STYLES:
        return 0
    if m := _HEADING_STYLE_RE.fullmatch(name):
        return int(m.group(1))
    for pPr in [element.pPr] + [s.element.pPr for s in _style_chain(style)]:
        node = pPr.find(_W + "outlineLvl") if pPr is not None else None
        if node is not None:
            level = _int(node.get(_W + "val"))
            return level + 1 if level is not None and 0 <= level <= 8 else None
    return None


def _num_props(element, style) -> tuple[int, int] | None:
    """Effective (numId, ilvl) of a Word list paragraph, from the paragraph or its style."""
    num_id = ilvl = None
    for pPr in [element.pPr] + [s.element.pPr for s in _style_chain(style)]:
        node = pPr.find(_W + "numPr") if pPr is not None else None
        if node is None:
            continue
        if num_id is None:
            num_id = _child_val(node, "numId")
        if ilvl is None:
            ilvl = _child_val(node, "ilvl")
        if num_id is not None:
            break
    if not num_id:  # numId 0 means "numbering removed"
        return None
    return num_id, ilvl or 0


def _child_val(node, tag: str) -> int | None:
    child = node.find(_W + tag)
    return _int(child.get(_W + "val")) if child is not None else None


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _all_bold(para, style) -> bool:
    style_bold = bool(style is not None and style.font.bold)
    runs = [r for r in para.runs if r.text.strip()]
    return bool(runs) and all(r.bold or (r.bold is None and style_bold) for r in runs)


class _Numbering:
    """Number formats of the document's lists, to tell bullets from numbered items."""

    def __init__(self, document) -> None:
        self.formats: dict[tuple[int, int], str] = {}
        try:
            root = document.part.numbering_part.element
        except Exception:  # no numbering part: every list counts as numbered
            return
        abstract = {}
        for node in root.findall(_W + "abstractNum"):
            abstract[node.get(_W + "abstractNumId")] = _level_formats(node)
        for num in root.findall(_W + "num"):
            num_id = _int(num.get(_W + "numId"))
            ref = num.find(_W + "abstractNumId")
            formats = dict(abstract.get(ref.get(_W + "val"), {})) if ref is not None else {}
            for override in num.findall(_W + "lvlOverride"):
                lvl = override.find(_W + "lvl")
                if lvl is not None:
                    formats.update(_level_formats(override))
            if num_id is not None:
                for ilvl, fmt in formats.items():
                    self.formats[(num_id, ilvl)] = fmt

    def is_bullet(self, num_id: int, ilvl: int) -> bool:
        return self.formats.get((num_id, ilvl), "decimal") in ("bullet", "none")


def _level_formats(node) -> dict[int, str]:
    formats = {}
    for lvl in node.findall(_W + "lvl"):
        ilvl, fmt = _int(lvl.get(_W + "ilvl")), lvl.find(_W + "numFmt")
        if ilvl is not None and fmt is not None:
            formats[ilvl] = fmt.get(_W + "val") or "decimal"
    return formats
