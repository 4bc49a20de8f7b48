"""The files an edition may hold: the one list that sync, the offline check and the publisher share.

A signed target is only a name and a hash; the signature says nothing about
where the reader may write it. A key holder (or a stolen key) could sign
`../../.bashrc`. So every path a target names must be one of the shapes below,
and nothing else is ever written, read or accepted, whoever signed it:

    boards.toml, register.toml, edition.toml
    chapters/<id>.md
    wordings/<id>/<YYYY-MM-DD>.md

An <id> is lower-case letters and digits in hyphen-separated runs, as the
importer makes them. A new kind of file (attachments, say) is added here first.
"""

from __future__ import annotations

import re

TOP_LEVEL = frozenset({"boards.toml", "register.toml", "thesaurus.toml", "edition.toml"})

_ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_SHAPES = (
    re.compile(rf"chapters/{_ID}\.md"),
    re.compile(rf"wordings/{_ID}/\d{{4}}-\d{{2}}-\d{{2}}\.md"),
)
MAX_PATH = 200  # far above any real name; keeps a hostile name from reaching the file system's limits


def is_edition_path(path: object) -> bool:
    """True if `path` (a target name, "/"-separated) is a file an edition may hold."""
    if not isinstance(path, str) or len(path) > MAX_PATH:
        return False
    return path in TOP_LEVEL or any(shape.fullmatch(path) for shape in _SHAPES)
