"""Whoosh reads its index through a restricted unpickler that builds only our index's objects.

Why: a Whoosh index is full of pickles (the table of contents' segment list,
stored fields, term infos, posting blocks, columns, compound-file
directories), and a plain unpickle of a planted pickle runs any code it names.
The index lives in the data folder, which any other program of the user can
write; such a program can rewrite a digest kept beside the index as easily,
so a digest there catches accidents, not an attack. So no pickle Whoosh reads is unpickled by
the plain unpickler: `install()` replaces, in the namespace of every Whoosh
module that unpickles, the `pickle` functions it imported by ones whose
`find_class` allows only the few classes our own index holds (ALLOWED, found by
building, updating and searching an index and recording every class asked
for). Any other class is an UnpicklingError, which open_checked and the search
turn into IndexCorrupt and a rebuild from the verified manual.

Whoosh itself is not changed on disk and nothing else of the process is
touched: the module `pickle` keeps its own functions for everyone else.
tests/core/search/test_safe_pickle.py checks that no Whoosh module keeps a plain
unpickler and plants a pickle in each place an index holds one.
"""

from __future__ import annotations

import importlib
import io
import pickle
import sys
import types

# (module, name) of every class an index of ours names, found by recording
# find_class while building (1,000 and 10,000 chapters: the writer's sorting
# runs spill to disk), updating, merging and searching indexes of the real and
# of scaled manuals. W3Segment and W3Codec are the table of contents' segment
# list, whose field lengths are a defaultdict(int). Plain data (tuples, lists,
# dicts, strings, numbers) needs no find_class.
ALLOWED = frozenset(
    {
        ("whoosh.codec.whoosh3", "W3Segment"),
        ("whoosh.codec.whoosh3", "W3Codec"),
        ("collections", "defaultdict"),
        ("builtins", "int"),
    }
)


def _empty_bytes(*args) -> bytes:
    """__builtin__.bytes as protocol 2 uses it to spell b"" (bytes(n) would allocate n bytes)."""
    if args:
        raise pickle.UnpicklingError("the index builds bytes in a way an index of ours never does")
    return b""


# Protocol 2 (posting blocks, inlined postings, the writer's sorting runs)
# spells bytes as calls, answered here by narrower ones. _codecs.encode(text,
# "latin1") becomes str.encode, the same bytes: it only turns a str into bytes
# with a text encoding (no other codec, no other input), and is C, which
# matters, as it runs once a posting (hundreds of thousands of times for a
# query at 10,000 chapters; a checking Python function here cost 3 ms a query).
SUBSTITUTES = {("_codecs", "encode"): str.encode, ("__builtin__", "bytes"): _empty_bytes}


# The Whoosh modules that unpickle (grep whoosh for pickle); install() swaps
# every name in them that is bound to a plain unpickler, whatever it is
# called. A Whoosh update that adds a module fails
# tests/core/search/test_safe_pickle.py until it is listed here.
#
# Those our index is read and written with, imported now so that none is
# first imported later with a plain unpickler:
USED_MODULES = (
    "whoosh.codec.whoosh3",
    "whoosh.columns",
    "whoosh.externalsort",  # the writer's sorting runs
    "whoosh.filedb.structfile",
    "whoosh.formats",
    "whoosh.index",
    "whoosh.legacy",
    "whoosh.util.loading",
)
# Those the reader never uses (other codecs, the old file index, multi-process
# writing): patched if something imported them already, otherwise made
# unimportable rather than imported. Importing them would cost time
# (multiproc imports all of multiprocessing), and a frozen build does not
# even hold them. (whoosh.filedb.misc and the other old filedb modules
# unpickle too, but cannot be imported at all in this Whoosh.)
UNUSED_MODULES = (
    "whoosh.codec.plaintext",
    "whoosh.codec.whoosh2",
    "whoosh.filedb.fileindex",
    "whoosh.multiproc",
)


class IndexUnpickler(pickle.Unpickler):
    """The C unpickler, allowed to build only the classes in ALLOWED (and bytes, see SUBSTITUTES)."""

    def find_class(self, module: str, name: str):
        substitute = SUBSTITUTES.get((module, name))
        if substitute is not None:
            return substitute
        if (module, name) in ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"the index names {module}.{name}, which an index of ours never holds")

    def persistent_load(self, pid):
        raise pickle.UnpicklingError("the index holds a persistent reference, which an index of ours never holds")


def load(file, **_ignored):
    return IndexUnpickler(file).load()


def loads(data, /, **_ignored):
    # Given a plain BytesIO the C unpickler calls read() for every opcode,
    # which made a posting block (up to 6 KB, read hundreds of times a query
    # at 10,000 chapters) twice as slow as pickle.loads; a buffered reader lets
    # it take the whole block at once (then faster than pickle.loads,
    # measured). For the tiny pickles (term infos) BytesIO alone is cheaper.
    stream = io.BytesIO(data)
    if len(data) > _SMALL:
        stream = io.BufferedReader(stream, len(data))
    return IndexUnpickler(stream).load()


_SMALL = 100  # bytes; where the buffered reader starts to pay (measured: even at 82, faster at 123)


class _RenamingUnpickler(IndexUnpickler):
    """whoosh.util.loading.RenamingUnpickler's signature (old tables of contents), restricted all the same."""

    def __init__(self, file, objmap=None, shortcuts=None):
        super().__init__(file)


def _pickle_module() -> types.ModuleType:
    """A `pickle` for modules that call pickle.loads: pickle itself, but for its unpicklers."""
    module = types.ModuleType("pickle", "pickle with the unpicklers restricted to the search index's classes")
    module.__dict__.update({k: v for k, v in vars(pickle).items() if not k.startswith("__")})
    module.load, module.loads, module.Unpickler = load, loads, IndexUnpickler
    module._load, module._loads, module._Unpickler = load, loads, IndexUnpickler
    return module


_PLAIN = {
    id(pickle.load): load,
    id(pickle.loads): loads,
    id(pickle._load): load,
    id(pickle._loads): loads,
    id(pickle.Unpickler): IndexUnpickler,
    id(pickle._Unpickler): IndexUnpickler,
}
_installed = False


def plain_unpicklers(namespace: dict) -> list[str]:
    """Names in a module's namespace bound to an unrestricted unpickler (for install and its test)."""
    found = []
    for name, value in namespace.items():
        if value is pickle or id(value) in _PLAIN:
            found.append(name)
        elif isinstance(value, type) and issubclass(value, pickle.Unpickler) and not issubclass(value, IndexUnpickler):
            found.append(name)
    return found


def install() -> None:
    """Make every Whoosh module unpickle through IndexUnpickler. Idempotent, cheap after the first call."""
    global _installed
    if _installed:
        return
    restricted_pickle = _pickle_module()
    for module_name in UNUSED_MODULES:
        if module_name not in sys.modules:
            sys.modules[module_name] = None  # "import" of it is then an ImportError
    modules = USED_MODULES + tuple(name for name in UNUSED_MODULES if sys.modules[name] is not None)
    for module_name in modules:
        namespace = vars(importlib.import_module(module_name))
        for name in plain_unpicklers(namespace):
            value = namespace[name]
            if value is pickle:
                namespace[name] = restricted_pickle
            elif id(value) in _PLAIN:
                namespace[name] = _PLAIN[id(value)]
            else:  # a subclass of the plain unpickler: only RenamingUnpickler
                namespace[name] = _RenamingUnpickler
    # Tables of contents of older Whoosh formats are never ours (we write the
    # current one): refuse them, so their loader is not reached at all.
    importlib.import_module("whoosh.legacy").toc_loaders.clear()
    _installed = True
