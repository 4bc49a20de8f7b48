"""Any JSON value, for property tests of the files the reader keeps (settings, state, bookmarks)."""

from hypothesis import strategies as st

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
    | st.sampled_from(["2026-01-01", "2026-01-01T00:00:00", "1", "introduction", "../../x", "<b>x</b>", "a" * 64]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8) | st.sampled_from(
        ["edition", "previous", "version", "values", "bookmarks", "chapter"]), inner, max_size=4),
    max_leaves=12,
)
