"""UkAddressRecognizer: street addresses, named streets and estates."""

import os

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

import pytest  # noqa: E402

from casenotes.redact.recognizers import UkAddressRecognizer  # noqa: E402


@pytest.fixture(scope="module")
def recognizer():
    return UkAddressRecognizer()


@pytest.fixture(scope="module")
def entities():
    return ["UK_ADDRESS"]


@pytest.mark.parametrize(
    "text, expected_len, expected_positions",
    [
        # fmt: off
        # valid: numbered street addresses, any case, abbreviations, ranges
        ("lives at 14 Acacia Avenue with mum", 1, ((9, 25),)),
        ("14 acacia ave", 1, ((0, 13),)),
        ("12-14 Mill Lane", 1, ((0, 15),)),
        ("22b Baker St.", 1, ((0, 12),)),
        ("14 The Green", 1, ((0, 12),)),
        ("7 St Mary's Road", 1, ((0, 16),)),
        ("3 Old Mill Fold", 1, ((0, 15),)),
        # valid: flat/room prefix, building, estate, town
        ("Flat 3, Tennyson House, 4 Mill Lane", 1, ((0, 35),)),
        ("Flat 3B 22 High Street", 1, ((0, 22),)),
        ("Apartment 12, 5 Park Road, Leeds", 1, ((0, 32),)),
        ("Room 4, 9 Station Rd", 1, ((0, 20),)),
        ("23 Oak Close, Northfield Estate", 1, ((0, 31),)),
        ("1 High St, Leeds LS1 1AA", 1, ((0, 16),)),
        ("14 Mill Lane, Mum said", 1, ((0, 12),)),
        # valid: no number (lower scores)
        ("she lives on Mill Road now", 1, ((13, 22),)),
        ("moved to Beech Grove", 1, ((9, 20),)),
        ("seen near Mill Road", 1, ((10, 19),)),
        ("the Beechwood estate", 1, ((4, 20),)),
        ("The Beechwood Estate is quiet", 1, ((4, 20),)),
        # invalid: quantities and durations that end in a street word or not
        ("3 times a week", 0, ()),
        ("2 children", 0, ()),
        ("15 years old", 0, ()),
        ("10 mins", 0, ()),
        ("2 visits to the park", 0, ()),
        ("10 minute walk", 0, ()),
        ("5 minutes down the road", 0, ()),
        ("3 kids at the park", 0, ()),
        # tricky: courts, titles and saints, generic estates
        ("attended 2 family court hearings", 0, ()),
        ("hearing at Leeds Crown Court", 0, ()),
        ("Family Court", 0, ()),
        ("saw Dr Patel", 0, ()),
        ("St Mary's", 0, ()),
        ("real estate", 0, ()),
        ("the estate", 0, ()),
        ("the park", 0, ()),
        ("registered at Park Lane Surgery", 0, ()),
        ("Mill Road Primary School", 0, ()),
        # fmt: on
    ],
)
def test_when_addresses_in_text_then_all_addresses_found(
    text, expected_len, expected_positions, recognizer, entities
):
    results = recognizer.analyze(text, entities)
    assert len(results) == expected_len
    assert sorted((r.start, r.end) for r in results) == sorted(expected_positions)


@pytest.mark.parametrize(
    "text, expected_score",
    [
        # fmt: off
        ("14 Acacia Avenue", 0.6),
        ("lives on Mill Road", 0.5),
        ("the Beechwood estate", 0.4),
        ("Mill Road", 0.3),
        # fmt: on
    ],
)
def test_when_address_has_less_structure_then_score_is_lower(
    text, expected_score, recognizer, entities
):
    (result,) = recognizer.analyze(text, entities)
    assert result.score == pytest.approx(expected_score)
