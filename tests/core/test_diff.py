from reader.core.content import read_manual
from reader.core.diff import has_changes, redline, redline_html
from tests.conftest import CONTENT


def test_redline_marks_inserted_and_deleted_words():
    pieces = redline("The cat sat on the mat.\n", "The cat lay on the old mat.\n")
    ops = [(p.op, p.text.strip()) for p in pieces if p.op != "same"]
    assert ("del", "sat") in ops and ("ins", "lay") in ops and ("ins", "old") in ops


def test_identical_wordings_have_no_changes():
    assert not has_changes(redline("Same text.\n", "Same text.\n"))


def test_introduction_2017_to_2019():
    intro = read_manual(CONTENT).chapter("introduction")
    pieces = redline(intro.previous[0].body, intro.body)
    deleted = " ".join(p.text for p in pieces if p.op == "del")
    inserted = " ".join(p.text for p in pieces if p.op == "ins")
    assert "March 2015" in deleted and "July 2018" in inserted
    html = redline_html(pieces)
    assert "line-through" in html and "underline" in html
    # every word of the new wording is in the redline, in order
    assert "".join(p.text for p in pieces if p.op != "del").split() == \
        "".join(p.text for p in redline(intro.body, intro.body)).split()
