"""How the manual's text is cut into words and reduced to stems, for the index and queries alike.

Porter2 (Whoosh's porter2, not its older Porter) with two repairs for the
word families the manual uses, which porter2 keeps apart:

- a noun in -ment is reduced as its verb: porter2 strips "-ement" only in
  long words, so "disagreement" became "disagr" and "disagree" "disagre";
  here both are "disagre" (agreement/agree, requirement/require, ...). Only
  where at least five letters remain, so "document", "comment" and "moment"
  keep their "-ment";
- a few irregular families porter2 cannot see: died, dies, dying, death and
  dead are one word to a practitioner asking what to do when a child dies.

Words are runs of letters and digits, except that a number glued to the
capitalised word after it ("2866Out of Hours", as the captures lost a
space) is two words. The stored and shown text never changes: only the
index and the query see the split.
"""

from __future__ import annotations

from functools import lru_cache

from whoosh.lang.porter2 import stem as porter2

# A number followed by a capitalised word is two words; otherwise Whoosh's
# own word pattern, without the "*" it would keep inside words.
WORD_PATTERN = r"\d+(?=[A-Z][a-z])|\w+(?:\.?\w+)*"

MENT_MIN_REMAINDER = 5  # "disagree|ment" joins; "docu|ment", "com|ment" do not

# porter2 stem -> the family's stem. Each family is one line.
IRREGULAR = {
    "death": "die",  # died, dies, dying -> die (porter2); death, deaths -> death
    "dead": "die",
}
# The surface beginnings of the irregular members, for marking them in a
# snippet (a stem is otherwise the start of its words).
IRREGULAR_SURFACES = {"die": ("death", "dead")}


def _without_ment(word: str) -> str:
    for suffix in ("ments", "ment"):
        if word.endswith(suffix) and len(word) - len(suffix) >= MENT_MIN_REMAINDER:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The family stem of one lower-case word."""
    reduced = porter2(_without_ment(word))
    # porter2 leaves "-ment" on some words it reduced ("implementation" ->
    # "implement"): reduced once more, as the verb, so every form agrees.
    again = _without_ment(reduced)
    if again != reduced:
        reduced = porter2(again)
    return IRREGULAR.get(reduced, reduced)
