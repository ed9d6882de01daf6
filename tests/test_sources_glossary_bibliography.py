"""The primary-source excerpts, the glossary and the bibliography: format, links and agreement.

Excerpts are checked for their citation format (the loader refuses a bad file) and against
the facts they document; a figure quoted in an excerpt must be the figure in facts.csv. The
glossary must define each term once, plainly; the bibliography must resolve every key the
data uses and cover every publication-type fact and every "Further reading" item.
"""

from __future__ import annotations

import json
import re

import pytest

import course
from course import bibliography, glossary, sources
from course.data import data_path, project_root
from course.tables import DataError, load_table

# --- data/sources -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def excerpts():
    return sources.load()


def test_at_least_twelve_excerpts_each_with_a_full_citation(excerpts):
    assert len(excerpts) >= 12
    bib = bibliography.load()
    for sid, item in excerpts.items():
        assert item.bib in bib, f"source {sid} cites no bibliography entry"
        assert item.citation.startswith(item.author)
        assert len(item.text) < 6000, f"source {sid} is not a short excerpt"
    assert {i.confidence for i in excerpts.values()} >= {"V", "W"}


def test_the_excerpts_the_issue_asks_for_exist(excerpts):
    wanted = {"v3-report-table-1", "mit-licence-deepseek-r1", "llama31-licence-section-2",
              "llama31-acceptable-use-policy", "gemma-terms-derivatives-and-restrictions",
              "ai-act-article-51-2", "ai-act-article-53", "eo-14110-section-4-2-b",
              "nvidia-8k-october-2023", "r1-readme-evaluation",
              "llama2-licence-improve-other-llms", "deepseek-day6-serving-statistics"}
    assert wanted <= set(excerpts)


@pytest.mark.parametrize(("source_id", "quoted", "fact_id", "number"), [
    ("v3-report-table-1", "2788K", "v3-gpu-hours-total", 2_788_000),
    ("v3-report-table-1", "$5.576M", "v3-cost-usd", 5_576_000),
    ("v3-report-table-1", "$2 per GPU hour", "v3-rental-price", 2),
    ("v3-report-table-1", "180K H800 GPU hours", "v3-gpu-hours-per-trillion-tokens", 180_000),
    ("llama31-licence-section-2", "700 million", "llama3-license-terms", 700_000_000),
    ("ai-act-article-51-2", "greater than 10^25", "eu-ai-act-threshold", 1e25),
    ("eo-14110-section-4-2-b", "greater than 10^26", "us-eo-threshold", 1e26),
    ("eo-14110-section-4-2-b", "greater than 10^23", "us-eo-bio-threshold", 1e23),
    ("r1-readme-evaluation", "| **79.8** |", "r1-aime-2024", 79.8),
    ("r1-readme-evaluation", "| **75.7** | 71.5 |", "r1-gpqa-diamond", 71.5),
    ("deepseek-day6-serving-statistics", "$562,027", "day6-theoretical-revenue", 562_027),
    ("deepseek-day6-serving-statistics", "226.75 nodes", "day6-nodes", 226.75),
    ("kimi-k2-licence-modification", "100 million", "kimi-k2-license", 100_000_000),
])
def test_an_excerpt_and_its_fact_give_the_same_figure(excerpts, source_id, quoted, fact_id,
                                                      number):
    assert quoted in excerpts[source_id].text
    assert course.fact(fact_id).value == pytest.approx(number)


def _write(folder, name, body):
    (folder / "sources" / name).write_text(body, encoding="utf-8")


GOOD = ('id = "x-source"\ntitle = "T"\nauthor = "A"\ndate = "2024-07"\n'
        'url = "https://example.org/x"\nlocator = "s. 1"\nconfidence = "V"\ntext = "Words."\n')


@pytest.mark.parametrize(("body", "key", "fragment"), [
    (GOOD.replace('id = "x-source"', 'id = "other"'), "id", "must equal the file name"),
    (GOOD.replace('date = "2024-07"', 'date = "July 2024"'), "date", "YYYY, YYYY-MM"),
    (GOOD.replace('https://example.org/x', 'example.org'), "url", "http(s) address"),
    (GOOD.replace('confidence = "V"', 'confidence = "high"'), "confidence", "V, W or NV"),
    (GOOD.replace('text = "Words."', 'text = ""'), "text", "missing or empty"),
    (GOOD + 'bib = "no-such-key"\n', "bib", "not a key in data/references.bib"),
    (GOOD + 'page = "3"\n', None, "unknown key(s) page"),
])
def test_a_bad_excerpt_names_its_file_and_key(data_copy, body, key, fragment):
    _write(data_copy, "x-source.toml", body)
    with pytest.raises(DataError, match=re.escape(fragment)) as info:
        sources.load()
    assert (info.value.file, info.value.column) == ("sources/x-source.toml", key)


def test_an_excerpt_without_the_optional_keys_loads(data_copy):
    _write(data_copy, "x-source.toml", GOOD)
    item = sources.load()["x-source"]
    assert (item.text, item.bib, item.note) == ("Words.", None, None)


def test_the_excerpt_schema_is_a_valid_json_schema():
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(
        json.loads((project_root() / "data" / "sources" / "schema.json").read_text("utf-8")))


def test_an_excerpt_id_may_not_be_a_fact_id(data_copy):
    _write(data_copy, "v3-gpus.toml", GOOD.replace('"x-source"', '"v3-gpus"'))
    with pytest.raises(DataError, match="is also a fact id"):
        sources.load()


def test_an_unknown_source_id_lists_the_known_ones():
    with pytest.raises(ValueError, match="v3-report-table-1"):
        sources.source("no-such-excerpt")


# --- data/glossary.csv ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def terms():
    return glossary.load()


def test_the_glossary_defines_at_least_45_terms_once_each(terms):
    assert len(terms) >= 45
    lowered = [t.lower() for t in terms]
    assert len(set(lowered)) == len(lowered)


@pytest.mark.parametrize("name", [
    "FLOP", "FLOP per second", "GPU", "GPU-hour", "Parameter", "Token", "Weights", "Training",
    "Inference", "Model FLOP utilisation", "BF16 and FP8", "Mixture of experts",
    "Active parameters", "Reasoning model", "Distillation", "Fine-tuning", "API",
    "Open weights", "Open source", "Open Source AI Definition", "Licence",
    "Acceptable-use policy", "HHI", "Market share", "Bertrand competition", "Marginal cost",
    "Fixed cost", "Sunk cost", "Elasticity", "Price-inelastic demand", "Jevons paradox",
    "Complement", "Commoditise the complement", "Public good", "Non-rivalry",
    "Excludability", "Appropriability", "Network effects", "Bass diffusion model",
    "Nash equilibrium", "Dominant strategy", "General-purpose AI model",
    "Systemic risk", "Export control", "Compute threshold", "Event study",
    "Abnormal return", "Quantisation", "Jailbreak", "Scientific notation",
    "Confidence levels"])
def test_a_required_term_has_a_plain_short_definition(terms, name):
    item = terms[name]
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", item.definition) if s]
    assert 1 <= len(sentences) <= 3, f"{name}: one or two sentences (and an abbreviation)"
    assert item.definition.endswith(".")
    assert len(item.definition) <= 280, f"{name}: keep the definition short"
    assert item.definition.split()[0].lower() not in (name.lower(), "the " + name.lower())


def test_see_also_resolve_and_anchors_are_unique(terms):
    anchors = [t.anchor for t in terms.values()]
    assert len(set(anchors)) == len(anchors)
    for item in terms.values():
        assert set(item.see_also) <= set(terms), item.term
        assert item.term not in item.see_also


def test_a_broken_glossary_row_is_named(data_copy):
    path = data_copy / "glossary.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",03,", ",11,", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"glossary.csv, row 3, column 'first_notebook'"):
        glossary.load()


# --- data/references.bib and data/fact_bib.csv ------------------------------------------------

#: Words in a fact's ``source`` that mark a publication (paper, report, statute, filing,
#: licence, model card). Facts whose source is the press, a tracker or a derivation are not
#: publication-type even when they mention one (see data/README.md).
PUBLICATION = ("arXiv", "Technical Report", "paper", "Regulation (EU)", "Executive Order",
               "Federal Register", "Merger Guidelines", "Form 8-K", "results", "model card",
               "Interim Measures", "Terms of Use", "Open Source AI Definition", "NIST",
               "Action Plan", "Open Source Week", "Bureau of Industry", "BIS ", "datasheet",
               "repository", "Newsroom", "Superintelligence")
SECONDARY = ("Press", "Model trackers", "Specification comparisons", "derived", "No source")


def test_every_publication_type_fact_resolves_to_an_entry():
    mapping, entries = bibliography.fact_bib(), bibliography.load()
    facts = load_table("facts")
    assert set(mapping) <= set(facts["id"]), "fact_bib.csv names unknown facts"
    assert set(mapping.values()) <= set(entries), "fact_bib.csv names unknown bib keys"
    missing = [row.id for row in facts.itertuples()
               if any(w in row.source for w in PUBLICATION)
               and not row.source.startswith(SECONDARY) and row.id not in mapping]
    assert not missing, f"publication-type facts without a bib entry: {missing}"


def test_every_entry_can_be_cited():
    for key in bibliography.load():
        text = bibliography.cite(key)
        assert re.search(r"\(\d{4}\)\.", text), key
        assert "{" not in text and "}" not in text, key


def _further_reading():
    for path in sorted((project_root() / "notebooks").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            text = "".join(cell["source"])
            if cell["cell_type"] == "markdown" and "Further reading" in text:
                section = text.split("Further reading", 1)[1]
                for item in re.split(r"\n- ", "\n" + section)[1:]:
                    yield path.stem[:2], " ".join(item.split())


def _norm(text):
    return re.sub(r"[^a-z0-9]+", " ", text.lower().replace("’", "'")).strip()


def test_every_further_reading_item_is_in_the_bibliography():
    titles = [_norm(e.fields.get("shorttitle", e.fields["title"]))
              for e in bibliography.load().values()]
    items = list(_further_reading())
    assert len(items) >= 40
    missing = [(nb, item[:70]) for nb, item in items
               if not any(t[:40] in _norm(item) for t in titles)]
    assert not missing, f"further-reading items with no bib entry: {missing}"


def test_a_malformed_bibliography_is_refused(data_copy):
    path = data_copy / "references.bib"
    path.write_text(path.read_text(encoding="utf-8") + "\n@misc{broken, title = {Oops}\n",
                    encoding="utf-8")
    with pytest.raises(DataError, match="references.bib"):
        bibliography.load()


@pytest.mark.parametrize("where", ["closing an entry", "closing a field"])
def test_a_missing_brace_is_an_error_not_a_lost_entry(data_copy, where):
    """A lost brace once swallowed the entry after it without a word (arrow1962economic)."""
    path = data_copy / "references.bib"
    text = path.read_text(encoding="utf-8")
    head, tail = text.split("@incollection{arrow1962economic", 1)
    if where == "closing an entry":
        head = head[:head.rindex("}")] + head[head.rindex("}") + 1:]
    else:
        tail = tail.replace("}", "", 1)
    path.write_text(head + "@incollection{arrow1962economic" + tail, encoding="utf-8")
    with pytest.raises(DataError, match=r"references.bib: is not well-formed BibTeX "
                                        r"\(syntax error in line \d+"):
        bibliography.load()


def test_a_duplicate_key_is_refused(data_copy):
    path = data_copy / "references.bib"
    path.write_text(path.read_text(encoding="utf-8")
                    + "\n@book{huff1954how, title = {Again}, year = {1954}}\n", encoding="utf-8")
    with pytest.raises(DataError, match="'huff1954how' appears twice"):
        bibliography.load()


def test_the_data_files_are_documented():
    readme = data_path("README.md").read_text(encoding="utf-8")
    for name in ("sources/", "glossary.csv", "references.bib", "fact_bib.csv"):
        assert f"`{name}`" in readme, name
