"""A team project on PostgreSQL: one database role per coder, and rights the server enforces.

``andock server init`` makes (or prints, for an administrator) the SQL that sets a team up:

- the project's schema, through the migrations (:func:`coding.store.db.migration_sql`), when the
  database is still empty;
- two group roles without login, ``<prefix>_coder`` (everyone) and ``<prefix>_lead`` (may change
  the codebook, the documents, variables, coders and summaries), and one login role per coder,
  ``<prefix>_<name>``; the lead's role is a member of both groups;
- the schema ``andock_team``: the table ``members`` (login role → coder GUID) and the functions
  ``coder_guid()``, ``coder_id()``, ``lead_group()`` and ``is_lead()`` that the policies call;
- grants: everyone reads everything; everyone writes the rows below, the transcription queue and
  preferences; the lead writes every table;
- row-level security: a coder inserts, changes and deletes only codings (``segments``) and memos
  whose ``coder_id`` is their own coder, and only their own undo history; the lead may change
  every coding and memo (deleting or merging a code, or editing a text, moves or removes every
  coder's codings).

The server filters rows a policy does not allow out of an UPDATE or DELETE without an error; the
recorder counts the rows it wrote and turns a shortfall into :class:`NotAllowedError`
(:func:`coding.store.dberrors.refused_message`), so a refused change is one sentence and the action is rolled back.
Passwords are generated (or taken from ``ANDOCK_PASSWORD_<ROLE>``), shown once and never stored
in the project: the script holds only their SCRAM-SHA-256 verifiers. Later the administrator gives
a member a new password (:func:`reset_password`) or makes them lead or a coder again (:func:`set_lead`).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Mapping, Sequence

from sqlalchemy import Engine, make_url
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from coding import __version__
from coding.base.errors import ConflictError, InputError, NotFoundError
from coding.base.messages import _
from coding.store import db
from coding.store.models import TABLES, new_guid
from coding.text.textnorm import MAX_CODER_NAME, clean_name

TEAM_SCHEMA = "andock_team"
MAX_IDENTIFIER = 63  # PostgreSQL's limit for role names (bytes; ours are ASCII)
SCRAM_ITERATIONS = 4096  # PostgreSQL's default (scram_iterations)
PASSWORD_ENV = "ANDOCK_PASSWORD_"  # + the role name in capitals: a password chosen in advance
# the colours coders.add_coder hands out, in the same order
_COLOURS = ("#4477aa", "#ee6677", "#228833", "#ccbb44", "#66ccee", "#aa3377", "#bbbbbb")
# rows every coder writes; RLS keeps them to their own rows where a row has an owner
_CODER_WRITES = {"segments": "INSERT, UPDATE, DELETE", "memos": "INSERT, UPDATE, DELETE",
                 "history": "INSERT, UPDATE, DELETE", "transcription_jobs": "INSERT, UPDATE, DELETE",
                 "settings": "INSERT, UPDATE"}
_INFO_KEY = "andock.team_coder_guid"  # where a connection caches its coder (conn.info)


@dataclass(frozen=True)
class Member:
    """One coder of the team and the login role they connect with."""

    coder: str
    role: str
    lead: bool
    password: str
    password_from_env: bool  # chosen in advance (ANDOCK_PASSWORD_<ROLE>), not generated


@dataclass(frozen=True)
class TeamPlan:
    """Everything ``server init`` sets up, before any SQL is made from it."""

    database: str
    prefix: str
    project_name: str
    members: tuple[Member, ...]

    @property
    def coder_group(self) -> str:
        """The group role every member is in (reads everything, writes their own rows)."""
        return f"{self.prefix}_coder"

    @property
    def lead_group(self) -> str:
        """The group role of those who may change the codebook and the project's structure."""
        return f"{self.prefix}_lead"


# -- names and passwords --------------------------------------------------------------------------
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def slug(text: str) -> str:
    """Lower-case ASCII letters, digits and ``_`` for a name ("Jürgen Weiß" → ``juergen_weiss``)."""
    plain = unicodedata.normalize("NFKD", text.lower().translate(_GERMAN))
    ascii_text = plain.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "_", ascii_text).strip("_")


def role_prefix(database: str, prefix: str | None = None) -> str:
    """The prefix of a team's role names: given, else the database's name (roles are shared by
    every database of a server, so two projects' "Lena" must not clash)."""
    base = slug(prefix if prefix is not None else database)[:30].strip("_") or "andock"
    return f"andock_{base}"[:30] if base.startswith("pg") else base  # pg_… is PostgreSQL's own


def role_names(prefix: str, coders: Sequence[str]) -> list[str]:
    """A login role per coder: ``<prefix>_<slug>``, numbered where two names give the same one."""
    taken = {f"{prefix}_coder", f"{prefix}_lead"}
    out = []
    for name in coders:
        base = f"{prefix}_{slug(name) or 'member'}"[:MAX_IDENTIFIER]
        role, n = base, 1
        while role in taken:
            n += 1
            role = f"{base[:MAX_IDENTIFIER - len(str(n)) - 1]}_{n}"
        taken.add(role)
        out.append(role)
    return out


def password_for(role: str, environ: Mapping[str, str]) -> tuple[str, bool]:
    """The role's password from ``ANDOCK_PASSWORD_<ROLE>``, else a new random one."""
    given = environ.get(PASSWORD_ENV + role.upper())
    if given is None:
        return secrets.token_urlsafe(18), False
    if not given or not all(33 <= ord(ch) < 127 for ch in given):
        # PostgreSQL normalises other passwords (SASLprep) before hashing; printable ASCII is
        # hashed as it is, so the verifier made here matches what the coder types
        raise InputError(_("{var}: a password must be printable ASCII without spaces",
                           var=PASSWORD_ENV + role.upper()))
    return given, True


def scram_verifier(password: str, salt: bytes | None = None, iterations: int = SCRAM_ITERATIONS) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL stores for ``password`` (RFC 5802/7677), so that the
    SQL script never holds a password itself."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
    salt_text, stored_text, server_text = (base64.b64encode(raw).decode("ascii")
                                           for raw in (salt, stored_key, server_key))
    return f"SCRAM-SHA-256${iterations}:{salt_text}${stored_text}:{server_text}"


def plan_team(url: str, coders: Sequence[str], leads: Sequence[str] = (), *, prefix: str | None = None,
              project_name: str | None = None, environ: Mapping[str, str] | None = None) -> TeamPlan:
    """Check the names and choose roles and passwords; nothing touches the server yet."""
    database = make_url(url).database
    if not database:
        raise InputError(_("the URL names no database: postgresql://HOST/DATABASE"))
    names = [clean_name(c, "a coder name", MAX_CODER_NAME) for c in coders]
    if not names:
        raise InputError(_("a team needs at least one coder (--coders NAME …)"))
    seen: set[str] = set()
    for name in names:
        if name.casefold() in seen:
            raise InputError(_("coder '{name}' is named twice", name=name))
        seen.add(name.casefold())
    lead_names = [clean_name(c, "a coder name", MAX_CODER_NAME) for c in leads]
    for lead in lead_names:
        if lead not in names:
            raise InputError(_("the lead '{name}' is not one of the coders (--coders)", name=lead))
    pre = role_prefix(database, prefix)
    env = os.environ if environ is None else environ
    members = []
    for name, role in zip(names, role_names(pre, names), strict=True):
        password, chosen = password_for(role, env)
        members.append(Member(name, role, name in lead_names, password, chosen))
    return TeamPlan(database, pre, project_name or database, tuple(members))


# -- the SQL --------------------------------------------------------------------------------------
def _ident(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def _text(value: str) -> str:
    """A quoted SQL string (standard-conforming strings: only ' is special)."""
    return "'" + value.replace("'", "''") + "'"


def project_statements(plan: TeamPlan) -> list[str]:
    """The project's row for a new, empty database (the schema itself comes from the migrations)."""
    return [f"INSERT INTO public.project_info (id, guid, name, created_at, app_version) VALUES "
            f"(1, {_text(new_guid())}, {_text(plan.project_name)}, now(), {_text(__version__)})"]


def _roles(plan: TeamPlan, members: Sequence[Member]) -> list[str]:
    out = []
    for group in (plan.coder_group, plan.lead_group):  # kept when the team is set up again
        out.append(f"DO $$BEGIN CREATE ROLE {_ident(group)} NOLOGIN; "
                   f"EXCEPTION WHEN duplicate_object THEN NULL; END$$")
    out.append(f"GRANT {_ident(plan.coder_group)} TO {_ident(plan.lead_group)}")
    for m in members:
        groups = plan.lead_group if m.lead else plan.coder_group
        out.append(f"CREATE ROLE {_ident(m.role)} LOGIN PASSWORD {_text(scram_verifier(m.password))} "
                   f"IN ROLE {_ident(groups)}")
    return out


def _members(plan: TeamPlan, members: Sequence[Member], first_colour: int) -> list[str]:
    t = TEAM_SCHEMA
    out = [f"CREATE SCHEMA IF NOT EXISTS {t}",
           f"CREATE TABLE IF NOT EXISTS {t}.members (role_name name PRIMARY KEY, "
           f"coder_guid varchar(36) NOT NULL UNIQUE)"]
    for i, m in enumerate(members):
        colour = _COLOURS[(first_colour + i) % len(_COLOURS)]
        out.append(f"INSERT INTO public.coders (guid, name, colour, created_at) VALUES "
                   f"({_text(new_guid())}, {_text(m.coder)}, {_text(colour)}, now()) "
                   f"ON CONFLICT (name) DO NOTHING")  # a coder of an existing project keeps their codings
        out.append(f"INSERT INTO {t}.members (role_name, coder_guid) SELECT {_text(m.role)}, guid "
                   f"FROM public.coders WHERE name = {_text(m.coder)}")
    # the policies' view of the connected role; STABLE, and called as (SELECT f()) in the
    # policies so that the server evaluates each once per statement, not once per row
    out += [
        f"CREATE OR REPLACE FUNCTION {t}.coder_guid() RETURNS varchar LANGUAGE sql STABLE AS "
        f"$$SELECT coder_guid FROM {t}.members WHERE role_name = current_user$$",
        f"CREATE OR REPLACE FUNCTION {t}.coder_id() RETURNS integer LANGUAGE sql STABLE AS "
        f"$$SELECT c.id FROM public.coders c JOIN {t}.members m ON m.coder_guid = c.guid "
        f"WHERE m.role_name = current_user$$",
        f"CREATE OR REPLACE FUNCTION {t}.lead_group() RETURNS name LANGUAGE sql IMMUTABLE AS "
        f"$$SELECT {_text(plan.lead_group)}::name$$",
        f"CREATE OR REPLACE FUNCTION {t}.is_lead() RETURNS boolean LANGUAGE sql STABLE AS "
        f"$$SELECT pg_has_role(current_user, {t}.lead_group(), 'MEMBER')$$",
    ]
    return out


def _grants(plan: TeamPlan) -> list[str]:
    coder, lead, t = _ident(plan.coder_group), _ident(plan.lead_group), TEAM_SCHEMA
    out = [
        # only the team (and the administrator) may connect; nobody else creates objects
        f"REVOKE ALL ON DATABASE {_ident(plan.database)} FROM PUBLIC",
        f"GRANT CONNECT, TEMPORARY ON DATABASE {_ident(plan.database)} TO {coder}",
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA public TO {coder}",
        f"GRANT USAGE ON SCHEMA {t} TO {coder}",
        f"GRANT SELECT ON {t}.members TO {coder}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {coder}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {coder}",  # new rows' ids
    ]
    out += [f"GRANT {rights} ON public.{table} TO {coder}" for table, rights in _CODER_WRITES.items()]
    out += [
        # word counts are a cache that any reader fills in (coding.analysis.words)
        f"GRANT UPDATE (word_count) ON public.documents TO {coder}",
        f"GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {lead}",
        f"REVOKE INSERT, UPDATE, DELETE ON public.alembic_version FROM {lead}",
        # tables that later migrations add (run by the administrator) get the same base rights
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO {coder}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {coder}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT INSERT, UPDATE, DELETE ON TABLES TO {lead}",
    ]
    return out


def _policy(table: str, name: str, clause: str) -> list[str]:
    return [f"DROP POLICY IF EXISTS {name} ON public.{table}",
            f"CREATE POLICY {name} ON public.{table} {clause}"]


def _policies() -> list[str]:
    t = TEAM_SCHEMA
    lead = f"(SELECT {t}.is_lead())"
    me = f"(SELECT {t}.coder_id())"
    my_guid = f"(SELECT {t}.coder_guid())"
    own_coding = f"(coder_id = {me} OR {lead})"
    own_memo = f"(coder_id = {me} OR {lead})"
    # a coder's memo may sit on their own codings only: a memo on a colleague's coding would
    # keep the colleague from deleting their coding
    new_memo = (f"({lead} OR (coder_id = {me} AND (segment_id IS NULL OR EXISTS "
                f"(SELECT 1 FROM public.segments s WHERE s.id = segment_id AND s.coder_id = {me}))))")
    out = []
    for table, write, new in (("segments", own_coding, own_coding), ("memos", own_memo, new_memo)):
        out.append(f"ALTER TABLE public.{table} ENABLE ROW LEVEL SECURITY")
        out += _policy(table, "andock_read", "FOR SELECT USING (true)")
        out += _policy(table, "andock_insert", f"FOR INSERT WITH CHECK {new}")
        out += _policy(table, "andock_update", f"FOR UPDATE USING {write} WITH CHECK {new}")
        out += _policy(table, "andock_delete", f"FOR DELETE USING {write}")
    # undo history: each coder writes and removes only their own entries; an entry without a
    # coder (made outside the team roles) is anyone's to undo, and becomes the undoer's
    out.append("ALTER TABLE public.history ENABLE ROW LEVEL SECURITY")
    out += _policy("history", "andock_read", "FOR SELECT USING (true)")
    out += _policy("history", "andock_insert", f"FOR INSERT WITH CHECK (coder_guid = {my_guid})")
    out += _policy("history", "andock_update", f"FOR UPDATE USING (coder_guid = {my_guid} OR "
                                               f"coder_guid IS NULL) WITH CHECK (coder_guid = {my_guid})")
    out += _policy("history", "andock_delete", f"FOR DELETE USING (coder_guid = {my_guid})")
    return out


CHANGES_CHANNEL = "andock_changes"  # NOTIFY channel: "<table> <INSERT|UPDATE|DELETE> <application_name>"
# the tables whose changes windows hear of; not the queue: heartbeats every 5 s would wake every
# window for nothing, and the queue panel reads its own
NOTIFIED_TABLES = tuple(sorted(set(TABLES) - {"transcription_jobs"}))


def _notify() -> list[str]:
    """Triggers that tell connected windows which tables another connection changed (LISTEN on
    :data:`CHANGES_CHANNEL`): one notification per table and kind of change, sent when the
    transaction commits (a refused, rolled-back action sends none); the sender's
    ``application_name`` lets a window skip its own."""
    t = TEAM_SCHEMA
    out = [f"CREATE OR REPLACE FUNCTION {t}.notify_change() RETURNS trigger LANGUAGE plpgsql AS "
           f"$$BEGIN PERFORM pg_notify('{CHANGES_CHANNEL}', TG_TABLE_NAME || ' ' || TG_OP || ' ' || "
           f"current_setting('application_name')); RETURN NULL; END$$"]
    for table in NOTIFIED_TABLES:
        out += [f"DROP TRIGGER IF EXISTS andock_notify ON public.{table}",
                f"CREATE TRIGGER andock_notify AFTER INSERT OR UPDATE OR DELETE ON public.{table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {t}.notify_change()"]
    return out


def team_statements(plan: TeamPlan, members: Sequence[Member] | None = None, first_colour: int = 0) -> list[str]:
    """The SQL that sets up the team on a database holding the project (``members``: the roles
    to create, default all of the plan's)."""
    chosen = plan.members if members is None else members
    return (_roles(plan, chosen) + _members(plan, chosen, first_colour) + _grants(plan) + _policies()
            + _notify())


def script(plan: TeamPlan) -> str:
    """The whole setup of a new team database as one SQL script, one transaction (for psql)."""
    head = [f"-- Andock {__version__}: team project '{plan.project_name}' on database {plan.database}",
            "-- Run as the administrator (the owner of the database), e.g. psql -v ON_ERROR_STOP=1 -f FILE",
            "-- Passwords are not in this file: only their SCRAM-SHA-256 verifiers.", "", "BEGIN;",
            "SET LOCAL client_min_messages = warning;  -- no notices for policies not there yet", ""]
    body = db.migration_sql("postgresql").strip()
    stmts = project_statements(plan) + team_statements(plan)
    return "\n".join(head) + body + "\n\n" + ";\n".join(stmts) + ";\n\nCOMMIT;\n"


# -- running it -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class SetupResult:
    """What :func:`apply` did: the roles it created, those it kept, and whether it made the project."""

    created: tuple[Member, ...]
    kept: tuple[Member, ...]
    new_project: bool


def apply(engine: Engine, plan: TeamPlan) -> SetupResult:
    """Set the team up on the server, all in one transaction (a failure changes nothing).

    An empty database gets the project first (the migrations); a database holding a project of an
    older schema is upgraded; coders that exist in the project keep their codings. Members whose
    role this team has already are kept as they are (their passwords too); a role of that name
    that belongs to something else is refused.
    """
    revision = db.server_revision(engine)
    if revision is not None and db.check_revision("the team database", revision):
        db.upgrade(engine)  # before anything else, as opening it would
    try:
        with engine.connect().execution_options(write=True) as conn, conn.begin():
            members = _existing_members(conn)
            kept = tuple(m for m in plan.members if m.role in members)
            created = tuple(m for m in plan.members if m.role not in members)
            _refuse_foreign_roles(conn, created)
            if revision is None:
                db.upgrade_in(conn)
                _execute(conn, project_statements(plan))
            colours = conn.exec_driver_sql("SELECT count(*) FROM public.coders").scalar_one()
            _execute(conn, team_statements(plan, created, colours))
    except _server_errors(engine) as exc:
        raise InputError(_("the server refused the team setup ({reason}); nothing was changed",
                           reason=_reason(exc))) from None
    return SetupResult(created, kept, revision is None)


def _server_errors(engine: Engine) -> tuple[type[Exception], ...]:
    """What a refusal by the server raises: SQLAlchemy's wrapper, or the driver's own error from
    :func:`_execute`'s plain cursor."""
    return DBAPIError, engine.dialect.loaded_dbapi.Error


def _reason(exc: Exception) -> str:
    """The first line of the server's message."""
    return str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]


def _execute(conn: Connection, statements: Sequence[str]) -> None:
    """Run statements exactly as printed: without parameters the driver reads no placeholders,
    so a '%' in a coder's name stays a '%'."""
    cursor = conn.connection.cursor()
    try:
        for stmt in statements:
            cursor.execute(stmt)
    finally:
        cursor.close()


def _existing_members(conn: Connection) -> set[str]:
    if conn.exec_driver_sql(f"SELECT to_regclass('{TEAM_SCHEMA}.members')").scalar() is None:
        return set()
    return {r[0] for r in conn.exec_driver_sql(f"SELECT role_name FROM {TEAM_SCHEMA}.members")}


def _refuse_foreign_roles(conn: Connection, members: Sequence[Member]) -> None:
    names = [m.role for m in members]
    if not names:
        return
    taken = [r[0] for r in conn.exec_driver_sql(
        "SELECT rolname FROM pg_roles WHERE rolname = ANY(%(names)s) ORDER BY rolname", {"names": names})]
    if taken:
        raise ConflictError(_("the server has roles named {roles} already (another project?); choose "
                              "another --prefix", roles=", ".join(taken)))


# -- who is connected here ------------------------------------------------------------------------
def coder_guid(conn: Connection) -> str | None:
    """The GUID of the coder whose role this connection logged in with; None outside a team
    database (SQLite, the administrator, a PostgreSQL project without a team)."""
    if conn.dialect.name != "postgresql":
        return None
    info = conn.info  # belongs to the server connection, whose role never changes
    if _INFO_KEY not in info:
        if conn.exec_driver_sql(f"SELECT to_regclass('{TEAM_SCHEMA}.members')").scalar() is None:
            info[_INFO_KEY] = None
        else:
            info[_INFO_KEY] = conn.exec_driver_sql(f"SELECT {TEAM_SCHEMA}.coder_guid()").scalar()
    return info[_INFO_KEY]


@dataclass(frozen=True)
class TeamMember:
    """A member as the team database lists them (for ``andock server status``)."""

    coder: str
    role: str
    lead: bool
    connections: int  # open connections of this role to the project's database now


def members(conn: Connection) -> list[TeamMember]:
    """The team's members, whether each is a lead, and who is connected now."""
    if conn.exec_driver_sql(f"SELECT to_regclass('{TEAM_SCHEMA}.members')").scalar() is None:
        raise InputError(_("this database has no team (set one up with andock server init)"))
    rows = conn.exec_driver_sql(
        f"SELECT c.name, m.role_name, pg_has_role(m.role_name, {TEAM_SCHEMA}.lead_group(), 'MEMBER'), "
        f"(SELECT count(*) FROM pg_stat_activity s WHERE s.usename = m.role_name "
        f"        AND s.datname = current_database()) "
        f"FROM {TEAM_SCHEMA}.members m LEFT JOIN public.coders c ON c.guid = m.coder_guid "
        f"ORDER BY c.name")
    return [TeamMember(name or "?", role, bool(lead), int(n)) for name, role, lead, n in rows]


# -- changing the team later (the administrator) --------------------------------------------------
def _member(conn: Connection, coder: str) -> TeamMember:
    """A team member by coder name (any case) or role name."""
    wanted = coder.strip()
    for m in members(conn):
        if m.coder.casefold() == wanted.casefold() or m.role == wanted:
            return m
    raise NotFoundError(_("no coder '{name}' in the team (andock server status lists them)", name=wanted))


def _refused(exc: Exception) -> InputError:
    return InputError(_("the server refused the change of the team ({reason}); nothing was changed",
                        reason=_reason(exc)))


def reset_password(engine: Engine, coder: str, environ: Mapping[str, str] | None = None) -> Member:
    """Give a member a new password — generated, or ``ANDOCK_PASSWORD_<ROLE>`` — to be shown once
    (the server keeps only its SCRAM verifier). Their open connections stay; the next login needs it."""
    try:
        with engine.connect().execution_options(write=True) as conn, conn.begin():
            m = _member(conn, coder)
            password, chosen = password_for(m.role, os.environ if environ is None else environ)
            _execute(conn, [f"ALTER ROLE {_ident(m.role)} PASSWORD {_text(scram_verifier(password))}"])
            return Member(m.coder, m.role, m.lead, password, chosen)
    except _server_errors(engine) as exc:
        raise _refused(exc) from None


def set_lead(engine: Engine, coder: str, lead: bool = True) -> tuple[TeamMember, bool]:
    """Make a member lead (may change the codebook, documents, variables and anyone's codings) or,
    with ``lead=False``, a coder like the others; returns the member and whether anything changed.
    Takes effect with the member's next statement, also on connections open now."""
    try:
        with engine.connect().execution_options(write=True) as conn, conn.begin():
            m = _member(conn, coder)
            role, changed = m.role, m.lead != lead
            if changed:
                group = conn.exec_driver_sql(f"SELECT {TEAM_SCHEMA}.lead_group()").scalar_one()
                coder_group = group.removesuffix("_lead") + "_coder"
                # a lead's role may be in the lead group only (which is in the coder group):
                # made a plain member of the coder group first, it keeps a coder's rights
                _execute(conn, [f"GRANT {_ident(group)} TO {_ident(role)}"] if lead else
                         [f"GRANT {_ident(coder_group)} TO {_ident(role)}",
                          f"REVOKE {_ident(group)} FROM {_ident(role)}"])
            return _member(conn, role), changed
    except _server_errors(engine) as exc:
        raise _refused(exc) from None
