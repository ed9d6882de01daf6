"""The capstone form (course.capstone), driven from Python the way a student drives it with
the mouse: values typed into its boxes, buttons clicked. Drafts go to a real progress
database file, and a new form over the same file finds them.

Oracles: facts.csv read with the csv module, the files the export writes, and the brief
model's own rendering of the draft.
"""

from __future__ import annotations

import asyncio
import base64
import csv
import datetime
import html
import re

import pytest
from conftest import DATA, ROOT

from course import brief, capstone, explorers
from course.progress import ProgressStore

with open(DATA / "facts.csv", encoding="utf-8", newline="") as _f:
    FACTS = {row["id"]: row for row in csv.DictReader(_f)}


@pytest.fixture(scope="module")
def tools():
    return explorers.training_cost(), explorers.api_bill(), explorers.compute_thresholds()


@pytest.fixture
def store(tmp_path):
    return ProgressStore(tmp_path / "progress.db")


@pytest.fixture
def form(store, tools, tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_BRIEFS", str(tmp_path / "briefs"))
    for tool in tools:
        tool.reset()
    return capstone.BriefForm(*tools, store=store, delay=0)


def write(form, position="Yes: public bodies should prefer open weights where one meets the "
                         "need, because any host can serve them."):
    form.author.value = "Ada Lovelace"
    form.seat.value = "start-up"
    form.question.value = "public-procurement"
    form.title.value = "Buy open where it fits"
    form.position.value = position


def cite(form, query, ref, note):
    form.search.value = query
    assert ref in [value for _, value in form.results.options], (query, ref)
    form.results.value = ref
    form.note.value = note
    form.add_evidence.click()


# ---------------------------------------------------------------- runs from the explorers


def test_each_explorer_default_the_adapter_cites_is_that_facts_value(tools):
    scale = {"params_b": 1e9, "tokens_t": 1e12, "peak_tflops": 1e12}
    for tool in tools:
        for key, facts in brief.config()["default_facts"].get(tool.name, {}).items():
            assert key in tool.controls, f"{tool.name} has no control {key!r}"
            if len(facts) == 1 and tool.name != "compute-thresholds":
                fact = float(FACTS[facts[0]]["value"])
                assert tool.defaults[key] * scale.get(key, 1) == pytest.approx(fact)
    limits = tools[2]
    assert float(limits.defaults["flop"]) == pytest.approx(
        float(FACTS["llama31-405b-flop"]["value"]), rel=0.01)


def test_a_run_records_result_inputs_sources_and_chart(tools):
    cost = tools[0]
    cost.reset()
    cost.set(utilization_pct=45, usd_per_gpu_hour=1.5)
    run = capstone.run_from(cost)
    assert run["result"] == cost.summary_text.split("\n")[0]
    assert [i["name"] for i in run["inputs"]] == [c.description for c in cost.controls.values()]
    inputs = {i["name"].split(" (")[0]: i for i in run["inputs"]}
    assert inputs["Active parameters"]["facts"] == ["v3-params-active"]
    assert inputs["Utilisation of peak"] == {"name": "Utilisation of peak (%)", "value": "45",
                                             "basis": "your assumption", "facts": []}
    assert inputs["Rental price"]["value"] == "1.5"
    assert base64.b64decode(run["png"])[:4] == b"\x89PNG"
    assert run["alt"] == cost.alt and run["caveats"] == []
    cost.reset()


def test_caveats_name_a_circular_run_an_unlike_comparison_and_a_run_at_a_line(tools):
    cost, bill, limits = tools
    cost.reset()
    assert "only reproduces the report" in " ".join(capstone.run_from(cost)["caveats"])
    bill.reset()
    bill_run = capstone.run_from(bill)
    assert "not quality" in " ".join(bill_run["caveats"])
    prices = [i for i in bill_run["inputs"] if i["basis"] == "list price"]
    assert len(prices) == 2 and all(i["facts"] for i in prices)
    limits.set(flop="1e25", as_of=datetime.date(2025, 10, 1))
    assert "not above it" in " ".join(capstone.run_from(limits)["caveats"])
    limits.set(flop="3.2e25")
    assert capstone.run_from(limits)["caveats"] == []
    limits.reset()


def test_an_explorer_showing_a_problem_gives_no_run(tools):
    limits = tools[2]
    limits.set(as_of=None)
    with pytest.raises(ValueError, match="fix its inputs"):
        capstone.run_from(limits)
    limits.reset()


# ---------------------------------------------------------------- the form


def test_the_untouched_skeleton_exports_nothing_and_saves_nothing(form, store, tmp_path):
    assert form.position.value == "" and form.position.placeholder
    form.export_button.click()
    assert "write your position first" in form.status.value
    assert not (tmp_path / "briefs").exists()
    assert store.load_draft(brief.DRAFT_NAME) is None


def test_a_whole_brief_written_in_the_form_is_saved_and_exported(form, store, tools,
                                                                 tmp_path):
    write(form)
    cite(form, "MIT licence", "fact:r1-license-mit", "Any supplier may host R1.")
    cite(form, "R1 output price", "fact:r1-price-output", "R1's output tokens are cheap.")
    cite(form, "licensing fees", "claim:no-licensing-fees", "No fee to use the weights.")
    bill = tools[1]
    bill.set(input_m=50, output_m=10)
    form.run_buttons[1].click()
    form.model_note.value = ("The open model's bill is a fraction of the other; it stays so at "
                             "ten times the volume.")
    form.other_side.value = ("Closed suppliers argue that their models come with support and "
                             "certification that open weights lack, so the cheapest bill is "
                             "not the cheapest service.")
    form.recommendation.value = "Score open-weight options in every tender, with support."
    saved = store.load_draft(brief.DRAFT_NAME)
    assert saved == form.draft and saved["runs"][0]["explorer"] == "api-bill"
    assert "Every part the rubric's checks can see is there" in form.todo.value
    assert "Buy open where it fits" in form.preview.value

    folder = form.export()
    assert folder == tmp_path / "briefs" / "ada-lovelace"
    assert sorted(p.name for p in folder.iterdir()) == ["brief.html", "brief.md", "chart-1.png"]
    assert (folder / "brief.md").read_text(encoding="utf-8") == brief.to_markdown(form.draft)
    page = (folder / "brief.html").read_text(encoding="utf-8")
    assert page == brief.to_html(form.draft)
    assert (folder / "chart-1.png").read_bytes() == base64.b64decode(saved["runs"][0]["png"])
    assert "Exported to" in form.status.value and 'download="brief.html"' in form.status.value
    bill.reset()


def test_a_new_form_over_the_same_file_restores_the_draft(form, store, tools):
    write(form)
    cite(form, "GPU-hours", "fact:v3-gpu-hours-total", "V3's final run only.")
    form.question.value = capstone.OWN
    form.own_question.value = "Should universities pool compute for open models?"
    form.run_buttons[0].click()
    form.other_side.value = "Closed labs say so."
    again = capstone.BriefForm(*tools, store=ProgressStore(store.path), delay=0)
    assert again.draft == form.draft
    for name in ("author", "seat", "question", "own_question", "title", "position",
                 "other_side"):
        assert getattr(again, name).value == getattr(form, name).value, name
    assert [v for _, v in again.chosen.options] == ["fact:v3-gpu-hours-total"]
    assert len(again.runs.options) == 1
    assert "restored" in again.saved.value
    assert again.own_question.layout.display is None


def test_notes_can_be_changed_and_items_removed(form):
    cite(form, "MIT licence", "fact:r1-license-mit", "first note")
    form.chosen.value = "fact:r1-license-mit"
    assert form.note.value == "first note"
    form.note.value = "second note"
    form.add_evidence.click()
    assert form.draft["evidence"] == [{"ref": "fact:r1-license-mit", "note": "second note"}]
    form.chosen.value = "fact:r1-license-mit"
    form.remove_evidence.click()
    assert form.draft["evidence"] == []
    form.run_buttons[0].click()
    form.runs.value = 0
    form.remove_run.click()
    assert form.draft["runs"] == []


def test_choosing_to_write_ones_own_question_survives_other_changes(form):
    assert form.own_question.layout.display == "none"
    form.question.value = capstone.OWN
    assert form.own_question.layout.display is None
    cite(form, "MIT licence", "fact:r1-license-mit", "Any supplier may host R1.")
    assert form.question.value == capstone.OWN and form.own_question.layout.display is None
    form.own_question.value = "Should cities run their own open models?"
    assert form.draft["question"] == "Should cities run their own open models?"


def test_mistakes_get_a_message_in_the_form(form):
    form.add_evidence.click()
    assert "Pick an item" in form.message.value
    form.remove_evidence.click()
    assert "under 'In your brief'" in html.unescape(form.message.value)
    form.remove_run.click()
    assert "under 'Your runs'" in html.unescape(form.message.value)
    refs = [f"fact:{f}" for f in list(FACTS)[:brief.MAX_EVIDENCE + 1]]
    for ref in refs:
        form.results.options = [(ref, ref)]
        form.results.value = ref
        form.add_evidence.click()
    assert len(form.draft["evidence"]) == brief.MAX_EVIDENCE
    assert "at most 8 pieces of evidence" in form.message.value
    for _ in range(brief.MAX_RUNS + 1):
        form.run_buttons[0].click()
    assert len(form.draft["runs"]) == brief.MAX_RUNS and "at most 4 model" in form.message.value


def test_huge_and_odd_text_is_cut_or_cleaned_with_a_message(form, store):
    form.position.value = "Yes \x00\x07\"quoted' " + "word " * 10_000
    assert len(form.draft["position"]) == brief.MAX_CHARS
    assert form.position.value == form.draft["position"]
    assert "position was cut" in form.message.value
    assert '"quoted\'' in store.load_draft(brief.DRAFT_NAME)["position"]


def test_a_damaged_saved_draft_opens_with_a_message(store, tools):
    store.save_draft(brief.DRAFT_NAME, {"position": ["not", "text"], "evidence": [
        {"ref": "fact:gone-now", "note": "x"}], "runs": "nonsense"})
    form = capstone.BriefForm(*tools, store=store, delay=0)
    assert "fact:gone-now is not in the course data" in form.message.value
    assert form.draft["runs"] == [] and form.position.value.startswith("[")


def test_a_store_that_cannot_save_is_reported_not_raised(tools, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    form = capstone.BriefForm(*tools, store=ProgressStore(blocker / "progress.db"), delay=0)
    form.position.value = "Yes, a position that is kept in memory."
    assert "kept in memory only" in form.saved.value and "cannot be saved" in form.saved.value


def test_changes_are_saved_once_after_a_quiet_moment(store, tools):
    async def type_then_wait():
        form = capstone.BriefForm(*tools, store=store, delay=0.2)
        for text in ("Y", "Ye", "Yes, because it keeps prices near cost."):
            form.position.value = text
        early = store.load_draft(brief.DRAFT_NAME)
        await asyncio.sleep(0.5)
        return early, store.load_draft(brief.DRAFT_NAME)

    early, late = asyncio.run(type_then_wait())
    assert early is None
    assert late["position"] == "Yes, because it keeps prices near cost."


# ---------------------------------------------------------------- the worked example


@pytest.fixture(scope="module")
def example():
    return capstone.example_draft()


def test_the_worked_example_is_complete_and_matches_docs(example):
    assert brief.problems(example) == []
    docs = ROOT / "docs" / "example-brief"
    assert (docs / "brief.md").read_text(encoding="utf-8") == brief.to_markdown(example)
    assert sorted(p.name for p in docs.iterdir()) == ["brief.html", "brief.md", "chart-1.png",
                                                      "chart-2.png"]


def test_the_worked_example_keeps_its_corrections(example):
    refs = [e["ref"] for e in example["evidence"]]
    assert "fact:r1-license-mit" not in refs  # the licence says nothing about recall
    page = brief.to_markdown(example)
    assert "public model report" not in page
    assert not re.search(r"DeepSeek-V3's reported compute", page)
    assert "DeepSeek published no compute total" in page
    for run in example["runs"]:
        assert not any("only reproduces the report" in c for c in run["caveats"])
        assert run["explorer"] != "api-bill" or run["caveats"]
    costs = [re.search(r"and (\$[\d.]+M) at", r["result"]).group(1) for r in example["runs"]]
    assert costs == ["$14.1M", "$7.04M"]  # the note's "$14M ... half that at $1"
    assert "$14M" in example["model_note"] and "half that at $1" in example["model_note"]


def test_without_widgets_the_form_reads_as_its_steps(form):
    """A page that cannot run widgets (the course website) shows the steps, not a repr."""
    bundle = form._repr_mimebundle_()
    bundle = bundle[0] if isinstance(bundle, tuple) else bundle
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "Box(" not in bundle["text/plain"] and "JupyterLab" in bundle["text/plain"]
    assert bundle["text/html"].count("<li>") == 4
