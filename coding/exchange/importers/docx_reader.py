"""Plain text of Word (.docx) files, read safely from files of unknown origin.

What is read: the body's paragraphs in document order, one line each (``\\n`` between them;
line breaks inside a paragraph become ``\\n``, tabs ``\\t``); a table row becomes one line with
its cells joined by a tab (a cell's paragraphs joined by a space; nested tables flattened
into the cell); content controls are read like the body. Tracked insertions count as text,
tracked deletions and field codes do not. Not read: headers, footers, footnotes, comments and
text boxes (page furniture, not interview content).

Safety: ``check_docx`` runs before python-docx sees the file: an old ``.doc`` gets a hint, a
zip without ``[Content_Types].xml`` is refused, and ``coding.exchange.zipguard`` checks part counts,
sizes, ratios and every part's real size while inflating it in small steps.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from coding.base.errors import InputError
from coding.text.textio import normalize_text
from coding.exchange.zipguard import check_zip, unreadable
from coding.base.messages import _

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check_docx(path: Path) -> None:
    """Refuse (``InputError``) a file that is not a safe-to-open .docx; see ``coding.exchange.zipguard``."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise InputError(_("{name}: cannot read file ({strerror})",
                           name=path.name, strerror=exc.strerror)) from None
    if head.startswith(_OLE_MAGIC):
        raise InputError(
            _("{name}: an old Word .doc file; open it in Word or LibreOffice and save it as .docx",
              name=path.name)
        )
    if not head.startswith(b"PK"):
        raise InputError(_("{name}: not a Word .docx file (not a zip archive)", name=path.name))
    check_zip(path, "Word file", required="[Content_Types].xml")


_SKIPPED = {f"{_W}del", f"{_W}moveFrom", f"{_W}txbxContent"}
_RUN_CHARS = {f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}


def _skipped(run, p) -> bool:
    """Deleted or moved-away text, and text boxes (their own paragraphs, not this one's)."""
    node = run.getparent()
    while node is not None and node is not p:
        # mc:Fallback repeats what mc:Choice already holds, e.g. a shape's text.
        if node.tag in _SKIPPED or node.tag.endswith("}Fallback"):
            return True
        node = node.getparent()
    return False


def _paragraph_text(p) -> str:
    """Text of a ``w:p``: its runs wherever they nest (hyperlinks, insertions, fields, tags)."""
    parts: list[str] = []
    for run in p.iter(f"{_W}r"):
        if _skipped(run, p):
            continue
        for child in run.iterchildren():  # only the run's own children: no text-box content
            if child.tag == f"{_W}t":
                parts.append(child.text or "")
            else:
                parts.append(_RUN_CHARS.get(child.tag, ""))
    return "".join(parts)


def _block_lines(container) -> Iterator[str]:
    """Lines of the block-level content (paragraphs, tables, content controls) in order."""
    for child in container.iterchildren():
        if child.tag == f"{_W}p":
            yield _paragraph_text(child)
        elif child.tag == f"{_W}tbl":
            for row in child.iterchildren(f"{_W}tr"):
                cells = (" ".join(_block_lines(tc)).split() for tc in row.iterchildren(f"{_W}tc"))
                yield "\t".join(" ".join(words) for words in cells)
        elif child.tag == f"{_W}sdt":
            for content in child.iterchildren(f"{_W}sdtContent"):
                yield from _block_lines(content)


def read_docx_text(path: str | Path) -> str:
    """Return the text of a .docx file, paragraphs joined by ``\\n``, normalised for storage."""
    path = Path(path)
    check_docx(path)
    import docx  # imported late: python-docx is only needed for Word files

    try:
        body = docx.Document(str(path)).element.body
        lines = list(_block_lines(body))
    except Exception as exc:  # python-docx and lxml raise many types on hostile or broken files
        raise unreadable(path.name, "Word file", exc) from None
    return normalize_text("\n".join(lines))
