"""From drafted lines to Markdown blocks with numbered citations.

Passages are numbered in order of first use; every sentence or item ends with its ``[n]``.
Consecutive prose lines make one paragraph block; each list item or step is a block of its own
("- item [1]", "2. step [3]", and under a step "   - its item [3]"), so the stream can send one
block at a time.
"""

from __future__ import annotations

import re

from kb.hit import Hit
from service.chat.drafting import NUMBERED, PROSE, SUB, Line
from service.chat.passages import read_units
from service.chat.schemas import Citation


def cite(lines: list[Line], hits: list[Hit]) -> tuple[list[str], list[Citation]]:
    """Markdown blocks and the citations their ``[n]`` markers refer to."""
    numbers: dict[int, int] = {}
    quotes: dict[int, list[str]] = {}
    blocks: list[str] = []
    paragraph: list[str] = []
    step = 0
    for line in lines:
        n = numbers.setdefault(line.hit_index, len(numbers) + 1)
        quotes.setdefault(line.hit_index, []).append(line.text)
        marked = _with_marker(_PARAGRAPH_NUMBER.sub("", line.text), n)
        if line.marker == PROSE:
            paragraph.append(marked)
            step = 0
            continue
        if paragraph:
            blocks.append(" ".join(paragraph))
            paragraph = []
        if line.marker == SUB:  # under the step before: the steps' numbering goes on after it
            blocks.append(f"{' ' * len(f'{step}. ') if step else '  '}- {marked}")
            continue
        step = step + 1 if line.marker == NUMBERED else 0
        blocks.append(f"{step}. {marked}" if line.marker == NUMBERED else f"- {marked}")
    if paragraph:
        blocks.append(" ".join(paragraph))
    citations = [
        Citation(
            n=n,
            **hits[index].chunk.reference(),
            quote=_quote(quotes[index], hits[index].chunk.text),
            passage=hits[index].chunk.text,
        )
        for index, n in numbers.items()
    ]
    return blocks, citations


# A paragraph's number in the guidance ("9.23 Local authorities...", "68. The IRO..."): the
# reader has the section and page in the citation; a step gets its own number.
# A bare number before a word that opens sentences ("2 Another option...", "14 If a teacher...")
# is a footnote's or a page's, left by the PDF's text (not a count: "12 Redbridge schools").
_OPENERS = (
    "The|A|An|If|Where|When|While|Whilst|In|For|This|These|Those|It|They|There|Another|Any|All"
    "|Each|Every|Such|As|At|On|Under|With|We|You|Our|Your|Their|However|Although"
)
_PARAGRAPH_NUMBER = re.compile(
    r"^\s*(?!\d{1,2}\.\d{1,2}\.\d{2}\b)(?:\d{1,3}(?:\.\d{1,3}){1,2}\.?|\d{1,3}[.)]"
    rf"|(?!999\b)\d{{1,3}}(?=\s+(?:{_OPENERS})\b))\s+"
    # then a word ("A court...") that is not a time's AM/PM, a day or an abbreviation ("0.5
    # FTE", "9.30 Monday")
    r"(?=[\"'‘“(]?[A-Z](?:[a-z]|\s))(?!(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\b)"
)


def _quote(texts: list[str], passage: str) -> str:
    """The words the answer took from ``passage``; a heading taken as a list item is not in
    the passage's text, so its opening sentence stands for it."""
    flat = " ".join(passage.split())
    found = [t for t in texts if " ".join(t.split()) in flat]
    if found:
        return " ".join(found)
    units = read_units(passage)
    return units[0].text if units else flat[:200]


def join_blocks(blocks: list[str]) -> str:
    """The whole answer as Markdown: list items on consecutive lines, other blocks apart."""
    out = ""
    for block in blocks:
        if out:
            out += "\n" if _is_item(block) and _is_item(out.rsplit("\n", 1)[-1]) else "\n\n"
        out += block
    return out


def _is_item(block: str) -> bool:
    head = block.lstrip().split(" ", 1)[0]
    return head == "-" or (head.endswith(".") and head[:-1].isdigit())


def _with_marker(text: str, n: int) -> str:
    """'Refer today.' -> 'Refer today [1].'; an item without a full stop gets one at the end."""
    stripped = text.rstrip().rstrip(";,")
    if stripped[-1:] in ".!?:":
        return f"{stripped[:-1]} [{n}]{stripped[-1]}"
    return f"{stripped} [{n}]"
