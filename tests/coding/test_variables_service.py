"""Document variables: typed definitions, values set by hand, and tables imported all or nothing."""
from __future__ import annotations

import pytest

from coding.services import documents, variables
from coding.base.errors import ConflictError, InputError, NotFoundError
from tests.coding.helpers import (  # noqa: F401 - project, world, templates are fixtures
    TEXT_B, do, dump, parsed, project, templates, world,
)


def values(project, doc):
    with project.read() as conn:
        return variables.values_of(conn, doc)


def types(project):
    with project.read() as conn:
        return {v.name: v.type for v in variables.list_variables(conn)}


def write_csv(tmp_path, text, name="variablen.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- definitions ----------------------------------------------------------------------------------------

def test_variables_are_listed_in_definition_order_with_their_types(project, world):
    do(project, lambda act: variables.define_variable(act, "Befragt am", "date"))
    assert list(types(project).items()) == [("Gruppe", "category"), ("Alter", "integer"), ("Befragt am", "date")]


def test_names_are_unique_ignoring_case(project, world):
    with pytest.raises(ConflictError):
        do(project, lambda act: variables.define_variable(act, " gruppe ", "text"))
    with project.read() as conn:
        assert variables.find_variable(conn, "GRUPPE").name == "Gruppe"


def test_names_are_unique_ignoring_the_case_of_umlauts_too(project):
    do(project, lambda act: variables.define_variable(act, "Ärger", "text"))
    with project.read() as conn:
        assert variables.find_variable(conn, "ÄRGER").name == "Ärger"
    with pytest.raises(ConflictError):
        do(project, lambda act: variables.define_variable(act, "ärger", "text"))


@pytest.mark.parametrize("name,var_type", [("", "text"), ("  ", "text"), ("Ort", "string"), ("Ort", "")])
def test_a_variable_needs_a_name_and_a_known_type(project, name, var_type):
    with pytest.raises(InputError):
        do(project, lambda act: variables.define_variable(act, name, var_type))
    assert dump(project)["variables"] == []


# --- values -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw,var_type,stored", [
    ("Südstadt", "category", "Südstadt"),
    ("54", "integer", "54"),
    (54, "integer", "54"),
    ("3,5", "float", "3.5"),
    ("ja", "boolean", "true"),
    ("12.03.2020", "date", "2020-03-12"),
])
def test_a_new_variable_takes_its_type_from_the_first_value(project, world, raw, var_type, stored):
    do(project, lambda act: variables.set_value_by_name(act, world.doc_b, "Neu", raw))
    assert types(project)["Neu"] == var_type
    assert values(project, world.doc_b)["Neu"] == stored


def test_values_are_checked_against_the_variable_type(project, world):
    before = dump(project)
    with pytest.raises(InputError, match="Alter: 'alt' is not a valid integer"):
        do(project, lambda act: variables.set_value_by_name(act, world.doc_b, "alter", "alt"))
    assert dump(project) == before


def test_setting_changes_and_an_empty_value_clears(project, world):
    do(project, lambda act: variables.set_value_by_name(act, world.doc_a, "Gruppe", "frei"))
    assert values(project, world.doc_a) == {"Gruppe": "frei", "Alter": "54"}
    do(project, lambda act: variables.set_value_by_name(act, world.doc_a, "Alter", "  "))
    assert values(project, world.doc_a) == {"Gruppe": "frei"}
    do(project, lambda act: variables.set_value_by_name(act, world.doc_a, "Alter", None))  # already empty
    assert values(project, world.doc_a) == {"Gruppe": "frei"}


def test_documents_with_compares_canonical_values(project, world):
    do(project, lambda act: variables.set_value_by_name(act, world.doc_a, "Befragt am", "2020-03-12"))
    with project.read() as conn:
        assert variables.documents_with(conn, "Gruppe", ["kommunal"]) == [world.doc_a]
        assert sorted(variables.documents_with(conn, "gruppe", ["kommunal", "frei"])) == [world.doc_a, world.doc_b]
        assert variables.documents_with(conn, "Befragt am", ["12.03.2020"]) == [world.doc_a]
        assert variables.documents_with(conn, "Alter", ["054"]) == [world.doc_a]
        assert variables.documents_with(conn, "Gruppe", ["privat"]) == []
        with pytest.raises(NotFoundError):
            variables.documents_with(conn, "Stadtteil", ["Süd"])


# --- importing a table ---------------------------------------------------------------------------------

def test_import_a_german_excel_csv(project, world, tmp_path):
    path = write_csv(tmp_path, "Dokument;Träger;Fallzahl;Quote;Befragt am;Gruppe\n"
                               "K01_Sozialamt;Stadt;1.200;0,35;12.03.2020;kommunal\n"
                               "G02_Jobcenter;Stadt;800;0,5;02.04.2020;frei\n"
                               "K99_Unbekannt;Land;10;0,1;01.01.2021;frei\n")
    report = variables.import_table(project, path)
    assert (report.documents, report.values, report.unmatched_rows) == (2, 10, [4])
    assert report.new_variables == ["Träger", "Fallzahl", "Quote", "Befragt am"]
    assert types(project) == {"Gruppe": "category", "Alter": "integer", "Träger": "category",
                              "Fallzahl": "integer", "Quote": "float", "Befragt am": "date"}
    assert values(project, world.doc_a) == {"Gruppe": "kommunal", "Alter": "54", "Träger": "Stadt",
                                            "Fallzahl": "1200", "Quote": "0.35", "Befragt am": "2020-03-12"}
    assert project.undo_redo_labels()[0] == "Import variables from variablen.csv"


def test_empty_cells_keep_the_values_a_document_has(project, world, tmp_path):
    path = write_csv(tmp_path, "Dokument;Alter;Gruppe\nK01_Sozialamt;;frei\n")
    variables.import_table(project, path)
    assert values(project, world.doc_a) == {"Gruppe": "frei", "Alter": "54"}


def test_a_table_with_problems_changes_nothing(project, world, tmp_path):
    before = dump(project)
    bad_rows = write_csv(tmp_path, "Dokument;Ort\nK01_Sozialamt;Nord\nK01_Sozialamt;Süd\nG02_Jobcenter\n")
    with pytest.raises(InputError, match="nothing imported — row 3: duplicate key.*row 4"):
        variables.import_table(project, bad_rows)
    wrong_type = write_csv(tmp_path, "Dokument;Alter\nK01_Sozialamt;55\nG02_Jobcenter;unbekannt\n", "typ.csv")
    with pytest.raises(InputError, match="row 3: column 'Alter' \\(integer\\)"):
        variables.import_table(project, wrong_type)
    assert dump(project) == before
    assert project.undo_redo_labels() == ("Build world", None)


def test_a_column_named_in_another_case_fills_the_existing_variable_with_its_type(project, world, tmp_path):
    before = dump(project)
    words = write_csv(tmp_path, "Dokument;alter\nK01_Sozialamt;vierundfünfzig\n")
    with pytest.raises(InputError, match="column 'alter' \\(integer\\)"):
        variables.import_table(project, words)
    assert dump(project) == before
    numbers = write_csv(tmp_path, "Dokument;ALTER\nG02_Jobcenter;41\n", "zahlen.csv")
    report = variables.import_table(project, numbers)
    assert report.new_variables == []
    assert values(project, world.doc_b) == {"Gruppe": "frei", "Alter": "41"}


def test_rows_can_be_joined_on_a_variable_instead_of_the_document_name(project, world, tmp_path):
    do(project, lambda act: documents.add_document(act, "K05_Ordnungsamt", parsed(TEXT_B)))
    with project.read() as conn:
        k05 = documents.find_document(conn, "K05")
    do(project, lambda act: variables.set_value_by_name(act, k05, "Gruppe", "kommunal"))
    path = write_csv(tmp_path, "Gruppe;Träger\nkommunal;Stadt\nfrei;Verband\nprivat;GmbH\n")
    report = variables.import_table(project, path, key="Gruppe")
    assert (report.documents, report.unmatched_rows) == (3, [4])
    assert [values(project, d)["Träger"] for d in (world.doc_a, k05, world.doc_b)] == ["Stadt", "Stadt", "Verband"]


def test_joining_on_an_unknown_variable_is_refused(project, world, tmp_path):
    before = dump(project)
    path = write_csv(tmp_path, "Stadtteil;Träger\nSüd;Stadt\n")
    with pytest.raises(InputError, match="no variable 'Stadtteil'"):
        variables.import_table(project, path, key="Stadtteil")
    assert dump(project) == before
