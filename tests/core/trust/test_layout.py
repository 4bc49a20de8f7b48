"""The edition layout: every real file passes, anything that could leave the edition does not."""

import pytest

from reader.core.trust.layout import is_edition_path
from reader.core.paths import bundled_repository
from reader.core.trust.verify import verify_metadata
from reader.core.paths import trusted_root_file
from reader.core.editions.library import _copy_metadata


def test_every_file_of_the_bundled_edition_fits(tmp_path):
    _copy_metadata(bundled_repository() / "metadata", tmp_path)
    targets = verify_metadata(trusted_root_file().read_bytes(), tmp_path).targets
    assert targets and all(is_edition_path(p) for p in targets)


@pytest.mark.parametrize("path", [
    "../../.bashrc", "/etc/passwd", "chapters/../../x.md", "chapters/x.md/", "chapters/X.md",
    "chapters/a/b.md", "chapters/.md", "chapters/-a.md", "wordings/a/2019-1-1.md", "wordings/a/../b.md",
    "metadata/root.json", "edition.toml/x", ".config/autostart/x.desktop", "chapters\\x.md",
    "chapters/x.md\x00", "chapters/x.md\n", "", None, 5, "chapters/" + "a" * 300 + ".md",
])
def test_paths_outside_the_layout_are_refused(path):
    assert not is_edition_path(path)
