"""The corpus: shipped unedited, cleaned by named rules, no article sentence lost."""

from __future__ import annotations

import hashlib
import re

import pytest
from conftest import DATA, ROOT

import course
from course.articles import RULES, article, article_ids, clean, load_articles, quote, removals

SHARED = ROOT.parent / "shared" / "articles"

# What each rule removes, per article: (rule, start of the removed line).
EXPECTED_REMOVALS = {
    "free-software-strategy": [
        ("title", "How a free software strategy"),
        ("image-caption", "One of DeepSeek’s goals"), ("image-caption", "One of DeepSeek’s goals"),
        ("navigation", "Summary"),
        ("author-block", "Write to Belle Lin"), ("author-block", "Catch all the Business News"),
        ("author-block", "more"), ("author-block", "topics"), ("author-block", "MINT SPECIALS"),
    ],
    "winds-of-change": [
        ("navigation", "Related content"),
        ("heading", "Open Source"), ("heading", "Reduced Computation"),
        ("heading", "Non-financial Motives"), ("heading", "Winds of Change"),
        ("heading", "A Word of Caution"),
        ("author-block", "Deepak P is Associate Professor"),
        ("author-block", "Chancellor backs third runway"),
        ("author-block", "The decision to develop LHR"),
    ],
    "meta-validated": [
        ("capture-date", "Today : Sep 15, 2025"), ("navigation", "Technology"),
        ("dateline", "29 January 2025"), ("title", "Meta's Open-Source Move"),
    ],
    "china-android-moment": [
        ("title", "DeepSeek R1 Goes Open Source"),
        ("heading", "Why Does This Matter"), ("heading", "Open-Source vs. Proprietary AI"),
        ("heading", "The Upside (and Downside)"), ("heading", "The Pros and Cons"),
        ("heading", "China’s Open-Source Move"), ("heading", "Glimpsing the Future"),
        ("promotion", "Experience the full potential"),
        ("author-block", "Hanika Saluja"), ("author-block", "Hey Reader, Have you met Hanika?"),
    ],
    "startup-rivaling-openai": [
        ("title", "DeepSeek: How a Chinese AI Startup"),
        ("heading", "The Genesis of DeepSeek"), ("heading", "Strategic Resource Optimization"),
        ("heading", "Building a Talented Team"), ("heading", "Technological Innovations"),
        ("heading", "Overcoming External Challenges"),
        ("heading", "Open-Source Commitment and Global Impact"),
        ("heading", "Lessons from DeepSeek’s Journey"), ("heading", "Conclusion"),
        ("promotion", "Ready to embark on your own startup journey?"),
    ],
}


def words(text: str) -> list[str]:
    """Words without bullet markers, for comparing raw and clean text."""
    return [w for w in text.split() if w not in {"-", "•"}]


def test_articles_are_shipped_unedited():
    shipped = sorted((DATA / "articles").glob("*.txt"))
    assert [p.name for p in shipped] == sorted(load_articles()["id"].map(
        lambda i: article(i).file))
    if SHARED.is_dir():  # the originals, where this checkout sits beside them
        for path in shipped:
            original = SHARED / path.name
            assert hashlib.sha256(path.read_bytes()).digest() == \
                hashlib.sha256(original.read_bytes()).digest(), path.name


@pytest.mark.parametrize("article_id", list(EXPECTED_REMOVALS))
def test_each_rule_removes_exactly_what_it_should(article_id):
    got = [(r.rule, r.text) for r in removals(article_id)]
    expected = EXPECTED_REMOVALS[article_id]
    assert len(got) == len(expected), got
    for (rule, text), (want_rule, start) in zip(got, expected, strict=True):
        assert rule == want_rule and text.startswith(start), (rule, text)


@pytest.mark.parametrize("article_id", list(EXPECTED_REMOVALS))
def test_no_article_sentence_is_lost(article_id):
    """Raw words minus the removed lines' words are exactly the clean words, in order."""
    item = article(article_id)
    removed_lines = {r.line for r in item.removed}
    kept = [line for n, line in enumerate(item.raw_text.splitlines(), start=1)
            if n not in removed_lines]
    assert words("\n".join(kept)) == words(item.text)


def test_every_rule_is_used_and_documented():
    used = {rule for rows in EXPECTED_REMOVALS.values() for rule, _ in rows}
    assert used == {rule.name for rule in RULES}
    assert all(rule.removes for rule in RULES)


def test_paragraphs_are_whole_sentences():
    for article_id in article_ids():
        for paragraph in article(article_id).paragraphs:
            assert paragraph == paragraph.strip() and "  " not in paragraph
            assert not paragraph.startswith(("-", "•"))
            assert paragraph[-1] in ".?!:”\"", (article_id, paragraph[-40:])


def test_a_sentence_broken_across_lines_is_rejoined():
    last = article("meta-validated").paragraphs[-1]
    assert last.endswith("maximize opportunities, positioning it as both bane and boon for "
                         "global AI development.")


def test_load_articles_columns_and_counts():
    corpus = load_articles()
    assert list(corpus.columns[:5]) == ["id", "title", "outlet", "author", "published"]
    assert {"words", "text", "raw_text"} <= set(corpus.columns)
    for row in corpus.itertuples():
        assert row.words == len(row.text.split())
        assert row.words < len(row.raw_text.split())


def test_unknown_metadata_stays_unknown():
    corpus = load_articles().set_index("id")
    assert corpus.loc["winds-of-change", "title"] == "unknown"
    assert corpus.loc["winds-of-change", "outlet"] == "unknown"
    assert corpus.loc["meta-validated", "published"] == "2025-01-29"
    assert (corpus["published"] == "unknown").sum() == 4


def test_article_lookup_errors_are_helpful():
    with pytest.raises(ValueError, match=r"no article 'r1'. The articles are: free-software"):
        article("r1")
    with pytest.raises(ValueError, match="no article 0"):
        article(0)
    with pytest.raises(ValueError, match=r"has paragraphs 1 to 14; got paragraph=15"):
        article("meta-validated").paragraph(15)


def test_quote_renders_as_html_markdown_and_text():
    q = quote("free-software-strategy", 4, highlight="80% of the global generative AI market")
    html = q._repr_html_()
    assert "<mark>80% of the global generative AI market</mark>" in html
    assert "Belle Lin" in html and "paragraph 4" in html
    assert "mathjax_ignore" in html  # two dollar amounts in a passage must not become maths
    assert q._repr_markdown_().startswith("> In this case")
    assert "paragraph 4 [free-software-strategy]" in repr(q)
    with pytest.raises(ValueError, match="does not occur"):
        quote("free-software-strategy", 4, highlight="90%")


def test_an_untitled_article_is_cited_without_repeating_its_author():
    q = quote("winds-of-change", 1)
    assert q.citation == "Untitled opinion piece by Deepak P, date unknown, paragraph 1"
    assert article("winds-of-change").label == "Untitled opinion piece by Deepak P"


def test_cleaning_handles_a_document_without_title_or_author():
    paragraphs, headings, removed = clean("Only one line.\n", {"title": "x", "author": "unknown"})
    assert paragraphs == ["Only one line."] and headings == [] and removed == []


def test_package_exposes_the_contract_lazily():
    assert course.DATA_DIR == DATA
    assert callable(course.load_articles) and callable(course.article)
    assert re.match(r"^\d+\.\d+\.\d+$", course.__version__)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        course.nope  # noqa: B018
