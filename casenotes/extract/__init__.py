"""Extraction: redacted case-note text -> CIN factor codes, Supporting Families needs and services.

    from casenotes.extract import Extractor
    ex = Extractor()                       # or Extractor(extra_lexicon="our_terms.yaml")
    ex.extract(redacted_text)              # {"factors", "needs", "services", "mentions"}
    for result in ex.pipe(texts, batch_size=64): ...
    ex.to_disk("our_pipeline")             # a spaCy pipeline: spacy.load("our_pipeline") or
    Extractor.load("our_pipeline")         # Extractor.load gives the same results

The pipeline is assembled from ``config.cfg`` with the names ``components.py`` registers (published as
spaCy entry points).
"""

from casenotes.extract.extractor import Extractor, build_pipeline

__all__ = ["Extractor", "build_pipeline"]
