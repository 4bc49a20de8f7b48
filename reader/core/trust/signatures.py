"""TUF signature thresholds, checked with `cryptography` alone, for the start-up check.

python-tuf's metadata classes pull in securesystemslib's every signer backend
(cloud KMS, GPG, HSM, Sigstore): some 65 ms of imports on every start, when all
the start-up check needs is Ed25519 over canonical JSON. Updates still go
through python-tuf's client (reader.core.editions.sync), which enforces expiry and
everything else; this module only re-checks, offline, what is already on disk.

It is deliberately narrower than python-tuf, and fails closed where it differs:
only "ed25519" keys count towards a threshold, and any malformed field is a
refusal. tests/core/trust/test_signatures.py holds it to python-tuf's answers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass

from reader.core.errors import SignatureError, TamperedFile
from reader.core.trust.layout import is_edition_path
from reader.core.trust.partnerships import delegation_slugs

SPEC_MAJOR = "1"  # python-tuf 7 reads only metadata whose spec_version has this major
# python-tuf parses `expires` with strptime("%Y-%m-%dT%H:%M:%SZ"), which also takes
# one-digit fields and lower-case letters; nobody writes those, so they are refused
# here (a subset: what this accepts, python-tuf accepts) without strptime's imports.
# ASCII digits only: `\d` alone also matches other scripts' digits ("0\u0661"), which
# int() reads but strptime refuses.
_EXPIRES = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z", re.ASCII)


def canonical(value) -> str:
    """OLPC canonical JSON, as securesystemslib signs it: sorted keys, no spaces,
    only backslash and quote escaped, integers only."""
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(canonical(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(canonical(k) + ":" + canonical(v) for k, v in sorted(value.items())) + "}"
    raise ValueError(f"canonical JSON has no {type(value).__name__}")


def integer(value, least: int = 0) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < least:
        raise ValueError(f"expected an integer of at least {least}")
    return value


@dataclass(frozen=True)
class Signed:
    """One metadata file: its signed part as parsed, and its signatures by key id."""

    name: str  # for messages: "the edition's snapshot"
    signed: dict
    signatures: dict[str, str]
    payload: bytes  # the canonical bytes the signatures are over

    @property
    def version(self) -> int:
        return integer(self.signed["version"], 1)


def parse(data: bytes, kind: str, name: str) -> Signed:
    """A metadata file of `kind` ("root", "timestamp", ...); TamperedFile if it is not one."""
    try:
        md = json.loads(data)
        signed = md["signed"]
        if signed["_type"] != kind:
            raise TamperedFile(f"{name} is not {kind} metadata")
        _check_spec_version(signed["spec_version"])
        _check_expires(signed["expires"])
        signatures: dict[str, str] = {}
        for entry in md["signatures"]:
            keyid, sig = entry["keyid"], entry["sig"]
            if not isinstance(keyid, str) or not isinstance(sig, str) or keyid in signatures:
                raise ValueError("malformed or repeated signature")
            signatures[keyid] = sig
        result = Signed(name, signed, signatures, canonical(signed).encode("utf-8"))
        result.version  # noqa: B018 - a version must be there and be a positive integer
        return result
    except TamperedFile:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise TamperedFile(f"{name} is damaged") from None


def _check_spec_version(value) -> None:
    # As python-tuf: "X.Y" or "X.Y.Z", every part digits, X its own major.
    parts = value.split(".") if isinstance(value, str) else []
    if len(parts) not in (2, 3) or not all(part.isdigit() for part in parts) or parts[0] != SPEC_MAJOR:
        raise ValueError(f"unsupported specification version {value!r}")


def _check_expires(value) -> None:
    # Expiry is not enforced offline (see reader.core.trust.verify), but a file without a
    # valid one is not metadata python-tuf would ever have accepted.
    match = _EXPIRES.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"malformed expiry {value!r}")
    dt.datetime(*map(int, match.groups()))  # ValueError for a day or hour that does not exist


@dataclass(frozen=True)
class Role:
    """Who may sign a role: its key ids, how many must sign, and the keys themselves."""

    keyids: tuple[str, ...]
    threshold: int
    keys: dict  # keyid -> key dict, as the delegator lists them

    @classmethod
    def from_metadata(cls, role: dict, keys: dict) -> Role:
        keyids = role["keyids"]
        if not isinstance(keyids, list) or not all(isinstance(k, str) for k in keyids) or len(set(keyids)) != len(keyids):
            raise ValueError("a role's key ids must be unique strings")
        if not isinstance(keys, dict):
            raise ValueError("a delegator's keys must be a mapping")
        return cls(tuple(keyids), integer(role["threshold"], 1), keys)

    def check(self, md: Signed) -> None:
        """SignatureError unless at least `threshold` distinct trusted keys signed `md`."""
        good = sum(1 for keyid in set(self.keyids) if keyid in md.signatures and self._verifies(keyid, md))
        if good < self.threshold:
            raise SignatureError(f"{md.name} is not signed by a trusted key")

    def _verifies(self, keyid: str, md: Signed) -> bool:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

        key = self.keys.get(keyid)
        try:
            if key["keytype"] != "ed25519" or key["scheme"] != "ed25519":
                return False  # not a kind this check knows: it does not count
            public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(key["keyval"]["public"]))
            public.verify(bytes.fromhex(md.signatures[keyid]), md.payload)
            return True
        except (InvalidSignature, ValueError, KeyError, TypeError):
            return False


def root_role(root: Signed, name: str) -> Role:
    """The keys root trusts for one of the top-level roles."""
    try:
        return Role.from_metadata(root.signed["roles"][name], root.signed["keys"])
    except (ValueError, KeyError, TypeError):
        raise TamperedFile(f"{root.name} does not say who signs {name}") from None


@dataclass(frozen=True)
class HashBins:
    """Targets' succinct delegation: every file path hashes to exactly one bin."""

    role: Role
    bit_length: int
    prefix: str

    @classmethod
    def from_targets(cls, targets: Signed) -> HashBins | None:
        delegations = targets.signed.get("delegations")
        if delegations is None:
            return None
        try:
            if not isinstance(delegations["keys"], dict):
                raise ValueError("a delegation's keys must be a mapping")
            # As python-tuf: exactly one of the two kinds of delegation.
            if (delegations.get("roles") is None) == (delegations.get("succinct_roles") is None):
                raise ValueError("a delegation needs exactly one of roles and succinct_roles")
            succinct = delegations.get("succinct_roles")
            if succinct is None:
                return None  # ordinary delegations: the partnerships' layer (Partnerships), read apart
            bits = integer(succinct["bit_length"], 1)
            if bits > 32 or not isinstance(succinct["name_prefix"], str):
                raise ValueError("bad hash bins")
            return cls(Role.from_metadata(succinct, delegations["keys"]), bits, succinct["name_prefix"])
        except (ValueError, KeyError, TypeError, AttributeError):
            raise TamperedFile(f"{targets.name} has a damaged delegation") from None

    def _name(self, number: int) -> str:
        width = len(f"{2 ** self.bit_length - 1:x}")
        return f"{self.prefix}-{number:0{width}x}"

    def names(self) -> list[str]:
        return [self._name(n) for n in range(2**self.bit_length)]

    def bin_for(self, path: str) -> str:
        first = int.from_bytes(hashlib.sha256(path.encode("utf-8")).digest()[:4], "big")
        return self._name(first >> (32 - self.bit_length))


@dataclass(frozen=True)
class Partnerships:
    """targets.json's ordinary delegations: one role per delegated partnership for its Level C,
    then the shared roles (reader.core.trust.partnerships), each with its own keys and threshold."""

    roles: dict[str, Role]  # role name -> who signs it: the partnerships' first, "shared" last
    slugs: tuple[str, ...]

    @classmethod
    def from_targets(cls, targets: Signed) -> Partnerships | None:
        """The layer, or None where targets delegates to the hash bins directly (no partnership
        delegated, as every edition before the layer). Any other ordinary delegation is refused."""
        delegations = targets.signed.get("delegations")
        if not isinstance(delegations, dict) or delegations.get("roles") is None:
            return None
        try:
            if delegations.get("succinct_roles") is not None or not isinstance(delegations["keys"], dict):
                raise ValueError("a delegation needs exactly one of roles and succinct_roles, and keys")
            roles = delegations["roles"]
            if not isinstance(roles, list) or not all(isinstance(r, dict) for r in roles):
                raise ValueError("roles must be a list of roles")
            if any("path_hash_prefixes" in r for r in roles):
                raise ValueError("a partnership is delegated by paths, not hash prefixes")
            slugs = delegation_slugs([(r["name"], r["paths"], r["terminating"]) for r in roles])
            found = {r["name"]: Role.from_metadata(r, delegations["keys"]) for r in roles}
            return cls(found, tuple(slugs))
        except (ValueError, KeyError, TypeError, AttributeError):
            raise TamperedFile(f"{targets.name} delegates in a way the reader does not trust") from None


HASHES = {"sha256", "sha384", "sha512"}  # the publisher writes sha256; nothing weaker is accepted


@dataclass(frozen=True)
class Target:
    """A content file as the signed metadata describes it."""

    length: int
    hashes: dict[str, str]

    @classmethod
    def from_metadata(cls, info: dict) -> Target:
        hashes = info["hashes"]
        if not isinstance(hashes, dict) or not hashes:
            raise ValueError("a target needs hashes")
        for algorithm, digest in hashes.items():
            if algorithm not in HASHES or not isinstance(digest, str):
                raise ValueError(f"unusable hash {algorithm!r}")
        return cls(integer(info["length"]), dict(hashes))

    def matches(self, data: bytes) -> bool:
        return len(data) == self.length and all(
            hashlib.new(algorithm, data).hexdigest() == digest for algorithm, digest in self.hashes.items()
        )


def targets_of(md: Signed) -> dict[str, Target]:
    try:
        listed = md.signed["targets"]
        files = {}
        for path, info in listed.items():
            if not is_edition_path(path):  # whoever signed it: see reader.core.trust.layout
                raise ValueError(f"target path {path!r} is not a file an edition may hold")
            files[path] = Target.from_metadata(info)
        return files
    except (ValueError, KeyError, TypeError, AttributeError):
        raise TamperedFile(f"{md.name} lists its files wrongly") from None


def check_listed_file(md: Signed, filename: str, data: bytes) -> None:
    """TamperedFile unless `data` has the length and hashes `md` (a timestamp or
    snapshot) gives for `filename`, where it gives them (TUF spec 5.4.2, 5.5.2)."""
    try:
        info = md.signed["meta"][filename]
        if "length" in info and len(data) != integer(info["length"]):
            raise TamperedFile(f"{filename} is not the length {md.name} gives")
        if "hashes" in info:
            expected = Target.from_metadata({"length": len(data), "hashes": info["hashes"]})
            if not expected.matches(data):
                raise TamperedFile(f"{filename} does not have the hash {md.name} gives")
    except TamperedFile:
        raise
    except (ValueError, KeyError, TypeError, AttributeError):
        raise TamperedFile(f"{md.name} is damaged") from None


def listed_version(md: Signed, filename: str) -> int | None:
    """The version `md` (a timestamp or snapshot) names for `filename`, if any."""
    try:
        info = md.signed["meta"].get(filename)
        return None if info is None else integer(info["version"], 1)
    except (ValueError, KeyError, TypeError, AttributeError):
        raise TamperedFile(f"{md.name} is damaged") from None
