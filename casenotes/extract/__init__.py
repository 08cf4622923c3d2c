"""Extraction: redacted case-note text -> CIN factor codes, Supporting Families needs and services.

    from casenotes.extract import Extractor
    ex = Extractor()                       # or Extractor(extra_lexicon="our_terms.yaml")
    ex.extract(redacted_text)              # {"factors", "needs", "services", "mentions"}
    for result in ex.pipe(texts, batch_size=64): ...
"""

from casenotes.extract.extractor import Extractor, build_pipeline

__all__ = ["Extractor", "build_pipeline"]
