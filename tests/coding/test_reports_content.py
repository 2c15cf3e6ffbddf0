"""Report content (the neutral model both renderers draw), checked against the hand-built world.

The world (tests/coding/helpers.py): K01_Sozialamt (Gruppe kommunal, time anchors 0/4/9/12.5 s at
the turn starts) holds Wohnen/Nachbarschaft (Anna, memo), Wohnen/Miete (Anna, key quote) and Wohnen
(Ben, "neben der Schule"); G02_Jobcenter (Gruppe frei, anchors 0/3 s) holds Arbeit (Anna).
"""
from __future__ import annotations

import pytest

from coding.services import code_changes, coders, codes, documents, segments, variables
from coding.reports import build_report
from coding.reports.model import Field, Heading, Paragraph, Quote, Table, heat_fill
from coding.reports.quotes import ELLIPSIS, QUOTE_LIMIT, truncate
from tests.coding.helpers import TEXT_B, do, parsed, span, templates  # noqa: F401 - fixtures
from tests.coding.helpers import project, world  # noqa: F401 - fixtures


def blocks(report, kind):
    return [b for b in report.blocks if isinstance(b, kind)]


def test_codebook_report_fields_and_frequencies(project, world):
    rep = build_report(project, "codebook", lang="de")
    assert rep.title == "Kategoriensystem" and rep.subtitle == "Testprojekt"
    overview = blocks(rep, Table)[0]
    # by hand: Wohnen has 3 segments (own 1 + Nachbarschaft 1 + Miete 1) all in K01; Arbeit 1 in G02
    assert [[c.text for c in row] for row in overview.rows] == [
        ["1 Wohnen", "3", "1"], ["1.1 Nachbarschaft", "1", "1"], ["1.2 Miete", "1", "1"], ["2 Arbeit", "1", "1"]]
    assert [h.full for h in rep.headings()] == ["Übersicht", "1 Wohnen", "1.1 Nachbarschaft", "1.2 Miete", "2 Arbeit"]
    assert [h.level for h in rep.headings()] == [1, 1, 2, 2, 1]
    fields = {(f.label, f.text) for f in blocks(rep, Field)}
    assert ("Definition", "Alles zur Wohnsituation") in fields
    assert ("Memo", "Soziale Netze im Quartier") in fields
    assert ("Häufigkeit", "3 Segmente in 1 Dokument (einschließlich Subkategorien)") in fields
    anchors = blocks(rep, Quote)
    assert [(q.text, q.citation, q.badge) for q in anchors] == [("Wir kennen uns alle.", "(K05, Pos. 3)", "Ankerbeispiel")]


def test_codebook_report_english_and_coder_filter(project, world):
    rep = build_report(project, "codebook", lang="en", coder_names=["Ben"])
    overview = blocks(rep, Table)[0]
    assert [c.text for c in overview.header] == ["Category", "Segments", "Documents"]
    # only Ben's segment counts: Wohnen 1 segment in 1 document, the rest 0
    assert [[c.text for c in row][1:] for row in overview.rows] == [["1", "1"], ["0", "0"], ["0", "0"], ["0", "0"]]
    assert ("Coders", "Ben") in rep.meta
    assert ("Frequency", "1 segment in 1 document (including subcategories)") in {(f.label, f.text) for f in
                                                                                  blocks(rep, Field)}


def test_segments_report_groups_citations_speaker_memo(project, world):
    rep = build_report(project, "segments", by="Gruppe", lang="de")
    quotes = {q.text: q for q in blocks(rep, Quote)}
    # "neben der Schule" stands on the line whose turn starts at 4 s; the Nachbarschaft line at 12.5 s
    assert quotes["neben der Schule"].citation == "(K01,\u00a000:00:04)"
    assert quotes["Die Nachbarschaft ist groß 👩‍👩‍👧"].citation == "(K01,\u00a000:00:12)"
    assert quotes["Die Arbeit ist anstrengend"].citation == "(G02,\u00a000:00:03)"
    details = [r.text for r in quotes["Die Nachbarschaft ist groß 👩‍👩‍👧"].details]
    assert details == ["Sprecher*in: B", "Codierer*in: Anna", "Memo: Familien als Nachbarn"]
    assert quotes["Die Miete ist hoch."].badge == "Schlüsselzitat"
    leads = ["".join(r.text for r in p.runs) for p in blocks(rep, Paragraph) if p.style == "lead"]
    assert leads == ["Gruppe: kommunal · 1 Segment", "Gruppe: kommunal · 1 Segment", "Gruppe: kommunal · 1 Segment",
                     "Gruppe: frei · 1 Segment"]
    assert ("Gruppiert nach", "Gruppe") in rep.meta


def test_position_citation_without_time_anchors(project):
    text = "Kopfzeile\n\nI: Frage?\n\nB: Eine Antwort ohne Zeitmarke.\n"
    def setup(act):
        doc = documents.add_document(act, "K07_Ohne_Zeit", parsed(text))
        code = codes.create_code(act, "Antwort")
        coder = coders.add_coder(act, "Anna")
        segments.apply_code(act, doc, code, coder, *span(text, "Eine Antwort"))
    do(project, setup)
    rep = build_report(project, "segments", lang="en")
    # the fifth line is the third non-empty one: MAXQDA's "Pos. 3"
    assert [q.citation for q in blocks(rep, Quote)] == ["(K07,\u00a0Pos.\u00a03)"]


def test_two_coders_on_one_passage_print_once(project, world):
    do(project, lambda act: segments.apply_code(act, world.doc_b, world.arbeit, world.ben,
                                                 *span(TEXT_B, "Die Arbeit ist anstrengend")))
    rep = build_report(project, "segments", lang="de")
    arbeit = [q for q in blocks(rep, Quote) if q.text == "Die Arbeit ist anstrengend"]
    assert len(arbeit) == 1 and "Codierer*in: Anna, Ben" in [r.text for r in arbeit[0].details]


def test_codes_without_segments_and_missing_variable(project, world):
    def setup(act):
        codes.create_code(act, "Leer")
        variables.define_variable(act, "Region", "category")
        variables.set_value_by_name(act, world.doc_a, "Region", "Nord")  # G02 has no Region
    do(project, setup)
    rep = build_report(project, "segments", by="Region", lang="de")
    heads = [b for b in rep.blocks if isinstance(b, Heading) and b.text == "Leer"]
    assert heads and rep.blocks[rep.blocks.index(heads[0]) + 1] == Paragraph.of("Keine codierten Segmente.", "note")
    leads = ["".join(r.text for r in p.runs) for p in blocks(rep, Paragraph) if p.style == "lead"]
    assert "Region: ohne Angabe · 1 Segment" in leads and "Region: Nord · 1 Segment" in leads
    comp = build_report(project, "comparison", by="Region", lang="de")
    table = blocks(comp, Table)[0]
    assert [c.text for c in table.header] == ["Kategorie", "Nord\nn\u00a0=\u00a01", "ohne Angabe\nn\u00a0=\u00a01",
                                              "Gesamt\nn\u00a0=\u00a02"]
    leer = next(row for row in table.rows if row[0].text == "3 Leer")
    assert [c.text for c in leer[1:]] == ["0 (0\u00a0%)", "0 (0\u00a0%)", "0 (0\u00a0%)"]


def test_comparison_numbers_shading_and_quotes(project, world):
    rep = build_report(project, "comparison", by="Gruppe", lang="de")
    docs_table, segs_table = blocks(rep, Table)
    # columns in natural order: frei (G02), kommunal (K01); by hand, documents mode:
    assert [[c.text for c in row] for row in docs_table.rows] == [
        ["1 Wohnen", "0 (0\u00a0%)", "1 (100\u00a0%)", "1 (50\u00a0%)"],
        ["1.1 Nachbarschaft", "0 (0\u00a0%)", "1 (100\u00a0%)", "1 (50\u00a0%)"],
        ["1.2 Miete", "0 (0\u00a0%)", "1 (100\u00a0%)", "1 (50\u00a0%)"],
        ["2 Arbeit", "1 (100\u00a0%)", "0 (0\u00a0%)", "1 (50\u00a0%)"]]
    assert docs_table.rows[0][2].fill == heat_fill(1.0)[0] and docs_table.rows[0][2].light_text
    assert docs_table.rows[0][1].fill == heat_fill(0.0)[0] and not docs_table.rows[0][1].light_text
    # segments mode: Wohnen 3 with subcodes; the total row counts each segment once (4)
    assert [c.text.split(" ")[0] for c in segs_table.rows[0]][1:] == ["0", "3", "3"]
    assert [c.text for c in segs_table.rows[-1]] == ["Gesamt", "1", "3", "4"]
    quotes = [(q.text, q.badge) for q in blocks(rep, Quote)]
    # Wohnen/kommunal: the key quote first, then the others longest first
    assert quotes[:3] == [("Die Miete ist hoch.", "Schlüsselzitat"), ("Die Nachbarschaft ist groß 👩‍👩‍👧", ""),
                          ("neben der Schule", "")]
    leads = ["".join(r.text for r in p.runs) for p in blocks(rep, Paragraph) if p.style == "lead"]
    assert leads[2:4] == ["frei · 0 von 1 Dokumenten (0\u00a0%)", "kommunal · 1 von 1 Dokumenten (100\u00a0%)"]


def test_comparison_anchor_from_segment_is_placed_in_its_group(project, world):
    do(project, lambda act: code_changes.add_segment_as_anchor(act, world.seg_nachbarn))
    rep = build_report(project, "comparison", by="Gruppe", lang="en")
    quotes = [(q.text, q.badge) for q in blocks(rep, Quote)]
    # the anchor leads the kommunal quotes and its segment is not repeated
    assert quotes.count(("Die Nachbarschaft ist groß 👩‍👩‍👧", "Anchor example")) == 1
    assert ("Die Nachbarschaft ist groß 👩‍👩‍👧", "") not in quotes
    assert quotes[0] == ("Die Nachbarschaft ist groß 👩‍👩‍👧", "Anchor example")


def test_comparison_needs_a_variable(project, world):
    with pytest.raises(Exception, match="--by"):
        build_report(project, "comparison", lang="de")


def test_truncate_at_word_boundary():
    text = ("Wort " * 300).strip()
    short = truncate(text)
    assert len(short) <= QUOTE_LIMIT and short.endswith(ELLIPSIS) and short[:-len(ELLIPSIS)].endswith("Wort")
    assert truncate("kurz und gut") == "kurz und gut"
    blob = "x" * 2000 + "👩‍👩‍👧"  # one huge "word": cut inside it, never inside the emoji sequence
    assert len(truncate(blob)) <= QUOTE_LIMIT
    houses = "a " + "🏘️" * 400  # house + variation selector, 400 times
    assert truncate(houses)[:-len(ELLIPSIS)].endswith("🏘️")


def test_empty_project_reports(project):
    assert [h.full for h in build_report(project, "codebook").headings()] == ["Übersicht"]
    assert build_report(project, "segments", lang="en").blocks[-1] == Paragraph.of("The project has no codes yet.")
    do(project, lambda act: variables.define_variable(act, "Gruppe", "category"))
    rep = build_report(project, "comparison", by="Gruppe", lang="en")
    assert Paragraph.of("The project has no codes yet.") in rep.blocks
