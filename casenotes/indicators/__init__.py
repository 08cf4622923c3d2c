"""Per-note labels -> need indicator tables, in pure pandas, with disclosure control and provenance.

    >>> from casenotes.indicators import aggregate, AggregateOptions
    >>> tables = aggregate("out/sample_notes.notes.jsonl", "out/indicators", AggregateOptions(period="quarter"))
    >>> tables["unit_rates"].query("unit_type == 'all' and indicator == '3B'")

Reads casenotes output (``factors``, ``needs``, ``services``, ``provenance`` and the pass-through columns
``child_id``, ``case_id``, ``date``, ``team``, ``area``), never the note text. Every table is tidy long
form: one row per unit, period and indicator. Rules, all written into the ``about`` table:

- **Who is counted.** A note's child is its ``child_id``, else its ``case_id``, else its ``note_id``
  (``child_source`` says which). Counts are of distinct children, not notes.
- **Periods** (:mod:`~casenotes.indicators.periods`): the grain (``month`` by default, ``quarter``,
  ``year``, ``financial-year`` April-March, or ``all``) of the ``date``, plus ``all`` for the whole window,
  in every published table (co-occurrence and unmet need stay whole-window at the month grain). Notes with
  no or an unreadable date are left out of the period tables and counted in ``data_quality``.
- **Rates.** Children with the indicator / children with any note in that unit and period, in per cent.
  Factor rows carry the national rate from the CIN census (``national_pct``, ``national_year``).
- **Disclosure control** (on by default; :func:`suppress`): counts of 1 to ``threshold`` become missing
  with ``<count>_suppressed`` True, at the chosen grain; then secondary suppression; optional rounding;
  rates are computed from the published counts only.
- **Differential privacy** (optional; :mod:`~casenotes.indicators.privacy`): one OpenDP release of every
  published count, a privacy unit of one child fixed in advance with clipping, a stated total budget,
  95% intervals, and a refusal rule when the noise would swamp the counts.
- **Internal tables** (``child_indicators``, ``unmet_need``) are unit-record data for case work: written to
  ``internal/`` with their own ``internal.duckdb``, never beside the published tables.
- **Provenance** (``provenance.json``, each Parquet file's metadata, the ``about`` table): casenotes and
  taxonomy versions, the settings that change results, the privacy budget and the records' own provenance.
- **Exports** (:mod:`~casenotes.indicators.export`): the DfE explore-education-statistics open-data layout
  and an Excel workbook.
"""

from casenotes.indicators.build import (
    CHILD_LEVEL_TABLES,
    INTERNAL_TABLES,
    AggregateOptions,
    aggregate,
    build_tables,
    internal_tables,
    provenance_of,
    published_tables,
    settings,
)
from casenotes.indicators.disclosure import FORMULA_STARTS, neutralise, spreadsheet_safe, suppress
from casenotes.indicators.export import (
    FORMATS,
    parquet_provenance,
    read_internal_tables,
    read_tables,
    with_symbols,
    write_ees,
    write_tables,
    write_workbook,
)
from casenotes.indicators.periods import ALL, GRAINS, PERIOD_CHOICES, ees_time, period_of
from casenotes.indicators.privacy import (
    DEFAULT_DP_CONTRIBUTIONS,
    DEFAULT_DP_MAX_NOISE_SHARE,
    DPRefused,
    add_dp_noise,
)
from casenotes.indicators.provenance import PROVENANCE_FILE
from casenotes.indicators.tables import (
    COMBINATIONS,
    INDICATOR_TYPES,
    NATIONAL_COLUMN,
    NATIONAL_YEAR,
    NOTE_COLUMNS,
    UNIT_COLUMNS,
    UNKNOWN_UNIT,
    child_indicators,
    co_occurrence,
    data_quality,
    indicator_labels,
    load_need_services,
    load_notes,
    national_rates,
    note_indicators,
    prepare_notes,
    unit_month_rates,
    unmet_need,
    unmet_need_summary,
)

unit_rates = unit_month_rates

__all__ = [
    "ALL", "CHILD_LEVEL_TABLES", "COMBINATIONS", "DEFAULT_DP_CONTRIBUTIONS", "DEFAULT_DP_MAX_NOISE_SHARE", "DPRefused",
    "FORMATS", "FORMULA_STARTS", "GRAINS", "INDICATOR_TYPES", "INTERNAL_TABLES", "NATIONAL_COLUMN", "NATIONAL_YEAR",
    "NOTE_COLUMNS", "PERIOD_CHOICES", "PROVENANCE_FILE", "UNIT_COLUMNS", "UNKNOWN_UNIT", "AggregateOptions",
    "add_dp_noise", "aggregate", "build_tables", "child_indicators", "co_occurrence", "data_quality", "ees_time",
    "indicator_labels", "internal_tables", "load_need_services", "load_notes", "national_rates", "neutralise",
    "note_indicators", "parquet_provenance", "period_of", "prepare_notes", "provenance_of", "published_tables",
    "read_internal_tables", "read_tables", "settings", "spreadsheet_safe", "suppress", "unit_month_rates",
    "unit_rates", "unmet_need", "unmet_need_summary", "with_symbols", "write_ees", "write_tables", "write_workbook",
]
