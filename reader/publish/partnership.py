"""A partnership signs its own Level C, without the regional keys.

TUF makes every change visible through a new snapshot and timestamp, signed by
the online keys that live with the region's publishing automation. So the
partnership signs only its own role: `reader-publish partnership sign SLUG
CONTENT STAGING --keys partnership-SLUG.pem` writes

    STAGING/metadata/partnership-SLUG.json   its Level C files, signed by its key
    STAGING/targets/<path>                   those files, for review

and hands STAGING to the region, whose next publish (`reader-publish CONTENT
OUT_DIR --partnership STAGING`) takes the signed role as it is, after checking
its signature, that it lists only the partnership's own paths, and that they are
exactly the content's (reader.publish.repository), re-signing only what the
region signs. That is the simplest arrangement that keeps the partnership's key
the only one able to change its words.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tuf.api.metadata import Metadata, TargetFile, Targets
from tuf.api.serialization.json import JSONSerializer

from reader.core.atomic import write_bytes
from reader.core.errors import ContentError
from reader.core.trust import partnerships as layer
from reader.publish.repository import LIFETIME, PublishError, _board_slugs

METADATA = "metadata"
TARGETS = "targets"


def sign_partnership(slug: str, files: dict[str, bytes], signer, staging: Path,
                     now: dt.datetime | None = None) -> tuple[Metadata, list[str]]:
    """Sign partnership `slug`'s Level C in `files` (an edition's files) into `staging`:
    (the signed role, the paths it lists)."""
    from reader.core.content import chapter_level_and_scope

    now = (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    boards = _board_slugs(files)
    if slug not in boards:
        raise PublishError(f"boards.toml names no board {slug!r}: sign with a board's slug")
    mine = {path: data for path, data in files.items() if layer.owner(path, boards) == slug}
    if not any(path.startswith("chapters/") for path in mine):
        raise PublishError(f"the content holds no Level C chapter of {slug} (chapters/{slug}-*.md) to sign")
    for path, data in sorted(mine.items()):
        if path.startswith("chapters/"):
            try:
                level, scope = chapter_level_and_scope(path, data)
            except ContentError as exc:
                raise PublishError(str(exc)) from None
            why = layer.check_scope(path, level, scope, slug, [slug])
            if why:
                raise PublishError(f"{why}; nothing was signed")
    role = layer.role_name(slug)
    targets = {path: TargetFile.from_data(path, data, ["sha256"]) for path, data in sorted(mine.items())}
    # Versions follow the signing time, as every other role's do: never behind the published one.
    md = Metadata(Targets(version=int(now.timestamp()), expires=now + LIFETIME["partnership"], targets=targets))
    md.sign(signer)
    if staging.exists() and not staging.is_dir():
        raise PublishError(f"{staging} is a file, not a folder: give a folder for the signed role")
    for path, data in mine.items():
        write_bytes(staging / TARGETS / path, data)
    write_bytes(staging / METADATA / f"{role}.json", md.to_bytes(JSONSerializer(compact=False)))
    return md, sorted(mine)


def read_staged(folders) -> dict[str, Metadata]:
    """slug -> the role each partnership signed, from the staging folders `sign_partnership` wrote."""
    found: dict[str, Metadata] = {}
    for folder in folders:
        paths = sorted((Path(folder) / METADATA).glob(f"{layer.PREFIX}*.json"))
        if not paths:
            raise PublishError(f"{folder} holds no signed role (metadata/{layer.PREFIX}SLUG.json, as "
                               "`reader-publish partnership sign` writes)")
        for path in paths:
            slug = layer.slug_of(path.name[: -len(".json")])
            try:
                md = Metadata.from_file(str(path))
            except Exception:  # noqa: BLE001 - damaged JSON, wrong fields: all mean the same
                raise PublishError(f"{path} is damaged: have the partnership sign again") from None
            if slug is None or slug in found:
                raise PublishError(f"{path}: not one signed role per partnership")
            found[slug] = md
    return found
