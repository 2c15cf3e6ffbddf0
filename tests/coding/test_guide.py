"""Deriving a draft codebook from interview guides: Word headings, Word lists, typed numbers, Markdown."""
from __future__ import annotations

import zipfile

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from coding.exchange.codebook_files import read_codebook_file
from coding.exchange.codebook_format import Codebook, CodeEntry
from coding.base.errors import InputError
from coding.exchange.guide import (DRAFT_HEADER, GuideParagraph, codebook_from_guide, codebook_from_guide_paragraphs,
                                   codebook_from_guide_text)

INTRO = ["Begrüßung, Vorstellung des Projekts, Datenschutzhinweis",
         "Einverständniserklärung unterschreiben lassen."]
SECTIONS = [
    ("Einstieg und Rolle", ["Wie sind Sie zu Ihrer jetzigen Tätigkeit gekommen?",
                            "Welche Aufgaben umfasst Ihre Rolle im Quartier?"]),
    ("Verwaltungsinterne Kooperation", ["Mit welchen Ämtern und Fachbereichen arbeiten Sie zusammen?",
                                        "Wie läuft die Abstimmung zwischen den Ressorts?"]),
    ("Vernetzung sozialer Infrastruktur", ["Welche Einrichtungen gibt es im Quartier?",
                                           "Wie sind Kitas, Schulen und Beratungsstellen vernetzt?"]),
    ("Beteiligung alter und neuer Bewohner*innen", [
        "Wie erreichen Sie neu zugezogene Bewohner*innen?",
        "Welche Beteiligungsformate haben sich bewährt?"]),
    ("Zugänge zu Unterstützung", ["Wo finden Menschen Unterstützung, wenn sie Hilfe brauchen?"]),
    ("Herausforderungen", ["Was sind aus Ihrer Sicht die größten Herausforderungen?"]),
    ("Ausblick", ["Was wünschen Sie sich für die nächsten fünf Jahre?",
                  "Möchten Sie noch etwas ergänzen?"]),
]
NAMES = [name for name, _ in SECTIONS]


def draft(*questions: str) -> str:
    return "\n".join([DRAFT_HEADER] + [f"- {q}" for q in questions])


def expected_flat(title: str = "") -> Codebook:
    return Codebook(title=title, codes=[CodeEntry(n, definition=draft(*qs)) for n, qs in SECTIONS])


# --- building Word files ---------------------------------------------------------------------


def add_multilevel_list(document, formats=("decimal", "lowerLetter", "bullet")) -> int:
    """Add a Word multi-level list definition (as Word's numbering dialog would) and return its numId."""
    numbering = document.part.numbering_part.element
    levels = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                     f'<w:lvlText w:val="%{i + 1}."/></w:lvl>' for i, fmt in enumerate(formats))
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{levels}</w:abstractNum>')
    first_num = numbering.find(abstract.tag.replace("abstractNum", "num"))
    first_num.addprevious(abstract)  # the schema wants all abstractNums before the nums
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/>'
                               '</w:num>'))
    return 90


def add_list_item(document, text: str, num_id: int, ilvl: int, style: str = "List Paragraph"):
    paragraph = document.add_paragraph(text, style=style)
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = ilvl
    num_pr.get_or_add_numId().val = num_id
    return paragraph


def heading_guide(path, title: bool = True, heading_style: str | None = None):
    document = docx.Document()
    top = 1
    if title:
        document.add_heading("Interviewleitfaden Quartiersentwicklung", 1)
        top = 2
    for text in INTRO:
        document.add_paragraph(text)
    for k, (name, questions) in enumerate(SECTIONS, 1):
        if heading_style:
            document.add_paragraph(f"{k}. {name}", style=heading_style)
        else:
            document.add_heading(f"{k}. {name}", top)
        for q in questions:
            document.add_paragraph(q)
        document.add_paragraph("")  # empty paragraphs are skipped
    document.save(path)
    return path


# --- Word headings -----------------------------------------------------------------------------


def test_docx_headings_with_title_heading(tmp_path):
    cb = codebook_from_guide(heading_guide(tmp_path / "leitfaden.docx"))
    assert cb == expected_flat("Interviewleitfaden Quartiersentwicklung")


def test_docx_headings_without_title_use_the_top_level(tmp_path):
    cb = codebook_from_guide(heading_guide(tmp_path / "leitfaden.docx", title=False))
    assert cb == expected_flat()


def test_docx_german_heading_style_names(tmp_path):
    # LibreOffice and some German templates store the localised name.
    document = docx.Document()
    document.styles.add_style("Überschrift 1", WD_STYLE_TYPE.PARAGRAPH)
    document.save(tmp_path / "base.docx")
    base = docx.Document(tmp_path / "base.docx")
    for name, questions in SECTIONS:
        base.add_paragraph(f"{name}", style="Überschrift 1")
        for q in questions:
            base.add_paragraph(q)
    base.save(tmp_path / "leitfaden.docx")
    assert codebook_from_guide(tmp_path / "leitfaden.docx") == expected_flat()


def test_docx_outline_level_in_a_custom_style_counts_as_heading(tmp_path):
    document = docx.Document()
    style = document.styles.add_style("Leitfaden-Abschnitt", WD_STYLE_TYPE.PARAGRAPH)
    style.element.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="0"/>'))
    for name, questions in SECTIONS:
        document.add_paragraph(name, style="Leitfaden-Abschnitt")
        for q in questions:
            document.add_paragraph(q, style="List Bullet")
    document.save(tmp_path / "g.docx")
    assert codebook_from_guide(tmp_path / "g.docx") == expected_flat()


def test_docx_deeper_headings_become_subcategories(tmp_path):
    document = docx.Document()
    document.add_heading("Leitfaden", 1)
    document.add_heading("2. Verwaltungsinterne Kooperation", 2)
    document.add_paragraph("Wie ist die Zusammenarbeit organisiert?")
    document.add_heading("2.1 Jugendamt", 3)
    document.add_paragraph("Wie oft stimmen Sie sich mit dem Jugendamt ab?")
    document.add_heading("2.1.1 Hilfen zur Erziehung", 4)
    document.add_paragraph("Welche Rolle spielen die Hilfen zur Erziehung?")
    document.add_heading("2.2 Sozialamt", 3)
    document.add_heading("3. Ausblick", 2)
    document.save(tmp_path / "g.docx")
    cb = codebook_from_guide(tmp_path / "g.docx")
    assert cb == Codebook(title="Leitfaden", codes=[
        CodeEntry("Verwaltungsinterne Kooperation",
                  definition=draft("Wie ist die Zusammenarbeit organisiert?"), children=[
                      CodeEntry("Jugendamt", definition=draft("Wie oft stimmen Sie sich mit dem Jugendamt ab?"),
                                children=[CodeEntry("Hilfen zur Erziehung", definition=draft(
                                    "Welche Rolle spielen die Hilfen zur Erziehung?"))]),
                      CodeEntry("Sozialamt")]),
        CodeEntry("Ausblick"),
    ])


def test_docx_title_style_over_numbered_list(tmp_path):
    document = docx.Document()
    document.add_paragraph("Interviewleitfaden", style="Title")
    document.add_paragraph(INTRO[0])
    for name, questions in SECTIONS:
        document.add_paragraph(name, style="List Number")  # numbering inherited from the style
        for q in questions:
            document.add_paragraph(q, style="List Bullet")
    document.save(tmp_path / "g.docx")
    assert codebook_from_guide(tmp_path / "g.docx") == expected_flat("Interviewleitfaden")


def test_docx_guide_laid_out_as_table(tmp_path):
    document = docx.Document()
    for name, questions in SECTIONS[:2]:
        document.add_heading(name, 2)
        table = document.add_table(rows=len(questions), cols=2)
        for row, q in zip(table.rows, questions):
            row.cells[0].text = q
            row.cells[1].text = "Nachfrage: Beispiele?"
    document.save(tmp_path / "g.docx")
    cb = codebook_from_guide(tmp_path / "g.docx")
    name, questions = SECTIONS[0]
    assert cb.codes[0] == CodeEntry(name, definition=draft(
        questions[0], "Nachfrage: Beispiele?", questions[1], "Nachfrage: Beispiele?"))


# --- Word lists and typed numbers ----------------------------------------------------------------


def test_docx_word_numbered_paragraphs(tmp_path):
    document = docx.Document()
    num_id = add_multilevel_list(document)
    document.add_paragraph(INTRO[0])
    for name, questions in SECTIONS:
        add_list_item(document, name, num_id, 0)
        for q in questions:
            add_list_item(document, q, num_id, 1)
    add_list_item(document, "Nachfrage: Was hätte geholfen?", num_id, 2)  # bullet, ilvl 2
    document.save(tmp_path / "g.docx")
    expected = expected_flat()
    expected.codes[-1].definition += "\n- Nachfrage: Was hätte geholfen?"
    assert codebook_from_guide(tmp_path / "g.docx") == expected


def test_docx_german_list_paragraph_style_and_bullets_at_top_level(tmp_path):
    document = docx.Document()
    document.styles.add_style("Listenabsatz", WD_STYLE_TYPE.PARAGRAPH)
    num_id = add_multilevel_list(document, formats=("decimal", "bullet"))
    for name, questions in SECTIONS:
        add_list_item(document, name, num_id, 0, style="Listenabsatz")
        for q in questions:
            add_list_item(document, q, 1, 0, style="Listenabsatz")  # numId 1 is a bullet list
    document.save(tmp_path / "g.docx")
    assert codebook_from_guide(tmp_path / "g.docx") == expected_flat()


def test_docx_typed_numbers(tmp_path):
    document = docx.Document()
    document.add_paragraph("Interviewleitfaden")
    document.add_paragraph(INTRO[0])
    for k, (name, questions) in enumerate(SECTIONS, 1):
        document.add_paragraph(f"{k}. {name}")
        for m, q in enumerate(questions, 1):
            document.add_paragraph(f"{k}.{m} {q}" if m == 1 else f"{'abc'[m - 2]}) {q}")
    document.save(tmp_path / "g.docx")
    assert codebook_from_guide(tmp_path / "g.docx") == expected_flat()


def test_docx_typed_sections_with_word_numbered_questions(tmp_path):
    document = docx.Document()
    for k, (name, questions) in enumerate(SECTIONS, 1):
        document.add_paragraph(f"{k}) {name}:")
        for q in questions:
            document.add_paragraph(q, style="List Number")  # ilvl 0, but typed numbers win
    document.save(tmp_path / "g.docx")
    assert codebook_from_guide(tmp_path / "g.docx") == expected_flat()


def test_docx_bold_paragraphs_as_sections(tmp_path):
    document = docx.Document()
    document.add_paragraph(INTRO[0])
    for name, questions in SECTIONS:
        document.add_paragraph().add_run(name).bold = True
        for q in questions:
            document.add_paragraph(q)
    document.save(tmp_path / "g.docx")
    assert codebook_from_guide(tmp_path / "g.docx") == expected_flat()


def test_flat_list_of_questions_becomes_one_category_per_question(tmp_path):
    long_q = ("Wenn Sie an die letzten Jahre denken, welche Veränderungen in der Zusammenarbeit "
              "mit anderen Trägern sind Ihnen besonders aufgefallen?")
    document = docx.Document()
    for q in ["Wie sind Sie zu Ihrer jetzigen Tätigkeit gekommen?", long_q,
              "Wie sind Sie zu Ihrer jetzigen Tätigkeit gekommen?"]:
        document.add_paragraph(q, style="List Number")
    document.save(tmp_path / "g.docx")
    cb = codebook_from_guide(tmp_path / "g.docx")
    assert [c.name for c in cb.codes] == [
        "Wie sind Sie zu Ihrer jetzigen Tätigkeit gekommen?",
        "Wenn Sie an die letzten Jahre denken, welche Veränderungen…",
        "Wie sind Sie zu Ihrer jetzigen Tätigkeit gekommen? (2)"]
    assert cb.codes[1].definition == draft(long_q)


def test_question_section_with_follow_ups_keeps_the_main_question_first():
    cb = codebook_from_guide_paragraphs([
        GuideParagraph("1. Wie erleben Sie die Zusammenarbeit?"),
        GuideParagraph("a) Mit welchen Ämtern?"), GuideParagraph("- Wie oft?")])
    assert cb.codes == [CodeEntry("Wie erleben Sie die Zusammenarbeit?", definition=draft(
        "Wie erleben Sie die Zusammenarbeit?", "Mit welchen Ämtern?", "Wie oft?"))]


def test_whitespace_and_line_breaks_inside_paragraphs_are_collapsed():
    cb = codebook_from_guide_paragraphs([
        GuideParagraph("Einstieg\tund\nRolle", heading=1),
        GuideParagraph("Wie sind Sie\nzu Ihrer Tätigkeit gekommen?")])
    assert cb.codes == [CodeEntry("Einstieg und Rolle",
                                  definition=draft("Wie sind Sie zu Ihrer Tätigkeit gekommen?"))]


# --- Markdown and text ---------------------------------------------------------------------------


def test_markdown_guide_with_headings():
    lines = ["# Interviewleitfaden Quartiersentwicklung", "", INTRO[0], ""]
    for k, (name, questions) in enumerate(SECTIONS, 1):
        lines += [f"## {k}. {name}", ""] + [f"- {q}" for q in questions] + [""]
    assert codebook_from_guide_text("\n".join(lines)) == \
        expected_flat("Interviewleitfaden Quartiersentwicklung")


def test_markdown_guide_with_numbered_lists(tmp_path):
    lines = ["Interviewleitfaden", "", "<!-- Stand: Mai -->", INTRO[0], ""]
    for k, (name, questions) in enumerate(SECTIONS, 1):
        lines.append(f"{k}. **{name}**")
        lines += [f"   {m}. {q}" for m, q in enumerate(questions, 1)]
    lines += ["      * Nachfrage: Was hätte geholfen?", "        (nur bei Bedarf)"]
    path = tmp_path / "leitfaden.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    expected = expected_flat()
    expected.codes[-1].definition += "\n- Nachfrage: Was hätte geholfen? (nur bei Bedarf)"
    assert codebook_from_guide(path) == expected
    assert read_codebook_file(path) == expected


def test_text_guide_with_typed_numbers(tmp_path):
    lines = []
    for k, (name, questions) in enumerate(SECTIONS, 1):
        lines.append(f"{k}. {name}")
        lines += [f"{k}.{m}. {q}" for m, q in enumerate(questions, 1)]
    path = tmp_path / "leitfaden.txt"
    path.write_bytes("\r\n".join(lines).encode("utf-8-sig"))
    assert codebook_from_guide(path) == expected_flat()
    assert read_codebook_file(path) == expected_flat()


def test_markdown_heading_levels_nest():
    cb = codebook_from_guide_text("## A\n### A1\n- Frage?\n### A2\n## B\n")
    assert cb == Codebook(codes=[CodeEntry("A", children=[
        CodeEntry("A1", definition=draft("Frage?")), CodeEntry("A2")]), CodeEntry("B")])


# --- refusals ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "Nur ein Absatz ohne Struktur.\nUnd noch einer.",
                                  "- eine Frage?\n- noch eine?"])
def test_guide_without_sections_is_refused(text):
    with pytest.raises(InputError, match="no headings or numbered sections found"):
        codebook_from_guide_text(text, "leitfaden.md")


def test_corrupt_docx_is_refused(tmp_path):
    path = tmp_path / "kaputt.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match="kaputt.docx: damaged or unsupported Word file"):
        codebook_from_guide(path)


def test_zip_without_word_document_is_refused(tmp_path):
    path = tmp_path / "leer.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(InputError, match="leer.docx: a zip archive, but not a Word file"):
        codebook_from_guide(path)


def test_zip_bomb_is_refused_before_parsing(tmp_path):
    path = heading_guide(tmp_path / "bombe.docx")
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/image1.bin", b"\0" * (20 << 20))
    with pytest.raises(InputError, match=r"bombe.docx: part word/media/image1.bin is compressed more than 100:1"):
        codebook_from_guide(path)


def test_total_size_limit(tmp_path, monkeypatch):
    import coding.exchange.zipguard as zipguard
    monkeypatch.setattr(zipguard, "MAX_TOTAL_BYTES", 1000)
    with pytest.raises(InputError, match="would unpack to 0 MB; refusing"):
        codebook_from_guide(heading_guide(tmp_path / "g.docx"))


@pytest.mark.parametrize("name", ["leitfaden.pdf", "leitfaden.odt", "leitfaden"])
def test_unsupported_guide_types(tmp_path, name):
    with pytest.raises(InputError, match="interview guides are read from"):
        codebook_from_guide(tmp_path / name)


def test_read_codebook_file_sends_docx_to_the_guide_reader(tmp_path):
    assert read_codebook_file(heading_guide(tmp_path / "g.docx")) == \
        expected_flat("Interviewleitfaden Quartiersentwicklung")
