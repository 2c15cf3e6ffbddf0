"""Emoji in transcripts: drawn with real glyphs (not empty boxes), and codings that end after
one cover the whole passage (Qt counts an emoji as two UTF-16 units, the core as one)."""
from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QFont, QFontInfo, QRawFont, QTextCursor, QTextLayout

from app.gui.document_view import DocumentView
from app.gui.fonts import EMOJI_FAMILIES, with_emoji
from app.gui.highlight import blend
from coding.analysis.views import CodeInfo, DocData, SegView
from coding.base.ids import CodeId, CoderId, DocumentId, SegmentId

# one emoji-heavy paragraph: faces, skin tones, a family (ZWJ sequence), a flag, keycap-free
# symbols from the BMP with emoji presentation, and houses with a variation selector
EMOJI_PARAGRAPH = ("B2: Um 17 Uhr 2022 Wir 😀 haben 👍🏽 das 🏘️ gesehen 👨‍👩‍👧 – in 🇩🇪 ✅ ❤️ 🎉 und "
                   "beim Fest 🥳🍰☕ war es schön 😂 😂")
EMOJI = [ch for ch in EMOJI_PARAGRAPH if ord(ch) >= 0x2600 and ch not in "\u200d\ufe0f"]


def raw_fonts_for(layout_runs, text: str) -> dict[int, list[tuple[QRawFont, int]]]:
    """For each UTF-16 index of ``text``: the fonts and glyph indexes Qt drew it with."""
    out: dict[int, list[tuple[QRawFont, int]]] = {}
    for run in layout_runs:
        font = run.rawFont()
        for glyph, index in zip(run.glyphIndexes(), run.stringIndexes()):
            out.setdefault(index, []).append((font, glyph))
    return out


def utf16_index(text: str, cp: int) -> int:
    return len(text[:cp].encode("utf-16-le")) // 2


def check_drawn_with_glyphs(runs, text: str) -> None:
    """Every emoji code point is drawn with a real glyph (index != 0, the empty box) of a font
    that has it."""
    drawn = raw_fonts_for(runs, text)
    assert drawn, "nothing was laid out"
    for cp, ch in enumerate(text):
        if ch not in EMOJI:
            continue
        hits = drawn.get(utf16_index(text, cp))
        if not hits:  # a character inside a cluster (skin tone, second flag letter): its cluster is checked
            continue
        for font, glyph in hits:
            assert glyph != 0, f"{ch!r} drawn as an empty box with {font.familyName()}"
        assert any(font.supportsCharacter(ord(ch)) for font, _g in hits), \
            f"{ch!r} drawn with {[f.familyName() for f, _g in hits]}, which lack it"
    firsts = [utf16_index(text, text.index(e)) for e in ("😀", "🏘", "👨", "🎉", "🥳", "😂")]
    assert all(i in drawn for i in firsts)
    # letters, digits and blanks stay in the text font: emoji fonts have digits and blanks too
    for cp, ch in enumerate(text):
        if ch.isascii():
            families = {font.familyName() for font, _g in drawn.get(utf16_index(text, cp), [])}
            assert families or ch == " ", ch  # a blank where a line wraps has no glyph
            assert not families & set(EMOJI_FAMILIES), (ch, families)


def run_flags():
    return (QTextLayout.GlyphRunRetrievalFlag.DefaultRetrievalFlags
            | QTextLayout.GlyphRunRetrievalFlag.RetrieveStringIndexes)


def make_view(qtbot, text: str, segments: list[tuple[int, int]]) -> DocumentView:
    """A shown document view with ``text`` coded at ``segments`` (code points)."""
    view = DocumentView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    code = CodeInfo(CodeId(1), "Feiern", "Feiern", "#228833", 0)
    segs = [SegView(SegmentId(i + 1), code.id, CoderId(1), s, e, False, "") for i, (s, e) in enumerate(segments)]
    view.set_data(DocData(DocumentId(1), "K01", "K01", text, segments=segs, codes={code.id: code},
                          coders={CoderId(1): "Lena"}))
    qtbot.waitExposed(view)
    view.edit.viewport().grab()  # lays out and formats the visible blocks
    return view


def test_text_view_draws_every_emoji_with_a_real_glyph(qtbot):
    text = "I: Wie war das Fest?\n" + EMOJI_PARAGRAPH
    view = make_view(qtbot, text, [])
    block = view.edit.document().findBlockByNumber(1)
    layout = block.layout()
    runs = [r for i in range(layout.lineCount())
            for r in layout.lineAt(i).glyphRuns(-1, -1, run_flags())]
    check_drawn_with_glyphs(runs, EMOJI_PARAGRAPH)
    families = view.edit.font().families()
    assert families[0] == QFontInfo(QFont()).family()  # the user's text font stays first
    assert set(EMOJI_FAMILIES) <= set(families)  # each platform's emoji font as a fallback


def test_lists_draw_emoji_with_a_real_glyph(qtbot):
    # list and tree items draw their text with the application font through a QTextLayout
    from app.gui.fonts import use_emoji_fonts
    from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem
    use_emoji_fonts()
    tree = QTreeWidget()
    qtbot.addWidget(tree)
    tree.addTopLevelItem(QTreeWidgetItem([EMOJI_PARAGRAPH]))
    layout = QTextLayout(EMOJI_PARAGRAPH, tree.font())
    layout.beginLayout()
    layout.createLine().setLineWidth(5000)
    layout.endLayout()
    check_drawn_with_glyphs(layout.glyphRuns(-1, -1, run_flags()), EMOJI_PARAGRAPH)


def test_coding_to_the_end_of_an_emoji_paragraph_covers_its_last_character(qtbot):
    first = "I: Was hat geholfen?"
    text = first + "\n" + EMOJI_PARAGRAPH + "\nI: Danke."
    start, end = len(first) + 1, len(first) + 1 + len(EMOJI_PARAGRAPH)  # the whole second paragraph
    view = make_view(qtbot, text, [(start, end)])
    block = view.edit.document().findBlockByNumber(1)
    utf16_len = len(EMOJI_PARAGRAPH.encode("utf-16-le")) // 2
    assert block.length() - 1 == utf16_len > len(EMOJI_PARAGRAPH)
    coloured = blend(["#228833"])
    covered = set()
    for fr in block.layout().formats():
        if fr.format.background().color() == coloured:
            covered.update(range(fr.start, fr.start + fr.length))
    assert covered == set(range(utf16_len)), f"missing UTF-16 positions {sorted(set(range(utf16_len)) - covered)}"
    # the blank before the last emoji is painted in the coding's colour (a blank has no ink)
    edit = view.edit
    cur = QTextCursor(edit.document())
    cur.setPosition(block.position() + utf16_len - 3)
    blank = edit.cursorRect(cur)
    cur.setPosition(block.position() + utf16_len - 2)
    last = edit.cursorRect(cur)
    assert blank.top() == last.top() and last.left() - blank.left() >= 3
    image = edit.viewport().grab().toImage()
    dpr = image.devicePixelRatio()
    probe = image.pixelColor(int((blank.left() + last.left()) / 2 * dpr), int(blank.center().y() * dpr))
    assert probe == QColor(coloured), probe.name()
    # the stripe spans from the paragraph's first line to its last
    stripe = next(s for s in view.margin.stripes() if s.segment_id == 1)
    cur.setPosition(block.position())
    top = edit.cursorRect(cur).top()
    cur.setPosition(block.position() + utf16_len)
    bottom = edit.cursorRect(cur).bottom()
    in_margin = view.margin.mapFromGlobal(edit.viewport().mapToGlobal(QPoint(0, 0))).y()
    assert abs(stripe.rect.top() - (top + in_margin)) <= 1
    assert abs(stripe.rect.bottom() - (bottom + in_margin)) <= 2
    # selecting the coding (click on its stripe) selects through the last emoji
    view._on_segment_clicked(SegmentId(1))
    sel = view.edit.textCursor()
    assert (sel.selectionStart(), sel.selectionEnd()) == (block.position(), block.position() + utf16_len)
    assert view.selection() == (start, end)


def test_typing_emoji_and_a_line_break_before_a_coding_keeps_its_colour_in_place(qtbot):
    from coding.text.remap import Edit

    text = "I: Frage\nB: Hallo Welt, danke."
    start = text.index("Hallo")
    view = make_view(qtbot, text, [(start, start + len("Hallo Welt"))])
    piece = "😀😀😀😀\n"  # typed at the start of B's paragraph: it moves down one line
    at = text.index("B: ")
    cur = QTextCursor(view.edit.document())
    cur.setPosition(view.pmap.to_qt(at))
    view.applying = True  # as the editor does when it applies typing it has seen
    cur.insertText(piece)
    view.applying = False
    new_text = text[:at] + piece + text[at:]
    view.apply_live_edit(Edit(at, at, piece), new_text)
    view.edit.viewport().grab()
    block = view.edit.document().findBlockByNumber(2)
    assert block.text() == "B: Hallo Welt, danke."
    coloured = blend(["#228833"])
    covered = sorted(p for fr in block.layout().formats() if fr.format.background().color() == coloured
                     for p in range(fr.start, fr.start + fr.length))
    assert "".join(block.text()[p] for p in covered) == "Hallo Welt"
