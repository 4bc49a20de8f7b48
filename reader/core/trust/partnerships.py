"""Who may sign which file: a partnership with its own key signs its own Level C.

A Level C chapter's id begins with its partnership's slug ("dudley-bruising-
protocol"), and so do the folders of its earlier wordings. Where the region has
delegated a partnership (it holds that partnership's public key), targets.json
delegates, in this order:

    partnership-<slug>   that partnership's key and threshold, terminating, for
                         chapters/<slug>-*.md, wordings/<slug>-*/* and
                         attachments/<slug>-*/* (its chapters' documents) only
    shared               the targets key, for everything else, through the hash bins

A partnership not delegated keeps its Level C under the shared roles, as every
edition did before; an edition that delegates no partnership has targets.json
delegate to the hash bins directly, as before.

A file is owned by the delegated partnership whose slug its id begins with (the
longest, should one slug begin another), else by the shared roles, and counts
only when the role that owns it lists it. So a stolen partnership key can list
only that partnership's chapters, and the shared keys cannot sign a delegated
partnership's chapters either. A chapter's front matter must agree with the
role that signed it (check_scope): a partnership signs only Level C chapters of
its own scope, and a delegated partnership's Level C is signed by it alone.

Sync (python-tuf), the offline check and the publisher all use this module: the
one description of the layer.
"""

from __future__ import annotations

import re

PREFIX = "partnership-"
SHARED = "shared"
# python-tuf matches a pattern one path component at a time: these are every depth the
# edition layout (reader.core.trust.layout) allows. A deeper kind of file adds one here.
SHARED_PATHS = ("*", "*/*", "*/*/*")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def valid_slug(slug: object) -> bool:
    return isinstance(slug, str) and len(slug) <= 60 and _SLUG.fullmatch(slug) is not None


def role_name(slug: str) -> str:
    return PREFIX + slug


def slug_of(role: str) -> str | None:
    """The partnership a role name is for, or None (shared roles, bins, top-level roles)."""
    slug = role[len(PREFIX):] if isinstance(role, str) and role.startswith(PREFIX) else None
    return slug if valid_slug(slug) else None


def paths_for(slug: str) -> list[str]:
    """The path patterns a partnership's role is delegated, as targets.json names them."""
    # A chapter's documents are its partnership's as its wording is: a form a worker opens on a
    # home visit is no less safety-critical than the text that points to it.
    return [f"chapters/{slug}-*.md", f"wordings/{slug}-*/*", f"attachments/{slug}-*/*"]


def chapter_id(path: str) -> str | None:
    """The chapter a layout path belongs to (its current or an earlier wording, or a document
    it carries), or None."""
    if path.startswith("chapters/") and path.endswith(".md"):
        return path[len("chapters/"):-len(".md")]
    for folder in ("wordings/", "attachments/"):
        if path.startswith(folder):
            return path[len(folder):].partition("/")[0]
    return None


def owner(path: str, slugs) -> str | None:
    """The delegated partnership that owns `path` (a layout path), or None for the shared roles."""
    found = [s for s in slugs if (chapter_id(path) or "").startswith(s + "-")]
    return max(found, key=len) if found else None


def delegation_slugs(roles: list[tuple[object, object, object]]) -> list[str]:
    """The partnerships that (name, paths, terminating) delegations name, checked to be exactly
    the shape the publisher writes (longest slug first, then shared): ValueError for anything else."""
    if not roles or tuple(roles[-1]) != (SHARED, list(SHARED_PATHS), False):
        raise ValueError("the delegations must end with the shared roles")
    slugs: list[str] = []
    for name, paths, terminating in roles[:-1]:
        slug = slug_of(name)
        if slug is None or slug in slugs:
            raise ValueError(f"unexpected delegated role {name!r}")
        if paths != paths_for(slug) or terminating is not True:
            raise ValueError(f"{name} is delegated paths other than its partnership's Level C")
        slugs.append(slug)
    # A TUF client takes the first terminating role whose paths match: a slug that begins
    # another must come after it, or it would shadow the longer one's chapters.
    if slugs != sorted(slugs, key=lambda s: (-len(s), s)):
        raise ValueError("the partnerships are not delegated longest first")
    return slugs


def ordered(slugs) -> list[str]:
    """Slugs in the order targets.json delegates them (see delegation_slugs)."""
    return sorted(set(slugs), key=lambda s: (-len(s), s))


def _what(path: str) -> str:
    cid = chapter_id(path)
    if path.startswith("chapters/"):
        return f"chapter {cid}"
    if path.startswith("attachments/"):
        return f"{path} (a document of chapter {cid})"
    return f"{path} (an earlier wording of chapter {cid})"


def refusal(path: str, listed_by: str, slugs) -> str | None:
    """Why the role `listed_by` may not list `path`, naming the chapter and partnership; None if it may."""
    own, signer = owner(path, slugs), slug_of(listed_by)
    if own == signer:
        return None
    if own is not None:
        by = f"partnership {signer}'s key" if signer else f"the shared role {listed_by}"
        return f"{_what(path)} is Level C of partnership {own} but is signed by {by}: only {own}'s own key may sign it"
    return (f"{_what(path)} is signed by partnership {signer}'s key, which may sign only {signer}'s own "
            f"Level C chapters ({', '.join(paths_for(signer))})")


def check_scope(path: str, level: object, scope: object, signer: str | None, slugs) -> str | None:
    """Why a chapter whose front matter says `level` and `scope`, signed by partnership `signer`
    (None: the shared roles), may not be shown; None if it may. Both sides count: a
    partnership's key signs only its own Level C, and a delegated partnership's Level C
    is signed by that partnership's key alone, whatever its file is called."""
    cid = chapter_id(path)
    if signer is not None and (level != "C" or scope != signer):
        says = f"Level {level} of {scope}" if level == "C" else f"Level {level} ({scope})"
        return (f"chapter {cid} is signed by partnership {signer}'s key but its front matter says it is {says}: "
                f"{signer}'s key may sign only {signer}'s own Level C")
    if signer is None and level == "C" and scope in slugs:
        return (f"chapter {cid} is Level C of partnership {scope} but is signed by the shared roles: only "
                f"{scope}'s own key may sign it (its file must be chapters/{scope}-*.md)")
    return None
