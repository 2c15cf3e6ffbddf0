"""Checking Office files (DOCX, XLSX) from unknown sources before a parser unpacks them.

One guard for every zip Andock reads (transcripts, interview guides, variable tables). Refused
with ``InputError``: not a zip, more than 10,000 parts, compression other than stored/deflate,
encryption, a part that unpacks to more than 200 MB, a part over 1 MB with a compression ratio
above 100:1, more than 500 MB in total, a part whose real size or checksum differs from its
header, a part named like a path out of the archive (``../``, absolute: "zip slip"; Office never
writes such names) and an XML part with a document type declaration (Office never writes one;
it is how entity-expansion bombs and external entities get in). Headers can lie, so every part is inflated here once, in 1 MB steps, counting the real
bytes and stopping as soon as they exceed the declared size: the parsers (python-docx,
openpyxl) unpack a part in one call, which for a lying part would fill memory with whatever the
compressed stream holds before the size check.
"""
from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

from coding.base.errors import InputError
from coding.base.messages import _

MAX_PART_BYTES = 200 * 1024 * 1024
MAX_TOTAL_BYTES = 500 * 1024 * 1024
MAX_RATIO = 100
RATIO_FROM_BYTES = 1024 * 1024  # small parts (styles.xml) compress very well and harm nobody
MAX_PARTS = 10_000
_CHUNK = 1024 * 1024
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, ..., file name length, extra length


class _Damaged(Exception):
    """A part that is not what its header says (reported as a damaged file)."""


def one_line(exc: BaseException) -> str:
    """An exception's message on one short line."""
    return " ".join(str(exc).split())[:200]


def unreadable(name: str, kind: str, exc: BaseException) -> InputError:
    """A parser's failure on a checked file in a user's words (no exception class names)."""
    cause = type(exc).__name__
    if cause == "XMLSyntaxError":
        why = "its contents are damaged"
    elif isinstance(exc, KeyError):
        why = "a part it needs is missing"
    else:
        why = "it is damaged or was not saved by Word"
    return InputError(_("{name}: cannot read this {kind}: {why}; open it in Word or LibreOffice and save "
                        "it again", name=name, kind=kind, why=why))


def check_zip(path: Path, kind: str, *, required: str | None = None) -> None:
    """Refuse (``InputError``) a zip ``kind`` file that is damaged, lies or unpacks too large."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive, path.open("rb") as raw:
            infos = archive.infolist()
            if len(infos) > MAX_PARTS:
                raise InputError(_("{name}: {n} parts in the archive; refusing (limit {max_parts})",
                                   name=name, n=len(infos), max_parts=MAX_PARTS))
            if required is not None and required not in {info.filename for info in infos}:
                raise InputError(_("{name}: a zip archive, but not a {kind}", name=name, kind=kind))
            for info in infos:
                _check_header(name, info)
            total = sum(info.file_size for info in infos)
            if total > MAX_TOTAL_BYTES:
                raise InputError(_("{name}: would unpack to {mb} MB; refusing (limit {limit} MB)",
                                   name=name, mb=total // 2**20, limit=MAX_TOTAL_BYTES // 2**20))
            for info in infos:
                _check_real_size(name, raw, info)
    except _Damaged as exc:
        raise InputError(_("{name}: damaged or unsupported {kind} ({exc})",
                           name=name, kind=kind, exc=exc)) from None
    # zipfile reports crafted headers in many ways (ValueError or struct.error: impossible
    # offsets; OSError: seeks past the end; NotImplementedError: odd features).
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError,
            ValueError, OSError, struct.error) as exc:
        raise InputError(_("{name}: damaged or unsupported {kind} ({exc})",
                           name=name, kind=kind, exc=one_line(exc))) from None


def _check_header(name: str, info: zipfile.ZipInfo) -> None:
    member = info.filename.replace("\\", "/")
    if member.startswith("/") or ".." in member.split("/") or (len(member) > 1 and member[1] == ":"):
        raise InputError(_("{name}: holds a part named {part!r}, which points outside the file (a crafted "
                           "archive?); refusing", name=name, part=info.filename[:80]))
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise InputError(_("{name}: part {filename} uses an unusual compression; refusing",
                           name=name, filename=info.filename))
    if info.flag_bits & 0x1:
        raise InputError(_("{name}: part {filename} is encrypted; save the file without a password",
                           name=name, filename=info.filename))
    if info.file_size > MAX_PART_BYTES:
        raise InputError(_("{name}: part {filename} would unpack to {mb} MB; refusing (limit {limit} MB)",
                           name=name, filename=info.filename, mb=info.file_size // 2**20, limit=MAX_PART_BYTES // 2**20))
    if info.file_size > RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise InputError(_("{name}: part {filename} is compressed more than {max_ratio}:1 (a zip bomb?); "
                           "refusing", name=name, filename=info.filename, max_ratio=MAX_RATIO))


def _check_real_size(name: str, raw: BinaryIO, info: zipfile.ZipInfo) -> None:
    """Inflate one part in bounded steps; its real size and CRC must match the header."""
    raw.seek(info.header_offset)
    signature, name_len, extra_len = _LOCAL_HEADER.unpack(raw.read(_LOCAL_HEADER.size))
    if signature != b"PK\x03\x04":
        raise _Damaged(f"part {info.filename} has no local header")
    raw.seek(info.header_offset + _LOCAL_HEADER.size + name_len + extra_len)
    inflater = zlib.decompressobj(-zlib.MAX_WBITS) if info.compress_type == zipfile.ZIP_DEFLATED else None
    size, crc, left = 0, 0, info.compress_size
    xml = info.filename.lower().endswith((".xml", ".rels", ".vml"))
    tail = b""
    while left > 0 and not (inflater and inflater.eof):
        data = raw.read(min(_CHUNK, left))
        if not data:
            raise _Damaged(f"part {info.filename} is cut off")
        left -= len(data)
        while data:
            out = inflater.decompress(data, _CHUNK) if inflater else data
            data = inflater.unconsumed_tail if inflater and not inflater.eof else b""
            size, crc = size + len(out), zlib.crc32(out, crc)
            if xml:
                window = tail + out
                if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                    raise InputError(_("{name}: part {filename} declares a document type, which Office files never do "
                                       "(an entity bomb or external entity?); refusing",
                                       name=name, filename=info.filename))
                tail = out[-9:]
            if size > info.file_size:  # stop at once: the rest may be gigabytes
                raise _Damaged(f"part {info.filename} is larger than its header says")
    if size != info.file_size or crc != info.CRC:
        raise _Damaged(f"part {info.filename} differs from its header")
