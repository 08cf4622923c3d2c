"""Presidio recognizers for UK identifiers in children's social care case notes.

One recognizer per module (``uk_<thing>_recognizer.py``); ``recognizers.yaml`` lists
them with their entity and an ``enabled`` switch, which :func:`uk_recognizers` honours.
"""

from __future__ import annotations

from importlib import resources

import yaml
from presidio_analyzer import EntityRecognizer
from presidio_analyzer.predefined_recognizers import EmailRecognizer, IpRecognizer, UrlRecognizer

from .uk_address_recognizer import UkAddressRecognizer
from .uk_case_reference_recognizer import UkCaseReferenceRecognizer
from .uk_date_of_birth_recognizer import UkDateOfBirthRecognizer
from .uk_driving_licence_recognizer import UkDrivingLicenceRecognizer
from .uk_institution_recognizer import UkInstitutionRecognizer
from .uk_nhs_recognizer import UkNhsRecognizer
from .uk_nino_recognizer import UkNinoRecognizer
from .uk_passport_recognizer import UkPassportRecognizer
from .uk_phone_recognizer import UkPhoneRecognizer
from .uk_police_reference_recognizer import UkPoliceReferenceRecognizer
from .uk_postcode_recognizer import UkPostcodeRecognizer
from .uk_social_handle_recognizer import UkSocialHandleRecognizer
from .uk_uln_recognizer import UkUlnRecognizer
from .uk_upn_recognizer import UkUpnRecognizer

__all__ = [
    "UkAddressRecognizer",
    "UkCaseReferenceRecognizer",
    "UkDateOfBirthRecognizer",
    "UkDrivingLicenceRecognizer",
    "UkInstitutionRecognizer",
    "UkNhsRecognizer",
    "UkNinoRecognizer",
    "UkPassportRecognizer",
    "UkPhoneRecognizer",
    "UkPoliceReferenceRecognizer",
    "UkPostcodeRecognizer",
    "UkSocialHandleRecognizer",
    "UkUlnRecognizer",
    "UkUpnRecognizer",
    "load_recognizer_config",
    "uk_recognizers",
]

CONFIG_FILE = "recognizers.yaml"

#: Class for each ``name`` that may appear in ``recognizers.yaml``.
RECOGNIZER_CLASSES: dict[str, type[EntityRecognizer]] = {
    cls.__name__: cls
    for cls in (
        UkNhsRecognizer, UkNinoRecognizer, UkPostcodeRecognizer, UkDrivingLicenceRecognizer,
        UkPassportRecognizer, UkUpnRecognizer, UkUlnRecognizer, UkPhoneRecognizer,
        UkAddressRecognizer, UkDateOfBirthRecognizer, UkCaseReferenceRecognizer,
        UkPoliceReferenceRecognizer, UkSocialHandleRecognizer, UkInstitutionRecognizer,
        EmailRecognizer, UrlRecognizer, IpRecognizer,
    )
}


def load_recognizer_config() -> list[dict]:
    """Entries of the packaged ``recognizers.yaml`` (name, entities, enabled, source, note)."""
    text = resources.files(__package__).joinpath(CONFIG_FILE).read_text(encoding="utf-8")
    return yaml.safe_load(text)["recognizers"]


def uk_recognizers(supported_language: str = "en") -> list[EntityRecognizer]:
    """One instance of every recognizer enabled in ``recognizers.yaml``, in file order."""
    recognizers: list[EntityRecognizer] = []
    for entry in load_recognizer_config():
        if not entry.get("enabled", True):
            continue
        cls = RECOGNIZER_CLASSES.get(entry["name"])
        if cls is None:
            raise ValueError(f"{CONFIG_FILE}: unknown recognizer {entry['name']!r}")
        recognizers.append(cls(supported_language=supported_language))
    return recognizers
