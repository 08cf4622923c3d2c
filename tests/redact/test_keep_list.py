"""The keep-list comes from the taxonomy (services, aliases, abbreviations) plus the non-taxonomy words file,
and a council lexicon overlay reaches it as it reaches extraction."""

from __future__ import annotations

import csv
from dataclasses import replace
from importlib import resources

import pytest

from casenotes.redact.lexicons import (
    KEEP_TERMS_FILE,
    fold,
    keep_list_for,
    keep_list_in_use,
    keep_words,
    taxonomy_keep_terms,
)
from casenotes.taxonomy import load_taxonomy

OVERLAY = """\
version: sometown-1
services:
  new_services:
    - {service: Kestrelmoor Family Hub, aliases: [Kestrelmoor, KFH], sector: early help}
  add_aliases:
    Police: [Ravensworth Safer Neighbourhood Team]
  drop_aliases:
    Youth services: [youth club]
"""


@pytest.fixture()
def overlay(tmp_path):
    path = tmp_path / "sometown.yaml"
    path.write_text(OVERLAY, encoding="utf-8")
    return path


def _taxonomy_terms() -> list[str]:
    """Every service name and alias the bundled taxonomy finds, as written."""
    return sorted({term for service in load_taxonomy().services.values() for term in (service.name, *service.aliases)})


def test_every_taxonomy_service_name_and_alias_is_on_the_keep_list():
    keep = keep_list_for()
    missing = [term for term in _taxonomy_terms() if fold(term) not in keep.terms]
    assert not missing
    assert {"police officer", "forward leeds", "early intervention in psychosis"} <= keep.terms  # were missing from the hand copy


def test_every_abbreviation_row_is_on_the_keep_list():
    keep = keep_list_for()
    for abbreviation in ("SW", "ASW", "TM", "PA", "MGM", "PGF", "C&F", "CYPMHS"):  # "SW / ASW / SSW / TM / ATM / FSW / PA"
        assert fold(abbreviation) in keep.terms


def test_the_non_taxonomy_file_holds_no_term_the_taxonomy_already_gives():
    """No hand copy again: a service, alias or abbreviation belongs in the taxonomy, not in this file."""
    with resources.files("casenotes.redact.data").joinpath(KEEP_TERMS_FILE).open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    derived = taxonomy_keep_terms(load_taxonomy())
    copied = sorted(row["term"] for row in rows if fold(row["term"]) in derived)
    assert not copied
    assert {"mum", "monday", "snapchat", "pc"} <= {fold(row["term"]) for row in rows}
    assert len({fold(row["term"]) for row in rows}) == len(rows)  # no duplicates


def test_when_council_overlay_given_then_its_services_join_and_its_drops_leave_the_keep_list(overlay):
    bundled, council = keep_list_for(), keep_list_for(overlay)
    assert {"kestrelmoor family hub", "kestrelmoor", "kfh", "ravensworth safer neighbourhood team"} <= council.terms
    assert not {"kestrelmoor", "kfh"} & bundled.terms
    assert "youth club" in bundled.terms and "youth club" not in council.terms
    assert council.kinds["kestrelmoor"] == "service"
    assert keep_list_for(overlay) is council  # cached per overlay


def test_keep_list_in_use_is_what_keep_words_answers_and_is_restored(overlay):
    assert "kestrelmoor" not in keep_words()
    with keep_list_in_use(keep_list_for(overlay)):
        assert "kestrelmoor" in keep_words()
    assert "kestrelmoor" not in keep_words()


#: Neutral sentences. (Not "We contacted {}": "contacted academy" reads to the institution recognizer's
#: lower-case pattern as a school called Contacted; that is the recognizer, not the keep-list.)
FRAMES = ("We spoke to {} today.", "Referral from {} received.")


@pytest.mark.parametrize("frame", FRAMES)
def test_no_taxonomy_service_name_or_alias_is_redacted(fresh_redactor, frame):
    """Each name and alias in a neutral sentence: the redactor must leave every one of them as written."""
    terms = _taxonomy_terms()
    sentences = [frame.format(term) for term in terms]
    # one sentence a line, 100 lines a note: the same words, a tenth of the per-note overhead
    notes = ["\n".join(sentences[i:i + 100]) for i in range(0, len(sentences), 100)]
    lines = [line for result in fresh_redactor.redact_batch(notes) for line in result.redacted_text.split("\n")]
    assert len(lines) == len(sentences)
    redacted = {term: line for term, sentence, line in zip(terms, sentences, lines) if line != sentence}
    assert not redacted, f"{len(redacted)} of {len(terms)} taxonomy terms redacted: {redacted}"


def test_when_redactor_has_a_council_lexicon_then_its_service_is_kept(fresh_redactor, overlay):
    sentence = "Referred to Kestrelmoor for parenting support."
    default = fresh_redactor.redact(sentence).redacted_text
    assert default != sentence  # an unknown capitalised word reads as a name without the council's lexicon
    fresh_redactor.config = replace(fresh_redactor.config, lexicon=str(overlay))
    try:
        assert fresh_redactor.redact(sentence).redacted_text == sentence
        assert fresh_redactor.redact("Spoke to Jade Kowalczyk at Kestrelmoor.").redacted_text == "Spoke to [PERSON_1] at Kestrelmoor."
    finally:
        fresh_redactor.config = replace(fresh_redactor.config, lexicon=None)
