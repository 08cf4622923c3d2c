"""The casenotes taxonomy: CIN census factor codes, Supporting Families needs and services, as data.

    >>> from casenotes.taxonomy import load_taxonomy
    >>> taxonomy = load_taxonomy()              # or load_taxonomy(extra="our_terms.yaml")
    >>> taxonomy.code_for("alcohol_misuse", "household_member")
    '1C'
"""

from casenotes.taxonomy.loader import load_taxonomy
from casenotes.taxonomy.model import (
    SERVICE_STATUSES,
    SUBJECTS,
    Factor,
    FactorGroup,
    Need,
    Service,
    Taxonomy,
    TaxonomyError,
    Term,
    code_sort_key,
)

__all__ = [
    "SERVICE_STATUSES",
    "SUBJECTS",
    "Factor",
    "FactorGroup",
    "Need",
    "Service",
    "Taxonomy",
    "TaxonomyError",
    "Term",
    "code_sort_key",
    "load_taxonomy",
]
