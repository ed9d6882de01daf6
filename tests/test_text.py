"""course.text: tokens, counts, distinctive terms, who is quoted, keywords in context.

The voices test compares the code's rule with a table labelled by hand from reading the
five articles; the log-odds score is checked against a 2x2 table worked by hand.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

import course
from course import text

IDS = list(course.load_articles()["id"])

# ---------------------------------------------------------------- tokens and counts


def test_tokens_keep_compounds_and_abbreviations_and_drop_possessives():
    assert text.tokenize("Meta’s open-source Llama; the U.S. and e.g. R1's weights") == [
        "meta", "open-source", "llama", "the", "u.s.", "and", "e.g.", "r1", "weights"]
    assert text.tokenize("The U.S. and e.g. it", stopwords=False) == ["u.s."]
    assert text.tokenize("") == []


words = st.text(alphabet="abcXYZ-'’. 019", max_size=30)


@given(words, words)
def test_tokenising_is_case_blind_and_splits_at_spaces(a, b):
    assert text.tokenize(a.upper()) == text.tokenize(a.lower())
    assert text.tokenize(f"{a} {b}") == text.tokenize(a) + text.tokenize(b)
    assert all(w == w.lower() and " " not in w for w in text.tokenize(a))
    assert not set(text.tokenize(a, stopwords=False)) & text.STOPWORDS


def test_term_counts_leave_out_stopwords_numbers_and_single_letters():
    counts = text.term_counts("The 2 models and the model: a model, B.")
    assert counts == {"model": 2, "models": 1}
    assert text.term_counts("The the THE x", stopwords=True) == {"the": 3, "x": 1}


def test_reading_minutes():
    assert text.reading_minutes(text.READING_WPM) == 1
    assert text.reading_minutes(500, wpm=250) == 2


def test_corpus_stats_agree_with_the_articles():
    stats = text.corpus_stats().set_index("id")
    corpus = course.load_articles().set_index("id")
    assert list(stats.index) == IDS
    assert (stats["words"] == corpus["words"]).all()
    assert (stats["paragraphs"] == corpus["paragraphs"]).all()
    for aid in IDS:
        lengths = text.paragraph_lengths(aid)
        assert len(lengths) == len(course.article(aid).paragraphs)
        assert stats.loc[aid, "longest_paragraph"] == max(lengths)
        assert stats.loc[aid, "reading_minutes"] == pytest.approx(
            sum(lengths) / text.READING_WPM, abs=0.05)


# ---------------------------------------------------------------- distinctive terms


def test_log_odds_z_matches_a_two_by_two_table_worked_by_hand():
    # 20 of 100 words in one text, 5 of 100 in the other, no prior:
    # log-odds ratio = ln((20/80) / (5/95)) = ln(4.75); se = sqrt(1/20 + 1/5) = 0.5
    assert text._log_odds_z(20, 100, 5, 100, 0, 0) == pytest.approx(math.log(4.75) / 0.5)
    # the same rate on both sides scores 0, whatever the prior
    assert text._log_odds_z(10, 100, 30, 300, 2, 20) == pytest.approx(0, abs=1e-12)


counts = st.integers(0, 50)


@given(counts, counts, st.integers(60, 400), st.integers(60, 400),
       st.floats(0.1, 5), st.floats(10, 50))
def test_log_odds_z_is_antisymmetric_and_grows_with_use(y_i, y_j, n_i, n_j, a_w, a_0):
    z = text._log_odds_z(y_i, n_i, y_j, n_j, a_w, a_0)
    assert z == pytest.approx(-text._log_odds_z(y_j, n_j, y_i, n_i, a_w, a_0), abs=1e-9)
    if z >= 0:  # more use of an over-used word scores higher (not so below 0: the
        # standard error shrinks too)
        assert text._log_odds_z(y_i + 1, n_i, y_j, n_j, a_w, a_0) > z
    # positive exactly when the smoothed rate is higher in the first text
    rate_i = (y_i + a_w) / (n_i + a_0 - y_i - a_w)
    rate_j = (y_j + a_w) / (n_j + a_0 - y_j - a_w)
    if abs(rate_i - rate_j) > 1e-9:
        assert (z > 0) == (rate_i > rate_j)


def test_distinctive_terms_are_used_more_here_than_elsewhere():
    for aid in IDS:
        top = text.distinctive_terms(aid, 8)
        assert list(top.columns) == ["term", "count", "rest", "z"]
        assert len(top) == 8 and top["z"].is_monotonic_decreasing
        assert (top["count"] >= 2).all()
        mine = text.term_counts(course.article(aid).text)
        assert all(mine[t] == c for t, c in zip(top["term"], top["count"], strict=True))
        n_i = sum(mine.values())
        n_j = sum(sum(text.term_counts(course.article(o).text).values()) for o in IDS
                  if o != aid)
        assert ((top["count"] / n_i) > (top["rest"] / n_j)).all()
    assert text.distinctive_terms("meta-validated", 1)["term"][0] == "meta"
    assert "resource" in set(text.distinctive_terms("startup-rivaling-openai", 3)["term"])


def test_a_stronger_prior_shrinks_the_scores():
    weak = text.distinctive_terms("meta-validated", 5, prior=0.5)
    strong = text.distinctive_terms("meta-validated", 5, prior=5)
    assert strong["z"].max() < weak["z"].max()


def test_an_unknown_article_is_named_with_the_valid_ids():
    with pytest.raises(ValueError, match="no article 'meta'.*meta-validated"):
        text.distinctive_terms("meta")


# ---------------------------------------------------------------- voices

# Labelled by hand from the five articles: who is named as a source, in which role group,
# and whether their words are quoted (in quotation marks), paraphrased or only named.
HAND_LABELLED = {
    ("free-software-strategy", "Arun Chandrasekaran"): ("analyst", "quoted"),
    ("free-software-strategy", "Jason Corso"): ("academic", "quoted"),
    ("free-software-strategy", "Jim Zemlin"): ("executive", "quoted"),
    ("free-software-strategy", "Ryan Cox"): ("executive", "quoted"),
    ("meta-validated", "Ragavan Srinivasan"): ("executive", "quoted"),
    ("meta-validated", "Yann LeCun"): ("executive", "quoted"),
    ("meta-validated", "Chris V. Nicholson"): ("investor", "quoted"),
    ("meta-validated", "Clément Delangue"): ("executive", "quoted"),
    ("startup-rivaling-openai", "Liang Wenfeng"): ("executive", "paraphrased"),
    ("startup-rivaling-openai", "Marina Zhang"): ("academic", "quoted"),
    ("startup-rivaling-openai", "Wendy Chang"): ("analyst", "quoted"),
}


def test_voices_match_the_hand_labelled_sources():
    found = text.voices()
    assert list(found.columns) == ["article_id", "person", "role", "group", "how",
                                   "paragraphs"]
    got = {(r.article_id, r.person): (r.group, r.how) for r in found.itertuples()}
    assert got == HAND_LABELLED


def test_voices_point_to_the_paragraphs_that_name_them():
    found = text.voices().set_index("person")
    assert found.loc["Arun Chandrasekaran", "paragraphs"] == [6, 20]  # "Gartner's Chandrasekaran"
    assert found.loc["Chris V. Nicholson", "paragraphs"] == [8, 9]
    assert found.loc["Liang Wenfeng", "paragraphs"] == [2, 7]  # "According to Liang"
    for person, row in found.iterrows():
        for n in row["paragraphs"]:
            paragraph = course.article(row["article_id"]).paragraph(n)
            assert any(part in paragraph for part in person.split() if len(part) > 2)


def test_whose_voices_are_missing():
    found = text.voices()
    # no one from DeepSeek is quoted: its founder is only paraphrased
    deepseek = found[found["role"].str.contains("DeepSeek") | (found["person"] == "Liang Wenfeng")]
    assert set(deepseek["how"]) == {"paraphrased"}
    assert "official" not in set(found["group"])  # no regulator or government voice
    assert set(found["article_id"]) == {"free-software-strategy", "meta-validated",
                                        "startup-rivaling-openai"}


def test_the_rule_on_made_up_text():
    paragraphs = (
        "Hugging Face, a startup that hosts models, said 600 models exist.",
        "Jane Q. Doe, a professor of economics at Utopia University, was cautious.",
        "“Prices will fall much further this year,” Doe said.",
        "Sam Roe, chief executive of Acme, disagreed, according to Roe's office.",
        "Founded by Wu Lan, a dreamer, the lab grew fast.",
    )
    assert text._introductions(paragraphs) == {
        "Jane Q. Doe": ("a professor of economics at Utopia University", "academic"),
        "Sam Roe": ("chief executive of Acme", "executive"),
        "Wu Lan": ("a dreamer", "executive"),
    }
    got = [(k, person, how) for person in text._introductions(paragraphs)
           for k, how in text._mentions(paragraphs, person).items()]
    assert got == [(2, "Jane Q. Doe", "named"), (3, "Jane Q. Doe", "quoted"),
                   (4, "Sam Roe", "paraphrased"), (5, "Wu Lan", "named")]


def test_anonymous_sources_are_found_and_ordinary_words_are_not():
    found = text.anonymous_sources()
    phrases = {(r.article_id, r.paragraph): r.phrase.lower() for r in found.itertuples()}
    assert phrases[("free-software-strategy", 4)] == "by some analyst estimates"
    assert phrases[("china-android-moment", 3)] == "according to industry observers"
    assert phrases[("meta-validated", 10)] == "critics, who caution"
    assert sum(1 for a, _ in phrases if a == "winds-of-change") == 3  # "has been noted"
    assert ("startup-rivaling-openai", 9) not in phrases  # "Mixture-of-Experts"
    assert ("china-android-moment", 15) in phrases  # "some experts remain", not "Big investors"
    assert "investors usually" not in " ".join(found["phrase"]).lower()


# ---------------------------------------------------------------- keywords in context


def test_keyword_pattern_spellings():
    spaced, hyphen = text.keyword_pattern("open source"), text.keyword_pattern("Open-Source")
    sample = "Open Source; open-source, open\nsource; open-sourced; non-open-source"
    assert [m.group(0) for m in spaced.finditer(sample)] == ["Open Source", "open\nsource"]
    assert [m.group(0) for m in hyphen.finditer(sample)] == ["open-source"]
    star = text.keyword_pattern("open-sourc*")
    assert [m.group(0) for m in star.finditer(sample)] == ["open-source", "open-sourced"]
    assert not text.keyword_pattern("open").search("open-source")
    assert text.keyword_pattern("DeepSeek's").search("DeepSeek’s model")


@pytest.mark.parametrize("bad", ["", "   ", "***", "-", "a" * 61])
def test_keyword_pattern_refuses_empty_or_odd_keywords(bad):
    with pytest.raises(ValueError, match="keyword"):
        text.keyword_pattern(bad)


def test_kwic_contexts_are_in_the_cited_paragraph():
    hits = text.kwic("open source", 4)
    assert len(hits) == 4
    for hit in hits:
        paragraph = course.article(hit.article_id).paragraph(hit.paragraph)
        assert hit.match in paragraph
        assert len(hit.right.split()) <= 5 and len(hit.left.split()) <= 5
        assert hit.left + hit.match + hit.right in paragraph
    (money,) = text.kwic("$5.6 million", 2)
    assert (money.article_id, money.paragraph) == ("china-android-moment", 10)
    assert (money.left, money.right) == ("on just ", "—peanuts compared to")
    first = text.kwic("open source", 0)[0]
    assert (first.left, first.match, first.right) == ("", "open source", ".")
    assert not first.at_start and not first.at_end
    (whole,) = text.kwic("open-weight", 50)  # a short paragraph: the context is all of it
    assert whole.at_start and whole.at_end
    assert whole.left + whole.match + whole.right == course.article(whole.article_id).paragraph(
        whole.paragraph)


@given(st.sampled_from(["open source", "open-source", "deepseek", "meta", "open-weight*",
                        "china", "r1", "u.s.", "llama"]))
def test_counts_and_contexts_agree(keyword):
    table = text.keyword_counts([keyword])
    hits = text.kwic(keyword)
    assert int(table[keyword].sum()) == len(hits)
    for aid in IDS:
        assert table.loc[aid, keyword] == sum(1 for h in hits if h.article_id == aid)


def test_the_articles_say_open_source_and_almost_never_open_weights():
    table = text.keyword_counts(["open source", "open-source", "open weights", "open-weight*"])
    assert table["open-source"].sum() > 10 * table["open-weight*"].sum() > 0
    assert table["open weights"].sum() == 0
    rates = text.keyword_counts(["open-source"], per=1000)
    words = course.load_articles().set_index("id")["words"]
    assert rates.loc["meta-validated", "open-source"] == pytest.approx(
        1000 * table.loc["meta-validated", "open-source"] / words["meta-validated"])


def test_collocates_leave_out_the_keyword_and_stopwords():
    near = text.collocates(text.kwic("open-source", 5), 10)
    terms = [t for t, _ in near]
    assert "open-source" not in terms and not set(terms) & text.STOPWORDS
    assert [c for _, c in near] == sorted((c for _, c in near), reverse=True)
    assert text.collocates([], 3) == []
