"""casenotes: privacy-safe need indicators from children's social care case notes.

The Python API (each runs what ``casenotes run`` runs; see ``casenotes.api``)::

    import casenotes
    casenotes.redact_text("Sarah Jones (mum) rang about Tom.")  # '[PERSON_1] (mum) rang about [PERSON_2].'
    casenotes.analyse("Dad punched mum last night.")            # the record run writes: factors, needs, ...
    casenotes.analyse_frame(df, text_col="text")                # a pandas DataFrame of those records

Stages, each a plain function or class over text and records: ``casenotes.redact`` (personal data out),
``casenotes.extract`` (factors, needs, services in), ``casenotes.runner`` (the stages over many notes),
``casenotes.indicators`` (tables with disclosure control). ``casenotes.contract`` is what passes between them.
Importing ``casenotes`` loads none of them: each is imported on first use.
"""

from typing import Any

__version__ = "0.1.0"

__all__ = ["__version__", "analyse", "analyse_frame", "redact_text"]

_API = frozenset({"analyse", "analyse_frame", "redact_text"})


def __getattr__(name: str) -> Any:
    if name in _API:  # lazily: spaCy, Presidio and PyTorch load only when notes are analysed
        from casenotes import api

        return getattr(api, name)
    raise AttributeError(f"module 'casenotes' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _API)
