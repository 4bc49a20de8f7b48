from reader.core.render import blocks, to_html, to_text
from reader.publish.capture import inline_markdown


def test_raw_html_is_shown_as_text_never_interpreted():
    html = to_html('Look <script>alert(1)</script> and <a href="http://x">x</a>')
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_escaped_capture_text_renders_back_to_itself():
    text = "R v Barking [2003] ELR 144 *not bold* _x_ `code` <tag> &amp; 3 < 4"
    assert blocks(inline_markdown(text))[0].text == text


def test_addresses_become_links():
    html = to_html(inline_markdown("Email: lado@walsall.gov.uk or https://www.ecdop.co.uk/BlackCountry/Live/Public."))
    assert 'href="https://www.ecdop.co.uk/BlackCountry/Live/Public"' in html
    assert 'href="mailto:lado@walsall.gov.uk"' in html


def test_text_keeps_list_markers_and_nesting():
    text = to_text("Intro:\n\n- one\n- two\n    - nested\n\nThen:\n\n1. first\n1. second\n\nAfter.\n")
    assert text == "Intro:\n\n• one\n• two\n  • nested\n\nThen:\n\n1. first\n2. second\n\nAfter.\n"


def test_loose_list_items_keep_their_markers():
    assert [(b.kind, b.marker, b.text) for b in blocks("- one\n\n- two\n")] == [("li", "•", "one"), ("li", "•", "two")]
