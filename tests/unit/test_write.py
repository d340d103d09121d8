import pytest

from builder.outputs import OutputFile, OutputSet
from builder.write import MARKER, check_output_dir, publish


def test_publish_swaps_the_new_tree_in_whole(tmp_path):
    out = tmp_path / "public"
    publish([OutputFile("index.html", b"one"), OutputFile("old/index.html", b"gone soon")], out)
    publish([OutputFile("index.html", b"two")], out)
    assert (out / "index.html").read_bytes() == b"two"
    assert not (out / "old").exists()
    assert (out / MARKER).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"], "no staging folder is left behind"


def test_a_failure_while_writing_leaves_the_published_tree_as_it_was(tmp_path):
    out = tmp_path / "public"
    publish([OutputFile("index.html", b"live")], out)
    with pytest.raises(OSError):
        publish([OutputFile("a.html", b"x"), OutputFile("b.html", copy_from=tmp_path / "missing")], out)
    assert (out / "index.html").read_bytes() == b"live"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_the_output_folder_may_not_be_the_site_or_inside_its_sources(tmp_path):
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    assert check_output_dir(site, site)
    assert check_output_dir(tmp_path, site)
    assert check_output_dir(site / "content" / "out", site)
    assert check_output_dir(site / "public", site) is None


def test_a_folder_beat_did_not_write_is_never_replaced(tmp_path):
    (tmp_path / "site").mkdir()
    foreign = tmp_path / "docs"
    foreign.mkdir()
    (foreign / "thesis.txt").write_text("precious")
    assert "did not write" in check_output_dir(foreign, tmp_path / "site")


def test_two_outputs_on_one_path_are_a_problem_naming_both_owners():
    outputs = OutputSet()
    outputs.add(OutputFile("about/index.html", b"", owner="content/pages/about.md"))
    outputs.add(OutputFile("About/index.html", b"", owner="static/About/index.html"))
    assert [str(p) for p in outputs.problems] == [
        "static/About/index.html: error: would write About/index.html, which content/pages/about.md already writes"
    ]
