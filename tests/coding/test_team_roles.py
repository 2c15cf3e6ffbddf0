"""Changing a team later, on a real PostgreSQL server: a coder's new password, and making a coder
lead and a plain coder again — checked by logging in as the role and trying a codebook change."""
from __future__ import annotations

import time

import psycopg
import pytest

from coding.base.errors import InputError, NotAllowedError, NotFoundError
from coding.services import codes, coders, segments
from coding.store import db, team
from coding.store.project import Project
from tests.coding.test_team_server import CODERS, Team, _setup, role_url, snapshot


@pytest.fixture
def team_db(pg_server) -> Team:
    return _setup(pg_server)


def admin(t: Team):
    return db.make_engine(t.admin)


def codebook_change(url: str, name: str) -> None:
    """A new code, as the role of ``url`` (NotAllowedError when the server refuses it)."""
    with Project.open(url) as proj, proj.action("New code") as act:
        codes.create_code(act, name)


def own_coding(url: str, t: Team) -> None:
    with Project.open(url) as proj, proj.action("Code segment") as act:
        me = coders.current_coder_id(act.conn)
        assert me is not None
        segments.apply_code(act, t.doc, t.schule, me, 0, 10)


def require_passwords(pg_server, roles: list[str]) -> None:
    """Make the private test server ask these roles for their password (SCRAM), like a real one."""
    if pg_server.dir is None:
        pytest.skip("needs the private test server (its pg_hba.conf); ANDOCK_TEST_PG_URL is someone else's")
    hba = pg_server.dir / "data" / "pg_hba.conf"
    lines = "".join(f"host all {role} 127.0.0.1/32 scram-sha-256\n" for role in roles)
    hba.write_text(lines + hba.read_text())
    with psycopg.connect(pg_server.url, autocommit=True) as conn:
        conn.execute("SELECT pg_reload_conf()")
    time.sleep(0.3)  # the postmaster reloads pg_hba.conf on the signal


def test_a_new_password_logs_in_and_the_old_one_no_longer(team_db, pg_server):
    t = team_db
    murat = next(m for m in t.plan.members if m.coder == "Murat")
    require_passwords(pg_server, [murat.role])
    engine = admin(t)
    try:
        given = team.reset_password(engine, "murat", environ={f"ANDOCK_PASSWORD_{murat.role.upper()}": "Neu-77!x"})
        generated = team.reset_password(engine, murat.role, environ={})  # by role name, a generated one
    finally:
        engine.dispose()
    assert (given.coder, given.role, given.lead, given.password, given.password_from_env) == (
        "Murat", murat.role, False, "Neu-77!x", True)
    assert generated.password != given.password and len(generated.password) >= 20 and not generated.lead
    for old in (murat.password, "Neu-77!x"):
        with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
            psycopg.connect(role_url(t.admin, murat.role, old))
    url = role_url(t.admin, murat.role, generated.password)
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT current_user").fetchone() == (murat.role,)
    own_coding(url, t)  # still Murat, with a coder's rights: his own codings yes, the codebook no
    with pytest.raises(NotAllowedError, match="only the team's lead may change the codebook"):
        codebook_change(url, "Nachbarschaft")


def test_a_coder_made_lead_changes_the_codebook_and_after_revoking_no_more(team_db, pg_server):
    t = team_db
    murat = next(m for m in t.plan.members if m.coder == "Murat")
    require_passwords(pg_server, [murat.role])
    url = role_url(t.admin, murat.role, murat.password)
    with Project.open(url) as open_window:  # a window open through all of it
        engine = admin(t)
        try:
            member, changed = team.set_lead(engine, "Murat")
            assert (member.coder, member.lead, changed) == ("Murat", True, True)
            assert team.set_lead(engine, "Murat")[1] is False  # already lead: nothing to do
            codebook_change(url, "Nachbarschaft")
            with open_window.action("Rename") as act:  # the open connection has the right at once
                codes.rename_code(act, t.aemter, "Behörden")
            member, changed = team.set_lead(engine, "Murat", lead=False)
            assert (member.lead, changed) == (False, True)
        finally:
            engine.dispose()
        before = snapshot(t.admin)
        for attempt in (lambda: codebook_change(url, "Arbeit"), lambda: codebook_change(t.url["Murat"], "Arbeit")):
            with pytest.raises(NotAllowedError, match="only the team's lead may change the codebook"):
                attempt()
        with pytest.raises(NotAllowedError):
            with open_window.action("Rename") as act:
                codes.rename_code(act, t.schule, "Bildung")
        assert snapshot(t.admin) == before
        own_coding(url, t)  # a coder again, not nobody
    with Project.open(t.admin) as proj, proj.read() as conn:
        assert sorted(c.name for c in codes.walk(codes.load_tree(conn, counts=False))) == [
            "Behörden", "Nachbarschaft", "Schule"]
        listed = {m.coder: m.lead for m in team.members(conn)}
    assert listed == {name: name == "Lena" for name in CODERS}


def test_the_first_lead_revoked_keeps_a_coders_rights(team_db):
    t = team_db  # Lena's role was made in the lead group only (which is in the coder group)
    engine = admin(t)
    try:
        assert team.set_lead(engine, "LENA", lead=False)[0].lead is False
    finally:
        engine.dispose()
    with pytest.raises(NotAllowedError, match="only the team's lead may change the codebook"):
        codebook_change(t.url["Lena"], "Arbeit")
    own_coding(t.url["Lena"], t)
    with Project.open(t.url["Jonas"]) as proj, proj.read() as conn:
        assert not any(m.lead for m in team.members(conn))


def test_wrong_names_and_a_coder_who_is_no_administrator_change_nothing(team_db, pg_server):
    t = team_db
    before = snapshot(t.admin)
    engine = admin(t)
    try:
        with pytest.raises(NotFoundError, match="no coder 'Mur' in the team"):
            team.reset_password(engine, "Mur", environ={})
        with pytest.raises(NotFoundError, match="no coder 'Paul' in the team"):
            team.set_lead(engine, "Paul")
        role = next(m.role for m in t.plan.members if m.coder == "Nora")
        with pytest.raises(InputError, match="printable ASCII"):
            team.reset_password(engine, "Nora", environ={f"ANDOCK_PASSWORD_{role.upper()}": "mit Leerzeichen"})
    finally:
        engine.dispose()
    murat = db.make_engine(t.url["Murat"])  # a coder cannot make himself lead nor change passwords
    try:
        for change in (lambda: team.set_lead(murat, "Murat"), lambda: team.reset_password(murat, "Lena", {})):
            with pytest.raises(InputError, match="the server refused the change of the team .*nothing was changed"):
                change()
    finally:
        murat.dispose()
    assert snapshot(t.admin) == before
    with pytest.raises(NotAllowedError):
        codebook_change(t.url["Murat"], "Arbeit")
    empty = db.make_engine(pg_server.new_database())
    try:
        with pytest.raises(InputError, match="no team"):
            team.set_lead(empty, "Murat")
    finally:
        empty.dispose()
