"""The start-up signature check against python-tuf: on every case, the same answer.

reader.core.signatures re-implements the part of python-tuf the start-up check
needs (canonical JSON, key thresholds, hash bins, target hashes) so as not to
import python-tuf on every start. These tests hold it to python-tuf's answers
on the bundled edition's real metadata and on tampered copies of it.
"""

import copy
import json
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from securesystemslib.formats import encode_canonical
from tuf.api.metadata import Metadata, SuccinctRoles, TargetFile

from reader.core import signatures
from reader.core.errors import TrustError
from reader.core.paths import bundled_repository

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
