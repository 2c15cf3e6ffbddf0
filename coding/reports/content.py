"""Gathering report content once: the codebook and segments reports, and shared helpers.

Everything is read with a few grouped queries and one :func:`query_segments` call; the result is
a :class:`Report` that the DOCX and PDF renderers draw identically.
"""
from __future__ import annotations

import re
from typing import Any
from dataclasses import dataclass, field
from datetime import date
from typing import Iterator

from sqlalchemy import select
from sqlalchemy.engine import Connection

from coding import __version__
from coding.base.ids import CodeId, CoderId, DocumentId
from coding.services import coders, memos
from coding.services.codes import CodeNode, load_tree
from coding.analysis.counts import code_document_counts
from coding.services.documents import list_documents
from coding.store.models import TABLES
from coding.analysis.retrieval import RetrievedSegment, query_segments
from coding.services.variables import require_variable
from coding.exchange.vartypes import display
from coding.reports.i18n import Texts, texts
from coding.reports.model import Cell, Field, Heading, Paragraph, Quote, Report, Run, Table
from coding.text.citations import cite

codes_t = TABLES["codes"]
anchors_t = TABLES["anchor_examples"]
values_t = TABLES["variable_values"]
NOT_SET = None  # group key of documents without a value


def citation(seg: RetrievedSegment) -> str:
    """``K03, 00:12:34`` when the document has time anchors, else ``K03, Pos. 12``."""
    # no-break spaces: a citation is never split over two lines
    return cite(seg.label or seg.document, seg.time_ms, seg.paragraph, no_break=True)


def natural_key(text: str) -> list:
    """Sort key that puts ``K2`` before ``K10`` and ignores case."""
    return [int(p) if p.isdigit() else p.casefold() for p in re.split(r"(\d+)", text)]


@dataclass
class Context:
    """What every report needs: the connection, texts, coder filter and document facts."""

    conn: Connection
    t: Texts
    project_name: str
    coder_ids: list[CoderId] | None = None
    doc_names: dict[DocumentId, str] = field(default_factory=dict)  # id -> name
    doc_labels: dict[str, DocumentId] = field(default_factory=dict)  # label or name -> id

    @classmethod
    def open(cls, conn: Connection, lang: str, project_name: str,
             coder_names: list[str] | None = None) -> "Context":
        """Resolve coder names (NotFoundError for unknown ones) and load the document list."""
        ids = [coders.get_coder(conn, n) for n in coder_names] if coder_names else None
        ctx = cls(conn, texts(lang), project_name, ids)
        for d in list_documents(conn):
            ctx.doc_names[d.id] = d.name
            ctx.doc_labels.setdefault(d.name, d.id)
            if d.label:
                ctx.doc_labels.setdefault(d.label, d.id)
        return ctx

    def coder_text(self) -> str:
        """Coder names for the title page ("all coders" when unfiltered)."""
        if self.coder_ids is None:
            return self.t("all coders")
        names = dict(self.conn.execute(select(TABLES["coders"].c.id, TABLES["coders"].c.name)).all())
        return ", ".join(names[i] for i in self.coder_ids)

    def report(self, title: str, **kw: Any) -> Report:
        """A report with the title page facts every report shows."""
        t = self.t
        meta = [(t("Project"), self.project_name), (t("Date"), t.date(date.today())),
                (t("Documents"), t.num(len(self.doc_names))), (t("Coders"), self.coder_text()),
                (t("Created with"), f"Andock {__version__}")]
        return Report(title, subtitle=self.project_name, meta=meta, lang=t.lang,
                      contents_title=t("Contents"), page_label=t("Page {page} of {pages}"), **kw)

    def groups(self, by: str | None) -> "Groups":
        """Which group (canonical value of variable ``by``) each document belongs to."""
        if by is None:
            return Groups("", "text", {name: "" for name in self.doc_names.values()}, [""], self.t)
        var = require_variable(self.conn, by)
        values = dict(self.conn.execute(select(values_t.c.document_id, values_t.c.value)
                                        .where(values_t.c.variable_id == var.id)).all())
        of_doc = {name: values.get(d, NOT_SET) for d, name in self.doc_names.items()}
        order: list[str | None] = sorted({v for v in of_doc.values() if v is not None},
                                         key=lambda v: natural_key(display(v, var.type, self.t.lang)))
        if NOT_SET in of_doc.values():
            order.append(NOT_SET)
        return Groups(var.name, var.type, of_doc, order, self.t)


@dataclass
class Groups:
    """Documents grouped by one variable; keys are the stored (canonical) values."""

    variable: str
    type: str
    of_doc: dict[str, str | None]  # document name -> key (None: no value)
    order: list[str | None]
    t: Texts

    def label(self, key: str | None) -> str:
        """A group's name as printed ("not set" for documents without a value)."""
        if key is NOT_SET:
            return self.t("not set")
        return display(key, self.type, self.t.lang) if self.variable else self.t("all documents")


def numbered(tree: list[CodeNode]) -> Iterator[tuple[CodeNode, str, int]]:
    """Codes depth-first with their outline number ``2.1`` and depth (0 = main category)."""
    def visit(nodes: list[CodeNode], prefix: str, depth: int) -> Iterator[tuple[CodeNode, str, int]]:
        for i, n in enumerate(nodes, 1):
            number = f"{prefix}{i}"
            yield n, number, depth
            yield from visit(n.children, number + ".", depth + 1)
    return visit(tree, "", 0)


def documents_per_code(conn: Connection, tree: list[CodeNode], coder_ids: list[CoderId] | None,
                       ) -> dict[CodeId, set[DocumentId]]:
    """Documents in which a code or one of its subcodes occurs, by code id (one grouped query)."""
    own: dict[CodeId, set[DocumentId]] = {}
    for (code_id, doc_id) in code_document_counts(conn, coder_ids):
        own.setdefault(code_id, set()).add(doc_id)
    out: dict[CodeId, set[DocumentId]] = {}

    def collect(node: CodeNode) -> set[DocumentId]:
        docs = set(own.get(node.id, ()))
        for child in node.children:
            docs |= collect(child)
        out[node.id] = docs
        return docs

    for root in tree:
        collect(root)
    return out


def passage_quotes(ctx: Context, segs: list[RetrievedSegment]) -> list[Quote]:
    """One quote per coded passage: the same text coded by several coders is printed once."""
    t = ctx.t
    same: dict[tuple[str, int, int], list[RetrievedSegment]] = {}
    for s in segs:
        same.setdefault((s.document, s.start, s.end), []).append(s)
    out = []
    for group in same.values():
        seg = group[0]
        details = [Run(f"{t('Speaker')}: {seg.speaker}", muted=True)] if seg.speaker else []
        details.append(Run(f"{t('Coder')}: {', '.join(dict.fromkeys(s.coder for s in group))}", muted=True))
        for memo in dict.fromkeys(s.memo for s in group if s.memo):
            details.append(Run(f"{t('Memo')}: {memo}", muted=True))
        badge = t("Key quote") if any(s.key_quote for s in group) else ""
        out.append(Quote(seg.text.strip(), f"({citation(seg)})", details, badge))
    return out


def codebook_report(conn: Connection, *, lang: str = "de", project_name: str = "",
                    coder_names: list[str] | None = None) -> Report:
    """Codebook: hierarchy with frequencies, then each code's definition, criteria, rules and anchors."""
    ctx = Context.open(conn, lang, project_name, coder_names)
    t = ctx.t
    tree = load_tree(conn, ctx.coder_ids)
    docs = documents_per_code(conn, tree, ctx.coder_ids)
    details = {r.id: r for r in conn.execute(select(codes_t.c.id, codes_t.c.definition, codes_t.c.inclusion,
                                                    codes_t.c.exclusion, codes_t.c.coding_rules))}
    anchors: dict[int, list[tuple[str, str]]] = {}
    for code_id, quote, source in conn.execute(select(anchors_t.c.code_id, anchors_t.c.quote, anchors_t.c.source)
                                               .order_by(anchors_t.c.sort_order, anchors_t.c.id)):
        anchors.setdefault(code_id, []).append((quote, source))
    code_memos = memos.memos_for(conn, "code", list(details))
    rep = ctx.report(t("Codebook"))
    rep.add(Heading(1, t("Overview")))
    if not tree:
        rep.add(Paragraph.of(t("The project has no codes yet.")))
        return rep
    rows = [[Cell(f"{number} {n.name}", bold=depth == 0, indent=depth), Cell(t.num(n.total), align="right"),
             Cell(t.num(len(docs[n.id])), align="right")] for n, number, depth in numbered(tree)]
    rep.add(Table([Cell(t("Category")), Cell(t("Segments"), align="right"), Cell(t("Documents"), align="right")],
                  rows, [6, 1.4, 1.4], note=t("Counts include subcategories. Documents: interviews in which "
                                               "the category occurs at least once.")))
    for n, number, depth in numbered(tree):
        rep.add(Heading(min(depth + 1, 3), n.name, number))
        d = details[n.id]
        rep.add(Field(t("Definition"), d.definition), Field(t("Inclusion criteria"), d.inclusion),
                Field(t("Exclusion criteria"), d.exclusion), Field(t("Coding rules"), d.coding_rules),
                Field(t("Memo"), code_memos.get(n.id, "")))
        freq = t.plural("{n} segment", "{n} segments", n.total) + " " + \
            t.plural("in {n} document", "in {n} documents", len(docs[n.id]))
        rep.add(Field(t("Frequency"), freq + (f" ({t('including subcategories')})" if n.children else "")))
        for quote, source in anchors.get(n.id, []):
            rep.add(Quote(quote, f"({source})" if source else "", badge=t("Anchor example")))
    return rep


def segments_report(conn: Connection, *, by: str | None = None, lang: str = "de", project_name: str = "",
                    coder_names: list[str] | None = None) -> Report:
    """Each code's own segments, grouped by a document variable, cited with time or position."""
    ctx = Context.open(conn, lang, project_name, coder_names)
    t = ctx.t
    groups = ctx.groups(by)
    rep = ctx.report(t("Coded segments"))
    if groups.variable:
        rep.meta.insert(-1, (t("Grouped by"), groups.variable))
    tree = load_tree(conn, ctx.coder_ids)
    by_path: dict[str, list[RetrievedSegment]] = {}
    for seg in query_segments(conn, coders=ctx.coder_ids):
        by_path.setdefault(seg.code_path, []).append(seg)
    if not tree:
        rep.add(Heading(1, t("Overview")), Paragraph.of(t("The project has no codes yet.")))
    for n, number, depth in numbered(tree):
        rep.add(Heading(min(depth + 1, 3), n.name, number))
        segs = by_path.get(n.path, [])
        if not segs:
            rep.add(Paragraph.of(t("No coded segments."), "note"))
            continue
        for key in groups.order:
            group = [s for s in segs if groups.of_doc.get(s.document) == key]
            if not group:
                continue
            quotes = passage_quotes(ctx, group)
            if groups.variable:
                count = t.plural("{n} segment", "{n} segments", len(group))
                if len(quotes) < len(group):  # several coders coded the same passages
                    count = t.plural("{n} passage", "{n} passages", len(quotes)) + ", " + count
                rep.add(Paragraph([Run(f"{groups.variable}: {groups.label(key)}", bold=True),
                                   Run(f" · {count}", muted=True)], "lead"))
            rep.add(*quotes)
    return rep

