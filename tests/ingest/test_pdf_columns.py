"""Tables of aligned columns in layout text: found when every line fits the columns, else text."""

from __future__ import annotations

from ingest.pdf_columns import find_text_tables, rewrite_text_tables

TABLE = """Codes used in the register are:

    Code      Meaning                     Recorded by
    B         Educated off site           The school

    D         Dual registered             The main
                                          school
    X         Not required to attend      Nobody

The codes are reviewed every year."""


def test_find_text_tables_reads_rows_and_joins_wrapped_cells() -> None:
    (table,) = find_text_tables(TABLE)

    assert table.rows == [
        ["Code", "Meaning", "Recorded by"],
        ["B", "Educated off site", "The school"],
        ["D", "Dual registered", "The main school"],
        ["X", "Not required to attend", "Nobody"],
    ]
    lines = TABLE.split("\n")
    assert lines[table.start].strip().startswith("Code")
    assert lines[table.stop - 1].strip().startswith("X")


def test_rewrite_text_tables_puts_each_row_in_its_own_paragraph() -> None:
    text = rewrite_text_tables(TABLE)

    assert "\n\nCode: D; Meaning: Dual registered; Recorded by: The main school\n\n" in text
    assert text.startswith("Codes used in the register are:")
    assert text.endswith("The codes are reviewed every year.")


def test_a_contents_list_is_not_a_table() -> None:
    contents = """    Introduction                                 4
    Part one: what all staff should know         6
    Part two: the management of safeguarding    19
    Annex A: further information                52"""

    assert find_text_tables(contents) == []


def test_lines_whose_gaps_do_not_line_up_are_not_a_table() -> None:
    text = """    The review found   that the plan   was not shared.
    Staff had not   been told   of the outcome
    of the meeting,   and the   school was not invited."""

    assert find_text_tables(text) == []


def test_two_rows_are_not_enough_for_a_table() -> None:
    text = """    Name          Role
    Sam Jones     Designated lead"""

    assert find_text_tables(text) == []


def test_a_list_with_hanging_indents_is_not_a_table() -> None:
    text = """    •     who is collecting them;
    •     where they will be living;
    •     the reporting arrangements."""

    assert find_text_tables(text) == []


def test_text_boxes_side_by_side_are_not_a_table() -> None:
    text = """    Consult with service    Assessment for          Consult with health
    recipients as           adoption support or     and education teams,
    appropriate             financial support       as needed"""

    assert find_text_tables(text) == []
