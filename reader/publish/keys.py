"""The publisher's signing keys: one Ed25519 key per TUF role, as PEM files.

The development key set lives in the repository under a name that says so
(resources/development-keys/). A real publisher makes its own with
`reader-publish keys init DIR`, keeps DIR offline, and builds the application
with its own root (see README, "Trust"). The reader never needs a private key.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from securesystemslib.signer import CryptoSigner, SSlibKey

from reader.core.errors import ReaderError
from reader.core.paths import development_keys

ROLES = ("root", "targets", "snapshot", "timestamp", "bins")
DEV_KEYS = development_keys()


class KeySetError(ReaderError):
    """A key file is missing or unreadable."""


def _write_private(path: Path, key: Ed25519PrivateKey) -> None:
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)


def init_keys(folder: Path) -> list[Path]:
    """Make a new key set in `folder`; refuses to overwrite an existing key."""
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


def load_signers(folder: Path) -> dict[str, CryptoSigner]:
    if folder == DEV_KEYS and not folder.is_dir():
        # An installed reader-publish has no development keys (private keys are never installed).
        raise KeySetError("the development keys are only in a clone of the repository: give --keys DIR")
    signers = {}
    for role in ROLES:
        path = folder / f"{role}.pem"
        try:
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except FileNotFoundError:
            raise KeySetError(f"no {role} key: {path} is missing (make a key set with `reader-publish keys init DIR`)") from None
        except (ValueError, TypeError):
            raise KeySetError(f"{path} is not an unencrypted PEM private key") from None
        if not isinstance(key, Ed25519PrivateKey):
            raise KeySetError(f"{path} is not an Ed25519 key")
        signers[role] = CryptoSigner(key, SSlibKey.from_crypto(key.public_key()))
    return signers
