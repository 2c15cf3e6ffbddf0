"""Bad input gets one clear error line and leaves the project exactly as it was."""
from __future__ import annotations

import io
import sqlite3
import zipfile

import pytest

from tests.conftest import write


def dump(path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


@pytest.fixture
def proj(tmp_path, cli):
    path = tmp_path / "p.andock"
    cli("new", path)
    cli("import", path, write(tmp_path / "K01.txt", "I: Frage? #00:00:01-0#\n\nB: Antwort: Größe 🏘️. #00:00:03-0#\n"))
    cli("code-new", path, "Thema")
    cli("code", path, "--doc", "K01", "--code", "Thema", "--start", 0, "--end", 9, "--coder", "Lena")
    return path


def zip_bomb_docx(path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w:document>" + b" " * (300 * 1024 * 1024) + b"</w:document>")
    path.write_bytes(buf.getvalue())
    return path


CASES = {
    "cp1252 text": (lambda d: write(d / "alt.txt", "Straße, Größe\n", "cp1252"), ["import"], "--encoding"),
    "UTF-16 without BOM": (lambda d: write(d / "u16.txt", "Grüße\n", "utf-16-le"), ["import"], "encoding"),
    "empty text": (lambda d: write(d / "leer.txt", ""), ["import"], "no text"),
    "unsupported suffix": (lambda d: write(d / "x.pdf", "%PDF-1.4"), ["import"], ".docx"),
    "corrupt docx": (lambda d: write(d / "kaputt.docx", "PK\x03\x04 nonsense"), ["import"], "kaputt.docx"),
    "zip that is no docx": (lambda d: _plain_zip(d / "z.docx"), ["import"], "z.docx"),
    "zip bomb docx": (lambda d: zip_bomb_docx(d / "bomb.docx"), ["import"], "bomb.docx"),
    "malformed srt": (lambda d: write(d / "x.srt", "1\n00:00:01,000 --> kaputt\nHallo\n"), ["import"], "x.srt"),
    "malformed vtt": (lambda d: write(d / "x.vtt", "WEBVTT\n\n00:01.000 --> 00:xx.000\nHallo\n"), ["import"], "x.vtt"),
    "csv with bad row": (lambda d: write(d / "v.csv", "Dokument;Alter\nK01;dreißig\nK01;40\n"), ["vars"], "row"),
    "csv wrong encoding": (lambda d: write(d / "v.csv", "Dokument;Ort\nK01;Köln\n", "cp1252"), ["vars"], "--encoding"),
    "corrupt xlsx": (lambda d: write(d / "v.xlsx", "not a workbook"), ["vars"], "v.xlsx"),
    "xls (old format)": (lambda d: write(d / "v.xls", "\xd0\xcf\x11\xe0"), ["vars"], ".xlsx"),
    "codebook json broken": (lambda d: write(d / "cb.json", "{ nope"), ["codebook", "import"], "cb.json"),
    "codebook json newer": (lambda d: write(d / "cb.json", '{"format": "andock-codebook", "version": 99, "codes": []}'),
                            ["codebook", "import"], "version"),
    "guide without structure": (lambda d: write(d / "g.md", "nur ein Satz ohne Gliederung\n"), ["codebook", "import"], "g.md"),
}


def _plain_zip(path):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hallo")
    return path


@pytest.mark.parametrize("case", list(CASES))
def test_bad_file_is_refused_and_changes_nothing(case, proj, tmp_path, cli):
    make, command, expected = CASES[case]
    bad = make(tmp_path)
    before = dump(proj)
    if command[0] == "codebook":
        code, out, err = cli("codebook", "import", proj, bad)
    else:
        code, out, err = cli(command[0], proj, bad)
    assert code == 1, (out, err)
    assert err.startswith("andock: ") and err.count("\n") == 1 and "Traceback" not in err
    assert expected in err
    assert dump(proj) == before


@pytest.mark.parametrize("start,end", [(-1, 3), (5, 5), (7, 3), (0, 10_000)])
def test_out_of_range_positions_are_refused(proj, cli, start, end):
    before = dump(proj)
    code, _, err = cli("code", proj, "--doc", "K01", "--code", "Thema", "--start", start, "--end", end)
    assert code == 1 and ("did you swap them?" if start > end >= 0 else "outside the document") in err
    assert dump(proj) == before


def test_unknown_code_and_coder_are_refused(proj, cli):
    before = dump(proj)
    assert cli("code", proj, "--doc", "K01", "--code", "Fehlt/Auch", "--start", 0, "--end", 3)[0] == 1
    assert cli("segments", proj, "--coder", "Niemand")[0] == 1
    assert cli("code", proj, "--doc", "K01", "--code-id", "00000000-0000-4000-8000-000000000000",
               "--start", 0, "--end", 3)[0] == 1
    assert dump(proj) == before
