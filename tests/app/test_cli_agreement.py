"""``andock agreement`` as users call it: summary, one level, JSON, report files, clear errors."""
from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from coding.store.project import Project
from tests.coding.agreement_world import D1, build_world
from tests.coding.helpers import span
from tests.conftest import andock_process


@pytest.fixture
def study(tmp_path):
    path = tmp_path / "studie.andock"
    proj = Project.create(path, "Studie")
    build_world(proj)
    proj.close()
    return path


def test_summary_of_all_levels(study, cli):
    code, out, err = cli("agreement", study, "--coders", "Anna", "Ben")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Intercoder agreement of Anna, Ben: 5 codes, 2 documents"
    assert "  not compared: N01_nur_Anna (coded by Anna)" in lines
    assert "  chosen codes nobody used: Leer" in lines
    rows = {line.split()[0]: line.split() for line in lines if line.split() and line.split()[0] in
            ("documents", "frequency", "segments", "units")}
    assert rows["documents"][4:10] == ["10", "7", "70.0%", "0.348", "0.400", "2"]
    assert rows["segments"][4:11] == ["14", "8", "57.1%", "–", "0.464", "5", "–"]
    assert rows["units"][4:7] == ["25", "21", "84.0%"]
    # frequency: nominal α, then interval α — by hand from the frequencies (n = 20, mean 0.7):
    # D_o = 4·2·1/20 = 0.4, D_e = 2·20·6.2/(20·19) = 0.653 -> α = 1 − 152/248 = 12/31
    assert rows["frequency"][-2:] == ["0.262", "0.387"] and rows["documents"][-1] == "–"
    assert "5 disagreements at the segment level (overlap >= 90%)" in out


def test_one_level_lists_every_code_and_the_disagreements(study, cli):
    code, out, err = cli("agreement", study, "--coders", "Anna", "Ben", "--level", "segments", "--overlap", "95")
    assert code == 0, err
    table = {line[:12].strip(): line.split()[-8:] for line in out.splitlines()}
    assert table["Zugänge"][:3] == ["0", "2", "1"]  # 93 % overlap is below 95 %
    assert table["all codes"][:4] == ["6", "4", "4", "0"]
    assert "Disagreements (6):" in out
    (a0, a1), (b0, b1) = span(D1, "über die Ämter"), span(D1, "die Ämter")
    assert f"    Anna: {a0}-{a1} 'über die Ämter'" in out and f"    Ben: {b0}-{b1} 'die Ämter'" in out
    assert "    coded there instead by Ben: Hürden" in out
    assert "Ämter" in table and table["Ämter"][0] == "0"


def test_json_is_complete_and_stable(study, cli):
    code, out, err = cli("agreement", study, "--coders", "Anna", "Ben", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert sorted(data) == ["coders", "codes", "disagreements", "documents", "levels", "not_compared", "overlap",
                            "unused_codes"]
    assert data["coders"] == ["Anna", "Ben"] and data["overlap"] == 90.0
    assert data["not_compared"] == [{"document": "N01_nur_Anna", "coded_by": ["Anna"]}]
    doc = data["levels"]["documents"]
    overall = doc["pairs"][0]["overall"]
    assert (overall["both"], overall["only_a"], overall["only_b"], overall["neither"]) == (5, 1, 2, 2)
    assert overall["table"] == [[5, 1], [2, 2]] and overall["cohen"]["kappa"] == pytest.approx(0.16 / 0.46)
    assert overall["brennan_prediger"]["p_e"] == 0.5 and doc["alpha"]["alpha"] is not None
    wohnen = next(c for c in doc["pairs"][0]["codes"] if c["code"] == "Wohnen")
    assert (wohnen["only_b"], wohnen["neither"]) == (1, 1) and wohnen["alpha"]["units"] == 2
    assert data["levels"]["segments"]["alpha"] is None
    freq = data["levels"]["frequency"]
    assert freq["alpha_interval"]["alpha"] == pytest.approx(12 / 31) and freq["alpha_interval"]["metric"] == "interval"
    assert freq["alpha"]["metric"] == "nominal" and doc["alpha_interval"] is None
    hurden = next(c for c in freq["pairs"][0]["codes"] if c["code"] == "Hürden")
    assert hurden["alpha_interval"]["alpha"] == pytest.approx(0.0) and hurden["alpha_interval"]["pairable_values"] == 4
    assert all(c["alpha_interval"] is None for c in doc["pairs"][0]["codes"])
    first = data["disagreements"][0]
    assert first["kind"] == "boundaries" and first["a"][0]["text"] == "über die Ämter"
    start, end = span(D1, "die Ämter")
    assert first["b"][0] == {"coder": "Ben", "code": "Zugänge/Ämter", "start": start, "end": end, "text": "die Ämter"}


def test_a_main_category_and_documents(study, cli):
    code, out, err = cli("agreement", study, "--coders", "Anna", "Ben", "--code", "Zugänge", "--doc",
                         "K01_Südstadt", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["codes"] == ["Zugänge", "Zugänge/Schule", "Zugänge/Ämter"] and data["documents"] == ["K01_Südstadt"]
    assert data["levels"]["segments"]["pairs"][0]["overall"]["k"] == 3


def test_report_files(study, cli, tmp_path):
    out = tmp_path / "übereinstimmung.xlsx"
    code, stdout, err = cli("agreement", study, "--coders", "Anna", "Ben", "-o", out, "--lang", "en")
    assert code == 0, err
    assert stdout == f"Agreement report written to {out}\n"
    assert load_workbook(out).sheetnames[-1] == "Method"
    code, _out, err = cli("agreement", study, "--coders", "Anna", "Ben", "-o", out)
    assert code == 1 and "exists already; add --force" in err
    assert cli("agreement", study, "--coders", "Anna", "Ben", "-o", out, "--force")[0] == 0
    assert load_workbook(out).sheetnames[-1] == "Methode"  # German by default, like andock report
    for suffix in (".docx", ".pdf"):
        assert cli("agreement", study, "--coders", "Anna", "Ben", "-o", tmp_path / f"r{suffix}")[0] == 0
        assert (tmp_path / f"r{suffix}").stat().st_size > 1000
    code, _out, err = cli("agreement", study, "--coders", "Anna", "Ben", "-o", tmp_path / "r.csv")
    assert code == 1 and "use .xlsx, .docx, .pdf" in err and not (tmp_path / "r.csv").exists()


@pytest.mark.parametrize("args, message", [
    (["--coders", "Anna"], "at least two coders"),
    (["--coders", "Anna", "Niemand"], "no coder named 'Niemand'"),
    (["--coders", "Anna", "Cem"], "no document was coded by both Anna and Cem"),
    (["--coders", "Anna", "Ben", "--doc", "N01_nur_Anna"], "no document was coded by both Anna and Ben"),
    (["--coders", "Anna", "Ben", "--code", "Leer"], "none of the chosen codes was used"),
    (["--coders", "Anna", "Ben", "--code", "Gibt/Es/Nicht"], "no code 'Gibt'"),
    (["--coders", "Anna", "Ben", "--overlap", "0"], "overlap threshold"),
])
def test_errors_are_one_clear_line(study, cli, args, message):
    code, out, err = cli("agreement", study, *args)
    assert code == 1 and message in err and "Traceback" not in err and out == ""


def test_a_separate_process_in_german(study):
    done = andock_process("agreement", study, "--coders", "Anna", "Ben", "--doc", "Workshop_Größenklasse",
                          env={"ANDOCK_LANG": "de"})
    assert done.returncode == 0, done.stderr
    assert "Intercoder agreement of Anna, Ben: 3 codes, 1 documents" in done.stdout
    failed = andock_process("agreement", study, "--coders", "Anna", env={"ANDOCK_LANG": "de"})
    assert failed.returncode == 1 and "mindestens zwei Codierende" in failed.stderr
