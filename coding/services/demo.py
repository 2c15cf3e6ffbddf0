"""The demo project: a fictional guide, codebook, eight f4 transcripts, variables and two coders."""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from coding.services import coders, memos, segments
from coding.services.codebook import import_codebook
from coding.exchange.codebook_format import codebook_from_json
from coding.services.codes import find_by_path, load_tree, walk
from coding.services.documents import add_document, list_documents
from coding.base.errors import InputError
from coding.exchange.importers.transcript import parse_transcript
from coding.base.progress import Progress, report
from coding.store.project import Project
from coding.text.textio import normalize_text
from coding.services.variables import import_table, list_variables
from coding.base import labels
from coding.base.messages import _


def demo_dir() -> Path:
    """Folder of the demo files shipped in the package (resources/demo)."""
    return Path(str(resources.files("resources") / "demo"))


def _locate(text: str, quote: str, occurrence: int, where: str) -> tuple[int, int]:
    quote = normalize_text(quote)
    pos = -1
    for _time in range(max(occurrence, 1)):
        pos = text.find(quote, pos + 1)
        if pos < 0:
            raise InputError(_("demo coding not found in {where}: {quote!r}", where=where, quote=quote[:60]))
    return pos, pos + len(quote)


def build_demo(path: str | Path, progress: Progress | None = None) -> Project:
    """Create the demo project at ``path`` (one action per step, so undo works as usual)."""
    base = demo_dir()
    manifest = json.loads((base / "demo.json").read_text(encoding="utf-8"))
    proj = Project.create(path, manifest["project"])
    try:
        total = len(manifest["documents"]) + 3
        with proj.action("Create demo coders") as act:
            ids = [coders.add_coder(act, c["name"], c.get("colour")) for c in manifest["coders"]]
            coders.set_current_coder(act.conn, ids[0])
            memos.set_memo(act, None, None, manifest.get("project_memo", "") + "\n\n" + manifest["notice"])
        report(progress, 1, total, "codebook")
        cb = codebook_from_json((base / manifest["codebook"]).read_text(encoding="utf-8"))
        with proj.action(labels.stored(labels.IMPORT_DEMO_CODEBOOK)) as act:
            import_codebook(act, cb)
        texts: dict[str, str] = {}
        for i, doc in enumerate(manifest["documents"]):
            report(progress, 2 + i, total, doc["name"])
            raw = normalize_text((base / doc["file"]).read_text(encoding="utf-8"))
            parsed = parse_transcript(raw)
            with proj.action(labels.stored(labels.IMPORT_DOCUMENT, name=doc["name"])) as act:
                doc_id = add_document(act, doc["name"], parsed, label=doc.get("label"),
                                      source_name=Path(doc["file"]).name)
                memos.set_memo(act, "document", doc_id, doc.get("memo", manifest["notice"]))
            texts[doc["name"]] = parsed.text
        import_table(proj, base / manifest["variables"])
        report(progress, total - 1, total, "codings")
        codings = json.loads((base / manifest["codings"]).read_text(encoding="utf-8"))
        with proj.action("Code demo documents") as act:
            doc_ids = {d.name: d.id for d in list_documents(act.conn)}
            coder_ids = {c.name: c.id for c in coders.list_coders(act.conn)}
            for c in codings:
                start, end = _locate(texts[c["document"]], c["quote"], c.get("occurrence", 1), c["document"])
                segments.apply_code(act, doc_ids[c["document"]], find_by_path(act.conn, c["code"]),
                                    coder_ids[c["coder"]], start, end, memo=c.get("memo") or None,
                                    key_quote=bool(c.get("key_quote")))
        report(progress, total, total, "done")
    except Exception:
        proj.close()
        if proj.path is not None:  # always: a demo project is a file
            for p in (proj.path, Path(f"{proj.path}-wal"), Path(f"{proj.path}-shm")):
                p.unlink(missing_ok=True)
        raise
    return proj


def summary(proj: Project) -> str:
    """A few lines describing a project (printed by ``andock demo --no-gui``)."""
    with proj.read() as conn:
        docs = list_documents(conn)
        tree = load_tree(conn)
        n_codes = sum(1 for _ in walk(tree))
        n_segs = sum(n.count for n in walk(tree))
        names = ", ".join(c.name for c in coders.list_coders(conn))
        var_names = ", ".join(v.name for v in list_variables(conn))
    lines = [f"{proj.name}", f"  {len(docs)} documents, {n_codes} codes, {n_segs} coded segments",
             f"  coders: {names}", f"  variables: {var_names}", "  main categories:"]
    lines += [f"    {n.name} ({n.total})" for n in tree]
    lines.append(f"Try: andock segments {proj.path} --code \"{tree[0].path}\" --var Gruppe=kommunal"
                 if tree else "")
    return "\n".join(lines)
