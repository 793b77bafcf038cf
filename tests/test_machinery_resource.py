"""The CSV resource base (curation.csvio) on a test-only model: strict header, row errors,
duplicates, unchanged rows, constraints, all-or-nothing, formula escaping."""

import pytest

from curation.csvio.export import rows_for
from curation.csvio.services import csv_file_import
from curation.partial_dates import PartialDate
from tests.machinery.models import Gadget
from tests.machinery.resources import GadgetResource

pytestmark = pytest.mark.django_db

HEADER = "key,name,size,start,end,status\n"


def load(text: str):
    return csv_file_import(resource_class=GadgetResource, data=text.encode(), file_name="gadgets.csv")


def test_a_valid_file_is_imported_and_exports_back_in_key_order():
    report = load(HEADER + "b,Bolt,3,2024-03~,,published\na,Axle,,2020,2021-06,draft\n")
    assert report.committed and report.total("created") == 2
    bolt = Gadget.objects.get(slug="b")
    assert (bolt.start, bolt.start_approximate, bolt.size) == (PartialDate(2024, 3), True, 3)
    rows = list(rows_for(GadgetResource))
    assert rows == [
        ["key", "name", "size", "start", "end", "status"],
        ["a", "Axle", "", "2020", "2021-06", "draft"],
        ["b", "Bolt", "3", "2024-03~", "", "published"],
    ]


def test_the_file_and_the_record_names_come_from_the_model():
    assert GadgetResource.file_name == "gadgets.csv"
    assert GadgetResource.record_label == "gadget"
    assert GadgetResource.key_columns == ("key",)


def test_a_header_with_a_missing_or_unknown_column_is_refused_before_any_row():
    report = load("key,name,colour,start,end,status\nb,Bolt,red,2024,,draft\n")
    assert not report.committed
    text = "\n".join(report.error_lines())
    assert "size" in text and "colour" in text
    assert not Gadget.objects.exists()


def test_a_bad_cell_names_its_row_column_and_value_and_nothing_is_written():
    report = load(HEADER + "a,Axle,,2020,,draft\nb,Bolt,3,2024-13,,draft\n")
    assert not report.committed
    assert any("row 2" in line and "column start" in line and "'2024-13'" in line for line in report.error_lines())
    assert not Gadget.objects.exists()


def test_two_rows_with_one_key_are_both_errors_naming_each_other():
    report = load(HEADER + "a,Axle,,2020,,draft\na,Again,,2021,,draft\n")
    lines = report.error_lines()
    assert any("row 1" in line and "row 2 has the same key" in line for line in lines)
    assert any("row 2" in line and "row 1 has the same key" in line for line in lines)
    assert not Gadget.objects.exists()


def test_a_database_constraint_becomes_the_resources_message_on_its_row():
    report = load(HEADER + "a,Axle,-1,2020,,draft\n")
    assert any("row 1" in line and "the size cannot be negative" in line for line in report.error_lines())


def test_the_period_check_of_the_shared_part_is_a_row_error():
    report = load(HEADER + "a,Axle,,2021,2020,draft\n")
    assert any("row 1" in line and "column end" in line for line in report.error_lines())
    assert not Gadget.objects.exists()


def test_importing_the_same_file_again_reports_every_row_unchanged():
    text = HEADER + "a,Axle,2,2020~,2021-06,published\n"
    load(text)
    again = load(text)
    assert again.total("unchanged") == 1 and again.total("updated") == 0


def test_a_status_outside_the_models_choices_is_refused():
    report = load(HEADER + "a,Axle,,2020,,retracted\n")
    assert any("column status" in line and "not one of draft, published" in line for line in report.error_lines())


def test_formula_like_text_is_escaped_on_export_and_numbers_are_not():
    Gadget.objects.create(slug="a", name="=SUM(A1)", size=5, status="draft")
    rows = list(rows_for(GadgetResource))
    assert rows[1][1] == "'=SUM(A1)" and rows[1][2] == "5"
    report = load("".join([",".join(row) + "\n" for row in rows]))
    assert report.total("unchanged") == 1
