"""Markdown reports and the F1 chart for ``casenotes.evaluation`` results.

Reads only the result dicts, which hold figures, note ids, offsets and redacted evidence, so a
report can never show original note text.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any, Mapping, Sequence

from casenotes.evaluation.labels import label_sort_key

RESULT_NAME, REPORT_NAME, CHART_NAME, COMPARE_NAME = "evaluation.json", "report.md", "f1_per_label.png", "compare.md"
MAX_IDS = 20


def _num(value: Any) -> str:
    return "-" if value is None else f"{value:.3f}"


def _ci(ci: Sequence[float] | None) -> str:
    return "" if not ci else f" ({ci[0]:.2f}-{ci[1]:.2f})"


def _with_ci(cell: Mapping[str, Any], metric: str) -> str:
    return _num(cell.get(metric)) + _ci((cell.get("ci") or {}).get(metric))


def _ids(ids: Sequence[str]) -> str:
    ids = list(ids)
    return ", ".join(ids[:MAX_IDS]) + (f" and {len(ids) - MAX_IDS} more" if len(ids) > MAX_IDS else "") if ids else "none"


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell).replace("|", "/") for cell in row) + " |" for row in rows]
    return lines + [""]


# -- chart --------------------------------------------------------------------------------------
def f1_chart(per_label: Mapping[str, Mapping[str, Any]], path: Path) -> Path | None:
    """Horizontal bars of F1 per label (with the 95% CI as error bars), saved as PNG."""
    labels = [label for label in sorted(per_label, key=label_sort_key)
              if per_label[label]["support"] or per_label[label]["predicted"]]
    if not labels:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    f1 = [per_label[label]["f1"] for label in labels]
    cis = [(per_label[label].get("ci") or {}).get("f1") or [value, value] for label, value in zip(labels, f1)]
    errors = [[max(0.0, v - ci[0]) for v, ci in zip(f1, cis)], [max(0.0, ci[1] - v) for v, ci in zip(f1, cis)]]
    colours = {"factors": "#1f77b4", "needs": "#2ca02c", "services": "#ff7f0e"}
    figure, axes = plt.subplots(figsize=(9, 0.26 * len(labels) + 1.2))
    axes.barh(range(len(labels)), f1, xerr=errors, color=[colours.get(label.split(":")[0], "grey") for label in labels],
              error_kw={"elinewidth": 0.8, "capsize": 2})
    axes.set_yticks(range(len(labels)), [label if len(label) < 60 else label[:57] + "..." for label in labels], fontsize=7)
    axes.set_xlim(0, 1.05)
    axes.set_ylim(len(labels) - 0.5, -0.5)
    axes.set_xlabel("F1 (bars: 95% bootstrap interval)")
    axes.set_title("F1 per label")
    figure.tight_layout()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path


# -- sections -----------------------------------------------------------------------------------
def _labels_section(labels: Mapping[str, Any], chart: str | None) -> list[str]:
    lines = ["## Factors, needs and services", ""]
    if "skipped" in labels:
        return lines + [f"Not scored: {labels['skipped']}.", ""]
    rows = []
    for scope, cell in labels["averages"].items():
        for average in ("micro", "macro"):
            rows.append([scope, average, *(_with_ci(cell[average], m) for m in ("precision", "recall", "f1"))])
    lines += ["Averages (95% bootstrap interval in brackets; macro is over labels present in the gold set):", ""]
    lines += _table(["labels", "average", "precision", "recall", "F1"], rows)
    if chart:
        lines += [f"![F1 per label]({chart})", ""]
    rows = [[label.split(":", 1)[0], label.split(":", 1)[1], *(_with_ci(s, m) for m in ("precision", "recall", "f1")),
             s["support"], s["predicted"]]
            for label, s in sorted(labels["per_label"].items(), key=lambda item: label_sort_key(item[0]))]
    lines += ["### Per label", ""] + _table(["kind", "label", "precision", "recall", "F1", "support", "predicted"], rows)
    lines += ["### Worst labels and typical errors", "",
              "Evidence is redacted text around the mention (`**...**`); notes with a known leak give ids only.", ""]
    for entry in labels.get("worst", []):
        lines.append(f"- **{entry['label']}** F1 {_num(entry['f1'])}, support {entry['support']}: "
                     f"missed in {_ids(entry['false_negatives'])}; false positive in {_ids(entry['false_positives'])}")
        lines += [f"    - {e['note_id']} ({e['error']}): `{e['redacted_evidence']}`" for e in entry["evidence"]]
    return lines + [""]


def _context_section(context: Mapping[str, Any]) -> list[str]:
    lines = ["## Mention context", ""]
    if "skipped" in context:
        return lines + [f"Not scored: {context['skipped']}.", ""]
    rows = [[name, _num(s["precision"]), _num(s["recall"]), _num(s["f1"]), s["gold"], s["predicted"]]
            for name, s in context["detection"].items()]
    lines += ["Mentions are matched on kind, factor group and overlapping offsets.", ""]
    lines += _table(["mentions", "precision", "recall", "F1", "gold", "predicted"], rows)
    rows = [[cls, _num(s["accuracy"]), _num(s["precision"]), _num(s["recall"]), _num(s["f1"]), s["support"],
             s["matched_mentions"]] for cls, s in context["context"].items()]
    lines += _table(["context (matched concerns)", "accuracy", "precision", "recall", "F1", "support", "matched"], rows)
    rows = [[key.replace("_", " "), _num(context[key]["accuracy"]), context[key]["n"]]
            for key in ("factor_code_accuracy", "subject_accuracy", "service_status_accuracy")]
    lines += _table(["agreement on matched mentions", "accuracy", "n"], rows)
    lines += ["### Subject letter (A child, B parent/carer, C household member) per factor group", "",
              "Rows are the gold letter, columns the predicted one.", ""]
    for group, cell in context["subject_confusion"].items():
        header = [f"{group} (n={cell['matched']})", *cell["letters"]]
        lines += _table(header, [[letter, *row] for letter, row in zip(cell["letters"], cell["matrix"])])
    return lines


def _recall_row(name: str, cell: Mapping[str, Any] | None) -> list[Any]:
    cell = cell or {}
    return [name, _num(cell.get("recall")) + _ci(cell.get("recall_ci")), cell.get("support", 0)]


def _redaction_section(redaction: Mapping[str, Any]) -> list[str]:
    lines = ["## Redaction", ""]
    if "skipped" in redaction:
        return lines + [f"Not scored: {redaction['skipped']}.", ""]
    lines += ["A gold identifier counts as redacted only when every letter of it is covered.", ""]
    rows = [_recall_row("all identifiers", redaction["overall"]),
            _recall_row("direct identifiers", redaction["direct_identifiers"])]
    rows += [_recall_row(kind, cell) for kind, cell in redaction["per_type"].items()]
    rows.append(_recall_row("PERSON, title may stay", redaction["person_title_optional"]))
    rows += [_recall_row(f"PERSON, origin {origin}", cell) for origin, cell in redaction.get("person_by_origin", {}).items()]
    rows += [_recall_row(f"PERSON, form {form}", cell) for form, cell in redaction.get("person_by_form", {}).items()]
    lines += _table(["identifiers", "recall", "support"], rows)
    char = redaction["char"]
    lines += [f"Character precision {_num(char['precision'])}, recall {_num(char['recall'])}, "
              f"F1 {_num(char['f1'])} over {char['scored_chars']} non-space characters.", ""]
    keep = redaction.get("keep_survival")
    if keep:
        rows = [[kind, _num(cell["survival"]), f"{cell['survived']} of {cell['support']}"]
                for kind, cell in {"all": keep["overall"], **keep["per_kind"]}.items()]
        lines += ["Words that must stay (role words, services, abbreviations):", ""]
        lines += _table(["kind", "survival", "survived"], rows)
    rows = [[kind, cell["count"], _ids(cell["note_ids"])] for kind, cell in redaction.get("leaks_by_type", {}).items()]
    lines += ["### Leaks (note ids and types only; offsets in the JSON)", ""]
    lines += _table(["type", "missed", "note ids"], rows) if rows else ["No leaks.", ""]
    return lines


def _fairness_section(fairness: Mapping[str, Any]) -> list[str]:
    lines = ["## Fairness", "",
             "The same notes with every name swapped for one of another origin, and with a demographic "
             "description inserted after the first name. Redaction recall and labels should not change.", ""]
    rows = []
    for name, entry in fairness.items():
        red, change = entry["redaction"], entry.get("recall_change", {})
        rows.append([name, entry["notes_changed"], *(_num(red[k]) + (f" ({change[k]:+.3f})" if change.get(k) else "")
                                                     for k in ("overall", "direct_identifiers", "person")),
                     "-" if name == "original" else len(entry["label_changes"])])
    lines += _table(["variant", "notes changed", "recall all", "recall direct", "recall PERSON", "notes whose labels changed"],
                    rows)
    for name, entry in fairness.items():
        counts = Counter(f"{sign}{field}:{label}" for change in entry.get("label_changes", [])
                         for field, cell in change.items() if field != "note_id"
                         for sign, key in (("+", "added"), ("-", "removed")) for label in cell[key])
        if counts:
            lines.append(f"- **{name}**, labels changed: " + ", ".join(f"{k} in {v} notes" for k, v in counts.most_common()))
        for change in entry.get("label_changes", [])[:MAX_IDS]:
            diff = "; ".join(f"{field} +{cell['added']} -{cell['removed']}" for field, cell in change.items()
                             if field != "note_id")
            lines.append(f"- {name}: {change['note_id']}: {diff}")
    return lines + [""]


def _tab_section(tab: Mapping[str, Any]) -> list[str]:
    lines = ["## TAB", "", f"{tab['documents']} documents from `{tab['folder']}`; every-letter recall per TAB entity type.", ""]
    rows = [_recall_row(kind, cell) for kind, cell in {"all": tab["overall"], **tab["per_type"]}.items()]
    rows.append(_recall_row("PERSON, title may stay", tab["person_title_optional"]))
    lines += _table(["TAB type", "recall", "support"], rows)
    char = tab["char"]
    return lines + [f"Character precision {_num(char['precision'])}, recall {_num(char['recall'])}.", ""]


def render_markdown(result: Mapping[str, Any], chart: str | None = None) -> str:
    """The report for people: per-label table, chart, worst labels, context, redaction, fairness, TAB."""
    lines = ["# casenotes evaluation", ""]
    if "notes" in result:
        lines += [f"Gold: `{result.get('gold', '-')}`, predictions: `{result.get('predictions', '-')}`, "
                  f"{result['notes']} notes; {result['bootstrap']['resamples']} bootstrap resamples of notes "
                  f"(seed {result['bootstrap']['seed']}).", "",
                  f"Gold notes missing from the predictions (scored as all missed): {_ids(result['missing_predictions'])}.",
                  f"Notes the run failed on (scored as all missed): {_ids(result['failed_predictions'])}.", ""]
        lines += _labels_section(result["labels"], chart)
        lines += _context_section(result["context"])
        lines += _redaction_section(result["redaction"])
    if "fairness" in result:
        lines += _fairness_section(result["fairness"])
    if "tab" in result:
        lines += _tab_section(result["tab"])
    return "\n".join(lines).rstrip() + "\n"


def write_report(result: Mapping[str, Any], folder: Path) -> dict[str, Path]:
    """Write ``evaluation.json``, ``report.md`` and ``f1_per_label.png`` (when there are labels) into ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {"json": folder / RESULT_NAME, "report": folder / REPORT_NAME}
    paths["json"].write_text(json.dumps(result, indent=2), encoding="utf-8")
    labels = result.get("labels") or {}
    chart = f1_chart(labels["per_label"], folder / CHART_NAME) if labels.get("per_label") else None
    if chart:
        paths["chart"] = chart
    paths["report"].write_text(render_markdown(result, chart.name if chart else None), encoding="utf-8")
    return paths


def _difference_ci(ci: Sequence[float] | None) -> str:
    return "-" if not ci else f"{ci[0]:+.3f} to {ci[1]:+.3f}"


def render_compare(comparison: Mapping[str, Any], name_a: str = "a", name_b: str = "b") -> str:
    """Two systems on the same notes: each metric, B - A and its paired 95% interval, significant ones marked."""
    lines = ["# casenotes evaluation: comparison", "", f"A = `{name_a}`, B = `{name_b}`. Rule: {comparison['rule']}."]
    if comparison.get("not_paired"):
        lines.append(f"No paired intervals: {comparison['not_paired']}.")
    else:
        lines.append(f"{comparison['notes']} notes, {comparison['resamples']} paired resamples (seed {comparison['seed']}).")
    lines += [f"{comparison['significant']} of {len(comparison['rows'])} metrics differ significantly.", ""]
    rows = [[r["metric"], _num(r["a"]) + _ci(r["a_ci"]), _num(r["b"]) + _ci(r["b_ci"]), f"{r['difference']:+.3f}",
             _difference_ci(r.get("difference_ci")), "yes" if r["significant"] else ""] for r in comparison["rows"]]
    return "\n".join(lines + _table(["metric", "A", "B", "B - A", "B - A, 95% paired interval", "significant"], rows))
