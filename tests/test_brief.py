"""The brief model (course.brief): drafts checked and repaired with messages, the rubric's
mechanical checks, Markdown and a standalone HTML page that escape hostile text and load
nothing from elsewhere.

Oracles: the data files read with the csv module; drafts built by hand; Python's own HTML
parser for the exported page.
"""

from __future__ import annotations

import base64
import csv
import re
from html.parser import HTMLParser

import mistune
import pytest
from conftest import DATA
from hypothesis import given, settings
from hypothesis import strategies as st

from course import brief

with open(DATA / "facts.csv", encoding="utf-8", newline="") as _f:
    FACTS = {row["id"]: row for row in csv.DictReader(_f)}
with open(DATA / "claims.csv", encoding="utf-8", newline="") as _f:
    CLAIMS = {row["id"]: row for row in csv.DictReader(_f)}

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 32).decode("ascii")
RUN = {"explorer": "training-cost", "title": "What does a training run cost?",
       "result": "1e25 FLOP costs $14.1M.", "caveats": ["A caveat."], "png": PNG,
       "alt": "Bar chart of training cost.",
       "inputs": [{"name": "Utilisation of peak (%)", "value": "40", "basis": "your assumption",
                   "facts": []},
                  {"name": "Rental price (US$ per GPU-hour)", "value": "2", "basis": "",
                   "facts": ["v3-rental-price"]}]}


ITEMS = brief.evidence_items()


def complete(**changes) -> dict:
    draft = {**brief.template(), "author": "Ada Lovelace", "stakeholder": "start-up",
             "question": "public-procurement", "date": "2026-12-01",
             "title": "Buy open where it fits",
             "position": "Yes: public bodies should prefer open weights where one meets the "
                         "need, because any host can serve them.",
             "evidence": [{"ref": "fact:r1-license-mit", "note": "Any supplier may host it."},
                          {"ref": "fact:r1-price-output", "note": "R1's output is cheap."},
                          {"ref": "claim:no-licensing-fees", "note": "No fee to use it."}],
             "runs": [RUN],
             "model_note": "The bill is small either way; at a higher price the gap grows.",
             "other_side": "Closed suppliers argue that their models come with support and "
                           "security certification that open weights lack, so the cheapest "
                           "bill is not the cheapest service.",
             "recommendation": "Score open-weight options in every tender."}
    draft.update(changes)
    return draft


# ---------------------------------------------------------------- drafts


def test_the_skeleton_is_empty_and_exports_nothing():
    draft = brief.template()
    assert all(draft[k] == "" for k in brief.TEXT_FIELDS)
    assert draft["evidence"] == [] and draft["runs"] == []
    assert "write your position first" in brief.export_blocker(draft)
    assert brief.export_blocker({**draft, "position": "   \n  "})
    assert brief.export_blocker({**draft, "position": "Yes, buy open."}) == ""


def test_clean_repairs_a_draft_and_says_what_it_changed():
    data = {"position": "Yes\x00 it\x1b does.\r\nNext line.", "title": 42, "author": None,
            "unknown": "dropped", "evidence": [
                {"ref": "fact:r1-license-mit", "note": "first"},
                {"ref": "fact:r1-license-mit", "note": "repeat"},
                {"ref": "fact:no-such-fact", "note": "gone"}, "not a dict"],
            "runs": [{**RUN, "png": "not base64!"}, {"result": 5}, "x"],
            "other_side": "x" * (brief.MAX_CHARS + 10)}
    draft, notes = brief.clean(data)
    assert draft["position"] == "Yes it does.\nNext line."
    assert draft["title"] == "42" and draft["author"] == ""
    assert "unknown" not in draft
    assert draft["evidence"] == [{"ref": "fact:r1-license-mit", "note": "first"}]
    assert len(draft["runs"]) == 1 and draft["runs"][0]["png"] == ""
    assert len(draft["other_side"]) == brief.MAX_CHARS
    assert any("fact:no-such-fact" in n for n in notes)
    assert any("other side was cut" in n for n in notes)
    assert brief.clean(draft) == (draft, [])


def test_lists_are_cut_to_a_page():
    refs = [f"fact:{i}" for i in list(FACTS)[:brief.MAX_EVIDENCE + 2]]
    draft, notes = brief.clean({"evidence": [{"ref": r, "note": ""} for r in refs],
                                "runs": [RUN] * (brief.MAX_RUNS + 1)})
    assert len(draft["evidence"]) == brief.MAX_EVIDENCE and len(draft["runs"]) == brief.MAX_RUNS
    assert len(notes) == 2


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4), max_leaves=20)
draft_like = st.fixed_dictionaries({}, optional={
    **{k: json_values for k in brief.TEXT_FIELDS},
    "evidence": st.lists(st.fixed_dictionaries({"ref": st.sampled_from(
        ["fact:v3-tokens", "claim:one-tenth-llama-compute", "fact:nope", 3]),
        "note": json_values}) | json_values, max_size=5),
    "runs": st.lists(st.fixed_dictionaries({"result": st.text()}, optional={
        "inputs": json_values, "caveats": json_values, "png": json_values}) | json_values,
        max_size=3)})


@settings(max_examples=60, deadline=None)
@given(draft_like | json_values)
def test_any_saved_value_becomes_a_draft_that_renders(data):
    draft, notes = brief.clean(data, ITEMS)
    assert set(draft) == set(brief.template())
    assert brief.clean(draft, ITEMS) == (draft, [])
    assert isinstance(brief.problems(draft, ITEMS), list)
    assert brief.to_markdown(draft, ITEMS).startswith("# ")
    assert brief.to_html(draft, ITEMS).startswith("<!DOCTYPE html>")


# ---------------------------------------------------------------- evidence


def test_every_fact_and_claim_can_be_cited_with_its_rating():
    items = brief.evidence_items()
    for fid, row in FACTS.items():
        item = items[f"fact:{fid}"]
        assert (item.text, item.rating) == (row["statement"], row["confidence"])
    for cid, row in CLAIMS.items():
        item = items[f"claim:{cid}"]
        assert (item.text, item.rating, item.detail) == (row["quote"], row["status"],
                                                         row["correction"])
        assert f"paragraph {row['paragraph']} [{row['article_id']}]" in item.source
    assert {i.kind for i in items.values()} <= {"fact", "claim", "source"}


def test_search_ranks_items_by_the_words_they_match_at_word_beginnings():
    items = brief.evidence_items()

    def matches(ref, word):
        return bool(re.search(rf"\b{word}", f"{ref} {items[ref].text} {items[ref].source}", re.I))

    found = brief.search("GPU-hours V3", items)
    both = [r for r in found if matches(r, "gpu-hour") and matches(r, "v3")]
    assert "fact:v3-gpu-hours-total" in both
    assert found[:len(both)] == both  # every item with both words comes first
    assert all(matches(r, "gpu-hour") or matches(r, "v3") for r in found)
    assert len(found) > len(both)  # one word is enough to be listed, after them
    assert "fact:r1-license-mit" in brief.search("licences", items)  # plural and spelling
    assert brief.search("", items) == list(items)
    assert brief.search("zzzz-nothing", items) == []
    assert brief.search("(unbalanced [regex", items) == []


# ---------------------------------------------------------------- the rubric's checks


def test_a_complete_brief_has_nothing_left_to_do():
    assert brief.problems(complete()) == []


@pytest.mark.parametrize("changes, words", [
    ({"author": ""}, "put your name"),
    ({"stakeholder": ""}, "choose the seat"),
    ({"question": ""}, "choose a question"),
    ({"question": "Is open good"}, "write your own question in full"),
    ({"position": "Yes, buy open."}, "position in a full sentence"),
    ({"evidence": []}, "at least 3 pieces of evidence (you have 0)"),
    ({"runs": []}, "add at least one run"),
    ({"model_note": ""}, "say what the runs show"),
    ({"other_side": "Others disagree."}, "strongest case against"),
    ({"recommendation": ""}, "recommendation your stakeholder can act on"),
    ({"position": "word " * 700}, "words before its sources"),
])
def test_each_missing_part_is_named(changes, words):
    found = brief.problems(complete(**changes))
    assert len(found) >= 1 and any(words in p for p in found), found


def test_weak_evidence_must_be_called_so_and_cannot_carry_the_case():
    evidence = [{"ref": "fact:r1-derivatives-617", "note": "Lots of derivatives exist."},
                {"ref": "claim:cost-5-6m-built-r1", "note": "R1 was cheap."},
                {"ref": "fact:openai-share-80", "note": ""}]
    found = brief.problems(complete(evidence=evidence))
    assert any("r1-derivatives-617 is an unverified (NV) figure" in p for p in found)
    assert any("cost-5-6m-built-r1 is a claim the course rates loose" in p for p in found)
    assert any("why openai-share-80 matters" in p for p in found)
    assert any("at least two facts or excerpts rated V or W" in p for p in found)
    admitted = [{**evidence[0], "note": "Unverified: no source backs it."},
                {**evidence[1], "note": "The press figure is loose: it priced V3's run."}]
    found = brief.problems(complete(evidence=admitted + complete()["evidence"][:2]))
    assert found == []


def test_the_rubric_has_five_criteria_with_four_levels_in_markdown():
    rows = brief.config()["rubric"]
    assert [r["name"] for r in rows][0] == "Question and position" and len(rows) == 5
    table = brief.rubric_markdown().splitlines()
    assert len(table) == 2 + len(rows)
    for row, line in zip(rows, table[2:], strict=True):
        assert line.count("|") == 6 and all(level in line for level in row["levels"])


# ---------------------------------------------------------------- the page


def test_the_page_cites_every_item_and_input_with_its_source():
    page = brief.to_markdown(complete())
    body, _, sources = page.partition("## Sources")
    assert "Any supplier may host it. \\[F1, verified\\]" in body
    assert "the course rates this **accurate**" in body
    assert "\\[C1\\]" in body
    assert "= 2 \\[F3\\]" in body  # the rental price input cites its fact
    assert "(your assumption)" in body and "A caveat." in body
    for fid in ("r1-license-mit", "r1-price-output", "v3-rental-price"):
        assert FACTS[fid]["statement"].replace("$", "\\$") in sources
        assert f"fact {fid}" in sources
    assert "claim no-licensing-fees" in sources
    assert "![Bar chart of training cost.](chart-1.png)" in body


def test_a_second_run_of_the_same_explorer_lists_only_what_changed():
    second = {**RUN, "inputs": [RUN["inputs"][0], {**RUN["inputs"][1], "value": "1",
                                                   "basis": "your assumption", "facts": []}]}
    page = brief.to_markdown(complete(runs=[RUN, second]))
    assert "as for run 1, except Rental price (US\\$ per GPU-hour) = 1 (your assumption)" in page


SAFE_TAGS = {"html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "h3", "h4",
             "h5", "h6", "p", "strong", "em", "ol", "ul", "li", "img", "a", "code", "pre",
             "blockquote", "hr", "br"}
FACT_URLS = {e.url for e in ITEMS.values() if e.url}


HOSTILE = ("<script>alert(1)</script> <img src=http://evil.example/x.png> "
           "[click](javascript:alert(1)) ![x](http://evil.example/t.png) $5 *bold* # head "
           "\" ' & </p>")


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.urls = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.urls += [v for k, v in attrs if k in ("src", "href", "action", "srcset") and v]


def test_hostile_text_is_escaped_in_markdown_and_html():
    draft = complete(**{k: HOSTILE for k in ("title", "position", "model_note", "other_side",
                                             "recommendation", "author")})
    draft["evidence"][0]["note"] = HOSTILE
    markdown = brief.to_markdown(draft)
    assert "\\$5" in markdown and "\\*bold\\*" in markdown
    rendered = _Tags()  # the Markdown as a renderer that passes raw HTML through shows it
    rendered.feed(mistune.create_markdown(escape=False)(markdown))
    assert "script" not in rendered.tags
    assert [u for u in rendered.urls if not u.startswith("https://")] == ["chart-1.png"]
    parser = _Tags()
    parser.feed(brief.to_html(draft))
    assert set(parser.tags) <= SAFE_TAGS - {"pre", "code", "blockquote", "hr", "h3"}


@settings(max_examples=80, deadline=None)
@given(st.text())
def test_no_text_can_add_a_script_or_a_remote_resource(text):
    draft = complete(**{k: text for k in ("title", "position", "other_side", "author")})
    draft["evidence"][1]["note"] = text
    draft["runs"][0] = {**RUN, "result": text, "alt": text}
    parser = _Tags()
    parser.feed(brief.to_html(draft, ITEMS))
    assert set(parser.tags) <= SAFE_TAGS, parser.tags
    assert set(parser.urls) <= FACT_URLS | {f"data:image/png;base64,{PNG}"}, parser.urls


def test_the_html_page_is_standalone():
    page = brief.to_html(complete())
    parser = _Tags()
    parser.feed(page)
    loaded = [u for tag, u in zip(parser.tags, parser.urls, strict=False) if tag != "a"]
    assert f"data:image/png;base64,{PNG}" in page
    assert not [u for u in parser.urls if not u.startswith(("data:", "https://", "http://"))]
    assert all(u.startswith("data:") for u in re.findall(r'src="([^"]+)"', page)), loaded
    assert "default-src 'none'" in page and "<link" not in page and "@import" not in page
    fragment = brief.to_html(complete(), standalone=False)
    assert fragment in page and not fragment.startswith("<!DOCTYPE")


# ---------------------------------------------------------------- where briefs go


def test_briefs_go_where_the_environment_says(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_BRIEFS", str(tmp_path / "mine"))
    assert brief.briefs_root() == tmp_path / "mine"
    monkeypatch.delenv("COURSE_BRIEFS")
    monkeypatch.setenv("COURSE_PROGRESS", str(tmp_path / "progress.db"))
    assert brief.briefs_root() == tmp_path / "briefs"


@given(st.text())
def test_a_folder_name_never_leaves_the_briefs_folder(name):
    folder = brief.folder_name(name)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", folder) and len(folder) <= 60
