"""The ``andock`` command line, as users and scripts call it."""
from __future__ import annotations

import json

import pytest

from tests.conftest import andock_process, write

TRANSCRIPT = (
    "I: Wie finden neu Zugezogene Unterstützung? #00:00:04-2#\n\n"
    "B: Meistens über die Schule – und über die WhatsApp-Gruppe 🏘️👍 der Moscheegemeinde. #00:00:15-8#\n\n"
    "I: Und die Verwaltung? #00:00:18-0#\n\n"
    "B: Die Ämter sind für viele schwer zu erreichen, gerade ohne Deutschkenntnisse. #00:00:29-5#\n"
)


@pytest.fixture
def proj(tmp_path, cli):
    path = tmp_path / "studie.andock"
    assert cli("new", path, "--name", "Studie")[0] == 0
    return path


def test_new_and_info(proj, cli):
    code, out, _ = cli("info", proj, "--json")
    assert code == 0
    info = json.loads(out)
    assert info["name"] == "Studie" and info["documents"] == 0 and info["segments"] == 0


def test_import_show_code_segments_undo_redo(proj, tmp_path, cli):
    f = write(tmp_path / "K01_Kommune.txt", TRANSCRIPT.replace("\n", "\r\n"), "utf-8-sig")
    code, out, err = cli("import", proj, f, "--var", "Gruppe=kommunal")
    assert code == 0, err
    assert "K01_Kommune" in out and "transcript" in out
    code, text, _ = cli("show", proj, "--doc", "K01_Kommune")
    assert "#00:" not in text and "\r" not in text and text.startswith("I: Wie finden")
    quote = "WhatsApp-Gruppe 🏘️👍 der Moscheegemeinde"
    start = text.index(quote)
    assert cli("code-new", proj, "Zugänge/Digitale Kanäle")[0] == 0
    code, out, err = cli("code", proj, "--doc", "K01", "--code", "Zugänge/Digitale Kanäle",
                         "--start", start, "--end", start + len(quote), "--coder", "Lena", "--memo", "Beleg")
    assert code == 0, err
    code, out, _ = cli("segments", proj, "--code", "Zugänge", "--var", "Gruppe=kommunal", "--json")
    segs = json.loads(out)
    assert [s["text"] for s in segs] == [quote]
    assert segs[0]["speaker"] == "B" and segs[0]["coder"] == "Lena" and segs[0]["memo"] == "Beleg"
    assert segs[0]["time_ms"] == 4200 and segs[0]["label"] == "K01"
    code, out, _ = cli("segments", proj, "--code", "Zugänge", "--var", "Gruppe=national", "--json")
    assert json.loads(out) == []
    tree = json.loads(cli("codes", proj, "--json")[1])
    assert tree[0]["name"] == "Zugänge" and tree[0]["total"] == 1 and tree[0]["children"][0]["count"] == 1
    # undo and redo from separate processes (the history lives in the file), per coder: without
    # a current coder, `andock undo` reaches only actions made without one ("New code"), which
    # Lena's coding now uses, so it is refused; Lena's own undo takes her coding back
    r = andock_process("undo", proj)
    assert r.returncode == 1 and r.stderr.startswith("andock: cannot undo 'New code'")
    assert len(json.loads(cli("segments", proj, "--json")[1])) == 1
    r = andock_process("undo", proj, "--coder", "Lena")
    assert r.returncode == 0 and "Code segment" in r.stdout
    assert json.loads(cli("segments", proj, "--json")[1]) == []
    assert andock_process("redo", proj).stdout == "Nothing to redo\n"  # not Lena's: no coder asked
    r = andock_process("redo", proj, "--coder", "Lena")
    assert r.returncode == 0
    assert len(json.loads(cli("segments", proj, "--json")[1])) == 1


def test_errors_are_one_clear_line_and_change_nothing(proj, tmp_path, cli):
    f = write(tmp_path / "alt.txt", "Größe und Straße\n", "cp1252")
    code, out, err = cli("import", proj, f)
    assert code == 1 and "--encoding cp1252" in err and err.count("\n") == 1 and "Traceback" not in err
    assert json.loads(cli("info", proj, "--json")[1])["documents"] == 0
    code, out, err = cli("import", proj, f, "--encoding", "cp1252")
    assert code == 0
    assert cli("show", proj, "--doc", "alt")[1] == "Größe und Straße\n"
    # name clash
    code, _, err = cli("import", proj, f, "--encoding", "cp1252")
    assert code == 1 and "--rename" in err
    code, out, _ = cli("import", proj, f, "--encoding", "cp1252", "--rename")
    assert code == 0 and "alt (2)" in out
    # out-of-range position
    cli("code-new", proj, "Thema")
    code, _, err = cli("code", proj, "--doc", "alt", "--code", "Thema", "--start", 5, "--end", 999)
    assert code == 1 and "outside the document" in err
    code, _, err = cli("code", proj, "--doc", "fehlt", "--code", "Thema", "--start", 0, "--end", 1)
    assert code == 1 and "no document named 'fehlt'" in err
    assert json.loads(cli("info", proj, "--json")[1])["segments"] == 0
    code, _, err = cli("info", tmp_path / "gibtsnicht.andock")
    assert code == 1 and "no such project file" in err


def test_a_process_sees_one_line_errors(tmp_path):
    r = andock_process("info", tmp_path / "fehlt.andock")
    assert r.returncode == 1
    assert r.stderr.strip().count("\n") == 0 and "Traceback" not in r.stderr


def test_uncode_by_range_and_by_segment(proj, tmp_path, cli):
    f = write(tmp_path / "N01.txt", "Erster Satz. Zweiter Satz. Dritter Satz.\n")
    cli("import", proj, f)
    cli("code-new", proj, "A")
    cli("code", proj, "--doc", "N01", "--code", "A", "--start", 0, "--end", 12, "--coder", "X")
    out = cli("code", proj, "--doc", "N01", "--code", "A", "--start", 27, "--end", 40, "--coder", "X")[1]
    guid = out.strip().split("segment ")[1].rstrip(")")
    code, out, _ = cli("uncode", proj, "--doc", "N01", "--code", "A", "--start", 5, "--end", 6)
    assert code == 0 and "Removed 1" in out
    code, out, _ = cli("uncode", proj, "--segment", guid)
    assert code == 0 and "Removed 1" in out
    assert json.loads(cli("info", proj, "--json")[1])["segments"] == 0


def test_vars_from_a_german_excel_csv(proj, tmp_path, cli):
    for name in ("K01_Mittelstadt", "K02_Hafenstadt"):
        cli("import", proj, write(tmp_path / f"{name}.txt", f"B: Interview {name}.\n"))
    csv = write(tmp_path / "vars.csv", "Dokument;Gruppe;Einwohner;Anteil;Datum\r\n"
                "K01_Mittelstadt;kommunal;54.321;3,5;05.03.2026\r\n"
                "K02_Hafenstadt;kommunal;120.000;12,25;17.04.2026\r\n", "utf-8-sig")
    code, out, err = cli("vars", proj, csv)
    assert code == 0, err
    assert "4 values" not in out and "8 values set on 2 documents" in out
    code, out, _ = cli("segments", proj, "--var", "Gruppe=kommunal", "--json")
    assert code == 0
    bad = write(tmp_path / "bad.csv", "Dokument;Einwohner\r\nK01_Mittelstadt;viele\r\n", "utf-8-sig")
    code, _, err = cli("vars", proj, bad)
    assert code == 1 and "row 2" in err


def test_codebook_round_trip_through_files(proj, tmp_path, cli):
    guide = write(tmp_path / "leitfaden.md", "# Interviewleitfaden\n\n## 1. Einstieg und Rolle\n\n"
                  "1. Was ist Ihre Aufgabe?\n\n## 2. Zugänge zu Unterstützung\n\n"
                  "1. Wo finden Neuzugewanderte Hilfe?\n2. Welche Rolle spielen Schulen?\n")
    code, out, err = cli("codebook", "import", proj, guide)
    assert code == 0, err
    tree = json.loads(cli("codes", proj, "--json")[1])
    assert [n["name"] for n in tree] == ["Einstieg und Rolle", "Zugänge zu Unterstützung"]
    for suffix in ("json", "md"):
        out_file = tmp_path / f"codebook.{suffix}"
        assert cli("codebook", "export", proj, out_file)[0] == 0
        other = tmp_path / f"other_{suffix}.andock"
        cli("new", other)
        assert cli("codebook", "import", other, out_file)[0] == 0
        again = json.loads(cli("codes", other, "--json")[1])
        assert [(n["name"], n["guid"], n["colour"]) for n in again] == \
               [(n["name"], n["guid"], n["colour"]) for n in tree]


def test_demo_without_gui_creates_and_summarises(tmp_path, cli):
    code, out, err = cli("demo", tmp_path / "demo.andock", "--no-gui")
    assert code == 0, err
    assert "8 documents" in out and "Lena" in out and "Murat" in out
    info = json.loads(cli("info", tmp_path / "demo.andock", "--json")[1])
    assert info["documents"] == 8 and info["segments"] > 100 and info["codes"] >= 8


def test_without_a_display_the_window_says_so_in_one_line_and_demo_falls_back(tmp_path):
    env = {"DISPLAY": "", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": ""}
    r = andock_process("demo", tmp_path / "d.andock", env=env)
    assert r.returncode == 0, r.stderr
    assert "8 documents" in r.stdout
    assert r.stderr.count("\n") == 1 and "no display" in r.stderr and "Traceback" not in r.stderr
    r = andock_process("gui", env=env)
    assert r.returncode == 0 and "no display" in r.stderr and r.stderr.count("\n") == 1
