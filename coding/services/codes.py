"""The codebook in the database: code tree, paths, counts and changes to codes."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from coding.base.ids import CodeId, CoderId
from coding.base.errors import ConflictError, InputError, NotFoundError
from coding.store.history import Recorder
from coding.store.models import TABLES, new_guid, utcnow
from coding.text.textnorm import MAX_CODE_NAME, clean_name, clean_text, lookup_name
from coding.base.messages import _
from coding.base.suggest import did_you_mean, similarity

codes_t = TABLES["codes"]
segments_t = TABLES["segments"]
DETAIL_FIELDS = ("definition", "inclusion", "exclusion", "coding_rules")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_PALETTE = ("#cc6677", "#332288", "#ddcc77", "#117733", "#88ccee", "#882255", "#44aa99",
            "#999933", "#aa4499", "#6699cc", "#e69f00", "#56b4e9")


@dataclass
class CodeNode:
    """A code with its place in the tree and how often it is used."""

    id: CodeId
    guid: str
    name: str
    colour: str
    parent_id: CodeId | None
    sort_order: int
    count: int = 0  # segments of this code itself
    total: int = 0  # segments of this code and all its subcodes
    children: list["CodeNode"] = field(default_factory=list)
    path: str = ""


def split_path(path: str) -> list[str]:
    """Split ``Parent/Child`` into names; ``\\/`` stands for a slash inside a name."""
    parts, cur, i = [], [], 0
    while i < len(path):
        ch = path[i]
        if ch == "\\" and i + 1 < len(path) and path[i + 1] in "/\\":
            cur.append(path[i + 1])
            i += 2
            continue
        if ch == "/":
            parts.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
        i += 1
    parts.append("".join(cur).strip())
    parts = [lookup_name(p) for p in parts]  # "Überblick" typed decomposed finds the stored one
    if any(not p for p in parts):
        raise InputError(_("invalid code path '{path}' (empty name)", path=path))
    return parts


def join_path(names: list[str]) -> str:
    """Inverse of :func:`split_path`."""
    return "/".join(n.replace("\\", "\\\\").replace("/", "\\/") for n in names)


def load_tree(conn: Connection, coder_ids: list[CoderId] | None = None, counts: bool = True) -> list[CodeNode]:
    """The whole code tree with segment counts (one grouped query; ``counts=False`` skips it)."""
    nodes = {r.id: CodeNode(r.id, r.guid, r.name, r.colour, r.parent_id, r.sort_order)
             for r in conn.execute(select(codes_t.c.id, codes_t.c.guid, codes_t.c.name,
                                          codes_t.c.colour, codes_t.c.parent_id,
                                          codes_t.c.sort_order))}
    q = select(segments_t.c.code_id, func.count()).group_by(segments_t.c.code_id)
    if coder_ids is not None:
        q = q.where(segments_t.c.coder_id.in_(coder_ids))
    for code_id, n in conn.execute(q) if counts else ():
        nodes[code_id].count = n
    roots: list[CodeNode] = []
    for node in nodes.values():
        (nodes[node.parent_id].children if node.parent_id else roots).append(node)

    def finish(items: list[CodeNode], prefix: list[str]) -> int:
        items.sort(key=lambda n: (n.sort_order, n.name.casefold()))
        total = 0
        for n in items:
            n.path = join_path(prefix + [n.name])
            n.total = n.count + finish(n.children, prefix + [n.name])
            total += n.total
        return total

    finish(roots, [])
    return roots


def walk(nodes: list[CodeNode]):
    """Depth-first iteration over a loaded tree."""
    for n in nodes:
        yield n
        yield from walk(n.children)


def find_by_path(conn: Connection, path: str) -> CodeId:
    """The id of the code at ``Parent/Child``; NotFoundError names the missing part."""
    parent: CodeId | None = None
    names = split_path(path)
    for name in names:
        q = select(codes_t.c.id).where(codes_t.c.name == name)
        q = q.where(codes_t.c.parent_id.is_(None) if parent is None else codes_t.c.parent_id == parent)
        found = conn.execute(q).scalar()
        if found is None:
            message = (_("no code '{path}'", path=path) if len(names) == 1
                       else _("no code '{name}' in path '{path}'", name=name, path=path))
            raise NotFoundError(message + _closest_codes(conn, names))
        parent = found
    assert parent is not None  # split_path gives at least one name
    return parent


def _closest_codes(conn: Connection, typed: list[str]) -> str:
    """The suggestion for a code path that does not exist. A code as deep as the typed path is as
    close as its least close name; another by its whole path and, a little less, by its path cut
    at the typed depth (``Zugnag`` offers ``Zugang``'s subcodes after it); any by its own name
    against the last typed one (a subcode typed without its parent, or below the wrong one). The
    parents typed correctly are no guess."""
    parts: dict[str, list[str]] = {}

    def visit(nodes: list[CodeNode], prefix: list[str]) -> None:
        for n in nodes:
            names = prefix + [n.name]
            if names != typed[:len(names)]:
                parts[n.path] = names
            visit(n.children, names)

    whole = join_path(typed)

    def score(path: str) -> float:
        names = parts[path]
        if len(names) == len(typed):  # not the whole path: a long parent typed right would hide the rest
            best = min(similarity(t, n) for t, n in zip(typed, names))
        else:
            best = similarity(whole, path)
            if len(names) > len(typed):
                best = max(best, 0.95 * similarity(whole, join_path(names[:len(typed)])))
        return max(best, (1.0 if len(typed) == 1 else 0.95) * similarity(typed[-1], names[-1]))

    visit(load_tree(conn, counts=False), [])
    return did_you_mean(whole, parts, score)


def find_by_guid(conn: Connection, guid: str) -> CodeId:
    """The id of the code with this GUID."""
    cid = conn.execute(select(codes_t.c.id).where(func.lower(codes_t.c.guid) == guid.lower())).scalar()
    if cid is None:
        raise NotFoundError(_("no code with id {guid}", guid=guid))
    return cid


def code_path(conn: Connection, code_id: CodeId) -> str:
    """The ``Parent/Child`` path of a code."""
    names = []
    cur: int | None = code_id
    while cur is not None:
        row = conn.execute(select(codes_t.c.name, codes_t.c.parent_id).where(codes_t.c.id == cur)).first()
        if row is None:
            raise NotFoundError(_("no code with id {code_id}", code_id=code_id))
        names.append(row.name)
        cur = row.parent_id
    return join_path(names[::-1])


def subtree_ids(conn: Connection, code_id: CodeId) -> list[CodeId]:
    """The code and all its descendants, parents before children."""
    pairs = conn.execute(select(codes_t.c.id, codes_t.c.parent_id)).all()
    kids: dict[CodeId | None, list[CodeId]] = {}
    for cid, pid in pairs:
        kids.setdefault(pid, []).append(cid)
    out, stack = [], [code_id]
    while stack:
        cur = stack.pop(0)
        out.append(cur)
        stack.extend(kids.get(cur, []))
    return out


def _check_name(conn: Connection, name: str, parent_id: CodeId | None, exclude: CodeId | None = None) -> str:
    return _check_unique(conn, clean_name(name, "a code name", MAX_CODE_NAME), parent_id, exclude)


def _check_unique(conn: Connection, name: str, parent_id: CodeId | None, exclude: CodeId | None = None) -> str:
    q = select(codes_t.c.id).where(codes_t.c.name == name)
    q = q.where(codes_t.c.parent_id.is_(None) if parent_id is None else codes_t.c.parent_id == parent_id)
    if exclude is not None:
        q = q.where(codes_t.c.id != exclude)
    if conn.execute(q).first() is not None:
        raise ConflictError(_("a code named '{name}' exists already at this level", name=name))
    return name


def _check_colour(colour: str) -> str:
    if not _COLOUR.match(colour or ""):
        raise InputError(_("invalid colour '{colour}' (use #RRGGBB)", colour=colour))
    return colour.lower()


def create_code(rec: Recorder, name: str, parent_id: CodeId | None = None, colour: str | None = None,
                guid: str | None = None, **details: str) -> CodeId:
    """Create a code at the end of its siblings."""
    name = _check_name(rec.conn, name, parent_id)
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise InputError(_("unknown code fields: {fields}", fields=', '.join(sorted(unknown))))
    # after the last sibling: a count would clash with the gaps that moving codes away leaves
    siblings = rec.conn.execute(select(func.coalesce(func.max(codes_t.c.sort_order) + 1, 0)).where(
        codes_t.c.parent_id.is_(None) if parent_id is None else codes_t.c.parent_id == parent_id)).scalar()
    n_all = rec.conn.execute(select(func.count()).select_from(codes_t)).scalar_one()
    values = {f: clean_text(details.get(f), f) for f in DETAIL_FIELDS}
    return rec.insert("codes", {
        "guid": guid or new_guid(), "name": name, "parent_id": parent_id,
        "colour": _check_colour(colour) if colour else _PALETTE[n_all % len(_PALETTE)],
        "sort_order": siblings, "created_at": utcnow(), **values})


def rename_code(rec: Recorder, code_id: CodeId, name: str) -> None:
    """Rename a code (unique among its siblings)."""
    parent = rec.conn.execute(select(codes_t.c.parent_id).where(codes_t.c.id == code_id)).first()
    if parent is None:
        raise NotFoundError(_("no code with id {code_id}", code_id=code_id))
    rec.update("codes", code_id, {"name": _check_name(rec.conn, name, parent[0], exclude=code_id)})


def recolour_code(rec: Recorder, code_id: CodeId, colour: str) -> None:
    """Give a code a new ``#RRGGBB`` colour."""
    rec.update("codes", code_id, {"colour": _check_colour(colour)})


def update_details(rec: Recorder, code_id: CodeId, **details: str) -> None:
    """Change definition, inclusion/exclusion criteria or coding rules."""
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise InputError(_("unknown code fields: {fields}", fields=', '.join(sorted(unknown))))
    rec.update("codes", code_id, {k: clean_text(v, k) for k, v in details.items()})


def move_code(rec: Recorder, code_id: CodeId, new_parent: CodeId | None, index: int | None = None) -> None:
    """Re-parent and/or re-order a code; refuses to move a code below itself."""
    if new_parent is not None and new_parent in subtree_ids(rec.conn, code_id):
        raise InputError(_("a code cannot be moved below itself"))
    name = rec.conn.execute(select(codes_t.c.name).where(codes_t.c.id == code_id)).scalar()
    if name is None:
        raise NotFoundError(_("no code with id {code_id}", code_id=code_id))
    _check_unique(rec.conn, name, new_parent, exclude=code_id)  # as stored, even by an older version
    sib = select(codes_t.c.id).where(codes_t.c.id != code_id).order_by(codes_t.c.sort_order, codes_t.c.id)
    sib = sib.where(codes_t.c.parent_id.is_(None) if new_parent is None else codes_t.c.parent_id == new_parent)
    order = [r[0] for r in rec.conn.execute(sib)]
    index = len(order) if index is None else max(0, min(index, len(order)))
    order.insert(index, code_id)
    rec.update("codes", code_id, {"parent_id": new_parent})
    for pos, cid in enumerate(order):
        rec.update("codes", cid, {"sort_order": pos})


def ensure_path(rec: Recorder, path: str, colour: str | None = None, **details: str) -> CodeId:
    """The code at ``Parent/Child``, creating missing codes along the way (like ``mkdir -p``).

    ``colour`` and ``details`` apply to the last code if it is created here.
    """
    parts = split_path(path)
    parent: CodeId | None = None
    for i, name in enumerate(parts):
        q = select(codes_t.c.id).where(codes_t.c.name == name)
        q = q.where(codes_t.c.parent_id.is_(None) if parent is None else codes_t.c.parent_id == parent)
        found = rec.conn.execute(q).scalar()
        if found is None:
            last = i == len(parts) - 1
            found = create_code(rec, name, parent, colour if last else None, **(details if last else {}))
        elif i == len(parts) - 1:
            raise ConflictError(_("the code '{path}' exists already", path=path))
        parent = found
    assert parent is not None  # split_path gives at least one name
    return parent
