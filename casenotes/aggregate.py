"""Per-note labels -> need indicator tables: the public face of :mod:`casenotes.indicators`.

    >>> from casenotes.aggregate import aggregate
    >>> tables = aggregate("out/sample_notes.notes.jsonl", "out/indicators")
    >>> tables["unit_rates"].query("unit_type == 'all' and indicator == '3B'")

Kept so that ``from casenotes.aggregate import aggregate, AggregateOptions, suppress, add_dp_noise`` (and
the other names below) keep working; the code and its rules live in :mod:`casenotes.indicators`.
"""

from casenotes.indicators import *  # noqa: F401,F403 - this module is the re-export
from casenotes.indicators import __all__  # noqa: F401
