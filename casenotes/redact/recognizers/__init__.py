"""Presidio recognizers for UK identifiers in children's social care case notes.

One recognizer per module (``uk_<thing>_recognizer.py``). ``recognizers.yaml`` is the registry in Presidio's
own recognizer-registry format, read by Presidio's ``RecognizerRegistryProvider``
(:func:`casenotes.redact.engine.build_registry`): it names each class, and a user's file in the same format
adds recognizers (a ``PatternRecognizer`` for a council's own reference format) without code.

Class names start with ``Casenotes``: Presidio's YAML registry finds a class by its name, and Presidio ships
``UkNinoRecognizer``, ``UkPostcodeRecognizer``, ``UkPassportRecognizer`` and ``UkDrivingLicenceRecognizer`` of
its own. The old ``Uk...Recognizer`` names stay importable from here as aliases.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from casenotes.taxonomy.loader import load_bundled_yaml

from .uk_address_recognizer import CasenotesUkAddressRecognizer
from .uk_case_reference_recognizer import CasenotesUkCaseReferenceRecognizer
from .uk_date_of_birth_recognizer import CasenotesUkDateOfBirthRecognizer
from .uk_driving_licence_recognizer import CasenotesUkDrivingLicenceRecognizer
from .uk_institution_recognizer import CasenotesUkInstitutionRecognizer
from .uk_nhs_recognizer import CasenotesUkNhsRecognizer
from .uk_nino_recognizer import CasenotesUkNinoRecognizer
from .uk_passport_recognizer import CasenotesUkPassportRecognizer
from .uk_phone_recognizer import CasenotesUkPhoneRecognizer
from .uk_police_reference_recognizer import CasenotesUkPoliceReferenceRecognizer
from .uk_place_recognizer import CasenotesUkPlaceRecognizer
from .uk_postcode_recognizer import CasenotesUkPostcodeRecognizer
from .uk_social_handle_recognizer import CasenotesUkSocialHandleRecognizer
from .uk_uln_recognizer import CasenotesUkUlnRecognizer
from .uk_upn_recognizer import CasenotesUkUpnRecognizer


#: Every identifier recognizer casenotes ships (the name recognizers live in ``casenotes.redact.names``).
CASENOTES_RECOGNIZERS = (
    CasenotesUkNhsRecognizer, CasenotesUkNinoRecognizer, CasenotesUkPostcodeRecognizer,
    CasenotesUkDrivingLicenceRecognizer, CasenotesUkPassportRecognizer, CasenotesUkUpnRecognizer,
    CasenotesUkUlnRecognizer, CasenotesUkPhoneRecognizer, CasenotesUkAddressRecognizer,
    CasenotesUkDateOfBirthRecognizer, CasenotesUkCaseReferenceRecognizer, CasenotesUkPoliceReferenceRecognizer,
    CasenotesUkSocialHandleRecognizer, CasenotesUkInstitutionRecognizer, CasenotesUkPlaceRecognizer,
)

# The names before the rename, for code that imported them.
UkAddressRecognizer = CasenotesUkAddressRecognizer
UkCaseReferenceRecognizer = CasenotesUkCaseReferenceRecognizer
UkDateOfBirthRecognizer = CasenotesUkDateOfBirthRecognizer
UkDrivingLicenceRecognizer = CasenotesUkDrivingLicenceRecognizer
UkInstitutionRecognizer = CasenotesUkInstitutionRecognizer
UkNhsRecognizer = CasenotesUkNhsRecognizer
UkNinoRecognizer = CasenotesUkNinoRecognizer
UkPassportRecognizer = CasenotesUkPassportRecognizer
UkPhoneRecognizer = CasenotesUkPhoneRecognizer
UkPoliceReferenceRecognizer = CasenotesUkPoliceReferenceRecognizer
UkPostcodeRecognizer = CasenotesUkPostcodeRecognizer
UkSocialHandleRecognizer = CasenotesUkSocialHandleRecognizer
UkUlnRecognizer = CasenotesUkUlnRecognizer
UkUpnRecognizer = CasenotesUkUpnRecognizer

__all__ = [
    "CasenotesUkAddressRecognizer",
    "CasenotesUkCaseReferenceRecognizer",
    "CasenotesUkDateOfBirthRecognizer",
    "CasenotesUkDrivingLicenceRecognizer",
    "CasenotesUkInstitutionRecognizer",
    "CasenotesUkNhsRecognizer",
    "CasenotesUkNinoRecognizer",
    "CasenotesUkPassportRecognizer",
    "CasenotesUkPhoneRecognizer",
    "CasenotesUkPlaceRecognizer",
    "CasenotesUkPoliceReferenceRecognizer",
    "CasenotesUkPostcodeRecognizer",
    "CasenotesUkSocialHandleRecognizer",
    "CasenotesUkUlnRecognizer",
    "CasenotesUkUpnRecognizer",
    "CASENOTES_RECOGNIZERS",
    "REGISTRY_FILE",
    "registry_configuration",
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
]

#: The shipped registry, in Presidio's recognizer-registry YAML format.
REGISTRY_FILE = "recognizers.yaml"


def registry_configuration() -> dict[str, Any]:
    """The shipped ``recognizers.yaml`` as the dict ``RecognizerRegistryProvider(registry_configuration=...)`` takes."""
    return load_bundled_yaml(resources.files(__package__).joinpath(REGISTRY_FILE).read_text(encoding="utf-8"))
