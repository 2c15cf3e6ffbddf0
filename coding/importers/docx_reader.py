"""Plain text of Word (.docx) files, read safely from files of unknown origin.

What is read: the body's paragraphs in document order, one line each (``\\n`` between them;
line breaks inside a paragraph become ``\\n``, tabs ``\\t``); a table row becomes one line with
its cells joined by a tab (a cell's paragraphs joined by a space; nested tables flattened
into the cell); content controls are read like the body. Tracked insertions count as text,
tracked deletions and field codes do not. Not read: headers, footers, footnotes, comments and
text boxes (page furniture, not interview content).

Safety: the zip is checked before python-docx sees it. Refused with ``InputError``: not a zip
(with a hint for old ``.doc`` files), a zip without ``[Content_Types].xml``, more than 10,000
parts, compression other than stored/deflate, a part that unpacks to more than 200 MB, a part
over 1 MB with a compression ratio above 100:1, more than 500 MB in total, and a part whose
real size or checksum differs from its header (every part is unpacked once in small chunks,
because zipfile's one-shot read would inflate a lying part fully into memory).
"""
from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError
from ..textio import normalize_text

MAX_PART_BYTES = 200 * 1024 * 1024
MAX_TOTAL_BYTES = 500 * 1024 * 1024
MAX_RATIO = 100
RATIO_FROM_BYTES = 1024 * 1024  # small parts (styles.xml) compress very well and harm nobody
MAX_PARTS = 10_000
_CHUNK = 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _one_line(exc: Exception, with_type: bool = False) -> str:
    text = " ".join(str(exc).split())[:200]
    return f"{type(exc).__name__}: {text}" if with_type else text


def _check_zip(path: Path) -> None:
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_PARTS:
                raise InputError(f"{name}: {len(infos)} parts in the archive; refusing (limit {MAX_PARTS})")
            if "[Content_Types].xml" not in {info.filename for info in infos}:
                raise InputError(f"{name}: a zip archive, but not a Word document")
            total = 0
            for info in infos:
                _check_part(name, info)
                total += info.file_size
            if total > MAX_TOTAL_BYTES:
                raise InputError(
                    f"{name}: would unpack to {total // 2**20} MB; "
                    f"refusing (limit {MAX_TOTAL_BYTES // 2**20} MB)"
                )
            for info in infos:
                _unpack_bounded(archive, info, name)
    # zipfile reports crafted headers in many ways (RuntimeError: encrypted; ValueError or
    # struct.error: impossible offsets; OSError: seeks past the end).
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError,
            ValueError, OSError, struct.error) as exc:
        raise InputError(f"{name}: damaged or unsupported Word file ({_one_line(exc)})") from None


def _check_part(name: str, info: zipfile.ZipInfo) -> None:
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise InputError(f"{name}: part {info.filename} uses an unusual compression; not a Word file")
    if info.file_size > MAX_PART_BYTES:
        raise InputError(
            f"{name}: part {info.filename} would unpack to {info.file_size // 2**20} MB; "
            f"refusing (limit {MAX_PART_BYTES // 2**20} MB)"
        )
    if info.file_size > RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise InputError(
            f"{name}: part {info.filename} is compressed more than {MAX_RATIO}:1 "
            "(a zip bomb?); refusing"
        )


def _unpack_bounded(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> None:
    # Chunked reads inflate at most _CHUNK bytes at a time and stop at the declared size;
    # at the end zipfile verifies the CRC, so a part that lies about its size is caught here.
    size = 0
    with archive.open(info) as part:
        while chunk := part.read(_CHUNK):
            size += len(chunk)
    if size != info.file_size:
        raise InputError(f"{name}: part {info.filename} is damaged (size differs from its header)")


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
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise InputError(f"{path.name}: cannot read file ({exc.strerror})") from None
    if head.startswith(_OLE_MAGIC):
        raise InputError(
            f"{path.name}: an old Word .doc file; open it in Word or LibreOffice and save it as .docx"
        )
    if not head.startswith(b"PK"):
        raise InputError(f"{path.name}: not a Word .docx file (not a zip archive)")
    _check_zip(path)
    import docx  # imported late: python-docx is only needed for Word files

    try:
        body = docx.Document(str(path)).element.body
        lines = list(_block_lines(body))
    except Exception as exc:  # python-docx and lxml raise many types on hostile or broken files
        reason = _one_line(exc, with_type=True)
        raise InputError(f"{path.name}: cannot read this Word file ({reason})") from None
    return normalize_text("\n".join(lines))
