"""Writing the tables: Parquet (with provenance metadata), CSV, DuckDB, an internal folder apart, and the
DfE explore-education-statistics (EES) open-data layout and an Excel workbook for publication."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Iterable, Mapping

import pandas as pd

from casenotes.indicators.layout import internal_tables, provenance_of, published_tables
from casenotes.indicators.disclosure import neutralise, spreadsheet_safe
from casenotes.indicators.periods import ALL, ees_time
from casenotes.indicators.provenance import PARQUET_KEY, PROVENANCE_FILE, dumps

INTERNAL_DIR = "internal"
EES_DIR = "ees"
WORKBOOK = "indicators.xlsx"
KNOWN_TABLES = ("child_indicators", "unit_rates", "co_occurrence", "unmet_need", "unmet_need_summary",
                "data_quality", "privacy", "dp_clipping", "about")
DEFAULT_FORMATS = ("parquet", "csv", "duckdb")
EXTRA_FORMATS = ("ees", "xlsx")
FORMATS = DEFAULT_FORMATS + EXTRA_FORMATS
INTERNAL_README = ("Internal tables: unit-record (one row per child) or exact data for case work.\n"
                   "They are not suppressed or noised. Never publish or share them; casenotes report never reads this folder.\n")

#: GSS / EES symbols.
SUPPRESSED, NOT_APPLICABLE, NOT_AVAILABLE = "c", "z", "x"
SYMBOLS_TEXT = "c: suppressed (small count, or would reveal one); z: not applicable; x: not available"
#: Columns computed from counts: missing because one of these counts is suppressed means suppressed.
DERIVED = {"rate_pct": ("children", "children_with_notes"), "pct_unmet": ("children_unmet", "children_with_need"),
           "median_days_unmet": ("children_unmet",), "median_days_to_service": ("children_unmet", "children_with_need")}


# ------------------------------------------------------------------------------------------ files

def write_tables(tables: Mapping[str, pd.DataFrame], out_dir: Path | str,
                 formats: Iterable[str] = DEFAULT_FORMATS) -> Path:
    """Published tables as ``<name>.parquet``/``.csv`` and in ``indicators.duckdb``; internal ones the same way
    under ``internal/`` (``internal/internal.duckdb``); ``provenance.json``; and, when asked, ``ees/`` and
    ``indicators.xlsx``. Our own files from an earlier run that this run does not write are removed, so a
    stale child-level table never sits beside published ones."""
    out_dir = Path(out_dir)
    formats = set(formats)
    unknown = formats - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown format(s) {', '.join(sorted(unknown))}: use {', '.join(FORMATS)}")
    provenance = provenance_of(tables)
    published = {name: tables[name] for name in published_tables(tables)}
    internal = {name: tables[name] for name in internal_tables(tables)}
    _write_set(published, out_dir, formats, "indicators.duckdb", provenance)
    _write_set(internal, out_dir / INTERNAL_DIR, formats, "internal.duckdb", provenance)
    (out_dir / INTERNAL_DIR / "README.txt").write_text(INTERNAL_README, encoding="utf-8")
    if provenance is not None:
        (out_dir / PROVENANCE_FILE).write_text(json.dumps(provenance, indent=2, default=str, ensure_ascii=False) + "\n",
                                               encoding="utf-8")
    if "ees" in formats:
        write_ees(published, out_dir / EES_DIR, provenance)
    if "xlsx" in formats:
        write_workbook(published, out_dir / WORKBOOK, provenance)
    return out_dir


def _write_set(tables: Mapping[str, pd.DataFrame], folder: Path, formats: set[str], database: str,
               provenance: dict | None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in KNOWN_TABLES:
        if name not in tables:
            for suffix in (".parquet", ".csv"):
                (folder / f"{name}{suffix}").unlink(missing_ok=True)
    for name, frame in tables.items():
        if "parquet" in formats:
            write_parquet(frame, folder / f"{name}.parquet", provenance)
        if "csv" in formats:
            spreadsheet_safe(frame).to_csv(folder / f"{name}.csv", index=False)
    if "duckdb" in formats:
        import duckdb

        path = folder / database
        path.unlink(missing_ok=True)
        with duckdb.connect(str(path)) as connection:
            for name, frame in tables.items():
                connection.register("frame", frame)
                connection.execute(f'CREATE TABLE "{name}" AS SELECT * FROM frame')
                connection.unregister("frame")


def write_parquet(frame: pd.DataFrame, path: Path, provenance: Mapping | None) -> None:
    """``frame.to_parquet`` with the provenance JSON in the file's key-value metadata (``casenotes.provenance``)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(frame, preserve_index=False)
    if provenance is not None:
        table = table.replace_schema_metadata({**(table.schema.metadata or {}), PARQUET_KEY: dumps(provenance).encode()})
    pq.write_table(table, path)


def read_tables(out_dir: Path | str) -> dict[str, pd.DataFrame]:
    """Published tables written by :func:`aggregate`, back from their Parquet files (never ``internal/``)."""
    return {path.stem: pd.read_parquet(path) for path in sorted(Path(out_dir).glob("*.parquet"))}


def read_internal_tables(out_dir: Path | str) -> dict[str, pd.DataFrame]:
    """The internal tables (child-level data) written by :func:`aggregate`."""
    return read_tables(Path(out_dir) / INTERNAL_DIR)


def parquet_provenance(path: Path | str) -> dict | None:
    """The provenance recorded in one Parquet file's key-value metadata."""
    import pyarrow.parquet as pq

    value = (pq.read_schema(path).metadata or {}).get(PARQUET_KEY)
    return None if value is None else json.loads(value)


# ---------------------------------------------------------------------------------------- symbols

def with_symbols(frame: pd.DataFrame, dp: bool = False) -> pd.DataFrame:
    """The table for a reader: every missing value replaced by its GSS symbol (``c`` suppressed, ``z`` not
    applicable, ``x`` not available) and the ``<count>_suppressed`` columns dropped (``c`` says it)."""
    out = frame.astype(object).where(frame.notna(), None)
    hidden = {column[:-len("_suppressed")]: frame[column].fillna(False).astype(bool)
              for column in frame.columns if column.endswith("_suppressed")}
    for column in frame.columns:
        if column.endswith("_suppressed"):
            continue
        base = column.removesuffix("_ci_low").removesuffix("_ci_high")
        sources = DERIVED.get(column, (base,))
        suppressed = pd.Series(False, index=frame.index)
        for source in sources:
            if source in hidden:
                suppressed |= hidden[source]
        missing = frame[column].isna()
        symbol = pd.Series(_na_symbol(frame, column, dp), index=frame.index)
        out[column] = out[column].where(~missing, symbol.where(~suppressed, SUPPRESSED))
    return out.drop(columns=[column for column in frame.columns if column.endswith("_suppressed")])


def _na_symbol(frame: pd.DataFrame, column: str, dp: bool) -> object:
    if column in ("national_pct", "national_year") and "indicator_type" in frame:
        return frame["indicator_type"].map(lambda kind: NOT_AVAILABLE if kind == "factor" else NOT_APPLICABLE).to_numpy()
    if column.startswith("median_days"):
        return NOT_AVAILABLE if dp else NOT_APPLICABLE  # withheld under DP; otherwise no child to take it over
    if column in DERIVED:
        return NOT_APPLICABLE
    return NOT_AVAILABLE


# -------------------------------------------------------------------------------------------- EES

COUNTRY_CODE, COUNTRY_NAME = "E92000001", "England"
INDICATOR_TYPE_NAMES = {"factor": "Factor", "need": "Need", "service": "Service", "combination": "Combination"}
EES_LABELS = {
    "team": "Team", "area": "Area", "indicator_type": "Kind of indicator", "indicator": "Indicator",
    "indicator_a": "First indicator", "indicator_b": "Second indicator", "need": "Need",
    "dp_unreliable": "Too noisy to rely on (differential privacy)",
    "children": "Children with the indicator", "children_with_notes": "Children with any note",
    "rate_pct": "Children with the indicator (%)", "national_pct": "England, CIN census 2024-25 (%)",
    "children_with_need": "Children with the need", "children_unmet": "Children with no meeting service",
    "pct_unmet": "Children with the need and no meeting service (%)",
    "median_days_unmet": "Median days unmet (children still unmet)",
    "median_days_to_service": "Median days to a meeting service (children whose need was met)",
}
EES_TABLE_LABELS = {"co_occurrence": {"children": "Children with both indicators"}}
EES_TABLES = ("unit_rates", "co_occurrence", "unmet_need_summary")


def ees_skipped(tables: Mapping[str, pd.DataFrame]) -> dict[str, str]:
    """Published tables the EES export cannot carry, and why."""
    reasons = {}
    for name in EES_TABLES:
        frame = tables.get(name)
        if frame is None:
            continue
        if "period" not in frame:
            reasons[name] = "whole window only at the month grain (EES needs a time period): use --period quarter, year or financial-year"
        elif not (frame["period"] != ALL).any():
            reasons[name] = "no period but 'all' (EES has no whole-window time period)"
    return reasons


def ees_table(frame: pd.DataFrame, name: str, grain: str, geography: Mapping[str, str] | None = None,
              dp: bool = False) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """One table in the EES open-data layout and its metadata (``.meta.csv``); None when it has no period.

    Teams and areas are filters (``Total`` for all of them), as EES has no geography below a local authority;
    rows for the whole window (period ``all``) are left out (EES has no such time period)."""
    if "period" not in frame or frame.empty:
        return None
    frame = frame[frame["period"] != ALL].reset_index(drop=True)
    if frame.empty:
        return None
    geography = geography or {}
    times = [ees_time(period, grain) for period in frame["period"]]
    data = pd.DataFrame({
        "time_period": [time[0] for time in times], "time_identifier": [time[1] for time in times],
        "geographic_level": "Local authority", "country_code": COUNTRY_CODE, "country_name": COUNTRY_NAME,
        **{field: geography.get(field) or NOT_AVAILABLE for field in
           ("region_code", "region_name", "new_la_code", "old_la_code", "la_name")},
    })
    filters = []
    if "unit_type" in frame:
        for unit_type in [value for value in pd.unique(frame["unit_type"]) if value != ALL]:
            data[unit_type] = frame["unit"].where(frame["unit_type"] == unit_type, "Total").to_numpy()
            filters.append(unit_type)
    if "indicator_type" in frame:
        data["indicator_type"] = frame["indicator_type"].map(lambda kind: INDICATOR_TYPE_NAMES.get(kind, kind)).to_numpy()
        filters.append("indicator_type")
    for column in ("indicator", "indicator_a", "indicator_b", "need"):
        if column in frame:
            data[column] = _readable(frame, column).to_numpy()
            filters.append(column)
    if "dp_unreliable" in frame:
        data["dp_unreliable"] = frame["dp_unreliable"].map({True: "Yes", False: "No"}).to_numpy()
        filters.append("dp_unreliable")
    shown = with_symbols(frame, dp)
    indicators = [column for column in shown.columns if column in EES_LABELS and column not in filters
                  or column.endswith(("_ci_low", "_ci_high"))]
    for column in indicators:
        decimals = _decimals(column)
        data[column] = shown[column].map(lambda value, d=decimals: _number(value, d)).to_numpy()
    labels = {**EES_LABELS, **EES_TABLE_LABELS.get(name, {})}
    meta = [{"col_name": column, "col_type": "Filter", "label": labels[column], "indicator_grouping": "",
             "indicator_unit": "", "indicator_dp": "", "filter_hint": "", "filter_grouping_column": ""}
            for column in filters]
    for column in indicators:
        meta.append({"col_name": column, "col_type": "Indicator", "label": _indicator_label(column, labels),
                     "indicator_grouping": "", "indicator_unit": "%" if _is_percent(column) else "",
                     "indicator_dp": _decimals(column), "filter_hint": "", "filter_grouping_column": ""})
    return spreadsheet_safe(data), pd.DataFrame(meta)


def _readable(frame: pd.DataFrame, column: str) -> pd.Series:
    """An indicator as a reader knows it: its label with its code, e.g. ``Domestic abuse: parent/carer (3B)``."""
    from casenotes.indicators.tables import indicator_labels

    labels = indicator_labels()
    kinds = frame["indicator_type"] if "indicator_type" in frame else pd.Series("need", index=frame.index)
    names = [labels.get((kind, code), code) for kind, code in zip(kinds, frame[column])]
    return pd.Series([name if name == code else f"{name} ({code})" for name, code in zip(names, frame[column])],
                     index=frame.index)


def _is_percent(column: str) -> bool:
    return column.endswith("_pct") or column.startswith("pct_")


def _decimals(column: str) -> int:
    return 1 if _is_percent(column) or column.startswith("median_") else 0


def _number(value: object, decimals: int) -> str:
    if isinstance(value, str):
        return value  # a symbol
    number = float(value)
    return str(int(round(number))) if decimals == 0 else f"{number:.{decimals}f}"


def _indicator_label(column: str, labels: Mapping[str, str]) -> str:
    for suffix, words in (("_ci_low", "95% interval, lower bound"), ("_ci_high", "95% interval, upper bound")):
        if column.endswith(suffix):
            base = column[:-len(suffix)]
            return f"{labels.get(base, base)}: {words}"
    return labels[column]


def write_ees(tables: Mapping[str, pd.DataFrame], folder: Path, provenance: Mapping | None = None) -> list[Path]:
    """``<table>.csv`` and ``<table>.meta.csv`` per publishable table, in the EES open-data layout."""
    settings = (provenance or {}).get("settings") or {}
    grain = settings.get("period") or "month"
    dp = bool((provenance or {}).get("dp"))
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in EES_TABLES:
        result = ees_table(tables[name], name, grain, settings.get("geography"), dp) if name in tables else None
        for suffix in (".csv", ".meta.csv"):
            (folder / f"{name}{suffix}").unlink(missing_ok=True)
        if result is None:
            continue
        data, meta = result
        data.to_csv(folder / f"{name}.csv", index=False)
        meta.to_csv(folder / f"{name}.meta.csv", index=False)
        written += [folder / f"{name}.csv", folder / f"{name}.meta.csv"]
    return written


# ------------------------------------------------------------------------------------------- Excel

EXCEL_CELL_LIMIT = 32_000  # Excel holds at most 32,767 characters in a cell


def write_workbook(tables: Mapping[str, pd.DataFrame], path: Path, provenance: Mapping | None = None) -> Path:
    """One sheet per published table (symbols for suppressed and missing cells) and a ``notes`` sheet (the
    about table, symbols, provenance). No formulas: every text cell is stored as text, and one that starts
    with ``= + - @`` (or a tab or carriage return) gets a leading apostrophe."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    dp = bool((provenance or {}).get("dp"))
    book = Workbook(write_only=True)

    def text_row(sheet, values):
        cells = []
        for value in values:
            if isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=neutralise(value))
                cell.data_type = "s"  # a string, whatever it starts with: never a formula
            else:
                cell = WriteOnlyCell(sheet, value=value)
            cells.append(cell)
        sheet.append(cells)

    notes = book.create_sheet("notes")
    text_row(notes, ["key", "value"])
    about = tables.get("about")
    rows = list(zip(about["key"], about["value"])) if about is not None else []
    rows.append(("symbols", SYMBOLS_TEXT))
    if provenance is not None:
        rows = [(key, value) for key, value in rows if key != "provenance"]
        rows.append(("provenance", dumps(provenance)))
    for key, value in rows:
        text = str(value)
        for start in range(0, max(len(text), 1), EXCEL_CELL_LIMIT):
            text_row(notes, [str(key) if start == 0 else f"{key} (continued)", text[start:start + EXCEL_CELL_LIMIT]])
    for name, frame in tables.items():
        if name == "about":
            continue
        sheet = book.create_sheet(name[:31])
        shown = with_symbols(frame, dp)
        text_row(sheet, list(shown.columns))
        for values in shown.itertuples(index=False, name=None):
            text_row(sheet, [_excel_value(value) for value in values])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _excel_value(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return NOT_AVAILABLE
    if isinstance(value, (int, float, str)):
        return value
    return str(value)  # dates and anything else, as text
