from builder.config import load_config, normalise_base_url


def test_defaults_when_there_is_no_site_toml(tmp_path):
    config, problems = load_config(tmp_path)
    assert problems == []
    assert config.paginate == 20 and config.feed_limit == 20 and config.theme == "default"


def test_base_url_gets_a_trailing_slash_and_its_path_is_the_base_path(tmp_path):
    (tmp_path / "site.toml").write_text('base_url = "https://example.org/archive"\n')
    config, problems = load_config(tmp_path)
    assert problems == []
    assert config.base_url == "https://example.org/archive/"
    assert config.base_path == "/archive/"


def test_command_line_base_url_overrides_the_file(tmp_path):
    (tmp_path / "site.toml").write_text('base_url = "https://example.org/"\n')
    config, _ = load_config(tmp_path, base_url="https://other.example/x/")
    assert config.base_url == "https://other.example/x/"


def test_unknown_keys_warn_with_a_suggestion(tmp_path):
    (tmp_path / "site.toml").write_text('titel = "x"\n')
    _, problems = load_config(tmp_path)
    assert [str(p) for p in problems] == ['site.toml: warning: unknown setting "titel"; did you mean "title"?']


def test_bad_values_are_errors(tmp_path):
    (tmp_path / "site.toml").write_text('paginate = 0\nbase_url = "ftp://x"\ntimezone = "Mars/Olympus"\ntitle = 3\n')
    _, problems = load_config(tmp_path)
    assert len([p for p in problems if p.is_error]) == 4


def test_invalid_toml_reports_its_line(tmp_path):
    (tmp_path / "site.toml").write_text('title = "x"\nbase_url = \n')
    _, problems = load_config(tmp_path)
    assert str(problems[0]).startswith("site.toml:2: error: invalid TOML")


def test_only_absolute_http_urls_are_base_urls():
    assert normalise_base_url("https://example.org") == "https://example.org/"
    assert normalise_base_url("/archive/") is None
    assert normalise_base_url("javascript:alert(1)") is None
