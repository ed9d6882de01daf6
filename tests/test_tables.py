"""load_table: schemas, and clear errors for broken files (file, row and column named)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from course.tables import SCHEMAS, DataError, load_table, table_names

FACTS_HEADER = "id,statement,value,unit,date,source,locator,url,confidence\n"
GOOD_FACT = "v3-gpu-hours,V3 used 2.788M GPU-hours,2788000,GPU-hours,2024-12,V3 report,Table 1,,V\n"


def write(folder, name, text, encoding="utf-8"):
    (folder / f"{name}.csv").write_bytes(text.encode(encoding))


def test_every_schema_loads_from_the_shipped_data():
    for name in table_names():
        frame = load_table(name)
        assert list(frame.columns) == [c.name for c in SCHEMAS[name].columns]
        assert len(frame) > 0, name


def test_types_are_converted(data_copy):
    write(data_copy, "facts", FACTS_HEADER + GOOD_FACT)
    facts = load_table("facts")
    assert facts.loc[0, "value"] == 2_788_000.0
    assert facts["value"].dtype == "float64"
    articles = load_table("articles")
    published = articles.set_index("id")["published"]
    assert published["meta-validated"] == dt.date(2025, 1, 29)
    assert published["winds-of-change"] == "unknown"


@pytest.mark.parametrize(
    ("row", "row_no", "column", "fragment"),
    [
        (GOOD_FACT.replace(",V\n", ",maybe\n"), 1, "confidence", "allowed values: V, W, NV"),
        (GOOD_FACT.replace("2788000", "2.8 million"), 1, "value", "is not a number"),
        (GOOD_FACT.replace("V3 report", ""), 1, "source", "is empty"),
        (GOOD_FACT.replace("2024-12", "Dec 2024"), 1, "date", "YYYY-MM"),
        (GOOD_FACT.replace("v3-gpu-hours", "V3 GPU hours"), 1, "id", "expected form"),
        (GOOD_FACT.replace("2788000", "inf"), 1, "value", "not a finite number"),
    ],
)
def test_a_bad_cell_names_file_row_and_column(data_copy, row, row_no, column, fragment):
    write(data_copy, "facts", FACTS_HEADER + row)
    with pytest.raises(DataError, match=fragment) as info:
        load_table("facts")
    err = info.value
    assert (err.file, err.row, err.column) == ("facts.csv", row_no, column)
    assert str(err).startswith(f"facts.csv, row {row_no}, column '{column}': ")


def test_the_failing_row_is_counted_past_good_rows(data_copy):
    second = GOOD_FACT.replace("v3-gpu-hours", "other").replace(",V\n", ",X\n")
    write(data_copy, "facts", FACTS_HEADER + GOOD_FACT + second)
    with pytest.raises(DataError, match=r"facts.csv, row 2, column 'confidence'"):
        load_table("facts")


def test_duplicate_ids_are_refused(data_copy):
    write(data_copy, "facts", FACTS_HEADER + GOOD_FACT + GOOD_FACT)
    with pytest.raises(DataError, match=r"row 2, column 'id'.*repeats the value in row 1"):
        load_table("facts")


def test_an_unquoted_comma_is_explained(data_copy):
    write(data_copy, "facts", FACTS_HEADER + GOOD_FACT.replace("V3 used", "V3, famously, used"))
    with pytest.raises(DataError, match=r"row 1: has 11 cells but the header has 9"):
        load_table("facts")


def test_a_wrong_header_lists_the_expected_columns(data_copy):
    write(data_copy, "facts", FACTS_HEADER.replace("locator,", "") + "x\n")
    with pytest.raises(DataError, match=r"facts.csv: header is wrong \(missing locator\)"):
        load_table("facts")


def test_missing_empty_and_non_utf8_files(data_copy):
    (data_copy / "facts.csv").unlink()
    with pytest.raises(DataError, match=r"facts.csv: the file is missing"):
        load_table("facts")
    write(data_copy, "facts", "")
    with pytest.raises(DataError, match=r"facts.csv: is empty; it needs a header row"):
        load_table("facts")
    write(data_copy, "facts", FACTS_HEADER + GOOD_FACT.replace("report", "r\u00e9port"), "latin-1")
    with pytest.raises(DataError, match=r"facts.csv: is not UTF-8"):
        load_table("facts")


def test_a_reference_to_a_missing_id_is_refused(data_copy):
    write(data_copy, "facts", FACTS_HEADER + GOOD_FACT)
    header = ",".join(c.name for c in SCHEMAS["claims"].columns) + "\n"
    row = ('c1,meta-validated,"The rise",1,,,accurate,Fine.,'
           "v3-gpu-hours;no-such-fact,claim\n")
    write(data_copy, "claims", header + row)
    with pytest.raises(DataError, match=r"claims.csv, row 1, column 'fact_ids': "
                                        r"'no-such-fact' is not an id in facts.csv"):
        load_table("claims")


def test_the_schema_is_read_from_the_data_folder_and_again_when_it_changes(data_copy):
    load_table("facts")
    path = data_copy / "tables.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["tables"]["facts"]["required"].append("url")
    path.write_text(json.dumps(schema), encoding="utf-8")
    with pytest.raises(DataError, match=r"column 'url': is empty, but a value is required"):
        load_table("facts")


def test_a_data_folder_without_the_schema_says_so(data_copy):
    (data_copy / "tables.schema.json").unlink()
    with pytest.raises(DataError, match=r"tables.schema.json: the file is missing"):
        load_table("facts")


def test_unknown_table_names_list_the_tables():
    with pytest.raises(ValueError, match=r"no table 'fact'. The tables are: .*facts"):
        load_table("fact")
    with pytest.raises(ValueError, match="no table 3"):
        load_table(3)


def test_the_tables_schema_is_a_valid_json_schema_editors_can_use():
    from jsonschema import Draft202012Validator

    schema = SCHEMAS["facts"].json
    Draft202012Validator.check_schema(schema)
    row = {"id": "x", "statement": "S", "value": 1.5, "source": "S", "locator": "p. 1",
           "confidence": "V"}
    assert not list(Draft202012Validator(schema).iter_errors(row))
    assert list(Draft202012Validator(schema).iter_errors({**row, "confidence": "maybe"}))


def test_an_impossible_date_is_refused(data_copy):
    path = data_copy / "articles.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("2025-01-29", "2025-02-30", 1), encoding="utf-8")
    with pytest.raises(DataError, match=r"articles.csv, row \d, column 'published': "
                                        r"'2025-02-30' is not a date in the form YYYY-MM-DD"):
        load_table("articles")


# --- the schema check: fastjsonschema checks, jsonschema only explains ----------------------

DRAFT_07 = {"$schema", "$id", "$ref", "$comment", "title", "description", "default", "examples",
            "type", "enum", "const", "format", "pattern", "minLength", "maxLength", "minimum",
            "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "items",
            "minItems", "maxItems", "uniqueItems", "contains", "properties", "required",
            "additionalProperties", "patternProperties", "propertyNames", "minProperties",
            "maxProperties", "dependencies", "allOf", "anyOf", "oneOf", "not", "if", "then",
            "else"}
SUBSCHEMA_MAPS = ("properties", "patternProperties", "$defs", "tables")  # name -> schema
NOT_SCHEMAS = ("enum", "const", "required", "default", "examples", "dependentRequired")


def _keywords(node) -> set:
    """The keywords a schema uses (the keys of its schema objects, not property names)."""
    if isinstance(node, list):
        return set().union(*map(_keywords, node))
    if not isinstance(node, dict):
        return set()
    found = set(node)
    for key, value in node.items():
        if key in SUBSCHEMA_MAPS:
            found |= _keywords(list(value.values()))
        elif key not in NOT_SCHEMAS:
            found |= _keywords(value)
    return found


@pytest.mark.parametrize("path", ["tables.schema.json", "sources/schema.json",
                                  "exercises/schema.json"])
def test_the_fast_check_reads_every_keyword_of_the_course_schemas(path):
    """fastjsonschema reads draft-07: a 2020-12 keyword it lacks would pass unchecked,
    unless :func:`course.data._draft7` rewrites it (dependentRequired) or it only holds
    definitions ($defs) or notes for Python (x-...)."""
    import json

    from course.data import project_root

    schema = json.loads((project_root() / "data" / path).read_text(encoding="utf-8"))
    unknown = {k for k in _keywords(schema) if not k.startswith("x-")} - DRAFT_07
    assert unknown <= {"$defs", "dependentRequired", "tables"}, unknown


def test_the_fast_check_keeps_the_2020_12_rules_draft_07_lacks():
    from course.data import SchemaCheck

    check = SchemaCheck({"$defs": {"slug": {"type": "string"}},
                         "properties": {"id": {"$ref": "#/$defs/slug", "pattern": "^[a-z]+$"},
                                        "on": {"format": "date"}},
                         "dependentRequired": {"unit": ["value"]}})
    assert check.is_valid({"id": "ok", "on": "2024-02-29", "unit": "%", "value": 1})
    assert not check.is_valid({"id": "NOT-A-SLUG"})  # a $ref's sibling
    assert not check.is_valid({"unit": "%"})  # dependentRequired
    assert not check.is_valid({"on": "2025-02-29"})  # a date that does not exist
    assert [e.validator for e in check.errors({"unit": "%"})] == ["dependentRequired"]


def test_checking_valid_data_does_not_import_jsonschema():
    """Importing jsonschema takes seconds (rfc3987_syntax builds a grammar): notebook kernels
    check the bank, the tables and the excerpts without it."""
    import subprocess
    import sys

    code = ("import sys, course; from course import sources; course.exercises.bank(); "
            "sources.load(); [course.load_table(t) for t in course.tables.table_names()]; "
            "assert 'jsonschema' not in sys.modules, 'jsonschema was imported'")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=300)
