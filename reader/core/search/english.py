"""Is a word English? For "did you mean", which must never "correct" a real word.

A practitioner who types "hits", "stopped", "cops" or "doctor" means it, even
where no chapter uses it: replacing it with the nearest word of the manual
(his, stored, copy, door) says something they did not ask. The word list is
pyspellchecker's English frequency dictionary (about 160,000 words, shipped
in the package), read once, when a correction is first considered (about
0.2 s, in the search thread, never at start-up).
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _words() -> frozenset[str]:
    from spellchecker import SpellChecker

    return frozenset(SpellChecker(language="en", distance=1).word_frequency.dictionary)


def is_english(word: str) -> bool:
    """True if `word` (any case) is in the English dictionary."""
    return word.lower() in _words()
