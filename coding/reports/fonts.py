"""Fonts embedded in PDF reports: DejaVu Sans, with Noto Emoji for characters DejaVu cannot draw.

reportlab sets each paragraph in one font and has no font fallback, so :func:`markup` wraps every
run of characters the main font lacks in ``<font name=…>`` of the emoji font, per character,
decided by the fonts' own character maps.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

SANS = "AndockSans"
BOLD = "AndockSans-Bold"
ITALIC = "AndockSans-Oblique"
EMOJI = "AndockEmoji"
_FILES = {SANS: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", ITALIC: "DejaVuSans-Oblique.ttf",
          EMOJI: "NotoEmoji-Regular.ttf"}
# joiners and modifiers belong to the emoji before them: 🏘️ = U+1F3D8 U+FE0F, 👍🏽 = U+1F44D U+1F3FD
_EMOJI_TAIL = {0xFE0F, 0x200D, 0x20E3} | set(range(0x1F3FB, 0x1F400)) | set(range(0xE0020, 0xE0080))


def font_dir() -> Path:
    """Folder of the shipped fonts (resources/fonts)."""
    return Path(str(resources.files("resources") / "fonts"))


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, but with UTF-16 hex for characters beyond U+FFFF.

    reportlab writes ``<1F3D8>`` for an emoji, an odd-length string that PDF readers reject, so
    copied or extracted text loses every emoji; the PDF standard wants UTF-16BE (``<D83CDFD8>``).
    """
    def utf16(v: int) -> str:
        return chr(v).encode("utf-16-be", "surrogatepass").hex().upper()

    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def", "1 begincodespacerange",
        "<00> <%02X>" % (len(subset) - 1), "endcodespacerange", f"{len(subset)} beginbfchar",
        *("<%02X> <%s>" % (i, utf16(v)) for i, v in enumerate(subset)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"])


@lru_cache(maxsize=1)
def register() -> tuple[frozenset[int], frozenset[int]]:
    """Register the fonts once; returns the characters of the main font (all its styles) and of the emoji font."""
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap  # see _to_unicode_cmap: needed for emoji text
    folder = font_dir()
    for name, file in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=BOLD, italic=ITALIC, boldItalic=BOLD)
    pdfmetrics.registerFontFamily(EMOJI, normal=EMOJI, bold=EMOJI, italic=EMOJI, boldItalic=EMOJI)
    main = frozenset.intersection(*(frozenset(pdfmetrics.getFont(n).face.charToGlyph) for n in (SANS, BOLD, ITALIC)))
    return main, frozenset(pdfmetrics.getFont(EMOJI).face.charToGlyph)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markup(text: str) -> str:
    """Paragraph markup for plain ``text``: escaped, line breaks kept, emoji in the emoji font."""
    main, emoji = register()
    if set(map(ord, text)) <= main:  # the common case: nothing to fall back for
        return _escape(text).replace("\n", "<br/>")
    out: list[str] = []
    run: list[str] = []
    for i, ch in enumerate(text):
        cp = ord(ch)
        nxt = ord(text[i + 1]) if i + 1 < len(text) else 0
        wants_emoji = cp in emoji and (cp not in main or nxt == 0xFE0F or (run and cp in _EMOJI_TAIL))
        if wants_emoji:
            run.append(ch)
            continue
        if run:
            out.append(f'<font name="{EMOJI}">{_escape("".join(run))}</font>')
            run = []
        out.append("<br/>" if ch == "\n" else _escape(ch))
    if run:
        out.append(f'<font name="{EMOJI}">{_escape("".join(run))}</font>')
    return "".join(out)
