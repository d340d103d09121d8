"""The editor's content checks: personal data, accessibility and unfinished text in stories.

`story_findings` runs per story in the parser; `load_policy` and `apply_policy` apply site.toml's
`[checks]` to a build's problems; `rules.RULES` lists every rule id and its default severity.
"""

from builder.checks.personal import region_of
from builder.checks.policy import CheckPolicy, apply_policy, load_policy
from builder.checks.rules import RULES, Level, Rule
from builder.checks.story import ALLOW_KEY, story_findings

__all__ = ["ALLOW_KEY", "RULES", "CheckPolicy", "Level", "Rule", "apply_policy", "load_policy", "region_of", "story_findings"]
