"""The comparison report: the shaded crosstab, then per main category documents and quotes by group."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Connection

from coding.base.ids import CodeId
from coding.services.codes import load_tree, walk
from coding.base.errors import InputError
from coding.store.models import TABLES
from coding.analysis.retrieval import RetrievedSegment, query_segments
from coding.reports.content import Context, numbered
from coding.reports.matrix_report import column_name, crosstab_block
from coding.reports.model import Heading, Paragraph, Report, Run
from coding.reports.quotes import Anchor, pick_quotes, resolve_anchor_document
from coding.base.messages import _

anchors_t = TABLES["anchor_examples"]
segments_t = TABLES["segments"]
documents_t = TABLES["documents"]


def _anchors(ctx: Context) -> dict[CodeId, list[Anchor]]:
    """Anchor examples by code id, each with the document it came from where that is known."""
    seg_docs = dict(ctx.conn.execute(select(segments_t.c.guid, documents_t.c.name)
                                     .join(documents_t, documents_t.c.id == segments_t.c.document_id)
                                     .where(segments_t.c.guid.in_(select(anchors_t.c.segment_guid)))).all())
    out: dict[CodeId, list[Anchor]] = {}
    for code_id, quote, source, guid in ctx.conn.execute(
            select(anchors_t.c.code_id, anchors_t.c.quote, anchors_t.c.source, anchors_t.c.segment_guid)
            .order_by(anchors_t.c.sort_order, anchors_t.c.id)):
        doc = resolve_anchor_document(ctx, source or "", seg_docs.get(guid))
        out.setdefault(code_id, []).append(Anchor(quote, source or "", doc, guid))
    return out


def comparison_report(conn: Connection, *, by: str | None, lang: str = "de", project_name: str = "",
                      coder_names: list[str] | None = None) -> Report:
    """Crosstab (documents and segments) and, per main category, each group's documents and quotes."""
    from coding.analysis.crosstab import crosstab  # the analysis core; imported late so the other reports never need it

    if not by:
        raise InputError(_("the comparison report needs --by VARIABLE (e.g. --by Gruppe)"))
    ctx = Context.open(conn, lang, project_name, coder_names)
    t = ctx.t
    groups = ctx.groups(by)
    docs_tab = crosstab(conn, groups.variable, mode="documents", coder_ids=ctx.coder_ids)
    segs_tab = crosstab(conn, groups.variable, mode="segments", coder_ids=ctx.coder_ids)
    rep = ctx.report(t("Group comparison"))
    rep.meta.insert(-1, (t("Compared by"), groups.variable))
    rep.add(Heading(1, t("Overview")),
            Paragraph.of(t("In how many interviews of each group does a category occur? Darker cells: "
                           "a larger share of the group's documents."), "lead"))
    if not docs_tab.rows:
        rep.add(Paragraph.of(t("The project has no codes yet.")))
        return rep
    rep.add(crosstab_block(docs_tab, t), Heading(1, t("Coded segments by group")),
            Paragraph.of(t("How often was each category coded in each group? Interviews differ in "
                           "length, so the rate per 1,000 words is given too."), "lead"),
            crosstab_block(segs_tab, t))
    tree = load_tree(conn, ctx.coder_ids)
    segs_by_path: dict[str, list[RetrievedSegment]] = {}
    for seg in query_segments(conn, coders=ctx.coder_ids):
        segs_by_path.setdefault(seg.code_path, []).append(seg)
    anchors = _anchors(ctx)
    rows = {r.code_id: r for r in docs_tab.rows}
    keys = docs_tab.column_keys
    for node, number, depth in numbered(tree):
        if depth:
            continue
        rep.add(Heading(1, node.name, number))
        subtree = list(walk([node]))
        segs = [s for n in subtree for s in segs_by_path.get(n.path, [])]
        segs.sort(key=lambda s: (s.document, s.start))
        code_anchors = [a for n in subtree for a in anchors.get(n.id, [])]
        row = rows.get(node.id)
        for i, key in enumerate(keys):
            if docs_tab.column_documents[i] == 0:
                continue
            in_group = [s for s in segs if groups.of_doc.get(s.document, "\0") == key]
            group_anchors = [a for a in code_anchors if a.document and groups.of_doc.get(a.document, "\0") == key]
            count = row.counts[i] if row else 0
            head = t("{found} of {all} documents", found=t.num(count), all=t.num(docs_tab.column_documents[i]))
            share = f" ({t.pct(row.shares[i])})" if row and row.shares[i] is not None else ""
            rep.add(Paragraph([Run(column_name(docs_tab, i, t), bold=True),
                               Run(f" · {head}{share}", muted=True)], "lead"))
            if not in_group and not group_anchors:
                rep.add(Paragraph.of(t("No coded segments in this group."), "note"))
                continue
            quotes, left = pick_quotes(in_group, group_anchors, ctx, node.path)
            rep.add(*quotes)
            if left:
                rep.add(Paragraph.of(t.plural("{n} further segment in this group.",
                                              "{n} further segments in this group.", left), "note"))
    return rep
