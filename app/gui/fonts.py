"""Fonts that can draw what interviews contain: emoji fall back to each platform's colour font.

Transcripts from chats and messengers hold emoji; drawn with a text font they come out as empty
boxes. Each platform ships one colour emoji font under its own name; a name that does not exist
on this computer is skipped by Qt, so one list serves all three.
"""
from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QFontInfo

EMOJI_FAMILIES = ("Segoe UI Emoji",     # Windows 10/11
                  "Apple Color Emoji",  # macOS
                  "Noto Color Emoji")   # Linux (Debian/Ubuntu: fonts-noto-color-emoji)


def with_emoji(font: QFont) -> QFont:
    """A copy of ``font`` whose family list ends with the emoji fonts: text keeps its own font,
    characters the font lacks are looked up in the emoji fonts first."""
    out = QFont(font)
    # the family the font resolves to, not its name: a name that is only an alias ("Sans Serif"
    # on Linux) is no family of its own, and Qt would make the first real one in the list, the
    # emoji font, the text font (its digits and blanks are emoji-sized)
    text_family = QFontInfo(font).family()
    out.setFamilies([text_family] + [f for f in EMOJI_FAMILIES if f != text_family])
    return out


def use_emoji_fonts() -> None:
    """Let every widget (lists, trees, labels) draw emoji with this platform's emoji font."""
    present = [f for f in EMOJI_FAMILIES if QFontDatabase.hasFamily(f)]
    if present and QFontDatabase.applicationEmojiFontFamilies() != present:
        QFontDatabase.setApplicationEmojiFontFamilies(present)
