"""Codebook data, JSON and Markdown formats: exact round-trips, clear errors, file handling."""
from __future__ import annotations

import json
import os
import unicodedata
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coding.exchange.codebook_files import (codebook_from_markdown, codebook_to_markdown, read_codebook_file,
                                            write_codebook_file)
from coding.exchange.codebook_format import AnchorExample, Codebook, CodeEntry, codebook_from_json, codebook_to_json, new_guid, validate
from coding.exchange.codebook_markdown import MARKER
from coding.base.errors import InputError

GUID_A = "3f2b8c1e-6a4d-4e0b-9c7a-1d2e3f4a5b6c"
GUID_B = "8a1c2d3e-4f50-4617-8899-aabbccddeeff"


def sample() -> Codebook:
    return Codebook(title="Kategoriensystem Quartiersstudie", codes=[
        CodeEntry(
            name="Einstieg und Rolle", guid=GUID_A, colour="#1f77b4",
            definition="Berufliche Rolle der befragten Person.\nAuch frühere Stationen.",
            inclusion="wird codiert, wenn die Person ihre Aufgaben beschreibt",
            exclusion="nicht codiert: private Biografie",
            coding_rules="Mindestens ein ganzer Satz; Frage mitcodieren, wenn nötig.",
            memo="Aus dem Leitfaden, Abschnitt 1.",
            anchors=[AnchorExample("Ich bin seit 2015 im Quartiersmanagement.", "K03, Pos. 12"),
                     AnchorExample("Davor war ich beim Jugendamt,\nalso ganz woanders.", "N07")],
            children=[CodeEntry(name="Aufgaben", children=[
                CodeEntry(name="Koordination", guid=GUID_B, children=[
                    CodeEntry(name="Gremien", memo="ß, Umlaute äöü, Emoji 🙂")])])]),
        CodeEntry(name="Ausblick", colour="#FFAA00"),
    ])


# --- validate ------------------------------------------------------------------------------


def test_sample_is_valid_and_guids_are_canonical_uuid4():
    validate(sample())
    guid = new_guid()
    assert guid == str(uuid.UUID(guid)) and uuid.UUID(guid).version == 4


@pytest.mark.parametrize(("codes", "message"), [
    ([CodeEntry("")], r"codes\[0\]\.name: category name is empty"),
    ([CodeEntry("  ")], r"codes\[0\]\.name: category name is empty"),
    ([CodeEntry("a\nb")], "line break"),
    ([CodeEntry(" a")], "spaces"),
    ([CodeEntry("A"), CodeEntry("A")], r"codes\[1\] \('A'\): duplicate category name"),
    ([CodeEntry("A", children=[CodeEntry("x"), CodeEntry("x")])],
     r"codes\[0\]\.children\[1\]"),
    ([CodeEntry("A", colour="red")], "#RRGGBB"),
    ([CodeEntry("A", colour="#12345")], "#RRGGBB"),
    ([CodeEntry("A", guid="not-a-guid")], "not a UUID"),
    ([CodeEntry("A", guid=GUID_A), CodeEntry("B", children=[CodeEntry("C", guid=GUID_A.upper())])],
     r"codes\[1\]\.children\[0\].*also used by codes\[0\]"),
    ([CodeEntry("A", anchors=[AnchorExample("q", "K1\nPos. 2")])], r"anchors\[0\]: source"),
])
def test_validate_refuses(codes, message):
    with pytest.raises(InputError, match=message):
        validate(Codebook(codes=codes))


def test_same_name_in_different_branches_is_fine():
    validate(Codebook(codes=[CodeEntry("A", children=[CodeEntry("Sonstiges")]),
                             CodeEntry("B", children=[CodeEntry("Sonstiges")])]))


def test_title_with_line_break_is_refused():
    with pytest.raises(InputError, match="title"):
        validate(Codebook(codes=[], title="a\nb"))


# --- JSON ----------------------------------------------------------------------------------


def test_json_round_trip_and_documented_shape():
    cb = sample()
    text = codebook_to_json(cb)
    data = json.loads(text)
    assert (data["format"], data["version"], data["title"]) == \
        ("andock-codebook", 1, "Kategoriensystem Quartiersstudie")
    assert list(data["codes"][0]) == ["guid", "name", "colour", "definition", "inclusion",
                                      "exclusion", "coding_rules", "memo", "anchors", "children"]
    assert data["codes"][0]["anchors"][0] == {"quote": "Ich bin seit 2015 im Quartiersmanagement.",
                                              "source": "K03, Pos. 12"}
    assert "ä" in text  # written as UTF-8, not \u escapes
    assert codebook_from_json(text) == cb


def test_json_minimal_input_defaults_and_unknown_keys_are_ignored():
    text = json.dumps({"format": "andock-codebook", "version": 1, "future": True,
                       "codes": [{"name": "A", "extra": 1, "anchors": [{"quote": "q"}]}]})
    assert codebook_from_json(text) == Codebook(codes=[CodeEntry("A", anchors=[AnchorExample("q")])])


def test_json_import_normalises_text_to_nfc_and_lf():
    text = json.dumps({"format": "andock-codebook", "version": 1,
                       "codes": [{"name": "Unterstu\u0308tzung", "memo": "a\r\nb\rc"}]})
    code = codebook_from_json(text).codes[0]
    assert code.name == "Unterstützung" and code.memo == "a\nb\nc"


def _doc(**codes_override):
    base = {"format": "andock-codebook", "version": 1, "codes": []}
    base.update(codes_override)
    return json.dumps(base)


@pytest.mark.parametrize(("text", "message"), [
    ("{", "invalid JSON at line 1"),
    ("[]", "not an Andock codebook"),
    (json.dumps({"format": "refi", "version": 1, "codes": []}), "not an Andock codebook"),
    (_doc(version=2), "newer Andock"),
    (_doc(version="1"), "version"),
    (_doc(version=True), "version"),
    (json.dumps({"format": "andock-codebook", "codes": []}), "version"),
    (json.dumps({"format": "andock-codebook", "version": 1}), "codes: missing"),
    (_doc(codes={}), "codes: expected a list"),
    (_doc(title=3), "title: expected a string"),
    (_doc(codes=["A"]), r"codes\[0\]: expected an object"),
    (_doc(codes=[{"name": "A"}, {"name": "B"}, {"memo": "x"}]), r"codes\[2\]\.name: missing"),
    (_doc(codes=[{"name": "A", "children": [{"name": 5}]}]),
     r"codes\[0\]\.children\[0\]\.name: expected a string, got int"),
    (_doc(codes=[{"name": "A", "children": [{}]}]), r"codes\[0\]\.children\[0\]\.name: missing"),
    (_doc(codes=[{"name": "A", "guid": 7}]), r"codes\[0\]\.guid: expected a string or null"),
    (_doc(codes=[{"name": "A", "memo": None}]), r"codes\[0\]\.memo: expected a string"),
    (_doc(codes=[{"name": "A", "anchors": [{"source": "K1"}]}]),
     r"codes\[0\]\.anchors\[0\]\.quote: missing"),
    (_doc(codes=[{"name": "A", "anchors": "q"}]), r"codes\[0\]\.anchors: expected a list"),
    (_doc(codes=[{"name": ""}]), r"codes\[0\]\.name: category name is empty"),
    (_doc(codes=[{"name": "A", "colour": "blue"}]), "#RRGGBB"),
    ("[" * 100000 + "]" * 100000, "invalid JSON"),
])
def test_json_errors_are_clear_input_errors(text, message):
    with pytest.raises(InputError, match=message):
        codebook_from_json(text)


def test_json_too_deep_nesting_is_refused_before_python_recursion_fails():
    node: dict = {"name": "leaf"}
    for _ in range(80):
        node = {"name": "n", "children": [node]}
    with pytest.raises(InputError, match="nested deeper"):
        codebook_from_json(_doc(codes=[node]))


# --- Markdown ------------------------------------------------------------------------------


def test_markdown_layout_is_readable():
    md = codebook_to_markdown(sample())
    assert md.startswith(MARKER + "\n# Kategoriensystem Quartiersstudie\n")
    assert f"## Einstieg und Rolle\n<!-- andock guid={GUID_A} colour=#1f77b4 -->\n" in md
    assert "**Einschlusskriterien:**\nwird codiert, wenn die Person ihre Aufgaben beschreibt\n" in md
    assert "> „Ich bin seit 2015 im Quartiersmanagement.“ — K03, Pos. 12\n" in md
    assert "> „Davor war ich beim Jugendamt,\n> also ganz woanders.“\n> — N07\n" in md
    assert "\n### Aufgaben\n" in md and "\n##### Gremien\n" in md
    assert "**Memo:**\nß, Umlaute äöü, Emoji 🙂\n" in md
    assert "## Ausblick\n<!-- andock colour=#FFAA00 -->\n" in md


def test_markdown_english_labels():
    md = codebook_to_markdown(sample(), lang="en")
    for label in ("**Inclusion criteria:**", "**Exclusion criteria:**", "**Coding rules:**",
                  "**Anchor examples:**", "> “Ich bin seit 2015"):
        assert label in md
    assert codebook_from_markdown(md) == sample()


def test_markdown_round_trip_sample_both_languages():
    assert codebook_from_markdown(codebook_to_markdown(sample())) == sample()


def test_markdown_unknown_language_is_refused():
    with pytest.raises(InputError, match="language"):
        codebook_to_markdown(sample(), lang="fr")


TRICKY_TEXTS = [
    "# keine Überschrift", "## auch nicht", "   ### eingerückt", "####### sieben",
    "> kein Zitat", "**Memo:**", "**Definition:** mit Text", "Kodierregeln:", "Memo :",
    "<!-- andock guid=x -->", "<!-- andock-codebook version=1 -->", "<b>html</b>",
    "\\", "\\# schon escaped", "  \\x", "— K03", "– K04", "„zitiert“ — Quelle", "---", "===",
    "```", "~~~", "- Liste", "1. Liste", "", " ", "\t", "\u00a0", "\u2028", "Straße 🙂 äöü",
]


@pytest.mark.parametrize("text", TRICKY_TEXTS + ["\n".join(TRICKY_TEXTS), "\n\nx\n\n", "\n", " x "])
def test_markdown_round_trips_tricky_text_in_every_place(text):
    cb = Codebook(title="T", codes=[CodeEntry(
        "Kategorie", definition=text, memo=text, inclusion=text, coding_rules=text,
        anchors=[AnchorExample(text, "K03, Pos. 1"), AnchorExample(text, "")],
        children=[CodeEntry("Sub", exclusion=text)])])
    assert codebook_from_markdown(codebook_to_markdown(cb)) == cb
    assert codebook_from_markdown(codebook_to_markdown(cb, "en")) == cb


@pytest.mark.parametrize("name", ["#hashtag", "C#", "Ende ##", "> Zitat", "**fett**",
                                  "Memo:", "— Strich", "Bewohner*innen", "🙂"])
def test_markdown_round_trips_odd_names(name):
    cb = Codebook(codes=[CodeEntry(name, children=[CodeEntry(name)])], title=name)
    assert codebook_from_markdown(codebook_to_markdown(cb)) == cb


@pytest.mark.parametrize(("quote", "source"), [
    ("a“ — b", ""), ("a", "b“"), ("a“ — b", "c"), ("„schon zitiert“", "K1"), ("", ""), ("", "K1"),
    ("Zeile\n— keine Quelle", ""), ("x\n", "K2"), ("\nx", ""), ("a — b", "c — d"),
    ("“englisch”", "K3"), ("\\", "\\"), ("> tief", "# K"),
])
def test_markdown_round_trips_odd_anchors(quote, source):
    cb = Codebook(codes=[CodeEntry("A", anchors=[AnchorExample(quote, source)])])
    for lang in ("de", "en"):
        assert codebook_from_markdown(codebook_to_markdown(cb, lang)) == cb


def test_markdown_nesting_beyond_six_heading_levels():
    leaf = CodeEntry("Ebene 9", memo="tief")
    for level in range(8, 0, -1):
        leaf = CodeEntry(f"Ebene {level}", children=[leaf])
    cb = Codebook(codes=[leaf])
    md = codebook_to_markdown(cb)
    assert "\n########## Ebene 9\n" in md
    assert codebook_from_markdown(md) == cb


def test_markdown_empty_codebook_round_trips():
    assert codebook_from_markdown(codebook_to_markdown(Codebook(codes=[]))) == Codebook(codes=[])


# Hypothesis: any text as Andock stores it (textnorm: no control characters but TAB/LF) survives;
# names are single-line and trimmed.
_chars = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff",
                       whitelist_characters="\t")
_pieces = st.one_of(st.text(_chars, max_size=12), st.sampled_from(TRICKY_TEXTS))
_texts = st.lists(_pieces, max_size=4).map("\n".join).map(
    lambda s: unicodedata.normalize("NFC", s.replace("\r", "\n")))
_lines = st.text(_chars, max_size=20).map(
    lambda s: unicodedata.normalize("NFC", s.replace("\r", " ").replace("\n", " ")))
_names = st.one_of(_lines, st.sampled_from(TRICKY_TEXTS)).map(
    lambda s: " ".join(s.replace("\r", " ").replace("\n", " ").split())).filter(bool)


@st.composite
def _codes(draw, depth=0):
    names = draw(st.lists(_names, max_size=2 if depth < 4 else 0, unique=True))
    codes = []
    for name in names:
        codes.append(CodeEntry(
            name=name,
            guid=str(uuid.UUID(int=draw(st.integers(0, 2**128 - 1)))) if draw(st.booleans()) else None,
            colour=draw(st.none() | st.from_regex(r"#[0-9a-fA-F]{6}", fullmatch=True)),
            definition=draw(_texts), inclusion=draw(_texts), exclusion=draw(_texts),
            coding_rules=draw(_texts), memo=draw(_texts),
            anchors=draw(st.lists(st.builds(AnchorExample, _texts, _lines), max_size=2)),
            children=draw(_codes(depth + 1)),
        ))
    return codes


@st.composite
def _codebooks(draw):
    cb = Codebook(codes=draw(_codes()), title=draw(_names | st.just("")))
    try:
        validate(cb)
    except InputError:  # only duplicate random GUIDs; vanishingly rare
        cb = Codebook(codes=[], title=cb.title)
    return cb


@settings(max_examples=200, deadline=None)
@given(_codebooks(), st.sampled_from(["de", "en"]))
def test_markdown_round_trip_property(cb, lang):
    assert codebook_from_markdown(codebook_to_markdown(cb, lang)) == cb


@settings(max_examples=60, deadline=None)
@given(_codebooks())
def test_json_round_trip_property(cb):
    assert codebook_from_json(codebook_to_json(cb)) == cb


# --- lenient reading of hand-written Markdown -----------------------------------------------


def test_hand_written_markdown_is_understood():
    md = """# Kategorie A
Erklärender Text direkt unter der Überschrift.

Einschlusskriterien:
wenn es um A geht

**Coding rules**: ganze Sätze

**Ankerbeispiele:**
- „Das ist A.“ — K01, Pos. 3
- Ohne Anführungszeichen — K02

## Unterkategorie A1
**Memo:** kurz notiert

# Kategorie B
"""
    cb = codebook_from_markdown(md)
    assert cb.title == ""
    a, b = cb.codes
    assert (a.name, a.definition, a.inclusion, a.coding_rules) == (
        "Kategorie A", "Erklärender Text direkt unter der Überschrift.", "wenn es um A geht",
        "ganze Sätze")
    assert a.anchors == [AnchorExample("Das ist A.", "K01, Pos. 3"),
                         AnchorExample("Ohne Anführungszeichen", "K02")]
    assert a.children == [CodeEntry("Unterkategorie A1", memo="kurz notiert")]
    assert b == CodeEntry("Kategorie B")


def test_markdown_reading_accepts_crlf_and_bom():
    md = "\ufeff" + codebook_to_markdown(sample()).replace("\n", "\r\n")
    assert codebook_from_markdown(md) == sample()


@pytest.mark.parametrize(("md", "message"), [
    ("## A\n#### B\n", r"line 2: heading 'B' skips a level"),
    ("## A\n# T\n", "line 2: a second '#' title"),
    ("**Memo:**\nx\n## A\n", "line 1: field label before the first category"),
    ("## A\n**Memo:**\nx\n**Memo:**\ny\n", "line 4: field '\\*\\*Memo:\\*\\*' given twice"),
    ("## A\n**Ankerbeispiele:**\n> „q“\nkein Zitat\n", "line 4: expected an anchor example"),
    ("## A\n<!-- andock guid=x -->\n", "not a UUID"),
    ("## A\n## A\n", "duplicate category name"),
    ("## \n", "line 1: category heading without a name"),
    ("<!-- andock colour=#aabbcc -->\n## A\n", "line 1: andock comment outside a category"),
    ("## A\n<!-- andock colour=#aabbcc -->\n<!-- andock colour=#aabbcc -->\n", "second andock"),
])
def test_markdown_errors_name_the_line(md, message):
    with pytest.raises(InputError, match=message):
        codebook_from_markdown(md)


# --- files ---------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".json", ".md", ".markdown", ".JSON"])
def test_write_and_read_files_round_trip(tmp_path, suffix):
    path = tmp_path / f"codebook{suffix}"
    write_codebook_file(sample(), path)
    assert read_codebook_file(path) == sample()
    assert b"\r\n" not in path.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temp file left behind


def test_write_replaces_existing_file_and_keeps_its_mode(tmp_path):
    path = tmp_path / "cb.json"
    path.write_text("old")
    os.chmod(path, 0o640)
    write_codebook_file(sample(), path)
    assert read_codebook_file(path) == sample()
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o640


def test_failed_write_leaves_old_file_and_no_temp(tmp_path):
    path = tmp_path / "cb.json"
    path.write_text("old")
    with pytest.raises(InputError, match="duplicate"):
        write_codebook_file(Codebook(codes=[CodeEntry("A"), CodeEntry("A")]), path)
    assert path.read_text() == "old" and len(list(tmp_path.iterdir())) == 1


def test_write_into_missing_folder_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="cb.json"):
        write_codebook_file(sample(), tmp_path / "nope" / "cb.json")


@pytest.mark.parametrize("name", ["cb.txt", "cb.docx", "cb.qdc", "cb"])
def test_write_refuses_other_types(tmp_path, name):
    with pytest.raises(InputError, match=r"\.json or \.md"):
        write_codebook_file(sample(), tmp_path / name)


def test_read_refuses_unknown_types_and_names_the_file(tmp_path):
    path = tmp_path / "codebook.qdc"
    path.write_text("<xml/>")
    with pytest.raises(InputError, match="codebook.qdc"):
        read_codebook_file(path)


def test_read_json_errors_name_the_file(tmp_path):
    path = tmp_path / "kaputt.json"
    path.write_text('{"format": "andock-codebook", "version": 1, "codes": [{"nme": "A"}]}')
    with pytest.raises(InputError, match=r"kaputt\.json: codes\[0\]\.name: missing"):
        read_codebook_file(path)


def test_read_refuses_legacy_encoding_with_encoding_hint(tmp_path):
    path = tmp_path / "cb.md"
    path.write_bytes(MARKER.encode() + "\n## Stra\xdfe\n".encode("cp1252"))
    with pytest.raises(InputError, match="--encoding"):
        read_codebook_file(path)


def test_read_utf16_markdown_codebook(tmp_path):
    path = tmp_path / "cb.md"
    path.write_bytes(codebook_to_markdown(sample()).encode("utf-16"))
    assert read_codebook_file(path) == sample()


def test_markdown_without_marker_is_read_as_interview_guide(tmp_path):
    path = tmp_path / "leitfaden.md"
    path.write_text("# Leitfaden\n\n## Einstieg\n- Wie kamen Sie dazu?\n\n## Ausblick\n",
                    encoding="utf-8")
    cb = read_codebook_file(path)
    assert cb.title == "Leitfaden"
    assert [c.name for c in cb.codes] == ["Einstieg", "Ausblick"]
    assert cb.codes[0].definition == "Entwurf aus dem Leitfaden — Fragen:\n- Wie kamen Sie dazu?"
