"""``andock server init|status|password|lead``: a team project on a PostgreSQL server.

The SQL is made by the core (``coding.store.team``); this module reads the options, runs or
prints it, and shows each coder's role and password once. ``password`` gives a coder a new one,
``lead`` makes a coder lead (``--revoke``: a coder like the others again), both as the administrator.
"""
from __future__ import annotations

import argparse
import sys
from argparse import Namespace

from sqlalchemy import make_url

from coding.base.errors import InputError
from coding.store import db, team
from .common import dump_json


def add_parsers(add) -> None:
    """The ``server`` sub-command with ``init``, ``status``, ``password`` and ``lead``."""
    p: argparse.ArgumentParser = add("server", "a team project on a PostgreSQL server: set it up, list its members, "
                                               "change passwords and leads")
    sub = p.add_subparsers(dest="server_command", metavar="init|status|password|lead", required=True)
    q = sub.add_parser("init", help="create the project and one database role per coder, with rights the "
                                    "server enforces (or --print the SQL for the administrator)")
    q.add_argument("url", help="postgresql://ADMIN@HOST:PORT/DATABASE: an empty database (or one holding an "
                               "Andock project), as its owner")
    q.add_argument("--coders", nargs="+", required=True, metavar="NAME", help="the team's coders")
    q.add_argument("--lead", action="append", default=[], metavar="NAME",
                   help="a coder who may change the codebook, documents and variables (repeatable)")
    q.add_argument("--name", help="the project's name (default: the database's name)")
    q.add_argument("--prefix", help="role names start with PREFIX_ (default: the database's name)")
    q.add_argument("--print", action="store_true", dest="print_sql",
                   help="print the SQL instead of running it (the passwords go to stderr)")
    q.add_argument("--json", action="store_true")
    q = sub.add_parser("status", help="the team's coders, their roles, who leads and who is connected now")
    q.add_argument("url")
    q.add_argument("--json", action="store_true")
    q = sub.add_parser("password", help="give a coder a new password (shown once; from ANDOCK_PASSWORD_<ROLE> "
                                        "if set), as the administrator")
    q.add_argument("url", help="postgresql://ADMIN@HOST:PORT/DATABASE of the team database, as its administrator")
    q.add_argument("coder", help="the coder's name (or login role)")
    q.add_argument("--json", action="store_true")
    q = sub.add_parser("lead", help="let a coder change the codebook, documents and variables (--revoke: take "
                                    "it back), as the administrator")
    q.add_argument("url", help="postgresql://ADMIN@HOST:PORT/DATABASE of the team database, as its administrator")
    q.add_argument("coder", help="the coder's name (or login role)")
    q.add_argument("--revoke", action="store_true", help="make the lead a coder like the others again")
    q.add_argument("--json", action="store_true")


def _public_url(url: str) -> str:
    """The server and database without the administrator's name and password."""
    return make_url(url)._replace(username=None, password=None).render_as_string(hide_password=False)


def _check_url(url: str) -> None:
    if not url.startswith(("postgresql://", "postgres://")):
        raise InputError(f"{url}: a team database is a postgresql://HOST/DATABASE URL")


def cmd_server(args: Namespace) -> int:
    """Dispatch ``server init`` / ``status`` / ``password`` / ``lead``."""
    _check_url(args.url)
    return {"init": _init, "status": _status, "password": _password, "lead": _lead}[args.server_command](args)


def _password_note(m: team.Member) -> str:
    return f"from {team.PASSWORD_ENV}{m.role.upper()}" if m.password_from_env else m.password


def _init(args: Namespace) -> int:
    plan = team.plan_team(args.url, args.coders, args.lead, prefix=args.prefix, project_name=args.name)
    if args.print_sql:
        sys.stdout.write(team.script(plan))
        print("Passwords (shown only now; the SQL holds only their verifiers):", file=sys.stderr)
        for m in plan.members:
            print(f"  {m.coder}: role {m.role}, password {_password_note(m)}", file=sys.stderr)
        return 0
    engine = db.make_engine(args.url)
    try:
        result = team.apply(engine, plan)
    finally:
        engine.dispose()
    where = _public_url(args.url)
    if args.json:
        dump_json({"url": where, "new_project": result.new_project, "members": [
            {"coder": m.coder, "role": m.role, "lead": m.lead, "created": m in result.created,
             "password": m.password if m in result.created and not m.password_from_env else None}
            for m in plan.members]})
        return 0
    made = "a new project" if result.new_project else "the project already there"
    print(f"Team database ready: {where} ({made}).")
    if result.created:
        print("Give each coder their role and password (shown only now; Andock does not keep them):")
        for m in result.created:
            lead = " (lead)" if m.lead else ""
            print(f"  {m.coder}{lead}: role {m.role}, password {_password_note(m)}")
    for m in result.kept:
        print(f"  {m.coder}: role {m.role} is in the team already (password unchanged)")
    host = where.split("://", 1)[1]
    print(f"Each coder opens postgresql://ROLE:PASSWORD@{host}")
    return 0


def _status(args: Namespace) -> int:
    from coding.store.project import Project

    with Project.open(args.url) as proj, proj.read() as conn:
        people = team.members(conn)
    if args.json:
        dump_json([{"coder": m.coder, "role": m.role, "lead": m.lead, "connections": m.connections}
                   for m in people])
        return 0
    for m in people:
        state = f"connected ({m.connections})" if m.connections else "not connected"
        print(f"{m.coder}\t{m.role}\t{'lead' if m.lead else 'coder'}\t{state}")
    return 0



def _password(args: Namespace) -> int:
    engine = db.make_engine(args.url)
    try:
        m = team.reset_password(engine, args.coder)
    finally:
        engine.dispose()
    if args.json:
        dump_json({"coder": m.coder, "role": m.role, "password": None if m.password_from_env else m.password})
        return 0
    print(f"New password for {m.coder} (role {m.role}), shown only now: {_password_note(m)}")
    print("Connections open now stay open; the next login needs the new password.")
    return 0


def _lead(args: Namespace) -> int:
    engine = db.make_engine(args.url)
    try:
        m, changed = team.set_lead(engine, args.coder, lead=not args.revoke)
    finally:
        engine.dispose()
    if args.json:
        dump_json({"coder": m.coder, "role": m.role, "lead": m.lead, "changed": changed})
        return 0
    what = "lead (may change the codebook, documents and variables, and anyone's codings)" if m.lead else \
        "a coder (changes only their own codings and memos)"
    print(f"{m.coder} (role {m.role}) {'is now' if changed else 'was already'} {what}.")
    return 0


COMMANDS = {"server": cmd_server}
