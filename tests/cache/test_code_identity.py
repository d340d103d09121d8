"""What `beat build` remembers is tied to Beat's own code: a new check in the parser shows on the
next build, for stories parsed before it, with no version number bumped."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from tests.conftest import REPO, story

PLANTED = "planted check: every story is looked at"
CHECK = """    fields.problems.append(warning(source.path, "PLANTED"))
    if published is None or any(p.is_error for p in fields.problems):
""".replace("PLANTED", PLANTED)


def test_a_check_added_to_the_parser_shows_for_stories_parsed_before_it(make_site, tmp_path):
    code = tmp_path / "code"
    shutil.copytree(REPO / "builder", code / "builder", ignore=shutil.ignore_patterns("__pycache__"))
    if (REPO / "themes").is_dir():
        shutil.copytree(REPO / "themes", code / "themes")
    site = make_site({"content/stories/a.md": story(), "content/stories/b.md": story(title="B")})
    env = {**os.environ, "PYTHONPATH": str(code)}

    def beat(*args: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "builder", *args]
        return subprocess.run(command, cwd=site.root, env=env, capture_output=True, text=True, timeout=120, check=False)

    where = subprocess.run(
        [sys.executable, "-c", "import builder; print(builder.__file__)"], cwd=site.root, env=env, capture_output=True, text=True
    )
    assert where.stdout.strip() == str(code / "builder/__init__.py"), "the build must run the copied code"

    parser = code / "builder/parse.py"
    original = parser.read_text(encoding="utf-8")
    assert original.count("    if published is None or any(p.is_error for p in fields.problems):\n") == 1
    identity = code / "builder/incremental/code.py"
    real_identity = identity.read_text(encoding="utf-8")

    # The control: with the code left out of the identity, the cached stories hide the new check.
    identity.write_text(real_identity.replace("(_package_digest(Path(builder.__file__).parent), ", '("same", '), encoding="utf-8")
    assert beat("build").returncode == 0
    parser.write_text(original.replace("    if published is None or any(p.is_error for p in fields.problems):\n", CHECK))
    stale = beat("build")
    assert stale.returncode == 0 and PLANTED not in stale.stderr

    # With the code in it, as shipped: the check shows for both stories at once.
    identity.write_text(real_identity, encoding="utf-8")
    assert beat("build").returncode == 0
    parser.write_text(original, encoding="utf-8")
    assert PLANTED not in beat("build").stderr
    parser.write_text(original.replace("    if published is None or any(p.is_error for p in fields.problems):\n", CHECK))
    seen = beat("build")
    assert seen.returncode == 0 and seen.stderr.count(PLANTED) == 2, seen.stderr
