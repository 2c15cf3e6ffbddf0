"""Choosing quotes for comparisons, shortening long ones, and the quote export for publications."""
from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Connection

from coding.base.ids import CoderId
from coding.services.codes import find_by_path
from coding.analysis.retrieval import RetrievedSegment, query_segments
from coding.base.safefile import atomic_write
from coding.exchange.sheetcells import csv_row
from coding.reports.content import Context, citation
from coding.text.citations import clock
from coding.reports.model import Quote, Report, Run

QUOTES_PER_GROUP = 3  # ordinary quotes per group and category, after anchors and key quotes
FEATURED_PER_GROUP = 6  # anchors + key quotes per group at most (a report is no full listing)
QUOTE_LIMIT = 600  # characters; longer quotes are shortened at a word boundary
ELLIPSIS = " […]"  # the scholarly omission mark, in German and English texts alike


def truncate(text: str, limit: int = QUOTE_LIMIT) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, marked with ``[…]``."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = limit - len(ELLIPSIS)
    cut = text.rfind(" ", 0, room + 1)
    if cut < room * 0.6:  # one enormous "word" (a URL): cut inside it
        cut = room
        # never split a character from its combining marks, variation selector or ZWJ partner
        while cut > 0 and (unicodedata.combining(text[cut]) or text[cut] in "\u200d\ufe0f"
                           or text[cut - 1] == "\u200d" or 0x1F3FB <= ord(text[cut]) <= 0x1F3FF):
            cut -= 1
    return text[:cut].rstrip(" ,;:–-") + ELLIPSIS


@dataclass
class Anchor:
    """An anchor example with the document it was taken from (if known)."""

    quote: str
    source: str
    document: str | None  # document name
    segment_guid: str | None


def resolve_anchor_document(ctx: Context, source: str, segment_doc: str | None) -> str | None:
    """The document of an anchor: its segment's, else the label its source starts with (``K03, …``)."""
    if segment_doc:
        return segment_doc
    head = source.split(",")[0].strip()
    doc_id = ctx.doc_labels.get(head)
    return ctx.doc_names.get(doc_id) if doc_id is not None else None


def pick_quotes(segs: list[RetrievedSegment], anchors: list[Anchor], ctx: Context, category: str = ""
                ) -> tuple[list[Quote], int]:
    """Quotes for one group: anchors, key quotes, then the longest that fit; and how many were left.

    "Longest first within the limit": segments up to QUOTE_LIMIT characters, longest first, then
    over-long ones shortest first (they lose least when shortened). Segments overlapping a chosen
    one (two coders on one passage) or containing an anchor's text are not repeated.
    """
    t = ctx.t
    chosen: list[Quote] = []
    taken: list[tuple[str, int, int]] = []
    anchor_guids = {a.segment_guid for a in anchors if a.segment_guid}

    def overlaps(s: RetrievedSegment) -> bool:
        return any(doc == s.document and s.start < e and b < s.end for doc, b, e in taken) or \
            s.guid in anchor_guids or \
            any(a.document == s.document and " ".join(a.quote.split()) in " ".join(s.text.split())
                for a in anchors)

    for a in anchors[:FEATURED_PER_GROUP]:
        chosen.append(Quote(truncate(a.quote), f"({a.source})" if a.source else "", badge=t("Anchor example")))
    featured = len(chosen)
    for s in segs:
        if s.key_quote and featured < FEATURED_PER_GROUP and not overlaps(s):
            chosen.append(_quote(ctx, s, category, t("Key quote")))
            taken.append((s.document, s.start, s.end))
            featured += 1
    rest = sorted((s for s in segs if not overlaps(s)),
                  key=lambda s: (len(s.text) > QUOTE_LIMIT, -len(s.text) if len(s.text) <= QUOTE_LIMIT else len(s.text)))
    picked = 0
    left = 0
    for s in rest:
        if picked < QUOTES_PER_GROUP and not overlaps(s):
            chosen.append(_quote(ctx, s, category))
            taken.append((s.document, s.start, s.end))
            picked += 1
        elif not overlaps(s):
            left += 1
    return chosen, left


def _quote(ctx: Context, s: RetrievedSegment, category: str, badge: str = "") -> Quote:
    details = [Run(f"{ctx.t('Speaker')}: {s.speaker}", muted=True)] if s.speaker else []
    if s.code_path != category:  # name the subcategory; the main one is the section's heading
        details.append(Run(s.code_path[len(category) + 1:] if category else s.code_path, muted=True))
    return Quote(truncate(s.text), f"({citation(s)})", details, badge)


# -- quote export for publications -----------------------------------------------------------

def quote_segments(conn: Connection, code: str, *, key_only: bool = False,
                   coder_ids: list[CoderId] | None = None) -> list[RetrievedSegment]:
    """Segments of a code and its subcodes (only key quotes if asked), in document order."""
    segs = query_segments(conn, codes=[find_by_path(conn, code)], coders=coder_ids)
    return [s for s in segs if s.key_quote] if key_only else segs


def write_quotes(project, path: str | Path, code: str, *, key_only: bool = False, lang: str = "de",
                 coder_names: list[str] | None = None) -> int:
    """Write the quotes of a code as DOCX or CSV; returns how many were written."""
    from coding.reports.output import check_suffix

    path = Path(path)
    suffix = check_suffix(path, (".docx", ".csv"))
    with project.read() as conn:
        ctx = Context.open(conn, lang, project.name, coder_names)
        segs = quote_segments(conn, code, key_only=key_only, coder_ids=ctx.coder_ids)
    t = ctx.t
    if suffix == ".csv":
        # German Excel opens ";"-separated UTF-8 with a BOM correctly; English Excel wants ","
        with atomic_write(path, "w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f, delimiter=";" if lang == "de" else ",")
            w.writerow(csv_row([t("Quote"), t("Citation"), t("Document"), t("Time"), t("Position"), t("Code"),
                                t("Speaker"), t("Coder"), t("Key quote")]))
            for s in segs:  # names and quotes may start with "=": csv_row keeps them from being formulas
                w.writerow(csv_row([" ".join(s.text.split()), citation(s).replace("\u00a0", " "),
                                    s.label or s.document, clock(s.time_ms) if s.time_ms is not None else "",
                                    s.paragraph, s.code_path, s.speaker or "", s.coder,
                                    t("yes") if s.key_quote else ""]))
        return len(segs)
    rep = Report(t("Quotes: {code}", code=code), subtitle=project.name, lang=lang, title_page=False,
                 contents=False, page_label=t("Page {page} of {pages}"))
    for s in segs:
        details = [Run(s.code_path, muted=True)] + ([Run(f"{t('Speaker')}: {s.speaker}", muted=True)]
                                                   if s.speaker else [])
        rep.add(Quote(t.quoted(" ".join(s.text.split())), f"({citation(s)})", details,
                      t("Key quote") if s.key_quote else ""))
    from coding.reports.docx_render import render_docx

    render_docx(rep, path)
    return len(segs)
