"""What changed in a chapter's wording: a word-level redline of two wordings."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from html import escape

from reader.core import render

_TOKEN = re.compile(r"\s+|\S+\s*")  # a word with the space after it: spaces never anchor a match


@dataclass(frozen=True)
class Piece:
    op: str  # "same", "ins" or "del"
    text: str


def redline(old_body: str, new_body: str) -> list[Piece]:
    """Word-level differences between two Markdown bodies, compared as the reader shows them."""
    old = _TOKEN.findall(render.to_text(old_body))
    new = _TOKEN.findall(render.to_text(new_body))
    pieces: list[Piece] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece("same", "".join(old[a1:a2])))
            continue
        if a2 > a1:
            pieces.append(Piece("del", "".join(old[a1:a2])))
        if b2 > b1:
            pieces.append(Piece("ins", "".join(new[b1:b2])))
    return pieces


def redline_html(pieces: list[Piece]) -> str:
    """Deletions struck through, insertions underlined; both also marked in words for screen readers.

    Their colours (red, green) are the window theme's, given by class ("del", "ins"): a colour
    that reads on white is unreadable on the dark and high-contrast themes' backgrounds."""
    out = []
    for piece in pieces:
        text = escape(piece.text).replace("\n", "<br>")
        if piece.op == "ins":
            out.append(f'<span class="ins" style="text-decoration: underline;" title="inserted">{text}</span>')
        elif piece.op == "del":
            out.append(f'<span class="del" style="text-decoration: line-through;" title="deleted">{text}</span>')
        else:
            out.append(text)
    return "".join(out)


def has_changes(pieces: list[Piece]) -> bool:
    return any(p.op != "same" for p in pieces)
