"""WordprocessingML that python-docx has no API for: fields, the contents field, updateFields, shading."""
from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from coding.reports.model import Heading

# elements that follow w:updateFields in CT_Settings; Word rejects settings.xml out of order
_AFTER_UPDATE_FIELDS = {
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema",
    "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures",
    "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults",
    "doNotEmbedSmartTags", "decimalSymbol", "listSeparator"}


def _fld_char(kind: str, dirty: bool = False):
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), kind)
    if dirty:
        el.set(qn("w:dirty"), "true")  # "recalculate me", for readers that honour it
    return el


def _instr(par, instr: str) -> None:
    run = par.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instr} "
    run._r.append(text)


def add_field(par, instr: str, shown: str) -> None:
    """Append a complex field (``PAGE``, ``NUMPAGES`` …) showing ``shown`` until Word updates it."""
    par.add_run()._r.append(_fld_char("begin", dirty=True))
    _instr(par, instr)
    par.add_run()._r.append(_fld_char("separate"))
    par.add_run(shown)
    par.add_run()._r.append(_fld_char("end"))


def add_toc(doc, headings: list[Heading]) -> None:
    """A ``TOC`` field over heading levels 1-3, pre-filled with the headings (pages come on update).

    The field result spans one paragraph per heading, so a reader that does not update fields
    (LibreOffice's import, a preview) still shows the list of sections.
    """
    pars = []
    for h in headings or [Heading(1, "")]:
        par = doc.add_paragraph()
        par.paragraph_format.left_indent = Cm(0.5 * (h.level - 1))
        par.paragraph_format.space_after = 0 if h.level > 1 else 2
        pars.append((par, h))
    first, last = pars[0][0], pars[-1][0]
    first.add_run()._r.append(_fld_char("begin", dirty=True))
    _instr(first, 'TOC \\o "1-3" \\h \\z \\u')
    first.add_run()._r.append(_fld_char("separate"))
    for par, h in pars:
        run = par.add_run(h.full)
        run.bold = h.level == 1 or None
    last.add_run()._r.append(_fld_char("end"))


def set_update_fields(doc) -> None:
    """Tell Word to update all fields (contents, page numbers) when it opens the file."""
    settings = doc.settings.element
    for old in settings.findall(qn("w:updateFields")):
        settings.remove(old)
    el = OxmlElement("w:updateFields")
    el.set(qn("w:val"), "true")
    for child in settings:
        if child.tag.split("}")[-1] in _AFTER_UPDATE_FIELDS:
            child.addprevious(el)
            return
    settings.append(el)


def shade(cell, fill: str) -> None:
    """Give a table cell a solid background colour (``RRGGBB``)."""
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    for k, v in (("val", "clear"), ("color", "auto"), ("fill", fill.upper())):
        shd.set(qn(f"w:{k}"), v)
    tc_pr.append(shd)
