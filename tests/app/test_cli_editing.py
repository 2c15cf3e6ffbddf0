"""``andock words`` and ``andock replace`` as users and scripts call them."""
from __future__ import annotations

import json

import pytest

from coding.services import documents
from coding.services.word_timings import attach_recognised_words
from coding.store.project import Project
from tests.conftest import write

TRANSCRIPT = (
    "I: Wie finden neu Zugezogene Unterstützung? #00:00:04-2#\n\n"
    "B: Meistens über die Schule – und über die WhatsApp-Gruppe 🏘️👍 der Moscheegemeinde. #00:00:15-8#\n"
)


@pytest.fixture
def proj(tmp_path, cli):
    path = tmp_path / "studie.andock"
    assert cli("new", path)[0] == 0
    assert cli("import", path, write(tmp_path / "K01.txt", TRANSCRIPT, "utf-8"))[0] == 0
    return path


def test_words_lists_stored_timings_with_their_place_in_the_text(proj, cli):
    with Project.open(proj) as p, p.action("Transcribe") as act:
        doc = documents.find_document(act.conn, "K01")
        attach_recognised_words(act, doc, [(" Meistens", 4300, 4800, 0.91), (" über", 4800, 5000, 0.42),
                                           (" Schule", 5300, 5700, 0.97), (" Moscheegemeinde.", 9000, 10100, 0.35)])
    code, out, err = cli("words", proj, "--doc", "K01", "--json")
    assert code == 0, err
    words = json.loads(out)
    _, text, _ = cli("show", proj, "--doc", "K01")
    assert [w["word"] for w in words] == ["Meistens", "über", "Schule", "Moscheegemeinde."]
    assert all(text[w["start"]:w["end"]] == w["word"] for w in words)
    assert words[3] == {"word": "Moscheegemeinde.", "start": text.index("Moschee"),
                        "end": text.index("Moschee") + 16, "start_ms": 9000, "end_ms": 10100, "probability": 0.35}
    code, out, _ = cli("words", proj, "--doc", "K01", "--below", "0.5")
    assert code == 0 and out.splitlines()[0].startswith("start_ms")
    assert [line.split("\t")[-1] for line in out.splitlines()[1:]] == ["über", "Moscheegemeinde."]


def test_words_of_an_imported_transcript_says_there_are_none(proj, cli):
    code, out, err = cli("words", proj, "--doc", "K01")
    assert code == 0 and out == "" and "no word timings" in err
    code, _, err = cli("words", proj, "--doc", "K99")
    assert code == 1 and "K99" in err


def test_replace_dry_run_changes_nothing_then_replace_and_undo(proj, cli):
    code, out, err = cli("replace", proj, "über", "ueber", "--dry-run")
    assert code == 0, err
    assert "would replace 2 match(es) in 1 document(s)" in out and "[über → ueber]" in out
    assert "über die Schule" in cli("show", proj, "--doc", "K01")[1]
    code, out, err = cli("replace", proj, "über", "ueber", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["dry_run"] is False and len(data["replacements"]) == 2
    assert "ueber die Schule" in cli("show", proj, "--doc", "K01")[1]
    assert cli("undo", proj)[0] == 0
    assert "über die Schule" in cli("show", proj, "--doc", "K01")[1]


def test_replace_with_a_bad_regex_is_a_clear_error(proj, cli):
    code, out, err = cli("replace", proj, "(Schule", "x", "--regex")
    assert code == 1 and "invalid regular expression" in err
    code, out, err = cli("replace", proj, "Rathaus", "x")
    assert code == 0 and "no matches; nothing changed" in out
