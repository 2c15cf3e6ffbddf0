"""The same core runs on PostgreSQL (team projects): one workflow, identical results on both."""
from __future__ import annotations

from coding.services import code_changes, codes, coders, documents, memos, segments, text_edit
from coding.analysis import counts, retrieval
from coding.services.codebook import export_codebook, import_codebook
from coding.exchange.codebook_format import Codebook, CodeEntry
from coding.exchange.importers.transcript import parse_transcript
from coding.store.project import Project
from coding.services.variables import set_value_by_name

TRANSCRIPT = ("I: Wo finden Neuzugewanderte Hilfe? #00:00:03-0#\n\n"
              "B: Über die Schule 🏘️ und die Moschee – und über Nachbar*innen. #00:00:11-5#\n\n"
              "I: Und die Ämter? #00:00:13-0#\n\n"
              "B: Schwer erreichbar, vor allem ohne Deutschkenntnisse. #00:00:20-2#")


def workflow(proj: Project) -> dict:
    """A scripted session touching every service; returns what a user would see."""
    with proj.action("Codebook") as act:
        import_codebook(act, Codebook([CodeEntry("Zugänge", definition="Wege zu Hilfe",
                                                 children=[CodeEntry("Schule"), CodeEntry("Ämter")])]))
    ids = []
    for name, group in (("K01", "kommunal"), ("N01", "national")):
        with proj.action(f"Import {name}") as act:
            doc_id = documents.add_document(act, name, parse_transcript(TRANSCRIPT))
            set_value_by_name(act, doc_id, "Gruppe", group)
            ids.append(doc_id)
    with proj.read() as conn:
        text = documents.get_text(conn, ids[0])
        schule, aemter = codes.find_by_path(conn, "Zugänge/Schule"), codes.find_by_path(conn, "Zugänge/Ämter")
    s1 = text.index("Schule 🏘️")
    with proj.action("Code") as act:
        lena = coders.add_coder(act, "Lena")
        murat = coders.add_coder(act, "Murat")
        for doc_id in ids:
            segments.apply_code(act, doc_id, schule, lena, s1, s1 + 9)
            segments.apply_code(act, doc_id, schule, lena, s1 + 9, s1 + 25)  # adjacent: extends
            segments.apply_code(act, doc_id, schule, murat, s1, s1 + 9)
        seg = segments.apply_code(act, ids[0], aemter, murat, text.index("Schwer"), len(text), memo="Hürde")
        memos.set_memo(act, "code", aemter, "Ämter-Memo")
        segments.set_key_quote(act, seg, True)
    with proj.action("Edit") as act:
        text_edit.edit_text(act, ids[0], text.replace("Über die", "Vor allem über die"))
    with proj.action("Delete Ämter") as act:
        code_changes.delete_code(act, aemter)
    proj.undo()  # brings Ämter, its segment and memos back
    with proj.read() as conn:
        rows = retrieval.query_segments(conn, codes=[codes.find_by_path(conn, "Zugänge")],
                                        variables={"Gruppe": ["kommunal"]})
        tree = codes.load_tree(conn)
        hits = retrieval.search_text(conn, "über", context=5)
        cells = counts.code_document_counts(conn)
        cb = export_codebook(conn)
    return {
        "segments": [(r.document, r.code_path, r.coder, r.text, r.key_quote, r.memo, r.speaker, r.time_ms)
                     for r in rows],
        "tree": [(n.path, n.count, n.total) for n in codes.walk(tree)],
        "hits": [(h.document, h.start, h.match) for h in hits],
        "cells": sorted(cells.values()),
        "codebook": [(c.name, c.definition, [k.name for k in c.children]) for c in cb.codes],
        "undo": proj.undo_redo_labels(),
    }


def test_the_same_workflow_gives_the_same_results_on_sqlite_and_postgresql(project, pg_project):
    on_sqlite = workflow(project)
    on_postgres = workflow(pg_project)
    assert on_postgres == on_sqlite
    texts = [s[3] for s in on_sqlite["segments"]]
    assert "Schule 🏘️ und die Moschee" in texts and "Schwer erreichbar, vor allem ohne Deutschkenntnisse." in texts
    assert on_sqlite["undo"] == ("Edit", "Delete Ämter")


def test_undo_from_a_second_connection_on_postgresql(pg_project, pg_server):
    with pg_project.action("Add coder") as act:
        coders.add_coder(act, "Jürgen")
    other = Project.open(pg_project.engine.url.render_as_string(hide_password=False))
    try:
        assert other.undo().description == "Add coder"
    finally:
        other.close()
    with pg_project.read() as conn:
        assert coders.list_coders(conn) == []
