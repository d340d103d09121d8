from builder.prose import MarkdownRenderer, excerpt


def render(text, base="/"):
    return MarkdownRenderer(base).render(text)


def test_scripts_event_handlers_javascript_links_and_frames_are_removed():
    body = render(
        '<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src="a.png" onerror="alert(1)">'
        '\n\n<iframe src="https://evil.example"></iframe> <a href="#" onclick="x()">y</a>'
    )
    html = str(body.html)
    for bad in ("<script", "javascript:", "onerror", "onclick", "<iframe"):
        assert bad not in html


def test_root_relative_links_get_the_base_path_and_media_is_recorded():
    body = render("[a](/stories/x/) ![p](media/p.png) [b](https://example.org/) [c](#top)", base="/archive/")
    html = str(body.html)
    assert 'href="/archive/stories/x/"' in html
    assert 'src="/archive/media/p.png"' in html
    assert 'href="https://example.org/"' in html and 'href="#top"' in html
    assert body.media == ("media/p.png",)


def test_media_links_that_leave_the_media_folder_are_reported_and_dropped():
    body = render("[x](/media/../site.toml)")
    assert body.bad_links == ("/media/../site.toml",)
    assert "site.toml" not in str(body.html)


def test_level_one_headings_in_a_body_move_down_a_level():
    assert "<h2>Title</h2>" in str(render("# Title\n\n## Sub").html)
    assert "<h3>Sub</h3>" in str(render("# Title\n\n## Sub").html)
    assert "<h2>Sub</h2>" in str(render("## Sub").html)


def test_images_load_lazily():
    assert 'loading="lazy"' in str(render("![a](https://example.org/a.png)").html)


def test_the_renderer_keeps_no_state_between_documents():
    renderer = MarkdownRenderer("/")
    renderer.render("Text[^1]\n\n[^1]: note")
    assert "footnote" not in str(renderer.render("Plain").html)


def test_excerpt_cuts_on_a_word_with_an_ellipsis():
    assert excerpt("one two three four", words=2) == "one two…"
    assert excerpt("one two", words=5) == "one two"


def test_images_load_lazily_with_their_attributes_in_the_same_order_every_time():
    # nh3's set_tag_attribute_values wrote them in a random order; a build must be byte-stable.
    outputs = {str(render('![a > b](media/x.png) <img src="/media/y.png" alt="y" loading="eager"/>').html) for _ in range(50)}
    assert outputs == {
        '<p><img alt="a &gt; b" src="/media/x.png" loading="lazy" decoding="async"> '
        '<img src="/media/y.png" alt="y" loading="lazy" decoding="async"></p>'
    }
