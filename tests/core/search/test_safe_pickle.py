"""A pickle planted in the search index never runs: it is refused, the index is rebuilt.

Each planted pickle, if unpickled by the plain unpickler, opens a marker file
for writing (builtins.open creates it): the marker is the proof that code ran.
"""

import builtins
import importlib
import io
import pickle
import pkgutil
import struct

import pytest
import whoosh

from reader.core.errors import IndexCorrupt
from reader.core.search import SearchIndex, open_index, search
from reader.core.search.index import INDEX_NAME, open_checked, schema


class Planted:
    """Unpickles to builtins.open(marker, "w"): the file appears if code ran."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (builtins.open, (self.marker, "w"))


def whoosh_modules():
    for info in pkgutil.walk_packages(whoosh.__path__, "whoosh."):
        try:
            yield importlib.import_module(info.name)
        except ImportError:
            # Old filedb modules (and gae) cannot be imported in this Whoosh, and
            # those the reader never uses are blocked by install(): neither can run.
            continue


PLAIN = (pickle, pickle.load, pickle.loads, pickle.Unpickler, pickle._load, pickle._loads, pickle._Unpickler)


def test_no_whoosh_module_keeps_a_plain_unpickler():
    import reader.core.search.index  # noqa: F401 - what every use of the index imports first

    plain = []
    for module in whoosh_modules():
        for name, value in vars(module).items():
            unpickler = isinstance(value, type) and issubclass(value, pickle.Unpickler)
            # Whoosh's own subclass (RenamingUnpickler) imports anything too.
            if any(value is p for p in PLAIN) or (unpickler and value.__module__.startswith("whoosh")):
                plain.append(f"{module.__name__}.{name}")
    assert plain == []


@pytest.mark.parametrize("unused", ["whoosh.multiproc", "whoosh.codec.whoosh2", "whoosh.filedb.fileindex"])
def test_whoosh_modules_the_reader_never_uses_are_unavailable_rather_than_unrestricted(unused):
    import reader.core.search.index  # noqa: F401

    with pytest.raises(ImportError):
        importlib.import_module(unused)


def _unpicklers():
    """Every function by which a Whoosh module reads a pickle of the index, fed the planted bytes."""
    from whoosh import columns, formats, index
    from whoosh.codec import whoosh3
    from whoosh.filedb import structfile

    yield "whoosh3.loads (posting blocks, inlined postings)", whoosh3.loads
    yield "columns.loads (stored fields)", columns.loads
    yield "formats.loads (positions)", formats.loads
    yield "index.pickle.loads (schema)", index.pickle.loads
    yield "structfile.read_pickle (TOC, compound directory, term infos)", lambda data: structfile.StructFile(
        io.BytesIO(data)
    ).read_pickle()


@pytest.mark.parametrize("where", [name for name, _ in _unpicklers()])
def test_every_whoosh_unpickler_refuses_a_planted_pickle(where, tmp_path):
    marker = tmp_path / "ran"
    data = pickle.dumps(Planted(marker), protocol=2)
    read = dict(_unpicklers())[where]
    with pytest.raises(pickle.UnpicklingError):
        read(data)
    assert not marker.exists()


def test_what_our_index_needs_still_unpickles():
    from collections import defaultdict

    from whoosh.codec import whoosh3

    # As Whoosh writes them: the segment list at the highest protocol, posting
    # blocks (which hold bytes) at protocol 2.
    segments = [{"lengths": defaultdict(int, {"body": 3})}, ("a", 1.5, None)]
    assert whoosh3.loads(pickle.dumps(segments, protocol=-1)) == segments
    block = (b"\x00\xffbytes", b"", [1, 2], (0.5, "early-help"))
    assert whoosh3.loads(pickle.dumps(block, protocol=2)) == block


def test_bytes_are_only_decoded_as_protocol_2_spells_them():
    from whoosh.codec import whoosh3

    import _codecs

    class Spelled:
        def __init__(self, *call):
            self.call = call

        def __reduce__(self):
            return self.call

    refused = {
        "another codec": (Spelled(_codecs.encode, ("abc", "rot13")), LookupError),
        "bytes in": (Spelled(_codecs.encode, (b"abc", "latin1")), TypeError),
        "a huge b''": (Spelled(bytes, (10**12,)), pickle.UnpicklingError),
    }
    for planted, error in refused.values():
        with pytest.raises(error):  # every exception is damage to open_checked and the search
            whoosh3.loads(pickle.dumps(planted, protocol=2))


# -- planted in an index on disk ----------------------------------------------


def _plant_in_toc(index_dir, marker):
    """A planted object as an extra attribute of a segment: the index still opens without the defence."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC

    storage = FileStorage(str(index_dir))
    toc = TOC.read(storage, INDEX_NAME, schema=schema())
    toc.segments[0].planted = Planted(marker)
    (index_dir / TOC._filename(INDEX_NAME, toc.generation)).unlink()  # Whoosh writes a TOC only once
    toc.write(storage, INDEX_NAME)


def _plant_in_compound_directory(index_dir, marker):
    """An extra entry in the directory pickled at the end of the segment's compound file."""
    (seg,) = index_dir.glob(f"{INDEX_NAME}_*.seg")
    data = bytearray(seg.read_bytes())
    (diroffset,) = struct.unpack(">q", data[:8])
    stream = io.BytesIO(bytes(data[diroffset:]))
    directory = pickle.load(stream)  # our own file, just built: the plain unpickler is fine here
    options = pickle.load(stream)
    directory["planted"] = Planted(marker)
    seg.write_bytes(bytes(data[:diroffset]) + pickle.dumps(directory, -1) + pickle.dumps(options, -1))


def _plant_in_stored_fields(index_dir, marker):
    """A document written through Whoosh whose stored fields hold the planted object."""
    from whoosh import index as whoosh_index
    from whoosh.fields import STORED

    planting = schema()
    planting.add("planted", STORED())
    ix = whoosh_index.open_dir(str(index_dir), indexname=INDEX_NAME, schema=planting)
    writer = ix.writer()
    writer.add_document(chapter="early-help", version="early-help@0", body="quokka", planted=Planted(marker))
    writer.commit()
    ix.close()


@pytest.mark.parametrize("plant", [_plant_in_toc, _plant_in_compound_directory], ids=["toc", "compound"])
def test_a_pickle_planted_where_the_index_opens_never_runs(plant, manual, tmp_path):
    index_dir, marker = tmp_path / "index", tmp_path / "ran"
    open_index(index_dir, manual).close()
    plant(index_dir, marker)

    with pytest.raises(IndexCorrupt, match="UnpicklingError"):
        open_checked(index_dir)
    assert not marker.exists()
    with open_index(index_dir, manual) as index:  # rebuilt from the manual
        assert [hit.id for hit in search(index, "Crowshaw").results] == ["walsall-lado"]
    open_checked(index_dir).close()  # the rebuilt one opens
    assert not marker.exists()


def test_a_pickle_planted_in_a_documents_stored_fields_never_runs(manual, tmp_path):
    index_dir, marker = tmp_path / "index", tmp_path / "ran"
    open_index(index_dir, manual).close()
    _plant_in_stored_fields(index_dir, marker)

    # Opened as it is, not brought up to date (which would re-index early-help
    # and so delete the planted document before any search).
    with SearchIndex(index_dir, manual, open_checked(index_dir)) as index:
        hits = search(index, "quokka").results
        assert not marker.exists()
        # The planted document ranks (the index ranks), but what it shows is the manual's.
        assert [(hit.id, hit.title) for hit in hits] == [("early-help", manual.chapter("early-help").title)]
        planted = index._ix.doc_count_all() - 1
        with index._ix.searcher() as searcher, pytest.raises(pickle.UnpicklingError):
            searcher.stored_fields(planted)  # should anything read it, it is refused
        assert not marker.exists()

    with open_index(index_dir, manual) as index:  # brought up to date: the planted document is gone
        assert search(index, "quokka").results == []
        assert index._ix.doc_count() == len(manual.chapters)
    assert not marker.exists()


def test_a_pickle_planted_in_a_bundled_index_never_runs(manual, tmp_path):
    from reader.core.search.bundled import INDEX, build_for_bundle, seed
    from reader.core.editions.library import Library
    from reader.core.paths import bundled_repository, trusted_root_file
    from tests.conftest import ROOT

    bundle, marker = build_for_bundle(ROOT / "resources", tmp_path / "bundle"), tmp_path / "ran"
    _plant_in_toc(bundle / INDEX, marker)
    bundled = Library(tmp_path / "data", trusted_root_file().read_bytes(), bundled_repository()).open().manual
    assert seed(tmp_path / "index", bundled, bundle)  # its digest is the manual's: it is copied

    with open_index(tmp_path / "index", bundled) as index:  # and refused, and rebuilt
        assert search(index, "LADO", board="walsall").results[0].id == "walsall-lado"
    assert not marker.exists()
