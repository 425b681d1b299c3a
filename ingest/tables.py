"""Flatten tab-separated tables into one self-describing line per row.

A retrieved row must make sense alone, so a table such as::

    No.<TAB>Priority<TAB>Description
    1<TAB>Adolescents<TAB>Completing the work ...

becomes ``No.: 1; Priority: Adolescents; Description: Completing the work ...``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import zip_longest

# Joins "Header: value" pairs within a row; a semicolon keeps commas inside values readable.
CELL_SEPARATOR = "; "
# Longest cell of a header row; a longer first-row cell is data, and the table has no header.
MAX_HEADER_CHARS = 60
# A Markdown table: a row of cells split by pipes, then a delimiter row ("|---|:-:|", "--- | ---").
_PIPE_ROW = re.compile(r"^[^|\n]*(?<!\\)\|.*$")
_DELIMITER_ROW = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
# A fenced code block opens or closes ("```", "~~~").
FENCE = re.compile(r"^ {0,3}(```|~~~)")


def flatten_tables(text: str, *, clean_cell: Callable[[str], str] = str.strip) -> str:
    """Rewrite each block of two or more tab-separated lines, the first being the header row.

    A lone line with tabs is not a table: its tabs become spaces.
    """
    lines = text.split("\n")
    out: list[str] = []
    start = 0
    while start < len(lines):
        end = start
        while end < len(lines) and "\t" in lines[end].strip():
            end += 1
        if end - start >= 2:
            out.extend(_flatten_block(lines[start:end], clean_cell))
            start = end
        elif end - start == 1:
            out.append(lines[start].replace("\t", " "))
            start = end
        else:
            out.append(lines[start])
            start += 1
    return "\n".join(out)


def _flatten_block(rows: list[str], clean_cell: Callable[[str], str]) -> list[str]:
    return flatten_rows([[clean_cell(cell) for cell in row.strip().split("\t")] for row in rows])


def flatten_rows(rows: list[list[str]]) -> list[str]:
    """One "Header: value; Header: value" line per row after the first (the header row).

    Empty cells are left out; a cell under an empty header stands alone.
    """
    if not rows:
        return []
    header = rows[0]
    flattened = []
    for cells in rows[1:]:
        pairs = [
            f"{name}: {value}" if name else value
            for name, value in zip_longest(header, cells, fillvalue="")
            if value
        ]
        if pairs:
            flattened.append(CELL_SEPARATOR.join(pairs))
    return flattened


def cite_rows(rows: list[list[str]]) -> list[str]:
    """Rows a reader can cite: "Header: value; ..." under a header row of short cells, else
    "Label: value; value" (a first row with a long cell is data: a definitions or contacts table
    has no header)."""
    if all(len(cell) <= MAX_HEADER_CHARS for cell in rows[0]):
        return flatten_rows(rows)
    return label_rows(rows)


def label_rows(rows: list[list[str]]) -> list[str]:
    """Rows whose first cell labels the rest: "Label: value; value"."""
    return [
        f"{row[0]}: {CELL_SEPARATOR.join(c for c in row[1:] if c)}"
        if row[0]
        else CELL_SEPARATOR.join(c for c in row[1:] if c)
        for row in rows
        if any(row)
    ]


def flatten_pipe_tables(text: str) -> str:
    """Rewrite each Markdown pipe table (header row, delimiter row, rows) as cited rows; a table
    inside a fenced code block is left as written."""
    lines = text.split("\n")
    out: list[str] = []
    index = 0
    fenced = False
    while index < len(lines):
        line = lines[index]
        if FENCE.match(line):
            fenced = not fenced
        delimiter = lines[index + 1] if index + 1 < len(lines) else ""
        if not fenced and _PIPE_ROW.match(line) and _DELIMITER_ROW.match(delimiter):
            end = index + 2
            while end < len(lines) and _PIPE_ROW.match(lines[end]) and lines[end].strip():
                end += 1
            rows = [_pipe_cells(row) for row in [line, *lines[index + 2 : end]]]
            out.extend(cite_rows(rows) if len(rows) > 1 else [" ".join(rows[0])])
            index = end
            continue
        out.append(line)
        index += 1
    return "\n".join(out)


def _pipe_cells(row: str) -> list[str]:
    # "\|" is a pipe inside a cell.
    cells = re.split(r"(?<!\\)\|", row.strip().removeprefix("|").removesuffix("|"))
    return [" ".join(cell.replace("\\|", "|").split()) for cell in cells]
