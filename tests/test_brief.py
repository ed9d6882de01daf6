"""The capstone's brief builder (course.brief): choices checked with friendly errors, model
runs against hand-worked answers, the rubric checks, Markdown with a source for every figure,
and exports that never overwrite another student's files.

Oracles: the data files read with the csv module; textbook arithmetic worked by hand; the
DeepSeek-V3 report's own figures, which the default assumptions must reproduce.
"""

from __future__ import annotations

import csv
import json
import re
import tomllib

import pytest
from conftest import DATA, ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from course import brief
from course.brief import Brief, BriefError, BriefTypeError

with open(DATA / "facts.csv", encoding="utf-8", newline="") as _f:
    FACTS = {row["id"]: row for row in csv.DictReader(_f)}
with open(DATA / "claims.csv", encoding="utf-8", newline="") as _f:
    CLAIMS = {row["id"]: row for row in csv.DictReader(_f)}

POSITION = "Yes, where an open model meets the need, because it avoids lock-in."


def value(fact_id: str) -> float:
    return float(FACTS[fact_id]["value"])


def new(**changes) -> Brief:
    args = {"author": "Ada Lovelace", "stakeholder": "start-up",
            "question": "public-procurement", "position": POSITION, "as_of": "2025-10-01"}
    args.update(changes)
    return Brief(**args)


def complete(**changes) -> Brief:
    b = new(**changes)
    b.add_fact("r1-license-mit", "MIT weights can be hosted by any supplier we choose.")
    b.add_fact("r1-price-output", "DeepSeek lists R1's output tokens at a low price.")
    b.add_claim("no-licensing-fees", "The coverage is right that the MIT licence is free.")
    b.run_api_bill("Support chatbot", input_tokens_m=40, output_tokens_m=10)
    b.other_side = ("Closed suppliers argue that their models are better and come with "
                    "support and security certifications that open weights lack, so the "
                    "cheapest bill is not the cheapest service.")
    b.recommendation = "Prefer open weights where they meet the need; buy support separately."
    return b


# ---------------------------------------------------------------- choices


@pytest.mark.parametrize("changes, words", [
    ({"stakeholder": "goverment"}, "stakeholder must be one of government.*Did you mean: "
                                   "government"),
    ({"question": "fund-open-model"}, "Did you mean: fund-open-models"),
    ({"question": "Is open AI good"}, "ending with '\\?'"),
    ({"position": "Yes."}, "position is empty or too short"),
    ({"position": "word " * 91}, "position has 91 words; keep it to 90"),
    ({"author": "!!!"}, "no letters or digits"),
    ({"as_of": "1 Oct 2025"}, "as_of must be a date such as '2025-01-20'"),
])
def test_bad_choices_get_a_message_that_says_what_to_change(changes, words):
    with pytest.raises(BriefError, match=words):
        new(**changes)


@pytest.mark.parametrize("changes, words", [
    ({"position": 42}, "position must be text in quotes"),
    ({"question": None}, "question must be one of"),
    ({"as_of": 20251001}, "as_of must be"),
])
def test_wrong_types_raise_type_errors(changes, words):
    with pytest.raises(BriefTypeError, match=words) as caught:
        new(**changes)
    assert isinstance(caught.value, TypeError) and isinstance(caught.value, ValueError)


def test_a_question_can_be_the_students_own():
    b = new(question="Should universities host open models for their students?")
    assert b.question == "Should universities host open models for their students?"
    assert new(question="licence-threshold").question == brief.QUESTIONS["licence-threshold"]


def test_an_error_shows_as_one_friendly_line_in_jupyter():
    with pytest.raises(BriefError) as caught:
        new(stakeholder="nobody")
    lines = caught.value._render_traceback_()
    assert len(lines) == 1 and lines[0].startswith("Your brief was not changed.")
    assert "Traceback" not in lines[0] and "stakeholder must be one of" in lines[0]


# ---------------------------------------------------------------- evidence


def test_a_claim_carries_its_quote_verdict_and_correction():
    b = new()
    item = b.add_claim("nvidia-one-fifth", "Even the sell-off was overstated.")
    row = CLAIMS["nvidia-one-fifth"]
    assert (item.text, item.rating, item.detail) == (row["quote"], row["status"],
                                                     row["correction"])
    assert f"paragraph {row['paragraph']}" in item.source


def test_a_fact_carries_its_statement_source_and_confidence():
    item = new().add_fact("openai-share-80", "Unverified: the 80% has no source.")
    row = FACTS["openai-share-80"]
    assert (item.text, item.rating) == (row["statement"], "NV")
    assert item.source == f"{row['source']}, {row['locator']}" and not item.verified


def test_adding_twice_updates_the_note_and_removing_takes_it_out():
    b = new()
    b.add_fact("v3-gpus", "First note.")
    b.add_fact("v3-gpus", "Second note.")
    assert [(e.id, e.note) for e in b.evidence] == [("v3-gpus", "Second note.")]
    b.remove("v3-gpus")
    assert b.evidence == []
    with pytest.raises(BriefError, match="Nothing called 'v3-gpus' is in the brief"):
        b.remove("v3-gpus")


def test_unknown_ids_are_refused_with_suggestions_and_the_brief_is_unchanged():
    b = new()
    with pytest.raises(BriefError, match="no claim 'nvidia-one-fith'.*nvidia-one-fifth"):
        b.add_claim("nvidia-one-fith", "note")
    with pytest.raises(BriefError, match="no fact 'v3-gpu-hour-total'.*v3-gpu-hours-total"):
        b.add_fact("v3-gpu-hour-total", "note")
    with pytest.raises(BriefError, match="note is empty"):
        b.add_fact("v3-gpus", "  ")
    assert b.evidence == []


def test_a_one_page_brief_takes_at_most_eight_pieces_of_evidence():
    b = new()
    ids = list(FACTS)[:8]
    for fid in ids:
        b.add_fact(fid, "A note.")
    with pytest.raises(BriefError, match="at most 8 pieces of evidence"):
        b.add_fact(list(FACTS)[8], "One too many.")
    assert [e.id for e in b.evidence] == ids


def test_the_catalogue_lists_every_claim_and_fact_once():
    table = brief.catalogue()
    assert sorted(table.loc[table["kind"] == "claim", "id"]) == sorted(CLAIMS)
    assert sorted(table.loc[table["kind"] == "fact", "id"]) == sorted(FACTS)
    rated = table.set_index("id")["rating"]
    assert rated["openai-80-percent-market"] == "unverifiable" and rated["v3-gpus"] == "V"


# ---------------------------------------------------------------- model runs


def test_default_training_inputs_reproduce_deepseeks_reported_figures():
    run = new().run_training("V3", params_active=value("v3-params-active"),
                             tokens=value("v3-tokens"))
    assert run.results["flop"] == pytest.approx(6 * 37e9 * 14.8e12)
    assert run.results["gpu_hours"] == pytest.approx(value("v3-gpu-hours-total"), rel=1e-9)
    assert run.results["cost_usd"] == pytest.approx(value("v3-cost-usd"), rel=1e-9)
    cited = {f for a in run.assumptions for f in a.fact_ids}
    assert {"v3-params-active", "v3-tokens", "h800-peak-bf16", "v3-rental-price"} <= cited


def test_a_training_run_worked_by_hand():
    # 1e25 FLOP / (989e12 FLOP/s x 0.4 x 3600 s) = 7.0217e6 GPU-hours; x $2 = $14.04M
    run = new().run_training("EU line", flop=1e25, peak_flops=989e12, utilization=0.4,
                             usd_per_gpu_hour=2)
    assert run.results["gpu_hours"] == pytest.approx(1e25 / (989e12 * 0.4 * 3600))
    assert run.results["cost_usd"] == pytest.approx(14.0434e6, rel=1e-4)
    sources = {a.name: a.basis for a in run.assumptions}
    assert sources["utilisation"] == "your assumption"
    assert next(a for a in run.assumptions if a.name == "training compute").fact_ids == (
        "eu-ai-act-threshold",)  # 1e25 FLOP is the EU line, and says so


def test_the_capstone_numeric_exercise_agrees_with_the_model():
    bank = tomllib.loads((DATA / "exercises" / "09_capstone_policy_brief.toml").read_text(
        encoding="utf-8"))
    spec = next(e for e in bank["exercise"] if e["id"] == "09.threshold-cost")
    run = new().run_training("EU line", flop=value("eu-ai-act-threshold"),
                             peak_flops=value("h800-peak-bf16"), utilization=0.4,
                             usd_per_gpu_hour=value("v3-rental-price"))
    assert spec["answer"] == pytest.approx(run.results["cost_usd"] / 1e6, abs=spec["tolerance"])


@pytest.mark.parametrize("flop, day, above, binding", [
    (3.8e25, "2025-10-01", ["eu-ai-act-51"], ["eu-ai-act-51"]),
    (3.8e25, "2024-12-01", ["eu-ai-act-51"], []),  # law, but the duties start in Aug 2025
    (2e26, "2024-06-01", ["eu-ai-act-51", "us-eo-14110"], ["us-eo-14110"]),
    (1e25, "2025-10-01", [], []),  # a rule applies *above* its line
])
def test_training_runs_are_checked_against_the_thresholds_on_the_briefs_date(
        flop, day, above, binding):
    from course import policy

    names = {r.id: r.name for r in policy.threshold_rules()}
    run = new(as_of=day).run_training("run", flop=flop)
    assert run.results["above"] == [names[i] for i in above]
    assert run.results["binding"] == [names[i] for i in binding]


@pytest.mark.parametrize("kwargs, error, words", [
    ({"flop": 1e25, "tokens": 1e12}, BriefError, "either flop, or params_active and tokens"),
    ({"params_active": 37e9}, BriefError, "both params_active"),
    ({"flop": 1e25, "utilization": 0}, BriefError, "utilization must be a finite number > 0"),
    ({"flop": 1e25, "utilization": 1.5}, BriefError, "utilization .*<= 1"),
    ({"flop": 1e25, "utilization": "40%"}, BriefTypeError, "plain number"),
    ({"flop": -1}, BriefError, "flop must be a finite number > 0"),
])
def test_bad_training_inputs_are_refused(kwargs, error, words):
    b = new()
    with pytest.raises(error, match=words):
        b.run_training("run", **kwargs)
    assert b.runs == []


def test_an_api_bill_worked_by_hand():
    run = new().run_api_bill("chat", input_tokens_m=40, output_tokens_m=10)
    # R1: 40 x 0.55 + 10 x 2.19 = 43.9; o1: 40 x 15 + 10 x 60 = 1,200
    assert run.results["bills"] == pytest.approx({"deepseek-reasoner-2025-01": 43.9,
                                                  "o1-2025-01": 1200.0})
    cached = new().run_api_bill("chat", input_tokens_m=40, output_tokens_m=10,
                                cached_share=0.5)
    # half the input at the cache-hit price: 20 x 0.55 + 20 x 0.14 + 21.9 = 35.7
    assert cached.results["bills"]["deepseek-reasoner-2025-01"] == pytest.approx(35.7)
    assert "27 times the cheapest" in run.sentence  # 1,200 / 43.9 = 27.3


def test_bad_api_inputs_are_refused():
    b = new()
    with pytest.raises(BriefError, match="no price row 'o1'.*o1-2025-01"):
        b.run_api_bill("chat", input_tokens_m=1, output_tokens_m=1,
                       prices=("deepseek-reasoner-2025-01", "o1"))
    with pytest.raises(BriefError, match="two to four ids"):
        b.run_api_bill("chat", input_tokens_m=1, output_tokens_m=1, prices="o1-2025-01")
    with pytest.raises(BriefError, match="input_tokens_m must be a finite number >= 0"):
        b.run_api_bill("chat", input_tokens_m=-5, output_tokens_m=1)


def test_demand_runs_match_textbook_cases():
    b = new()
    unit = b.run_demand("unit elastic", elasticity=1, price_ratio=0.5)
    assert unit.results["usage_ratio"] == pytest.approx(2)
    assert unit.results["spend_ratio"] == pytest.approx(1)  # e = 1 keeps spending constant
    flat = b.run_demand("inelastic", elasticity=0, price_ratio=0.5)
    assert flat.results["usage_ratio"] == 1 and flat.results["spend_ratio"] == 0.5
    default = b.run_demand("R1 vs o1", elasticity=1.5)
    assert default.results["price_ratio"] == pytest.approx(value("r1-price-output")
                                                           / value("o1-price-output"))
    assert "spending rises" in default.sentence
    assert [r.label for r in b.runs] == ["unit elastic", "inelastic", "R1 vs o1"]
    b.run_demand("inelastic", elasticity=0.2, price_ratio=0.5)  # same label: replaced
    assert len(b.runs) == 3 and b.runs[-1].results["elasticity"] == 0.2


@settings(max_examples=40, deadline=None)
@given(flop=st.floats(1e20, 1e28), use=st.floats(0.05, 1), price=st.floats(0.1, 20))
def test_training_cost_follows_the_chain_and_scales_as_it_should(flop, use, price):
    b = new()
    run = b.run_training("a", flop=flop, utilization=use, usd_per_gpu_hour=price)
    double = b.run_training("b", flop=flop, utilization=use, usd_per_gpu_hour=2 * price)
    faster = b.run_training("c", flop=flop, utilization=use / 2, usd_per_gpu_hour=price)
    peak = value("h800-peak-bf16")
    assert run.results["gpu_hours"] == pytest.approx(flop / (peak * use * 3600))
    assert double.results["cost_usd"] == pytest.approx(2 * run.results["cost_usd"])
    assert faster.results["cost_usd"] == pytest.approx(2 * run.results["cost_usd"])


# ---------------------------------------------------------------- the rubric checks


def test_a_complete_brief_passes_and_each_missing_part_is_named():
    assert complete().check() == []
    b = new()
    problems = b.check()
    for start in ("Evidence: add at least 3", "Evidence: cite at least two facts",
                  "Models:", "Other side:", "Clarity: set .recommendation"):
        assert any(p.startswith(start) for p in problems), start


def test_the_templates_placeholder_name_is_flagged():
    assert complete(author="Your name").check() == [
        "Question: put your own name (or student id) in author; it names your folder."]


def test_unverified_and_wrong_evidence_must_be_called_so():
    b = complete()
    b.add_fact("openai-share-80", "OpenAI dominates the market.")
    b.add_claim("r1-released-nov-2024", "R1 came out in 2024.")
    problems = b.check()
    assert any("openai-share-80 is an unverified (NV) fact" in p for p in problems)
    assert any("r1-released-nov-2024 is a claim the course rates wrong" in p for p in problems)
    b.add_fact("openai-share-80", "Unverified: the 80% share has no source at all.")
    b.add_claim("r1-released-nov-2024", "A wrong date: shows how coverage slips.")
    assert b.check() == []


def test_nv_facts_and_claims_cannot_carry_the_argument_alone():
    b = complete()
    for fid in ("r1-license-mit", "r1-price-output"):
        b.remove(fid)
    b.add_fact("openai-share-80", "Unverified: no source for the share.")
    b.add_claim("chatgpt-pro-200", "The Pro plan price is right.")
    assert any("at least two facts rated V or W" in p for p in b.check())


def test_a_brief_too_long_for_a_page_is_flagged():
    b = complete()
    for fid in list(FACTS)[:5]:
        b.add_fact(fid, "A long note that repeats itself to fill the page. " * 6)
    b.other_side = "The other side says a great deal at length here. " * 13
    b.recommendation = "Do this and then that and then the other thing. " * 10
    assert any(p.startswith("Clarity: the brief has") for p in b.check())


def test_the_rubric_has_five_criteria_with_four_levels_each():
    table = brief.rubric_table()
    assert table.shape == (5, 4)
    assert [c.id for c in brief.RUBRIC] == ["question", "evidence", "models", "other-side",
                                           "clarity"]
    text = brief.rubric_markdown()
    assert all(f"**{c.name}**" in text for c in brief.RUBRIC)


# ---------------------------------------------------------------- the page


def test_every_figure_in_the_page_has_a_source():
    b = complete()
    b.run_training("V3", params_active=value("v3-params-active"), tokens=value("v3-tokens"))
    page = b.to_markdown()
    body, sources = page.split("## Sources")
    tags = set(re.findall(r"\[([FC]\d+)", body))
    listed = set(re.findall(r"^- \[([FC]\d+)\]", sources, re.M))
    assert tags == listed and tags
    for item in b.evidence:
        assert f"`{item.id}`" in sources
    for run in b.runs:
        for a in run.assumptions:
            assert a.fact_ids or a.basis, a  # every input has a source or is owned
            for fid in a.fact_ids:
                assert FACTS[fid]["source"] in sources
    assert "Confidence V: verified in the primary source" in sources


def test_the_page_names_the_seat_question_and_verdicts():
    b = complete()
    page = b.to_markdown()
    assert page.startswith(f"# {b.title}\n")
    assert "a start-up" in page and brief.QUESTIONS["public-procurement"] in page
    assert "the course rates this **accurate**" in page
    assert "[F1, verified]" in page


# ---------------------------------------------------------------- export


def test_export_writes_the_page_charts_and_manifest(tmp_path):
    b = complete()
    b.run_demand("price cut", elasticity=1.3)
    path = b.export(tmp_path / "ada")
    folder = path.parent
    assert path.name == "brief.md"
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["brief.json", "brief.md", "chart-api-bill.png", "chart-demand.png"]
    for png in folder.glob("*.png"):
        assert png.read_bytes()[:4] == b"\x89PNG"
    page = path.read_text(encoding="utf-8")
    for link in re.findall(r"!\[[^\]]+\]\(([^)]+)\)", page):
        assert (folder / link).is_file()
    manifest = json.loads((folder / "brief.json").read_text(encoding="utf-8"))
    assert manifest["author"] == "Ada Lovelace" and manifest["problems"] == []
    assert manifest["files"] == ["brief.md", "chart-api-bill.png", "chart-demand.png"]


def test_reexporting_your_own_brief_replaces_it_and_drops_stale_charts(tmp_path):
    b = complete()
    b.run_demand("price cut", elasticity=1.3)
    b.export(tmp_path)
    (tmp_path / "notes.txt").write_text("my own notes", encoding="utf-8")
    b.remove("price cut")
    b.export(tmp_path)
    assert not (tmp_path / "chart-demand.png").exists()
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "my own notes"


def test_another_students_brief_is_never_overwritten(tmp_path):
    complete(author="Grace Hopper").export(tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    with pytest.raises(BriefError, match="already holds a brief by 'Grace Hopper'"):
        complete(author="Ada Lovelace").export(tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_brief_files_of_unknown_origin_are_left_alone(tmp_path):
    (tmp_path / "brief.md").write_text("someone's draft", encoding="utf-8")
    with pytest.raises(BriefError, match="no brief.json saying who wrote them"):
        complete().export(tmp_path)
    assert (tmp_path / "brief.md").read_text(encoding="utf-8") == "someone's draft"
    other = tmp_path / "corrupt"
    other.mkdir()
    (other / "brief.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(BriefError, match="whose author is unknown"):
        complete().export(other)


def test_export_refuses_files_and_the_courses_own_folders(tmp_path):
    target = tmp_path / "a-file"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(BriefError, match="is a file, not a folder"):
        complete().export(target)
    with pytest.raises(BriefError, match="inside the course's own files"):
        complete().export(DATA / "briefs")
    with pytest.raises(BriefTypeError, match="folder must be a path"):
        complete().export(42)


def test_default_folders_follow_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_BRIEFS", str(tmp_path / "all"))
    assert brief.student_folder("Ada Lovelace") == tmp_path / "all" / "ada-lovelace"
    monkeypatch.delenv("COURSE_BRIEFS")
    monkeypatch.setenv("COURSE_PROGRESS", str(tmp_path / "p" / "progress.json"))
    assert brief.briefs_root() == tmp_path / "p" / "briefs"
    monkeypatch.delenv("COURSE_PROGRESS")
    assert brief.briefs_root() in (ROOT / "briefs", brief.Path.home() / "open-weights-briefs")
    with pytest.raises(BriefError, match="no letters or digits"):
        brief.student_folder("???")


def test_under_the_tests_the_default_export_stays_out_of_the_repository():
    path = complete(author="Test Student").export()
    assert ROOT not in path.parents and path.is_file()


# ---------------------------------------------------------------- the worked example


def test_the_worked_example_is_complete_and_matches_docs(tmp_path):
    example = brief.example_brief()
    assert example.check() == []
    docs = ROOT / "docs" / "example-brief"
    fresh = brief.write_example(tmp_path).parent
    assert (docs / "brief.md").read_text(encoding="utf-8") == \
        (fresh / "brief.md").read_text(encoding="utf-8"), \
        "docs/example-brief is stale: run python -c 'from course import brief; " \
        "brief.write_example()'"
    assert json.loads((docs / "brief.json").read_text(encoding="utf-8")) == \
        json.loads((fresh / "brief.json").read_text(encoding="utf-8"))
    assert sorted(p.name for p in docs.iterdir()) == sorted(p.name for p in fresh.iterdir())
    levels = {e.rating for e in example.evidence}
    assert {"V", "W", "NV", "loose"} <= levels  # it shows how to cite each kind
