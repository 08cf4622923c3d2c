"""The taxonomy is data: every code, rule category and lexicon label must exist in it."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from casenotes.extract.target import bundled_target_rules
from casenotes.taxonomy import TaxonomyError, load_taxonomy


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy()


def test_taxonomy_has_version_and_extractable_codes(taxonomy):
    assert taxonomy.version == "2025.6"
    assert {"1A", "1B", "1C", "3A", "18B", "18C", "19B", "19C", "24A"} <= taxonomy.extractable_codes
    assert not {"18A", "19A", "20", "21"} & taxonomy.extractable_codes


def test_taxonomy_codes_exist_in_census_file(taxonomy):
    assert taxonomy.extractable_codes <= set(taxonomy.factors)


def test_taxonomy_has_ten_needs_and_66_services(taxonomy):
    assert list(taxonomy.needs) == ["education", "early_years", "health", "substance_use", "family_relationships",
                                    "abuse_exploitation", "crime", "domestic_abuse", "housing", "financial"]
    assert len(taxonomy.services) == 66


# fmt: off
@pytest.mark.parametrize("group, subject, harmer, code", [
    ("alcohol_misuse", "child", None, "1A"),
    ("alcohol_misuse", "household_member", None, "1C"),       # "MGM drinks heavily"
    ("domestic_abuse", "parent_carer", None, "3B"),            # "dad hit mum"
    ("physical_abuse", "child", "child", "18B"),
    ("physical_abuse", "child", "adult", "18C"),
    ("sexual_abuse", "child", None, "19C"),                    # adult harmer by default
    ("self_harm", "parent_carer", None, "4B"),                 # adult self-harm is a mental health concern
    ("cse", "outside_household", None, None),                  # no census code outside the household
    ("drug_misuse", "outside_household", None, None),
])
# fmt: on
def test_taxonomy_code_for_subject(taxonomy, group, subject, harmer, code):
    assert taxonomy.code_for(group, subject, harmer) == code


def test_taxonomy_every_lexicon_term_has_a_known_category(taxonomy):
    known = {"factor": set(taxonomy.groups), "need": set(taxonomy.needs), "route": set(taxonomy.routes),
             "service": set(taxonomy.services), "subtype": {code for g in taxonomy.groups.values() for code in g.subtype_codes}}
    assert all(term.category in known[term.kind] for term in taxonomy.terms)


def test_taxonomy_every_target_rule_category_exists(taxonomy):
    known = set(taxonomy.groups) | set(taxonomy.needs) | set(taxonomy.services) | set(taxonomy.routes)
    assert {rule["category"] for rule in bundled_target_rules()} <= known


def test_taxonomy_routes_lead_to_groups(taxonomy):
    assert all(group in taxonomy.groups for route in taxonomy.routes.values() for group in route.values())


def test_taxonomy_every_group_and_need_has_terms(taxonomy):
    with_terms = {term.category for term in taxonomy.terms}
    assert set(taxonomy.groups) <= with_terms
    assert set(taxonomy.needs) - {"substance_use", "abuse_exploitation", "domestic_abuse"} <= with_terms


def test_taxonomy_subject_rules_use_known_subjects(taxonomy):
    rules = json.loads(resources.files("casenotes.extract.rules").joinpath("subject_rules.json").read_text())
    subjects = {entry["subject"] for entry in rules["roles"]} | {p["subject"] for p in rules["placeholders"].values()}
    assert subjects - {None} <= {"child", "parent_carer", "household_member", "outside_household"}


def test_taxonomy_overlay_adds_terms_and_services(tmp_path):
    overlay = tmp_path / "our_terms.yaml"
    overlay.write_text(
        "version: sometown-1\n"
        "factors:\n  drug_misuse: [bags of spice]\n"
        "needs:\n  financial: [hardship fund]\n"
        "services:\n"
        "  new_services:\n    - {service: Sometown Family Hub Plus, aliases: [SFHP]}\n"
        "  add_aliases:\n    Police: [Safer Neighbourhood Team]\n",
        encoding="utf-8",
    )
    taxonomy = load_taxonomy(extra=overlay)
    assert taxonomy.version == f"{load_taxonomy().version}+sometown-1"
    assert "Sometown Family Hub Plus" in taxonomy.services
    assert "Safer Neighbourhood Team" in taxonomy.services["Police"].aliases
    assert any(term.literal == "bags of spice" for term in taxonomy.terms)


# fmt: off
@pytest.mark.parametrize("content, message", [
    ("factors:\n  alcohol_abuse: [cans]\n", "unknown category"),        # not a group id
    ("servics:\n  add_aliases: {}\n", "unknown key"),                   # typo at the top level
    ("services:\n  add_aliases:\n    Polise: [PCSO]\n", "unknown service"),
    ("factors:\n  drug_misuse: [{patern: []}]\n", "a term is"),
])
# fmt: on
def test_taxonomy_overlay_mistakes_fail_loudly(tmp_path, content, message):
    overlay = tmp_path / "bad.yaml"
    overlay.write_text(content, encoding="utf-8")
    with pytest.raises(TaxonomyError, match=message):
        load_taxonomy(extra=overlay)


def test_bundled_yaml_reads_the_same_with_libyaml_as_with_pyyaml():
    """Start-up reads the shipped YAML with libyaml's loader when PyYAML has it; the data must not change."""
    from importlib import resources

    import yaml

    from casenotes.taxonomy.loader import load_bundled_yaml, read_data

    texts = [read_data("taxonomy.yaml"), read_data("lexicon.yaml"),
             resources.files("casenotes.redact.recognizers").joinpath("recognizers.yaml").read_text(encoding="utf-8")]
    for text in texts:
        assert load_bundled_yaml(text) == yaml.safe_load(text)
    with pytest.raises(yaml.YAMLError):  # still a safe loader: no Python objects from a tag
        load_bundled_yaml("a: !!python/name:os.system")
