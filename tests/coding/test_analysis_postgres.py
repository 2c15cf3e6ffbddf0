"""Group comparisons give identical results on SQLite and PostgreSQL (team projects)."""
from __future__ import annotations

from coding.services import code_changes
from coding.analysis.cooccurrence import cooccurrence
from coding.analysis.crosstab import cell_segment_ids, crosstab
from coding.services.summaries import set_summary
from coding.analysis.summary_grid import summary_grid
from coding.analysis.words import word_counts
from tests.coding.analysis_world import build_study


def analyses(proj) -> dict:
    """Every analysis in several settings, as plain data a user would see."""
    study = build_study(proj)
    with proj.read() as conn:
        var_id = summary_grid(conn, "Gruppe").variable_id
    with proj.action("Summaries") as act:
        set_summary(act, study.codes["Hürden"], "Sprache und Wege", variable_id=var_id, value="kommunal")
        set_summary(act, study.codes["Zugänge"], "Schule, Ämter", document_id=study.docs["K01"])
        set_summary(act, study.codes["Schule"], "wird gelöscht", document_id=study.docs["N01"])
    with proj.action("Delete Schule") as act:
        code_changes.delete_code(act, study.codes["Schule"])
    proj.undo()  # Schule, its segments and its summary come back
    out: dict = {}
    with proj.read() as conn:
        out["words"] = sorted(word_counts(conn).values())
        ben = [study.coders["Ben"]]
        for by in ("Gruppe", "Größenklasse", "Vor Ort", None):
            for mode in ("documents", "segments"):
                for sub in (True, False):
                    for coders in (None, ben):
                        t = crosstab(conn, by, mode=mode, include_subcodes=sub, coder_ids=coders)
                        key = f"{by}/{mode}/{sub}/{coders is not None}"
                        out[key] = (t.columns if by else None, t.column_documents, t.column_words,
                                    [(r.path, r.counts, r.total, r.shares, r.per_1000_words) for r in t.rows],
                                    t.column_totals, t.grand_total,
                                    [len(cell_segment_ids(conn, t, r.code_id, c)) for r in t.rows
                                     for c in range(len(t.columns))])
        for same_turn in (False, True):
            co = cooccurrence(conn, same_turn=same_turn, variables={"Gruppe": ["kommunal", "national"]})
            out[f"co/{same_turn}"] = (co.paths, co.segment_pairs.tolist(), co.documents.tolist(),
                                      co.documents_with_both.tolist())
        grid = summary_grid(conn, "Gruppe")
        out["grid"] = [[(len(c.segments), c.summary, c.coded_text) for c in row] for row in grid.cells]
        docs_grid = summary_grid(conn)
        out["grid_docs"] = [[(len(c.segments), c.summary) for c in row] for row in docs_grid.cells]
    return out


def test_the_analyses_give_the_same_results_on_sqlite_and_postgresql(project, pg_project):
    on_sqlite = analyses(project)
    on_postgres = analyses(pg_project)
    assert on_postgres == on_sqlite
    assert on_sqlite["words"] == [8, 10, 11, 17]
    assert on_sqlite["Gruppe/documents/True/False"][3][0][1] == [2, 1, 1]
    assert on_sqlite["grid"][0][3][1] == "Sprache und Wege"
    assert on_sqlite["grid_docs"][2][1] == (1, "wird gelöscht")
