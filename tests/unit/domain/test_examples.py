"""docs/examples: every application is decided by ``komek assess`` as its expected file says.

One complete application per regime and outcome (docs/examples/<rule set>/<outcome>.json),
assessed by the command itself with the examples' poverty lines (docs/examples/params), in
both languages; the decision (figures, payments, grounds, warnings, trace steps) is compared
with <outcome>.expected.json beside it. The example of docs/interchange.md is one of them.

After a deliberate change of the rules, rewrite the expected files with
``KOMEK_WRITE_EXAMPLES=1 python -m pytest tests/unit/domain/test_examples.py`` and review the
difference like any other change.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "docs" / "examples"
PARAMS = EXAMPLES / "params"
APPLICATIONS = sorted(p for p in EXAMPLES.glob("*/*.json") if not p.name.endswith(".expected.json"))
REGIMES = ("law2001-2013", "law2001-2015", "law2001-2018", "law2001-2019", "social-code-2023")
OUTCOMES = ("assigned", "refused", "not_accepted")
WRITE = os.environ.get("KOMEK_WRITE_EXAMPLES") == "1"


def assess(path: Path, lang: str) -> dict[str, Any]:
    """``komek assess`` as a person runs it: a new process, the examples' parameters only."""
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "--lang", lang, "assess", str(path),
         "--params", str(PARAMS)],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stdout + result.stderr
    output: dict[str, Any] = json.loads(result.stdout)
    assert output["lang"] == lang
    return output


def decision(output: dict[str, Any]) -> dict[str, Any]:
    """What the output decides, without its texts (the same in every language)."""
    kept = {key: value for key, value in output.items()
            if key not in ("lang", "outcome_text", "rule_set", "refusals", "member_refusals",
                           "warnings", "trace")}
    kept["rule_set"] = output["rule_set"]["id"]
    kept["refusals"] = [{"code": g["code"], "until": g["until"]} for g in output["refusals"]]
    kept["member_refusals"] = [{"code": g["code"], "member_id": g["member_id"]}
                               for g in output["member_refusals"]]
    kept["warnings"] = [[w["code"], w["pointer"]] for w in output["warnings"]]
    kept["trace"] = [step["code"] for step in output["trace"]]
    return kept


def test_one_example_per_regime_and_outcome() -> None:
    names = {(path.parent.name, path.stem) for path in APPLICATIONS}
    assert names == {(regime, outcome) for regime in REGIMES for outcome in OUTCOMES}


@pytest.mark.parametrize("path", APPLICATIONS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_the_example_is_decided_as_expected(path: Path) -> None:
    outputs = {lang: assess(path, lang) for lang in ("kk", "ru")}
    decided = decision(outputs["ru"])
    assert decision(outputs["kk"]) == decided
    assert (decided["rule_set"], decided["outcome"]) == (path.parent.name, path.stem)
    for lang, output in outputs.items():  # every text is there, in its language
        assert all(g["text"] and g["legal_reference"] for g in output["refusals"]), lang
        assert all(step["title"] and step["legal_reference"] for step in output["trace"]), lang
    expected_path = path.with_suffix(".expected.json")
    if WRITE:
        expected_path.write_text(json.dumps(decided, ensure_ascii=False, indent=2) + "\n",
                                 encoding="utf-8")
    assert decided == json.loads(expected_path.read_text(encoding="utf-8"))


def test_the_example_of_the_interchange_page_is_a_runnable_one() -> None:
    page = (ROOT / "docs" / "interchange.md").read_text(encoding="utf-8")
    section = page[page.index("## Example"):]
    shown = json.loads(re.search(r"```json\n(.*?)\n```", section, re.S).group(1))  # type: ignore[union-attr]
    assert "…" not in json.dumps(shown, ensure_ascii=False)
    example = EXAMPLES / "social-code-2023" / "assigned.json"
    assert shown == json.loads(example.read_text(encoding="utf-8"))
