"""The publisher's signing keys: one Ed25519 key per TUF role, as PEM files.

The development key set lives in the repository under a name that says so
(resources/development-keys/). A real publisher makes its own with
`reader-publish keys init DIR` and builds the application with its own root
(see README, "Trust"). The reader never needs a private key.

The keys are of two kinds. The online ones (timestamp, snapshot, bins) sign
every routine publish and may live on the publishing machine. The offline ones
(root, targets) sign only their own changes: a new root version, a new
delegation to the bins. A stolen online key lets a thief sign a bad edition
only until the offline keys rotate it out, so the offline keys stay off the
machine: a key folder may hold any subset, and several folders can be given
(`--keys online/ --keys /media/offline/`). What is missing is reported by the
publisher only when a publish really needs it.

A partnership that signs its own Level C has a key of its own
(`reader-publish keys init-partnership SLUG DIR` writes partnership-SLUG.pem,
which stays with the partnership, and partnership-SLUG.pub, which it hands to
the region). A region's key folder holding partnership-SLUG.pub delegates that
partnership's Level C to that key; one holding the .pem as well can sign for it.
Only the .pub delegates: it is the file a partnership hands over, so holding it is
the region's decision. A .pem lying in a key folder (a copy of a partnership's own
folder, a key made here to hand out) signs that partnership's role only where it is
delegated already, by its .pub or by the published targets.json, and is otherwise
left unused, with a warning from the publish: it never switches delegation on.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from securesystemslib.signer import CryptoSigner, SSlibKey

from reader.core.errors import ReaderError
from reader.core.paths import development_keys

ROLES = ("root", "targets", "snapshot", "timestamp", "bins")
ONLINE = ("timestamp", "snapshot", "bins")
OFFLINE = ("root", "targets")
PARTNERSHIP = "partnership-"  # partnership-<slug>.pem / .pub: that partnership's own key, for its Level C only
RETIRED = "retired"  # where a rotated-out key is kept, inside the folder that held it
DEV_KEYS = development_keys()


class KeySetError(ReaderError):
    """A key file is missing or unreadable."""


class MissingKey(KeySetError):
    """A publish needs a key that is not among the keys given; nothing was written."""

    def __init__(self, role: str, why: str, folders: tuple[Path, ...] = ()):
        where = " or ".join(str(f) for f in folders) or "the keys given"
        kind = ("an offline key" if role in OFFLINE else "a partnership's own key" if role.startswith(PARTNERSHIP)
                else "an online key")
        super().__init__(
            f"this needs the {role} key ({role}.pem, {kind}), which is not in {where}: {why}. "
            f"Nothing was written; give the folder that holds {role}.pem with --keys and run it again"
        )
        self.role = role


class KeySet(dict):
    """role -> CryptoSigner for each key file present, and the folders they came from."""

    def __init__(self, signers: dict[str, CryptoSigner], folders: tuple[Path, ...], files: dict[str, Path],
                 partnerships: dict[str, SSlibKey] | None = None, public_files: dict[str, Path] | None = None):
        super().__init__(signers)
        self.folders = folders
        self.files = files  # role -> the .pem it was read from
        self.public_files = dict(public_files or {})  # slug -> the .pub its delegation was read from
        # slug -> the public key the region delegates that partnership's Level C to: its .pub
        # only (a .pem signs, it does not delegate; see the module's docstring)
        self.partnerships = dict(partnerships or {})

    def need(self, role: str, why: str) -> CryptoSigner:
        if role not in self:
            raise MissingKey(role, why, self.folders)
        return self[role]


def _write_private(path: Path, key: Ed25519PrivateKey) -> None:
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
        f.flush()
        os.fsync(f.fileno())


def init_keys(folder: Path) -> list[Path]:
    """Make a new key set in `folder`; refuses to overwrite an existing key."""
    if folder.exists() and not folder.is_dir():
        raise KeySetError(f"{folder} is a file, not a folder: give a new or empty folder for the keys")
    folder.mkdir(parents=True, exist_ok=True)
    existing = [folder / f"{r}.pem" for r in ROLES if (folder / f"{r}.pem").exists()]
    if existing:
        raise KeySetError(f"{existing[0]} already exists: keys are never overwritten")
    paths = []
    for role in ROLES:
        path = folder / f"{role}.pem"
        _write_private(path, Ed25519PrivateKey.generate())
        paths.append(path)
    return paths


def _read_key(path: Path) -> CryptoSigner:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError):
        raise KeySetError(f"{path} is damaged or not a key: expected an unencrypted PEM private key "
                          "as `reader-publish keys init` writes") from None
    except IsADirectoryError:
        raise KeySetError(f"{path} is a folder, not a key file") from None
    except OSError as exc:
        raise KeySetError(f"{path} cannot be read ({exc.strerror or exc})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeySetError(f"{path} is not an Ed25519 key")
    return CryptoSigner(key, SSlibKey.from_crypto(key.public_key()))


def load_signers(folders: Path | list[Path] | tuple[Path, ...]) -> KeySet:
    """The keys found in `folders` (one or more); a role's key may be in at most one of them."""
    folders = (folders,) if isinstance(folders, Path) else tuple(dict.fromkeys(folders))
    if any(f == DEV_KEYS for f in folders) and not DEV_KEYS.is_dir():
        # An installed reader-publish has no development keys (private keys are never installed).
        raise KeySetError("the development keys are only in a clone of the repository: give --keys DIR")
    signers: dict[str, CryptoSigner] = {}
    files: dict[str, Path] = {}
    publics: dict[str, tuple[SSlibKey, Path]] = {}
    for folder in folders:
        if not folder.is_dir():
            what = "a file" if folder.exists() else "not there"
            raise KeySetError(f"the keys folder {folder} is {what}: give --keys the folder that holds the "
                              "role keys (make a key set with `reader-publish keys init DIR`)")
        found = sorted(p.name[: -len(".pem")] for p in folder.glob(f"{PARTNERSHIP}*.pem"))
        for role in (*ROLES, *found):
            path = folder / f"{role}.pem"
            if not path.exists():
                continue
            if role in files:
                raise KeySetError(f"two {role} keys: {files[role]} and {path}; keep one {role}.pem only")
            signers[role] = _read_key(path)
            files[role] = path
        for path in sorted(folder.glob(f"{PARTNERSHIP}*.pub")):
            slug = _partnership_slug(path.name[: -len(".pub")], path)
            if slug in publics:
                raise KeySetError(f"two public keys for partnership {slug}: {publics[slug][1]} and {path}; keep one")
            publics[slug] = (read_public_key(path), path)
    partnerships = {slug: key for slug, (key, _) in publics.items()}
    for role in list(signers):
        if role.startswith(PARTNERSHIP):
            slug = _partnership_slug(role, files[role])
            public = signers[role].public_key
            if slug in partnerships and partnerships[slug].keyid != public.keyid:
                raise KeySetError(f"{files[role]} and {publics[slug][1]} are not the same key: partnership {slug} "
                                  "has one key; keep the .pub of the .pem it signs with")
    if not signers and not partnerships:
        names = ", ".join(f"{r}.pem" for r in ROLES)
        raise KeySetError(f"no keys in {' or '.join(map(str, folders))} (expected some of {names}; "
                          "make a key set with `reader-publish keys init DIR`)")
    return KeySet(signers, folders, files, partnerships, {slug: path for slug, (_, path) in publics.items()})


def _partnership_slug(role: str, path: Path) -> str:
    from reader.core.trust.partnerships import slug_of

    slug = slug_of(role)
    if slug is None:
        raise KeySetError(f"{path}: a partnership's key is named partnership-SLUG, SLUG its board's slug "
                          "(lower-case letters and digits, hyphens between)")
    return slug


def _public_pem(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def read_public_key(path: Path) -> SSlibKey:
    """A partnership's public key, as `keys init-partnership` writes it."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except (ValueError, TypeError):
        raise KeySetError(f"{path} is damaged or not a public key: expected the .pub that "
                          "`reader-publish keys init-partnership` writes") from None
    except OSError as exc:
        raise KeySetError(f"{path} cannot be read ({exc.strerror or exc})") from None
    if not isinstance(key, Ed25519PublicKey):
        raise KeySetError(f"{path} is not an Ed25519 key")
    return SSlibKey.from_crypto(key)


def init_partnership_key(slug: str, folder: Path) -> tuple[Path, Path]:
    """Make partnership `slug`'s key in `folder`: (the private .pem it keeps, the .pub it hands to the region)."""
    from reader.core.trust.partnerships import role_name, valid_slug

    if not valid_slug(slug):
        raise KeySetError(f"{slug!r} is not a board's slug (lower-case letters and digits, hyphens between, "
                          "as in boards.toml)")
    if folder.exists() and not folder.is_dir():
        raise KeySetError(f"{folder} is a file, not a folder: give a folder for the key")
    folder.mkdir(parents=True, exist_ok=True)
    private, public = folder / f"{role_name(slug)}.pem", folder / f"{role_name(slug)}.pub"
    for path in (private, public):
        if path.exists():
            raise KeySetError(f"{path} already exists: keys are never overwritten")
    key = Ed25519PrivateKey.generate()
    _write_private(private, key)
    write_public(public, key)
    return private, public


def write_public(path: Path, key: Ed25519PrivateKey | CryptoSigner) -> None:
    """The .pub of a key (a private key, or a signer made from one)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from reader.core.atomic import write_bytes

    if isinstance(key, CryptoSigner):
        public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(key.public_key.keyval["public"]))
        data = public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    else:
        data = _public_pem(key)
    write_bytes(path, data)


def retire_public(path: Path, now: dt.datetime) -> Path:
    """Move a rotated-out partnership key file (.pub, or a .pem the region held) into retired/ beside it."""
    aside = path.parent / RETIRED
    aside.mkdir(mode=0o700, exist_ok=True)
    stem, suffix = path.name.rsplit(".", 1)
    kept = aside / f"{stem}-{now:%Y%m%dT%H%M%SZ}.{suffix}"
    os.replace(path, kept)
    return kept


def load_partnership_key(path: Path, slug: str) -> CryptoSigner:
    """Partnership `slug`'s signing key: the .pem file `path`, or the one named for it in the folder `path`."""
    from reader.core.trust.partnerships import role_name

    name = f"{role_name(slug)}.pem"
    if path.is_dir():
        path = path / name
    if not path.is_file():
        raise KeySetError(f"{path} is not there: give --keys the partnership's {name} "
                          f"(made by `reader-publish keys init-partnership {slug} DIR`)")
    if path.name != name:
        raise KeySetError(f"{path} is not partnership {slug}'s key ({name})")
    return _read_key(path)


def pending_key(keys: KeySet, role: str) -> Path:
    """Where a rotation writes the new `role` key until the repository trusts it."""
    folder = keys.files[role].parent if role in keys.files else keys.folders[0]
    return folder / f"{role}.pem.new"


def new_key(keys: KeySet, role: str) -> tuple[CryptoSigner, Path]:
    """Generate the next `role` key into its pending file (never over another)."""
    path = pending_key(keys, role)
    if path.exists():
        raise KeySetError(
            f"{path} is left from a rotation that did not finish: if the repository's newest root (or "
            f"targets.json, for bins) names it, rename it to {role}.pem; if not, remove it; then run again"
        )
    key = Ed25519PrivateKey.generate()
    _write_private(path, key)
    return CryptoSigner(key, SSlibKey.from_crypto(key.public_key())), path


def retire(keys: KeySet, role: str, pending: Path, now: dt.datetime) -> tuple[Path, Path | None]:
    """Put the new key in place of the old, keeping the old one aside: (new key, old key kept)."""
    final = pending.with_name(f"{role}.pem")
    kept = None
    if role in keys.files:
        old = keys.files[role]
        aside = old.parent / RETIRED
        aside.mkdir(mode=0o700, exist_ok=True)
        keyid = keys[role].public_key.keyid[:12]
        kept = aside / f"{role}-{now:%Y%m%dT%H%M%SZ}-{keyid}.pem"
        os.replace(old, kept)  # same folder tree: a rename, so the key is never in two places half-written
        final = old
    os.replace(pending, final)
    return final, kept
