"""The start-up signature check against python-tuf: on every case, the same answer.

reader.core.trust.signatures re-implements the part of python-tuf the start-up check
needs (canonical JSON, key thresholds, hash bins, target hashes) so as not to
import python-tuf on every start. These tests hold it to python-tuf's answers
on the bundled edition's real metadata and on tampered copies of it.
"""

import copy
import hashlib
import json
import string

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from securesystemslib.formats import encode_canonical
from tuf.api.metadata import Metadata, MetaFile, SuccinctRoles, TargetFile

from reader.core.trust import signatures
from reader.core.errors import TrustError
from reader.core.paths import bundled_repository
from reader.publish.keys import DEV_KEYS, load_signers

META = bundled_repository() / "metadata"


def _file(pattern: str) -> dict:
    return json.loads(next(META.glob(pattern)).read_bytes())


ROOT = _file("1.root.json")
TIMESTAMP = _file("timestamp.json")
SNAPSHOT = _file("*.snapshot.json")
TARGETS = _file("*.targets.json")
BIN = _file("*.bin-3.json")

# (delegator, role name, delegate): every signing relation in an edition
RELATIONS = {
    "root": (ROOT, "root", ROOT),
    "timestamp": (ROOT, "timestamp", TIMESTAMP),
    "snapshot": (ROOT, "snapshot", SNAPSHOT),
    "targets": (ROOT, "targets", TARGETS),
    "bin": (TARGETS, "bin-3", BIN),
}


def tuf_accepts(delegator: dict, role: str, delegate: dict) -> bool:
    try:
        parent = Metadata.from_bytes(json.dumps(delegator).encode())
        child = Metadata.from_bytes(json.dumps(delegate).encode())
        parent.verify_delegate(role, child)
        return True
    except Exception:
        return False


def ours_accepts(delegator: dict, role: str, delegate: dict) -> bool:
    top_level = role in ("root", "timestamp", "snapshot", "targets")
    try:
        parent = signatures.parse(json.dumps(delegator).encode(), "root" if top_level else "targets", "delegator")
        child = signatures.parse(json.dumps(delegate).encode(), role if top_level else "targets", "delegate")
        if top_level:
            signatures.root_role(parent, role).check(child)
        else:
            bins = signatures.HashBins.from_targets(parent)
            if bins is None or role not in bins.names():
                return False
            bins.role.check(child)
        if child.signed["_type"] == "targets":  # as the offline check reads every targets document
            signatures.HashBins.from_targets(child)
            signatures.targets_of(child)
        return True
    except TrustError:
        return False


def _same(delegator, role, delegate) -> bool:
    theirs, ours = tuf_accepts(delegator, role, delegate), ours_accepts(delegator, role, delegate)
    assert ours == theirs, f"python-tuf {'accepts' if theirs else 'refuses'}, we {'accept' if ours else 'refuse'}"
    return ours


@pytest.mark.parametrize("relation", RELATIONS)
def test_the_published_metadata_verifies_both_ways(relation):
    assert _same(*RELATIONS[relation])


def _keys_and_role(delegator: dict, role: str) -> tuple[dict, dict]:
    signed = delegator["signed"]
    if signed["_type"] == "root":
        return signed["keys"], signed["roles"][role]
    return signed["delegations"]["keys"], signed["delegations"]["succinct_roles"]


def _flip(hexstring: str) -> str:
    return ("0" if hexstring[0] != "0" else "1") + hexstring[1:]


def tamper_signed_field(parent, role, child):
    child["signed"]["version"] += 1


def tamper_signature(parent, role, child):
    child["signatures"][0]["sig"] = _flip(child["signatures"][0]["sig"])


def sign_with_another_roles_key(parent, role, child):
    keys, trusted = _keys_and_role(parent, role)
    other = next(k for k in keys if k not in trusted["keyids"]) if len(keys) > 1 else _flip(next(iter(keys)))
    child["signatures"][0]["keyid"] = other


def remove_signatures(parent, role, child):
    child["signatures"] = []


def repeat_the_signature(parent, role, child):
    child["signatures"].append(dict(child["signatures"][0]))


def raise_the_threshold(parent, role, child):
    _keys_and_role(parent, role)[1]["threshold"] = 2


def threshold_zero(parent, role, child):
    _keys_and_role(parent, role)[1]["threshold"] = 0
    child["signatures"] = []


def untrust_the_key(parent, role, child):
    _keys_and_role(parent, role)[1]["keyids"] = []


def repeat_the_trusted_key(parent, role, child):
    trusted = _keys_and_role(parent, role)[1]
    trusted["keyids"] = trusted["keyids"] * 2
    trusted["threshold"] = 2


def swap_the_public_key(parent, role, child):
    keys, trusted = _keys_and_role(parent, role)
    public = keys[trusted["keyids"][0]]["keyval"]
    public["public"] = _flip(public["public"])


def wrong_type(parent, role, child):
    child["signed"]["_type"] = "mirrors"


def drop_a_field(parent, role, child):
    del child["signed"]["version"]


def boolean_version(parent, role, child):
    child["signed"]["version"] = True


MUTATIONS = [tamper_signed_field, tamper_signature, sign_with_another_roles_key, remove_signatures,
             repeat_the_signature, raise_the_threshold, threshold_zero, untrust_the_key, repeat_the_trusted_key,
             swap_the_public_key, wrong_type, drop_a_field, boolean_version]


@pytest.mark.parametrize("mutate", MUTATIONS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("relation", RELATIONS)
def test_tampered_metadata_is_refused_both_ways(relation, mutate):
    parent, role, child = copy.deepcopy(RELATIONS[relation])
    if relation == "root":
        child = parent  # root signs itself: one document
    mutate(parent, role, child)
    assert not _same(parent, role, child)


JSON_LEAVES = st.one_of(st.none(), st.booleans(), st.integers(), st.text())
JSON = st.recursive(JSON_LEAVES, lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner), max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(JSON)
def test_canonical_json_is_securesystemslibs(value):
    assert signatures.canonical(value) == encode_canonical(value)


def _nodes(node, path=()):
    """The path of every value in a JSON document, the document's own () first."""
    yield path
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _nodes(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _nodes(v, path + (i,))


def _at(doc, path):
    for step in path:
        doc = doc[step]
    return doc


def _replace(doc, path, value):
    _at(doc, path[:-1])[path[-1]] = value


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(list(RELATIONS)), st.data())
def test_any_change_to_a_signed_value_is_refused(relation, data):
    parent, role, child = copy.deepcopy(RELATIONS[relation])
    signed = child["signed"]
    leaves = [p for p in _nodes(signed) if p and not isinstance(_at(signed, p), (dict, list))]
    path = data.draw(st.sampled_from(sorted(leaves, key=str)))
    old = _at(signed, path)
    new = data.draw(st.text(string.printable, min_size=1) if isinstance(old, str) else st.integers(1, 10**6))
    if new == old:
        return
    _replace(signed, path, new)
    assert not ours_accepts(parent, role, child)


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 12), st.text(min_size=1, max_size=40))
def test_hash_bins_are_python_tufs(bits, path):
    theirs = SuccinctRoles([], 1, bits, "bin")
    ours = signatures.HashBins(signatures.Role((), 1, {}), bits, "bin")
    assert ours.bin_for(path) == theirs.get_role_for_target(path)
    assert ours.names() == list(theirs.get_roles())


@given(st.binary(max_size=200), st.binary(max_size=200))
def test_target_hashes_are_python_tufs(published, on_disk):
    tf = TargetFile.from_data("chapters/x.md", published, ["sha256"])
    ours = signatures.Target.from_metadata(tf.to_dict())
    try:
        tf.verify_length_and_hashes(on_disk)
        theirs = True
    except Exception:
        theirs = False
    assert ours.matches(on_disk) == theirs == (published == on_disk)


@pytest.mark.parametrize("path", ["../outside.md", "/etc/passwd", "chapters/../../x", "chapters\\x.md"])
def test_a_target_path_outside_the_edition_is_refused(path):
    md = signatures.Signed("the edition's targets", {"targets": {path: {"length": 1, "hashes": {"sha256": "00"}}}},
                           {}, b"")
    with pytest.raises(TrustError, match="lists its files wrongly"):
        signatures.targets_of(md)


def test_a_weak_or_unknown_hash_is_refused():
    for hashes in ({"md5": "00"}, {"shake_128": "00"}, {}):
        with pytest.raises(ValueError):
            signatures.Target.from_metadata({"length": 1, "hashes": hashes})


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(list(RELATIONS)), st.booleans(), st.data())
def test_any_shape_of_damage_is_a_refusal_never_a_crash(relation, in_delegator, data):
    """Any part of either document replaced by any JSON: refused in plain words, never a traceback."""
    parent, role, child = copy.deepcopy(RELATIONS[relation])
    doc = parent if in_delegator else child
    path = data.draw(st.sampled_from(sorted((p for p in _nodes(doc) if p), key=str)))
    _replace(doc, path, data.draw(JSON))
    ours_accepts(parent, role, child)  # only TrustError may come out
    if not in_delegator and path[0] == "signed" and child != RELATIONS[relation][2]:
        assert not ours_accepts(parent, role, child)


# -- what python-tuf refuses even when it is signed ------------------------------
#
# The cases above break a signature; these re-sign the changed document with the
# development keys (which sign the bundled edition), so that only the field itself
# can be the reason for a refusal.

SIGNERS = load_signers(DEV_KEYS)
SIGNER_OF = {"root": "root", "timestamp": "timestamp", "snapshot": "snapshot", "targets": "targets", "bin": "bins"}


def _resign(doc: dict, relation: str) -> None:
    sig = SIGNERS[SIGNER_OF[relation]].sign(signatures.canonical(doc["signed"]).encode("utf-8"))
    doc["signatures"] = [{"keyid": sig.keyid, "sig": sig.signature}]


def _signed_change(relation: str, change) -> tuple[dict, str, dict]:
    parent, role, child = copy.deepcopy(RELATIONS[relation])
    if relation == "root":
        child = parent
    change(child["signed"])
    _resign(child, relation)
    return parent, role, child


@pytest.mark.parametrize("relation", RELATIONS)
def test_resigning_an_unchanged_document_is_accepted_both_ways(relation):
    assert _same(*_signed_change(relation, lambda signed: None))


@pytest.mark.parametrize("value, accepted", [
    ("1.0.31", True), ("1.0", True), ("1.99.7", True), ("1.x", False), ("1.0.x", False), ("1", False),
    ("2.0.0", False), ("0.9", False), ("1.0.0.0", False), ("", False), ("1..0", False), ("1.0.", False),
    (" 1.0", False), ("v1.0", False), (1, False), (None, False), (["1", "0"], False),
])
@pytest.mark.parametrize("relation", RELATIONS)
def test_spec_version_is_read_as_python_tuf_reads_it(relation, value, accepted):
    def change(signed):
        signed["spec_version"] = value

    assert _same(*_signed_change(relation, change)) == accepted


@pytest.mark.parametrize("value, accepted", [
    ("2030-01-01T00:00:00Z", True), ("2000-02-29T23:59:59Z", True), ("2030-01-01", False),
    ("2030-01-01T00:00:00", False), ("2030-01-01T00:00:00+00:00", False), ("2030-02-30T00:00:00Z", False),
    ("2030-01-01T24:00:00Z", False), ("2030-13-01T00:00:00Z", False), ("never", False), ("", False),
    (20300101, False), (None, False), ("2030-01-01T00:00:00Z ", False),
])
@pytest.mark.parametrize("relation", RELATIONS)
def test_expires_is_read_as_python_tuf_reads_it(relation, value, accepted):
    def change(signed):
        signed["expires"] = value

    assert _same(*_signed_change(relation, change)) == accepted


@pytest.mark.parametrize("field", ["expires", "spec_version"])
def test_a_missing_expiry_or_spec_version_is_refused_both_ways(field):
    assert not _same(*_signed_change("timestamp", lambda signed: signed.pop(field)))


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"\d{4}-\d{1,2}-\d{1,2}[Tt]\d{1,2}:\d{1,2}:\d{1,2}[Zz]", fullmatch=True))
@example("0001-01-0\u0661T00:00:00Z")  # an Arabic-Indic digit: int() reads it, strptime does not
def test_an_expiry_accepted_here_is_one_python_tuf_accepts(text):
    import datetime as dt

    try:
        signatures._check_expires(text)
    except ValueError:
        return  # refused here: python-tuf may read one-digit fields, nobody writes them
    dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")  # python-tuf's own parse: must not raise


def _both_kinds(delegations):
    delegations["roles"] = []


def _neither_kind(delegations):
    del delegations["succinct_roles"]


def _ordinary_roles(delegations):
    del delegations["succinct_roles"]
    delegations["roles"] = []


def _no_keys(delegations):
    del delegations["keys"]


@pytest.mark.parametrize("change, accepted", [(_both_kinds, False), (_neither_kind, False), (_ordinary_roles, True),
                                              (_no_keys, False)], ids=lambda c: getattr(c, "__name__", str(c)))
def test_delegations_are_read_as_python_tuf_reads_them(change, accepted):
    assert _same(*_signed_change("targets", lambda signed: change(signed["delegations"]))) == accepted


SNAPSHOT_BYTES = next(META.glob("*.snapshot.json")).read_bytes()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("info", [
    {}, {"length": len(SNAPSHOT_BYTES)}, {"length": len(SNAPSHOT_BYTES) + 1}, {"length": 0},
    {"hashes": {"sha256": _sha256(SNAPSHOT_BYTES)}}, {"hashes": {"sha256": _sha256(b"another")}},
    {"hashes": {"sha512": hashlib.sha512(SNAPSHOT_BYTES).hexdigest()}},
    {"length": len(SNAPSHOT_BYTES), "hashes": {"sha256": _sha256(SNAPSHOT_BYTES)}},
    {"length": len(SNAPSHOT_BYTES) - 1, "hashes": {"sha256": _sha256(SNAPSHOT_BYTES)}},
    {"length": -1}, {"length": "1"}, {"hashes": {}}, {"hashes": {"sha256": 5}}, {"hashes": "x"},
], ids=str)
def test_a_listed_files_length_and_hashes_are_checked_as_python_tuf_checks_them(info):
    """TUF 5.4.2 / 5.5.2: where the timestamp (or snapshot) gives them, the bytes must match."""
    entry = {"version": 1, **info}
    try:
        MetaFile.from_dict(copy.deepcopy(entry)).verify_length_and_hashes(SNAPSHOT_BYTES)
        theirs = True
    except Exception:
        theirs = False
    md = signatures.Signed("the edition's timestamp", {"meta": {"snapshot.json": entry}}, {}, b"")
    try:
        signatures.check_listed_file(md, "snapshot.json", SNAPSHOT_BYTES)
        ours = True
    except TrustError:
        ours = False
    assert ours == theirs


def test_a_listed_file_hashed_with_a_weak_algorithm_is_refused_where_python_tuf_takes_it():
    md = signatures.Signed("the edition's timestamp",
                           {"meta": {"snapshot.json": {"version": 1, "hashes": {"md5": hashlib.md5(SNAPSHOT_BYTES).hexdigest()}}}},
                           {}, b"")
    with pytest.raises(TrustError):
        signatures.check_listed_file(md, "snapshot.json", SNAPSHOT_BYTES)
