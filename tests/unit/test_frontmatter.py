import pytest

from builder.frontmatter import FrontMatterError, split


def test_yaml_front_matter_gives_data_body_and_the_line_of_each_key():
    front = split("---\ntitle: A\ndate: 2026-01-02\n---\nBody text\n")
    assert front.data["title"] == "A"
    assert front.key_lines == {"title": 2, "date": 3}
    assert front.body == "Body text\n"
    assert front.body_line == 5


def test_toml_front_matter_is_read_with_tomllib():
    front = split('+++\ntitle = "T"\ntags = ["a", "b"]\n+++\nBody')
    assert front.data == {"title": "T", "tags": ["a", "b"]}
    assert front.key_lines["tags"] == 3


def test_yes_and_no_stay_text_as_in_yaml_1_2():
    front = split("---\ndepartment: no\ndraft: true\ntitle: 2024\n---\n")
    assert front.data["department"] == "no"
    assert front.data["draft"] is True
    assert front.raw_scalars["title"] == "2024"


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("---\ntitle: x\n", 1, "never closed"),
        ("no front matter here", 1, "has no front matter"),
        ("---\ntitle: ok\ntags: [a, b\n---\n", 3, "invalid YAML"),
        ("---\n- a\n- b\n---\n", 2, "not a list"),
        ("---\njust text\n---\n", 2, "not a single value"),
        ("---\nx: !!python/object/apply:os.system ['echo hi']\n---\n", 2, "YAML tag not allowed"),
        ("---\na: &a [1, 2]\nb: [*a, *a]\n---\n", None, "aliases"),
        ('+++\ntitle = "x"\nbad = \n+++\n', 3, "invalid TOML"),
    ],
)
def test_broken_front_matter_raises_with_the_file_line(text, line, fragment):
    with pytest.raises(FrontMatterError) as caught:
        split(text)
    assert fragment in caught.value.message
    if line is not None:
        assert caught.value.line == line


def test_python_object_tags_never_run(tmp_path):
    marker = tmp_path / "PWNED"
    with pytest.raises(FrontMatterError):
        split(f"---\nx: !!python/object/apply:os.system ['touch {marker}']\n---\n")
    assert not marker.exists()


def test_an_impossible_date_is_kept_as_text_for_the_field_check():
    assert split("---\ndate: 2024-02-30\n---\n").data["date"] == "2024-02-30"
