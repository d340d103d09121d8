"""Publisher.reusable: an output known only by its stamp is published from the file a build wrote."""

import os

from builder.outputs import OutputFile
from builder.write import Publisher


def first_build(out):
    publisher = Publisher(out)
    publisher.write(OutputFile("a.html", b"page", stamp="s1"))
    return publisher.publish()


def test_a_page_the_live_tree_holds_is_linked_from_it(tmp_path):
    out = tmp_path / "public"
    manifests = first_build(out)
    publisher = Publisher(out, manifests)
    page = OutputFile("a.html", reuse=True, stamp="s1")
    assert publisher.reusable(page)
    publisher.write(page)
    live = (out / "a.html").resolve()
    publisher.publish()
    assert (out / "a.html").read_bytes() == b"page"
    assert os.path.samefile(out / "a.html", live)


def test_a_live_file_changed_by_hand_or_another_stamp_is_not_reusable(tmp_path):
    out = tmp_path / "public"
    manifests = first_build(out)
    assert not Publisher(out, manifests).reusable(OutputFile("a.html", reuse=True, stamp="s2"))
    (out / "a.html").write_bytes(b"tampered")
    assert not Publisher(out, manifests).reusable(OutputFile("a.html", reuse=True, stamp="s1"))


def test_a_page_this_tree_holds_already_is_left_as_it_is(tmp_path):
    out = tmp_path / "public"
    manifests = first_build(out)
    second = Publisher(out, manifests)
    second.write(OutputFile("a.html", b"page", stamp="s1"))
    manifests = second.publish()
    third = Publisher(out, manifests)  # back in the first tree, which has the page
    page = OutputFile("a.html", reuse=True, stamp="s1")
    assert third.reusable(page)
    third.write(page)
    assert third.files_written == 0
