"""Decoding and normalising text the way Andock stores it: NFC, LF line endings, no BOM."""
from __future__ import annotations

import codecs
from pathlib import Path

from coding.base.errors import InputError
from coding.text.textnorm import clean_text
from coding.base.messages import _

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def normalize_text(text: str) -> str:
    """Return ``text`` as stored (NFC, LF, no BOM, no control characters): see :mod:`coding.text.textnorm`."""
    return clean_text(text[1:] if text.startswith("\ufeff") else text)


def decode_bytes(data: bytes, source: str, encoding: str | None = None) -> str:
    """Decode file content: UTF-8 (BOM optional) or UTF-16/32 with BOM, or the given encoding.

    Anything else is refused rather than guessed, because a wrong guess silently corrupts
    umlauts. The error names ``--encoding`` so the user knows how to proceed.
    """
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(_("{source}: unbekannte Kodierung / unknown encoding '{encoding}'",
                               source=source, encoding=encoding)) from None
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(
                _("{source}: not valid {encoding} (byte {start}); check --encoding",
                  source=source, encoding=encoding, start=exc.start)
            ) from None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(_("{source}: broken {codec} text at byte {start}",
                                   source=source, codec=codec, start=exc.start)) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            _("{source}: not UTF-8 (byte {start}: 0x{byte:02x}). Give the encoding, e.g. "
              "--encoding cp1252 for old Windows files",
              source=source, start=exc.start, byte=data[exc.start])
        ) from None


def read_text_file(path: str | Path, encoding: str | None = None) -> str:
    """Read, decode and normalise a text file; raise :class:`InputError` on any problem."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(_("{name}: cannot read file ({strerror})",
                           name=path.name, strerror=exc.strerror)) from None
    if b"\x00" in data and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE,
                                                   codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) and not encoding:
        raise InputError(
            _("{name}: looks like a binary file or UTF-16 without BOM; give the encoding, e.g. "
              "--encoding utf-16-le", name=path.name)
        )
    return normalize_text(decode_bytes(data, path.name, encoding))
