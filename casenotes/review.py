"""The review loop: machine labels out to Label Studio, reviewed labels back as labelled notes.

    >>> tasks, report = export_tasks(records)            # casenotes run/extract output, or labelled notes
    >>> config = label_studio_config(labels_in(tasks))   # the labelling interface for the project
    >>> notes, report = import_tasks(exported)           # Label Studio's JSON export -> labelled-note records

**Tasks** hold the redacted text only (``data.text``; a labelled file whose text still carries its ``pii``
spans is masked with the same placeholders training uses, and its offsets moved to match). The machine's
labels go in as ``predictions`` (never ``annotations``), with ``model_version`` and ``score``:

* each mention is a region of the ``factor``, ``need`` or ``service`` label group, with per-region choices
  ``status`` (current, negated, hypothetical, historical for factors and needs; involved, referred, declined,
  closed, mentioned for services), ``subject`` (child, parent_carer, household_member, outside_household) and
  ``also`` (a negated, hypothetical or historical flag the status does not already say, e.g. a hypothetical
  concern that is also historical, or a service "mentioned" because it was negated);
* the note-level label sets are the ``factors``, ``needs`` and ``services`` choices. They are what a note
  says about the household now, the labels ``evaluate`` and ``train`` score, so a reviewer who changes a
  region's status also unticks its note label (the import counts notes where the two disagree).

A classifier label has no evidence span (its mention covers the whole note), so it is a note-level choice
only; ``score`` is the lowest classifier probability among a note's labels, and 1.0 where only rules spoke
(a rule has no probability), so Label Studio's "sort by prediction score" puts the least certain notes first.

**Import** reads Label Studio's JSON export. A task's newest submitted annotation wins (a ground-truth one
first); a task nobody annotated is skipped and counted, or read from its predictions when asked. Each
record is in the gold format (``eval/data/extraction_gold.jsonl``) that ``casenotes evaluate`` reads as
``--gold`` and ``casenotes train`` reads as ``--data``: ``note_id``, ``text``, ``factors``, ``needs``,
``services`` and ``mentions`` with ``status``, the three flags and ``subject`` kept, so a negated mention
stays evidence *against* its label. Problems are reported by task id and note id, never with note text.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Sequence

from casenotes.contract import KIND_FIELD, LABEL_KINDS, ProblemsError
from casenotes.taxonomy import SERVICE_STATUSES, SUBJECTS, Taxonomy, load_taxonomy

TEXT = "text"  # the Text object tag, and the task data key holding the redacted text
KINDS = LABEL_KINDS
NOTE_FIELDS = KIND_FIELD
FLAGS = ("negated", "hypothetical", "historical")
CONCERN_STATUSES = ("current", *FLAGS)
STATUS, SUBJECT, ALSO = "status", "subject", "also"  # per-region choice controls
DEFAULT_STATUS = {"factor": "current", "need": "current", "service": "involved"}
#: Mirrors casenotes.extract.results.note_level (not imported: it loads spaCy): what counts at note level.
COUNTED_SERVICE_STATUSES = ("involved", "referred")
OUTSIDE_HOUSEHOLD = "outside_household"
CLASSIFIER_SOURCE = "model"  # casenotes.classify.SOURCE: a whole-note label added by the classifier
RULES_SCORE = 1.0
MAX_LISTED = 20
LEXICON_HINT = " (from a council lexicon? import with the same --lexicon)"  # task ids listed per kind of warning

STATUS_HINTS = {
    "current": "factor or need: true now", "negated": "factor or need: said not to be so",
    "hypothetical": "factor or need: a possibility, a worry, a plan", "historical": "factor or need: in the past",
    "involved": "service: working with the family", "referred": "service: referred to",
    "declined": "service: offered and declined", "closed": "service: ended or closed",
    "mentioned": "service: named only (negated or hypothetical)",
}
SUBJECT_HINTS = {"child": "CIN letter A", "parent_carer": "CIN letter B", "household_member": "CIN letter C",
                 OUTSIDE_HOUSEHOLD: "no census code: the group id is the label"}
COLOURS = {"factor": "#D55E00", "need": "#0072B2", "service": "#009E73"}  # Okabe-Ito: colour-blind safe


class ReviewError(ProblemsError):
    """A file that cannot be exported or imported at all; ``problems`` names each by row or task id."""

    def __init__(self, problems: list[str], source: str = "review"):
        super().__init__(problems, source)


@dataclass
class ExportReport:
    tasks: int = 0
    regions: int = 0
    skipped_errors: int = 0  # casenotes output rows with status "error": nothing to review
    classifier_labels: int = 0  # whole-note classifier labels, exported as note-level choices only
    masked: int = 0  # labelled notes whose raw text was masked with their pii spans
    rejected: dict[str, list[str]] = field(default_factory=dict)  # "row N (note 'x')" -> problems


@dataclass
class ImportReport:
    tasks: int = 0
    from_annotations: int = 0
    from_predictions: int = 0
    unreviewed_skipped: list[str] = field(default_factory=list)  # task ids
    several_annotations: list[str] = field(default_factory=list)
    status_defaulted: int = 0  # regions given no status: read as current (involved for a service)
    note_labels_disagree: list[str] = field(default_factory=list)  # current evidence, label not ticked
    rejected: dict[str, list[str]] = field(default_factory=dict)  # "task 12 (note 'x')" -> problems


# ---------------------------------------------------------------- label space
def label_space(taxonomy: Taxonomy | None = None) -> dict[str, tuple[str, ...]]:
    """Region labels by kind: census codes plus factor group ids (a concern outside the household has no code)."""
    taxonomy = taxonomy or load_taxonomy()
    labels = taxonomy.labels()
    return {"factor": labels["factor"] + tuple(g for g in taxonomy.groups if g not in labels["factor"]),
            "need": labels["need"], "service": labels["service"]}


def labels_in(tasks: Iterable[Mapping[str, Any]]) -> dict[str, set[str]]:
    """Every label the tasks' predictions use, by kind (so the config can show labels an overlay added)."""
    found: dict[str, set[str]] = {kind: set() for kind in KINDS}
    by_field = {f: kind for kind, f in NOTE_FIELDS.items()}
    for task in tasks:
        for prediction in task.get("predictions") or []:
            for item in prediction.get("result") or []:
                value = item.get("value") or {}
                if item.get("type") == "labels" and item.get("from_name") in found:
                    found[item["from_name"]].update(value.get("labels") or [])
                elif item.get("type") == "choices" and item.get("from_name") in by_field:
                    found[by_field[item["from_name"]]].update(value.get("choices") or [])
    return found


def label_studio_config(extra_labels: Mapping[str, Iterable[str]] | None = None, taxonomy: Taxonomy | None = None) -> str:
    """The Label Studio labelling interface (XML) for ``export_tasks`` tasks.

    extra_labels: labels by kind to offer beyond the taxonomy's (e.g. ``labels_in(tasks)``): Label Studio
        only shows a predicted label that the config names.
    """
    taxonomy = taxonomy or load_taxonomy()
    space = label_space(taxonomy)
    labels = {kind: list(space[kind]) + sorted(set((extra_labels or {}).get(kind, ())) - set(space[kind]))
              for kind in KINDS}
    view = ET.Element("View")
    ET.SubElement(view, "Style").text = ".htx-text { white-space: pre-wrap; }"  # offsets count every space
    ET.SubElement(view, "Header", value="Redacted note: select evidence, then a factor, need or service label")
    ET.SubElement(view, "Text", name=TEXT, value=f"${TEXT}")
    for kind, title in (("factor", "CIN census factors"), ("need", "Needs"), ("service", "Services")):
        group = ET.SubElement(view, "View")
        ET.SubElement(group, "Header", value=title, size="5")
        tag = ET.SubElement(group, "Labels", name=kind, toName=TEXT, showInline="true")
        for label in labels[kind]:
            ET.SubElement(tag, "Label", value=label, background=COLOURS[kind], **_hint(kind, label, taxonomy))
    region = ET.SubElement(view, "View", visibleWhen="region-selected")
    ET.SubElement(region, "Header", value="The selected evidence", size="5")
    for name, values, hints, extra in (
            (STATUS, (*CONCERN_STATUSES, *SERVICE_STATUSES), STATUS_HINTS, {"required": "true"}),
            (SUBJECT, SUBJECTS, SUBJECT_HINTS, {}),
            (ALSO, FLAGS, {flag: f"also {flag} (beyond the status)" for flag in FLAGS}, {"choice": "multiple"})):
        tag = ET.SubElement(region, "Choices", name=name, toName=TEXT, perRegion="true",
                            choice=extra.pop("choice", "single-radio"), showInline="true", **extra)
        for value in values:
            ET.SubElement(tag, "Choice", value=value, hint=hints[value])
    ET.SubElement(view, "Header", value="Note labels: what the note says about the household now", size="4")
    for kind in KINDS:
        group = ET.SubElement(view, "View")
        ET.SubElement(group, "Header", value=NOTE_FIELDS[kind], size="5")
        tag = ET.SubElement(group, "Choices", name=NOTE_FIELDS[kind], toName=TEXT, choice="multiple", showInline="true")
        for label in labels[kind]:
            ET.SubElement(tag, "Choice", value=label, **_hint(kind, label, taxonomy))
    ET.indent(view)
    return ET.tostring(view, encoding="unicode") + "\n"


def _hint(kind: str, label: str, taxonomy: Taxonomy) -> dict[str, str]:
    if kind == "factor" and label in taxonomy.factors:
        return {"hint": taxonomy.factors[label].description}
    if kind == "factor" and label in taxonomy.groups:
        return {"hint": f"{taxonomy.groups[label].label} (outside the household)"}
    if kind == "need" and label in taxonomy.needs:
        return {"hint": taxonomy.needs[label].label}
    return {}


# ---------------------------------------------------------------- export
def read_rows(path: str | Path) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    """(1-based row, record or None, problem or None) for each row of a JSONL or Parquet file."""
    path = Path(path)
    if path.suffix.lower() in (".parquet", ".pq"):
        from casenotes.io import read_records

        for row, record in enumerate(read_records(path), start=1):
            yield row, record, None
        return
    with path.open(encoding="utf-8") as handle:
        row = 0
        for line in handle:
            if not line.strip():
                continue
            row += 1
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                yield row, None, f"not valid JSON ({err.msg} at position {err.pos})"
                continue
            yield (row, record, None) if isinstance(record, dict) else (row, None, "not a JSON object")


def export_tasks(rows: Iterable[tuple[int, dict[str, Any] | None, str | None]] | Iterable[dict[str, Any]],
                 model_version: str | None = None, keep: Sequence[str] = ()) -> tuple[list[dict[str, Any]], ExportReport]:
    """Label Studio tasks from casenotes output (``redacted_text``) or labelled notes (``text``).

    rows: records, or ``read_rows`` triples. A bad row is reported in ``report.rejected`` by row and note
        id and left out; the others are exported.
    model_version: names the predictions (default: from the casenotes version and the mention sources).
    keep: extra record fields to copy into the task data (and back on import), e.g. ``team``. Nothing else
        is copied: a case or child id stays out of Label Studio unless named here.
    """
    report, tasks = ExportReport(), []
    for row, record, problem in (_as_row(i, r) for i, r in enumerate(rows, start=1)):
        where = f"row {row}" + (f" (note {str(record.get('note_id'))!r})" if record and record.get("note_id") else "")
        if problem or record is None:
            report.rejected[where] = [problem or "empty row"]
            continue
        if record.get("status") == "error":
            report.skipped_errors += 1
            continue
        problems: list[str] = []
        task = _task(record, model_version, keep, problems, report)
        if problems:
            report.rejected[where] = problems
            continue
        tasks.append(task)
        report.tasks += 1
    return tasks, report


def _as_row(index: int, item: Any) -> tuple[int, dict[str, Any] | None, str | None]:
    return item if isinstance(item, tuple) else (index, item, None)


def _task(record: dict[str, Any], model_version: str | None, keep: Sequence[str], problems: list[str],
          report: ExportReport) -> dict[str, Any]:
    note_id = str(record.get("note_id") or "").strip()
    if not note_id:
        problems.append("missing note_id")
    text, mentions, note_labels = _reviewable(record, problems, report)
    if problems:
        return {}
    result: list[dict[str, Any]] = []
    scores: list[float] = []
    sources: set[str] = set()
    for index, mention in enumerate(mentions):
        kind, label = mention.get("kind"), mention.get("label")
        sources.add(str(mention.get("source") or "labelled"))
        if mention.get("source") == CLASSIFIER_SOURCE:  # a whole-note label: a note-level choice, not a region
            report.classifier_labels += 1
            if isinstance(mention.get("score"), (int, float)):
                scores.append(float(mention["score"]))
            continue
        where = f"mention {index + 1}"
        start, end = mention.get("start"), mention.get("end")
        if kind not in KINDS:
            problems.append(f"{where}: unknown kind {kind!r} (factor, need or service)")
            continue
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            problems.append(f"{where}: offsets {start}-{end} out of range (text length {len(text)})")
            continue
        status = mention.get("status") or DEFAULT_STATUS[kind]
        allowed = SERVICE_STATUSES if kind == "service" else CONCERN_STATUSES
        if status not in allowed:
            problems.append(f"{where}: status {status!r} is not one for a {kind} ({', '.join(allowed)})")
            continue
        region = {"start": start, "end": end, "text": text[start:end]}
        rid = f"m{index + 1}"
        item = {"id": rid, "from_name": kind, "to_name": TEXT, "type": "labels", "value": {**region, "labels": [label]}}
        if isinstance(mention.get("score"), (int, float)):
            item["score"] = float(mention["score"])
        result.append(item)
        result.append(_choice(rid, STATUS, region, [status]))
        if mention.get("subject"):
            result.append(_choice(rid, SUBJECT, region, [mention["subject"]]))
        also = [flag for flag in FLAGS if mention.get(flag) and status != flag]
        if also:
            result.append(_choice(rid, ALSO, region, also))
        report.regions += 1
    for kind in KINDS:
        if labels := note_labels[kind]:
            result.append({"id": NOTE_FIELDS[kind], "from_name": NOTE_FIELDS[kind], "to_name": TEXT, "type": "choices",
                           "value": {"choices": labels}})
    data = {TEXT: text, "note_id": note_id,
            **{key: record[key] for key in keep if isinstance(record.get(key), (str, int, float, bool))}}
    version = model_version or _model_version(sources)
    return {"data": data, "predictions": [{"model_version": version, "score": min(scores, default=RULES_SCORE),
                                           "result": result}]}


def _choice(rid: str, name: str, region: dict[str, Any], choices: list[str]) -> dict[str, Any]:
    return {"id": rid, "from_name": name, "to_name": TEXT, "type": "choices", "value": {**region, "choices": choices}}


def _reviewable(record: dict[str, Any], problems: list[str], report: ExportReport):
    """(redacted text, mentions with offsets into it, note-level labels) of a casenotes output or labelled record."""
    note_labels = {kind: _label_list(record.get(NOTE_FIELDS[kind])) for kind in KINDS}
    if "redacted_text" in record:  # casenotes run / extract output: mentions point into the redacted text
        text = record.get("redacted_text")
        mentions = list(record.get("mentions") or [])
    else:  # labelled notes: the gold set, the corpus, a council's own
        text = record.get("text")
        mentions = list(record.get("mentions") or []) + _spans_as_mentions(record.get("spans"), problems)
    if not isinstance(text, str) or not text.strip():
        problems.append("no text to review (redacted_text or text is empty)")
        return "", [], note_labels
    pii = [s for s in (record.get("pii") or []) if isinstance(s, dict)] if "redacted_text" not in record else []
    pii += [{"start": m["start"], "end": m["end"], "type": m["label"]} for m in mentions if m.get("kind") == "pii"]
    mentions = [m for m in mentions if isinstance(m, dict) and m.get("kind") != "pii"]
    if pii:  # raw text with its personal data marked: never send it; mask as training does and move offsets
        from casenotes.classify import _mask_with_offsets

        if any(not (isinstance(s.get("start"), int) and isinstance(s.get("end"), int)) for s in pii):
            problems.append("a pii span lacks integer start and end")
            return "", [], note_labels
        text, replaced = _mask_with_offsets(text, pii)
        mentions = [{**m, "start": _moved(m.get("start"), replaced, False), "end": _moved(m.get("end"), replaced, True)}
                    for m in mentions]
        report.masked += 1
    return text, mentions, note_labels


def _moved(position: Any, replaced: Sequence[tuple[int, int, int, int]], is_end: bool) -> Any:
    """An offset into the raw text as an offset into the masked text (inside a masked span: its edge)."""
    if not isinstance(position, int):
        return position
    shift = 0
    for start, end, masked_start, masked_end in replaced:
        if position < start or (is_end and position == start):
            break
        if position < end or (is_end and position == end):
            return masked_end if is_end else masked_start
        shift = masked_end - end
    return position + shift


def _spans_as_mentions(spans: Any, problems: list[str]) -> list[dict[str, Any]]:
    """A labelled file's ``spans`` (start, end, label, kind?, asserted?) as mentions with a status."""
    if isinstance(spans, str):
        try:
            spans = json.loads(spans)
        except json.JSONDecodeError:
            problems.append("spans column is not valid JSON")
            return []
    space = label_space()
    out = []
    for span in spans if isinstance(spans, list) else []:
        if not isinstance(span, dict):
            continue
        label = span.get("label") or span.get("type")
        kind = span.get("kind") or ("pii" if "type" in span and "label" not in span else
                                    next((k for k in KINDS if label in space[k]), None))
        if kind != "pii" and span.get("asserted") is False:
            problems.append(f"span {span.get('start')}-{span.get('end')} ({label}) is marked not asserted but does not "
                            "say why; give it as a mention with a status (negated, hypothetical, historical, ...)")
            continue
        out.append({"kind": kind, "label": label, "start": span.get("start"), "end": span.get("end")})
    return out


def _label_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    return [str(v) for v in value or []]


def _model_version(sources: set[str]) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        package = f"casenotes {version('casenotes')}"
    except PackageNotFoundError:
        package = "casenotes"
    sources.discard("labelled")
    return f"{package} ({'+'.join(sorted(sources)) or 'labelled notes'})"


# ---------------------------------------------------------------- import
def import_tasks(tasks: Any, include_unreviewed: bool = False,
                 taxonomy: Taxonomy | None = None) -> tuple[list[dict[str, Any]], ImportReport]:
    """Labelled-note records (the gold format) from Label Studio's JSON export (a list of tasks).

    include_unreviewed: a task with no submitted annotation is read from its (newest) prediction instead of
        being skipped; its record says ``"review": "prediction"``.
    A task that cannot be read is left out and listed in ``report.rejected`` by task id and note id.
    Raises ``ReviewError`` when the file is not a task list at all.
    """
    if isinstance(tasks, dict) and isinstance(tasks.get("tasks"), list):
        tasks = tasks["tasks"]
    if not isinstance(tasks, list):
        raise ReviewError(["expected a JSON list of tasks: in Label Studio use Export > JSON"], "Label Studio export")
    if tasks and all(isinstance(t, dict) and "data" not in t and TEXT in t for t in tasks):
        raise ReviewError(["this looks like a JSON-MIN export, which drops region statuses: export as JSON"],
                          "Label Studio export")
    space = {kind: set(labels) for kind, labels in label_space(taxonomy).items()}
    report, records, seen = ImportReport(), [], {}
    for index, task in enumerate(tasks, start=1):
        report.tasks += 1
        task_id = str(task.get("id", index)) if isinstance(task, dict) else str(index)
        data = task.get("data") if isinstance(task, dict) else None
        note_id = str(data.get("note_id") or "").strip() if isinstance(data, dict) else ""
        where = f"task {task_id}" + (f" (note {note_id!r})" if note_id else "")
        problems: list[str] = []
        if not isinstance(data, dict) or not isinstance(data.get(TEXT), str) or not data[TEXT].strip():
            report.rejected[where] = ["no data.text: not a task made by casenotes review export"]
            continue
        if not note_id:
            problems.append("no data.note_id")
        elif note_id in seen:
            problems.append(f"note id also used by task {seen[note_id]}")
        chosen, source = _chosen_result(task, include_unreviewed, task_id, report, problems)
        if chosen is None and not problems:
            report.unreviewed_skipped.append(task_id)
            continue
        record = _record(data, note_id, chosen or [], space, problems, report, task_id)
        if problems:
            report.rejected[where] = problems
            continue
        seen[note_id] = task_id
        record["review"] = source
        records.append(record)
        if source == "annotation":
            report.from_annotations += 1
        else:
            report.from_predictions += 1
    return records, report


def _chosen_result(task: dict[str, Any], include_unreviewed: bool, task_id: str, report: ImportReport,
                   problems: list[str]) -> tuple[list[Any] | None, str]:
    annotations = [a for a in task.get("annotations") or [] if isinstance(a, dict) and not a.get("was_cancelled")]
    if annotations:
        if len(annotations) > 1:
            report.several_annotations.append(task_id)
        # ground truth first, then the newest (ISO timestamps sort as text), then the last listed
        best = max(enumerate(annotations), key=lambda pair: (bool(pair[1].get("ground_truth")),
                                                             str(pair[1].get("updated_at") or pair[1].get("created_at") or ""),
                                                             pair[0]))[1]
        result = best.get("result")
        if not isinstance(result, list):
            problems.append("the annotation has no result list")
            return None, "annotation"
        return result, "annotation"
    if not include_unreviewed:
        return None, "prediction"
    predictions = [p for p in task.get("predictions") or [] if isinstance(p, dict) and isinstance(p.get("result"), list)]
    if not predictions:
        problems.append("no annotation and no prediction with a result (export with predictions included)")
        return None, "prediction"
    return predictions[-1]["result"], "prediction"


def _record(data: dict[str, Any], note_id: str, result: list[Any], space: dict[str, set[str]], problems: list[str],
            report: ImportReport, task_id: str) -> dict[str, Any]:
    text: str = data[TEXT]
    regions: dict[str, dict[str, Any]] = {}  # region id -> {"spans": [(kind, label, start, end)], choices...}
    note_labels: dict[str, list[str]] = {kind: [] for kind in KINDS}
    by_field = {f: kind for kind, f in NOTE_FIELDS.items()}
    for position, item in enumerate(result, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("value"), dict):
            problems.append(f"result item {position} is not a Label Studio result (no value)")
            continue
        value, name, rid = item["value"], item.get("from_name"), str(item.get("id") or f"#{position}")
        if item.get("type") == "labels":
            kind = name if name in KINDS else (item.get("meta") or {}).get("kind")  # old single-group tasks
            start, end = value.get("start"), value.get("end")
            where = f"region {start}-{end}"
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
                problems.append(f"{where}: offsets out of range (text length {len(text)})")
                continue
            if isinstance(value.get("text"), str) and value["text"] != text[start:end]:
                problems.append(f"{where}: its offsets do not match its highlighted text (was the text changed?)")
                continue
            for label in value.get("labels") or []:
                label_kind = kind if kind in KINDS else next((k for k in KINDS if label in space[k]), None)
                if label_kind is None or label not in space[label_kind]:
                    problems.append(f"{where}: unknown {label_kind or 'region'} label {label!r}{LEXICON_HINT}")
                    continue
                regions.setdefault(rid, {}).setdefault("spans", []).append((label_kind, label, start, end))
        elif item.get("type") == "choices" and name in (STATUS, SUBJECT, ALSO):
            regions.setdefault(rid, {})[name] = list(value.get("choices") or [])
        elif item.get("type") == "choices" and name in by_field:
            kind = by_field[name]
            for label in value.get("choices") or []:
                if label not in space[kind]:
                    problems.append(f"note labels: unknown {kind} label {label!r}{LEXICON_HINT}")
                elif label not in note_labels[kind]:
                    note_labels[kind].append(label)
    mentions = []
    for rid, region in regions.items():
        for kind, label, start, end in region.get("spans", []):  # choices of a deleted region are ignored
            mention = _mention(kind, label, start, end, region, problems, report)
            if mention:
                mentions.append(mention)
    mentions.sort(key=lambda m: (m["start"], m["end"], KINDS.index(m["kind"]), m["label"]))
    if any(_counts_at_note_level(m) and m["label"] not in note_labels[m["kind"]] for m in mentions):
        report.note_labels_disagree.append(task_id)
    extra = {k: v for k, v in data.items() if k not in (TEXT, "note_id")}
    return {"note_id": note_id, TEXT: text, **{NOTE_FIELDS[k]: note_labels[k] for k in KINDS}, "mentions": mentions, **extra}


def _mention(kind: str, label: str, start: int, end: int, region: dict[str, Any], problems: list[str],
             report: ImportReport) -> dict[str, Any] | None:
    where = f"region {start}-{end} ({kind} {label})"
    statuses = region.get(STATUS) or []
    allowed = SERVICE_STATUSES if kind == "service" else CONCERN_STATUSES
    if not statuses:
        report.status_defaulted += 1
        statuses = [DEFAULT_STATUS[kind]]
    if len(statuses) > 1 or statuses[0] not in allowed:
        problems.append(f"{where}: status {', '.join(statuses)} is not one status for a {kind} ({', '.join(allowed)})")
        return None
    subjects = region.get(SUBJECT) or [None]
    if len(subjects) > 1 or (subjects[0] is not None and subjects[0] not in SUBJECTS):
        problems.append(f"{where}: subject {', '.join(map(str, subjects))} is not one of {', '.join(SUBJECTS)}")
        return None
    also = region.get(ALSO) or []
    if unknown := [flag for flag in also if flag not in FLAGS]:
        problems.append(f"{where}: unknown flag(s) {', '.join(map(str, unknown))}")
        return None
    status = statuses[0]
    return {"start": start, "end": end, "kind": kind, "label": label, "status": status,
            **{flag: flag == status or flag in also for flag in FLAGS}, "subject": subjects[0]}


def _counts_at_note_level(mention: dict[str, Any]) -> bool:
    if mention["kind"] == "service":
        return mention["status"] in COUNTED_SERVICE_STATUSES
    return mention["status"] == "current" and mention["subject"] != OUTSIDE_HOUSEHOLD and not (
        mention["kind"] == "factor" and mention["label"] in load_taxonomy().groups)


# ---------------------------------------------------------------- files
def write_json_atomic(path: Path, text: str) -> None:
    """Write beside the target, then rename: an interrupted write never leaves half a file under its name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def tasks_json(tasks: Sequence[dict[str, Any]]) -> str:
    """A JSON list with one task a line (Label Studio's import reads any JSON list)."""
    return "[\n" + ",\n".join(json.dumps(task, ensure_ascii=False) for task in tasks) + "\n]\n"


def records_jsonl(records: Sequence[dict[str, Any]]) -> str:
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def config_path_for(tasks_path: Path) -> Path:
    """``tasks.json`` -> ``tasks.config.xml``: the labelling interface written beside the tasks."""
    return tasks_path.with_name(tasks_path.stem + ".config.xml")


__all__ = ["ExportReport", "ImportReport", "ReviewError", "config_path_for", "export_tasks", "import_tasks",
           "label_space", "label_studio_config", "labels_in", "read_rows", "records_jsonl", "tasks_json",
           "write_json_atomic"]
