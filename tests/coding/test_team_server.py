"""A team database on a real PostgreSQL server: rights the server enforces, per coder.

Each test connects as the coders' own database roles (made by ``coding.store.team``) and tries:
a coder may change only their own codings, memos and undo history; only the lead may change the
codebook; everyone reads everything. Refusals come from the server (row-level security, grants)
and reach the user as one sentence, with nothing changed. Four coder processes working at once
(coding, memos, undo, redo, and attempts on each other's codings) lose nothing.

Run as a script (``python -m tests.coding.test_team_server URL SEED N OUT``) it is one such coder.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import random
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import make_url, select

from coding.base.errors import ConflictError, NotAllowedError, NotFoundError, ProjectVersionError
from coding.base.ids import CodeId, CoderId, DocumentId, SegmentId
from coding.exchange.importers.transcript import parse_transcript
from coding.services import code_changes, codes, coders, documents, memos, segments
from coding.store import db, team
from coding.store.models import TABLES
from coding.store.project import Project

ROOT = Path(__file__).resolve().parents[2]
CODERS = ["Lena", "Murat", "Ayşe", "Jonas", "Nora"]  # Lena leads
WORKING = CODERS[1:]  # the four coders of the concurrency test (the lead's changes may touch anyone's)
TEXT = ("I: Wie sind Sie in der Gemeinde angekommen?\n\n"
        "B: Über die Schule 🏫 und die Moschee – und über die Nachbar*innen, die uns geholfen haben. "
        "Die Ämter waren schwer zu erreichen, vor allem ohne Deutschkenntnisse.\n\n"
        "I: Und heute?\n\n"
        "B: Heute arbeite ich selbst im Bürgerbüro und helfe anderen, die neu ankommen. ") * 3


def role_url(admin_url: str, role: str, password: str | None = None) -> str:
    """The team database as one role sees it (the test server trusts loopback; the password is
    passed all the same, as the app would)."""
    return make_url(admin_url).set(username=role, password=password).render_as_string(hide_password=False)


@dataclass
class Team:
    admin: str
    plan: team.TeamPlan
    url: dict[str, str]  # coder name -> URL of their role
    doc: DocumentId
    schule: CodeId
    aemter: CodeId


def _setup(pg_server, leads=("Lena",)) -> Team:
    admin = pg_server.new_database()
    plan = team.plan_team(admin, CODERS, leads, prefix="t" + admin.rsplit("_", 1)[1], environ={})
    engine = db.make_engine(admin)
    try:
        team.apply(engine, plan)
    finally:
        engine.dispose()
    urls = {m.coder: role_url(admin, m.role, m.password) for m in plan.members}
    with Project.open(urls["Lena"]) as lead:  # the lead sets up the codebook and the documents
        with lead.action("Codebook") as act:
            schule = codes.create_code(act, "Schule")
            aemter = codes.create_code(act, "Ämter")
            doc = documents.add_document(act, "K01", parse_transcript(TEXT))
    return Team(admin, plan, urls, doc, schule, aemter)


@pytest.fixture
def team_db(pg_server) -> Team:
    return _setup(pg_server)


def snapshot(url: str) -> dict[str, list[tuple]]:
    """Every table, history included, ordered by key: what "nothing changed" compares."""
    with Project.open(url) as proj, proj.read() as conn:
        return {name: [tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns))]
                for name, t in TABLES.items()}


def code_as(url: str, t: Team, start: int, end: int, memo: str | None = None, code: CodeId | None = None) -> SegmentId:
    """One coding by the coder whose role ``url`` uses."""
    with Project.open(url) as proj, proj.action("Code segment") as act:
        me = coders.current_coder_id(act.conn)
        assert me is not None
        return segments.apply_code(act, t.doc, code or t.schule, me, start, end, memo=memo)


# -- who is who --------------------------------------------------------------------------------------
def test_each_role_codes_as_its_own_coder_and_the_team_is_listed(team_db):
    t = team_db
    seen = {}
    for name, url in t.url.items():
        with Project.open(url) as proj, proj.read() as conn:
            seen[name] = {c.name: c.id for c in coders.list_coders(conn)}[name]
            assert coders.current_coder_id(conn) == seen[name]
    assert len(set(seen.values())) == len(CODERS)
    with Project.open(t.url["Murat"]) as proj, proj.read() as conn:
        listed = team.members(conn)
    assert sorted((m.coder, m.lead) for m in listed) == [("Ayşe", False), ("Jonas", False), ("Lena", True),
                                                          ("Murat", False), ("Nora", False)]
    assert {m.role for m in listed} == {m.role for m in t.plan.members}
    assert [m.connections for m in listed if m.coder == "Murat"] == [1]  # the connection asking
    with Project.open(t.admin) as proj, proj.read() as conn:  # the administrator is nobody's coder
        assert team.coder_guid(conn) is None


def test_role_names_are_safe_and_distinct():
    names = team.role_names("studie", ["Jürgen Weiß", "Ayşe", "Ayse", "李", "Robert'); DROP TABLE x;--", "x" * 99])
    assert names[:4] == ["studie_juergen_weiss", "studie_ayse", "studie_ayse_2", "studie_member"]
    assert names[4] == "studie_robert_drop_table_x"
    assert len(names[5]) == 63 and all(n.isascii() and n.replace("_", "").isalnum() for n in names)
    assert team.role_prefix("pg_studie") == "andock_pg_studie"  # pg_… names are the server's own


# -- codings and memos: only one's own ------------------------------------------------------------------
def test_a_coder_cannot_change_or_delete_another_coders_coding(team_db):
    t = team_db
    murat_seg = code_as(t.url["Murat"], t, 0, 10, memo="Murats Notiz")
    before = snapshot(t.admin)
    attempts = {
        "delete": lambda act, me: segments.delete_segment(act, murat_seg),
        "remove by range": lambda act, me: segments.remove_code(act, t.doc, t.schule, 0, 10),
        "key quote": lambda act, me: segments.set_key_quote(act, murat_seg, True),
        "move": lambda act, me: act.update("segments", murat_seg, {"start_pos": 1}),
        "take over": lambda act, me: act.update("segments", murat_seg, {"coder_id": me}),
        "code as Murat": lambda act, me: segments.apply_code(
            act, t.doc, t.schule, segments.get_segment(act.conn, murat_seg).coder_id, 20, 30),
        "memo": lambda act, me: memos.set_memo(act, "segment", murat_seg, "Ayşes Text", me),
    }
    with Project.open(t.url["Ayşe"]) as ayse:
        for what, fn in attempts.items():
            with pytest.raises(NotAllowedError) as err:
                with ayse.action(what) as act:
                    fn(act, coders.current_coder_id(act.conn))
            assert str(err.value) == ("The team database refused the change: codings and memos can be changed "
                                      "only by the coder who made them, or by the team's lead. Nothing was changed."), what
    assert snapshot(t.admin) == before
    # her own coding next to it is fine, and Murat still deletes his
    code_as(t.url["Ayşe"], t, 0, 10)
    with Project.open(t.url["Murat"]) as murat, murat.action("Remove") as act:
        segments.delete_segment(act, murat_seg)


def test_the_server_itself_refuses_other_coders_rows(team_db):
    """Straight SQL as Ayşe's role, past the app: the server changes none of Murat's rows."""
    t = team_db
    murat_seg = code_as(t.url["Murat"], t, 0, 10, memo="Murats Notiz")
    own_seg = code_as(t.url["Ayşe"], t, 20, 30)
    before = snapshot(t.admin)
    with Project.open(t.url["Murat"]) as murat, murat.read() as conn:
        murat_id = coders.current_coder_id(conn)
    with psycopg.connect(t.url["Ayşe"], autocommit=True) as conn:
        assert conn.execute("UPDATE segments SET start_pos = 2 WHERE id = %s", [murat_seg]).rowcount == 0
        assert conn.execute("DELETE FROM segments WHERE id = %s", [murat_seg]).rowcount == 0
        assert conn.execute("UPDATE memos SET text = 'x'").rowcount == 0
        assert conn.execute("DELETE FROM memos").rowcount == 0
        assert conn.execute("DELETE FROM history WHERE coder_guid IS DISTINCT FROM "
                            "andock_team.coder_guid()").rowcount == 0  # Murat's and Lena's entries
        for sql, args in (
                ("INSERT INTO segments (guid, document_id, code_id, coder_id, start_pos, end_pos, key_quote, "
                 "created_at) VALUES ('g1', %s, %s, %s, 40, 50, false, now())", [t.doc, t.schule, murat_id]),
                ("UPDATE segments SET coder_id = %s WHERE id = %s", [murat_id, own_seg]),
                ("INSERT INTO memos (guid, segment_id, coder_id, title, text, created_at, modified_at) "
                 "VALUES ('g2', %s, %s, '', 'x', now(), now())", [murat_seg, murat_id]),
                ("INSERT INTO codes (guid, name, colour, sort_order, definition, inclusion, exclusion, "
                 "coding_rules, created_at) VALUES ('g3', 'X', '#000000', 9, '', '', '', '', now())", []),
                ("UPDATE coders SET name = 'Ayşe' || name", []),
                ("INSERT INTO history (description, undo_ops, undone, created_at, coder_guid) "
                 "VALUES ('fake', '[]', false, now(), NULL)", [])):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql, args)
        # reading is allowed: everyone's codings, memos and history
        assert conn.execute("SELECT count(*) FROM segments").fetchone() == (2,)
        assert conn.execute("SELECT text FROM memos").fetchone() == ("Murats Notiz",)
    assert snapshot(t.admin) == before


# -- the codebook: only the lead ----------------------------------------------------------------------------
def test_only_the_lead_changes_the_codebook(team_db):
    t = team_db
    code_as(t.url["Murat"], t, 0, 10, code=t.aemter)
    before = snapshot(t.admin)
    changes = {
        "new code": lambda act: codes.create_code(act, "Nachbarschaft"),
        "rename": lambda act: codes.rename_code(act, t.schule, "Bildung"),
        "definition": lambda act: codes.update_details(act, t.schule, definition="Alles zur Schule"),
        "anchor": lambda act: code_changes.add_anchor(act, t.schule, "Über die Schule"),
        "merge": lambda act: code_changes.merge_codes(act, t.aemter, t.schule),
        "delete": lambda act: code_changes.delete_code(act, t.schule),
        "code memo": lambda act: memos.set_memo(act, "code", t.schule, "Memo ohne Autor"),
    }
    with Project.open(t.url["Jonas"]) as jonas:
        for what, fn in changes.items():
            with pytest.raises(NotAllowedError) as err:
                with jonas.action(what) as act:
                    fn(act)
            assert "refused the change" in str(err.value) and "Nothing was changed" in str(err.value), what
        with pytest.raises(NotAllowedError, match="only the team's lead may change the codebook"):
            with jonas.action("rename") as act:
                codes.rename_code(act, t.schule, "Bildung")
        with pytest.raises(NotAllowedError, match="only the team's lead may change documents"):
            with jonas.action("import") as act:
                documents.add_document(act, "K02", parse_transcript("I: Hallo?\n\nB: Ja."))
    assert snapshot(t.admin) == before
    with Project.open(t.url["Lena"]) as lena:  # the lead may, including what it does to Murat's codings
        for what, fn in changes.items():
            if what != "delete":
                with lena.action(what) as act:
                    fn(act)
        assert lena.undo_redo_labels() == ("code memo", None)
        with lena.read() as conn:
            assert codes.code_path(conn, t.schule) == "Bildung"
            assert [s.code_id for s in segments.segments_of_document(conn, t.doc)] == [t.schule]  # merged
        while lena.undo_redo_labels()[0] != "Codebook":
            lena.undo()
    assert snapshot(t.admin)["segments"] == before["segments"]
    assert snapshot(t.admin)["codes"] == before["codes"]


# -- reading and undo ------------------------------------------------------------------------------------------
def test_everyone_reads_everything(team_db):
    from coding.analysis import retrieval

    t = team_db
    for i, name in enumerate(CODERS):
        code_as(t.url[name], t, 10 * i, 10 * i + 5, memo=f"von {name}")
    seen = []
    for name in CODERS:
        with Project.open(t.url[name]) as proj, proj.read() as conn:
            rows = retrieval.query_segments(conn, codes=[t.schule])
            seen.append(sorted((r.coder, r.text, r.memo) for r in rows))
    assert all(s == seen[0] for s in seen) and len(seen[0]) == len(CODERS)
    assert {coder for coder, _, _ in seen[0]} == set(CODERS)


def test_undo_stays_per_coder_on_the_team_database(team_db):
    t = team_db
    code_as(t.url["Murat"], t, 0, 10)
    code_as(t.url["Ayşe"], t, 0, 10)
    with Project.open(t.url["Murat"]) as murat, Project.open(t.url["Ayşe"]) as ayse, \
            Project.open(t.url["Jonas"]) as jonas:
        assert jonas.undo() is None  # nothing of his: the lead's "Codebook" is not his to undo
        with pytest.raises(NotAllowedError, match="only their own actions"):
            ayse.undo("Murat")
        assert murat.undo().deleted.keys() == {"segments"}
        with ayse.read() as conn:
            left = segments.segments_of_document(conn, t.doc)
        assert [coders_name(ayse, s.coder_id) for s in left] == ["Ayşe"]
        assert murat.undo_redo_labels() == (None, "Code segment")
        assert ayse.undo_redo_labels() == ("Code segment", None)
        assert murat.redo().description == "Code segment"
        assert murat.undo_redo_labels() == ("Code segment", None)


def coders_name(proj: Project, coder_id: CoderId) -> str:
    with proj.read() as conn:
        return next(c.name for c in coders.list_coders(conn) if c.id == coder_id)


# -- setting it up ------------------------------------------------------------------------------------------------
def test_the_printed_script_sets_up_the_same_team(pg_server):
    admin = pg_server.new_database()
    plan = team.plan_team(admin, ["Lena", "Murat"], ["Lena"], prefix="p" + admin.rsplit("_", 1)[1],
                          project_name="Studie", environ={})
    sql = team.script(plan)
    for member in plan.members:
        assert member.password not in sql  # verifiers only
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql)  # BEGIN … COMMIT, as psql -f runs it
    with Project.open(role_url(admin, plan.members[1].role)) as murat:
        assert murat.name == "Studie"
        with murat.read() as conn:
            assert [(c.name, c.id == coders.current_coder_id(conn)) for c in coders.list_coders(conn)] == [
                ("Lena", False), ("Murat", True)]
        with pytest.raises(NotAllowedError):
            with murat.action("new code") as act:
                codes.create_code(act, "Schule")


def test_names_with_quotes_and_percent_signs_reach_the_server_as_they_are(pg_server):
    admin = pg_server.new_database()
    names = ["Lena 100%", "O'Brien", 'Zoë "Z"', "李"]
    plan = team.plan_team(admin, names, ["O'Brien"], project_name="Studie 50 % 'Nord'", environ={})
    engine = db.make_engine(admin)
    try:
        team.apply(engine, plan)
    finally:
        engine.dispose()
    database = make_url(admin).database
    assert [m.role for m in plan.members] == [f"{database}_lena_100", f"{database}_o_brien", f"{database}_zoe_z",
                                              f"{database}_member"]
    with Project.open(role_url(admin, plan.members[2].role)) as zoe, zoe.read() as conn:
        assert zoe.name == "Studie 50 % 'Nord'"
        assert sorted(c.name for c in coders.list_coders(conn)) == sorted(names)
        assert coders_name(zoe, coders.current_coder_id(conn)) == 'Zoë "Z"'
        assert [m.coder for m in team.members(conn) if m.lead] == ["O'Brien"]


def test_setting_up_again_adds_coders_and_keeps_the_others(team_db, pg_server):
    t = team_db
    code_as(t.url["Murat"], t, 0, 10)
    plan = team.plan_team(t.admin, CODERS + ["Paul"], ["Lena"], prefix=t.plan.prefix, environ={})
    engine = db.make_engine(t.admin)
    try:
        result = team.apply(engine, plan)
    finally:
        engine.dispose()
    assert [m.coder for m in result.created] == ["Paul"] and len(result.kept) == len(CODERS)
    assert not result.new_project
    paul = role_url(t.admin, plan.members[-1].role)
    code_as(paul, t, 0, 10)
    with Project.open(paul) as proj, proj.read() as conn:
        assert sorted(coders_name(proj, s.coder_id) for s in segments.segments_of_document(conn, t.doc)) == [
            "Murat", "Paul"]


def test_a_refused_setup_changes_nothing(team_db, pg_server):
    """Role names of another project on the same server: refused before anything is made."""
    other = pg_server.new_database()
    plan = team.plan_team(other, ["Murat"], prefix=team_db.plan.prefix, environ={})
    engine = db.make_engine(other)
    try:
        with pytest.raises(ConflictError, match="choose another --prefix"):
            team.apply(engine, plan)
        assert db.server_revision(engine) is None  # still an empty database
    finally:
        engine.dispose()


def test_an_older_team_database_is_upgraded_by_its_administrator_and_new_tables_get_the_rights(team_db):
    """A newer Andock meets a team database of the schema before (here: before word timings)."""
    t = team_db
    with psycopg.connect(t.admin, autocommit=True) as conn:
        conn.execute("DROP TABLE word_timings")
        conn.execute("UPDATE alembic_version SET version_num = '0005'")
    with pytest.raises(ProjectVersionError, match="must be upgraded by its administrator"):
        Project.open(t.url["Murat"])  # a coder's role may not change the schema
    Project.open(t.admin).close()  # the administrator's open upgrades it
    timings = TABLES["word_timings"]
    with Project.open(t.url["Murat"]) as murat, murat.read() as conn:  # the new table: readable
        assert conn.execute(select(timings)).all() == []
    with Project.open(t.url["Lena"]) as lena, lena.action("Timings") as act:  # and the lead writes it
        act.insert("word_timings", {"document_id": t.doc, "seq": 0, "gap": 0, "length": 2, "start_ms": 0,
                                    "end_ms": 300, "probability": 0.9})


def test_password_verifier_matches_rfc_7677():
    """RFC 7677's SCRAM-SHA-256 exchange (user "user", password "pencil"): the stored key and server
    key made here verify its client proof and reproduce its server signature, as PostgreSQL does."""
    salt = base64.b64decode("W22ZaJ0SNY7soEsUEjb6gQ==")
    verifier = team.scram_verifier("pencil", salt, 4096)
    head, keys = verifier.rsplit("$", 1)
    assert head == "SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ=="
    stored_key, server_key = (base64.b64decode(k) for k in keys.split(":"))
    auth = (b"n=user,r=rOprNGfwEbeRWgbNEkqO,"
            b"r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,"
            b"c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0")
    proof = base64.b64decode("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=")
    signature = hmac.new(stored_key, auth, hashlib.sha256).digest()
    client_key = bytes(a ^ b for a, b in zip(proof, signature))
    assert hashlib.sha256(client_key).digest() == stored_key
    assert base64.b64encode(hmac.new(server_key, auth, hashlib.sha256).digest()) == \
        b"6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="


def test_a_coder_logs_in_with_the_password_and_only_with_it(pg_server):
    """The private test server asks this team's roles for their password (SCRAM), like a real one."""
    if pg_server.dir is None:
        pytest.skip("needs the private test server (its pg_hba.conf); ANDOCK_TEST_PG_URL is someone else's")
    admin = pg_server.new_database()
    prefix = "pw" + admin.rsplit("_", 1)[1]
    role = f"{prefix}_murat"
    plan = team.plan_team(admin, ["Murat"], prefix=prefix, environ={f"ANDOCK_PASSWORD_{role.upper()}": "Geheim-42!"})
    hba = pg_server.dir / "data" / "pg_hba.conf"
    hba.write_text(f"host all {role} 127.0.0.1/32 scram-sha-256\n" + hba.read_text())
    engine = db.make_engine(admin)
    try:
        team.apply(engine, plan)
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT pg_reload_conf()")
    finally:
        engine.dispose()
    time.sleep(0.3)  # the postmaster reloads pg_hba.conf on the signal
    with psycopg.connect(role_url(admin, role, "Geheim-42!")) as conn:
        assert conn.execute("SELECT current_user").fetchone() == (role,)
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(role_url(admin, role, "geheim-42!"))


# -- four coders at once --------------------------------------------------------------------------------------------
def coder_session(url: str, seed: int, n_actions: int, out: Path) -> None:
    """One coder's session: codings, memos, undo and redo in random order, and attempts on the
    others' codings (each must be refused, the row untouched). Writes what it did to ``out``."""
    rng = random.Random(seed)
    proj = Project.open(url)
    with proj.read() as conn:
        me = coders.current_coder_id(conn)
        name = coders_name(proj, me)
        docs = [d.id for d in documents.list_documents(conn)]
        code_ids = [codes.find_by_path(conn, "Schule"), codes.find_by_path(conn, "Ämter")]
        lengths = {d: segments.text_length(conn, d) for d in docs}
    # ranges of 4 code points, 8 apart: one coder's codings never touch (no extension rule)
    slots = [(d, c, s, s + 4) for d in docs for c in code_ids for s in range(0, lengths[d] - 4, 8)]
    mine: dict[tuple, str] = {}  # my codings now -> memo text
    done: list[tuple] = []  # my actions that undo would take back, oldest first
    redo: list[tuple] = []
    refused, undos, redos, violations = 0, 0, 0, []
    segments_t = TABLES["segments"]
    t0 = time.time()

    def seg_of(slot) -> SegmentId:
        with proj.read() as conn:
            return conn.execute(select(segments_t.c.id).where(
                segments_t.c.coder_id == me, segments_t.c.document_id == slot[0], segments_t.c.code_id == slot[1],
                segments_t.c.start_pos == slot[2], segments_t.c.end_pos == slot[3])).scalar_one()

    def apply(step, forward: bool) -> None:
        kind, slot = step[0], step[1]
        if kind == "code":
            if forward:
                mine[slot] = ""
            else:
                del mine[slot]
        else:
            mine[slot] = step[3] if forward else step[2]

    for i in range(n_actions):
        r = rng.random()
        label = f"{name} {i}"
        if r < 0.12:  # an attempt on someone else's coding
            with proj.read() as conn:
                theirs = conn.execute(select(segments_t).where(segments_t.c.coder_id != me)).mappings().all()
            if theirs:
                row = dict(rng.choice(theirs))
                how = rng.choice(["delete", "key", "move", "memo"])
                try:
                    with proj.action(f"Trespass {label}") as act:
                        if how == "delete":
                            segments.delete_segment(act, row["id"])
                        elif how == "key":
                            segments.set_key_quote(act, row["id"], True)
                        elif how == "move":
                            act.update("segments", row["id"], {"start_pos": row["start_pos"] + 1})
                        else:
                            memos.set_memo(act, "segment", row["id"], f"von {name}", me)
                    violations.append(f"{how} of {row['guid']} went through")
                except NotAllowedError:
                    refused += 1
                except NotFoundError:
                    pass  # its owner undid it meanwhile
                with proj.read() as conn:
                    now = conn.execute(select(segments_t).where(segments_t.c.id == row["id"])).mappings().first()
                if now is not None and dict(now) != row:  # its owner may undo it meanwhile, never change it
                    violations.append(f"{how} changed {row['guid']}")
                continue
        if r < 0.5 or not mine:
            slot = rng.choice([s for s in slots if s not in mine])
            with proj.action(f"Code {label}") as act:
                segments.apply_code(act, slot[0], slot[1], me, slot[2], slot[3])
            step: tuple = ("code", slot, f"Code {label}")
        elif r < 0.65:
            slot = rng.choice(sorted(mine))
            text = f"Memo {label}"
            with proj.action(f"Memo {label}") as act:
                memos.set_memo(act, "segment", seg_of(slot), text, me)
            step = ("memo", slot, mine[slot], text, f"Memo {label}")
        elif r < 0.85 and done:
            undone = proj.undo()
            step = done.pop()
            assert undone is not None and undone.description == step[-1], (undone, step)
            apply(step, False)
            redo.append(step)
            undos += 1
            continue
        elif redo:
            again = proj.redo()
            step = redo.pop()
            assert again is not None and again.description == step[-1], (again, step)
            apply(step, True)
            done.append(step)
            redos += 1
            continue
        else:
            continue
        apply(step, True)
        done.append(step)
        redo.clear()  # a new action drops my redo list (and only mine)
    proj.close()
    out.write_text(json.dumps({
        "started": t0, "ended": time.time(), "undos": undos, "redos": redos,
        "coder": name, "codings": sorted([*slot, memo] for slot, memo in mine.items()),
        "undo": [s[-1] for s in done], "redo": [s[-1] for s in reversed(redo)],
        "refused": refused, "violations": violations}, ensure_ascii=False))


def test_four_coders_at_once_lose_nothing_and_touch_only_their_own(pg_server, tmp_path):
    t = _setup(pg_server)
    started = time.monotonic()
    procs = []
    for i, name in enumerate(WORKING):
        out = tmp_path / f"{i}.json"
        procs.append((out, subprocess.Popen(
            [sys.executable, "-m", "tests.coding.test_team_server", t.url[name], str(1000 + i), "200", str(out)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env=dict(os.environ, PYTHONUTF8="1"))))
    reports = []
    for out, proc in procs:
        log, _ = proc.communicate(timeout=300)
        assert proc.returncode == 0, log
        reports.append(json.loads(out.read_text(encoding="utf-8")))
    seconds = time.monotonic() - started
    print(f"4 coders x 200 actions: {seconds:.1f} s;", ", ".join(
        f"{r['coder']}: {len(r['codings'])} codings, {r['undos']} undo, {r['redos']} redo, {r['refused']} refused"
        for r in reports))
    assert max(r["started"] for r in reports) < min(r["ended"] for r in reports)  # all four at once

    hist, seg_t, memo_t, coder_t = (TABLES[n] for n in ("history", "segments", "memos", "coders"))
    with Project.open(t.admin) as proj, proj.read() as conn:
        names = dict(conn.execute(select(coder_t.c.id, coder_t.c.name)).all())
        guids = dict(conn.execute(select(coder_t.c.name, coder_t.c.guid)).all())
        memo_of = dict(conn.execute(select(memo_t.c.segment_id, memo_t.c.text)).all())
        stored: dict[str, list] = {name: [] for name in WORKING}
        for s in conn.execute(select(seg_t)).mappings():
            stored[names[s["coder_id"]]].append([s["document_id"], s["code_id"], s["start_pos"], s["end_pos"],
                                                 memo_of.get(s["id"], "")])
            assert not s["key_quote"]  # nobody managed to flag another's coding
        entries = conn.execute(select(hist.c.coder_guid, hist.c.description, hist.c.undone)
                               .order_by(hist.c.id)).all()
    assert all(r["refused"] and r["undos"] and r["redos"] for r in reports)
    for r in reports:
        assert r["violations"] == [], r["violations"]
        assert sorted(stored[r["coder"]]) == r["codings"], r["coder"]  # every reported action, nothing lost
        theirs = [(desc, undone) for guid, desc, undone in entries if guid == guids[r["coder"]]]
        assert [d for d, undone in theirs if not undone] == r["undo"], r["coder"]
        assert [d for d, undone in theirs if undone] == r["redo"], r["coder"]
    assert sum(len(r["codings"]) for r in reports) > 100


if __name__ == "__main__":  # one coder of the concurrency test
    coder_session(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4]))
