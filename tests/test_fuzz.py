"""Property-based and fuzz tests (hypothesis): random files and identifier spellings against the invariants a
user relies on. One record per input row, offsets in range, nothing planted outside ``redacted_text``,
redaction idempotent, a resumed run equal to an uninterrupted one. Examples per property are set by the
``CASENOTES_FUZZ_EXAMPLES`` environment variable (CI's budget by default; raise it for a long soak)."""

from __future__ import annotations

import csv
import io
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casenotes.batch import BatchSpec, run_batch
from casenotes.io import InputError, read_notes, read_records
from casenotes.pipeline import RunOptions

EXAMPLES = int(os.environ.get("CASENOTES_FUZZ_EXAMPLES", "60"))
fuzz = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                             HealthCheck.too_slow])

note_text = st.lists(st.sampled_from(list('abc XYZ,."\'\n\r\t;\x00\x07é€９') + ["Mum ", "dad "]), min_size=1,
                     max_size=40).map("".join)


def _csv(rows: list[tuple[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["note_id", "text"])
    writer.writerows(rows)
    return buffer.getvalue()


@fuzz
@given(texts=st.lists(note_text, min_size=1, max_size=12), data=st.data())
def test_csv_round_trip_and_a_broken_quote_loses_no_other_note(tmp_path_factory, texts, data):
    rows = [(f"n{i}", text.replace("\r", "").replace("\x00", "")) for i, text in enumerate(texts)]
    rows = [(i, t) for i, t in rows if t.strip()]
    if not rows:
        return
    path = tmp_path_factory.mktemp("csv") / "in.csv"
    path.write_text(_csv(rows), encoding="utf-8")
    notes = list(read_notes(path))
    assert [(n.note_id, n.text) for n in notes] == rows  # well-formed: exact, one record per row

    quoted = [i for i, (_, t) in enumerate(rows) if any(c in t for c in ',"\n')]
    if not quoted:
        return
    broken = data.draw(st.sampled_from(quoted))
    body = _csv(rows).split("\n", 1)[1]
    lines = _csv(rows[:broken]).split("\n", 1)[1]
    start = len(lines)
    row_text = _csv([rows[broken]]).split("\n", 1)[1]
    cut = row_text.index('"')  # drop the opening quote of the broken row's quoted field
    corrupted = "note_id,text\n" + body[:start] + row_text[:cut] + row_text[cut + 1:] + body[start + len(row_text):]
    path.write_text(corrupted, encoding="utf-8")
    found = {(n.note_id, n.text) for n in read_notes(path) if n.problem is None}
    assert set(rows) - {rows[broken]} <= found | {r for r in rows if '"' in r[1] and r != rows[broken]}


@fuzz
@given(lines=st.lists(st.one_of(
    st.builds(lambda i, t: json.dumps({"note_id": f"n{i}", "text": t}), st.integers(0, 30), note_text),
    st.text(max_size=30), st.just("[1, 2]"), st.just('{"note_id": 5}')), min_size=1, max_size=15))
def test_jsonl_every_line_is_one_record_and_nothing_raises(tmp_path_factory, lines):
    lines = [line.replace("\n", " ").replace("\r", " ") for line in lines]
    path = tmp_path_factory.mktemp("jsonl") / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        notes = list(read_notes(path))
    except InputError:  # the first line decides the columns: a whole-file message, never a traceback
        return
    # a line of control characters is not blank: it is a record (an error), so every line is accounted for
    assert len(notes) == sum(1 for line in lines if line.encode("utf-8").strip())
    assert all(n.problem is None or n.text is None for n in notes)


def _nhs(digits: list[int]) -> str | None:
    total = sum(d * w for d, w in zip(digits, range(10, 1, -1)))
    check = (11 - total % 11) % 11
    return None if check == 10 else "".join(map(str, digits + [check]))


separators = st.sampled_from([" ", "  ", "   ", ".", "/", "-", "\n", ""])


@fuzz
@given(body=st.lists(st.integers(0, 9), min_size=6, max_size=6), seps=st.tuples(separators, separators),
       wide=st.booleans(), cue=st.sampled_from(["NHS no ", "nhs: ", "NHS number ", ""]))
def test_nhs_numbers_however_spelt_are_redacted(redactor, body, seps, wide, cue):
    number = _nhs([9, 9, 9] + body)
    if number is None or len(set(number)) == 1:
        return
    written = number[:3] + seps[0] + number[3:6] + seps[1] + number[6:]
    if wide:
        written = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in written)
    text = f"Baby seen at clinic. {cue}{written} recorded on the system."
    result = redactor.redact(text)
    digits = "".join(c for c in result.redacted_text if c.isdigit() or "０" <= c <= "９")
    assert number not in digits.translate({0xFF10 + i: str(i) for i in range(10)})


from casenotes.contract import PLACEHOLDER  # noqa: E402


@pytest.fixture(scope="module")
def rules_redactor():
    from casenotes.redact import Redactor, RedactorConfig

    return Redactor(RedactorConfig(tagger=None))


@fuzz
@given(name=st.sampled_from(["Zorabelle Quintavos", "WANG Lei", "Precious Adeyemi", "Lacey-Rae Boyd", "Tomasz Wrobel"]),
       phone=st.integers(900000, 900999), extra=note_text)
def test_redaction_is_idempotent_and_offsets_are_in_range(redactor, rules_redactor, name, phone, extra):
    """Redacting a redacted text never undoes anything: every placeholder stays and no hidden text comes back.

    Strict equality (redact(redact(x)) == redact(x)) does not hold and is not asserted: spaCy's NER and the learned
    tagger are statistical, and a placeholder where a number was is new context, so a second pass can hide one more
    odd token (the soak found 'ZbZ"bX' after '[PHONE].'). What must hold is that it never hides less."""
    text = f"Visit. {name} (14) said mum was shouting. Mob 07700 {phone}. {extra}"
    for system in (rules_redactor, redactor):
        once = system.redact(text)
        assert all(0 <= s.start < s.end <= len(text) for s in once.pii)
        assert f"{phone}" not in once.redacted_text and name.split()[-1] not in once.redacted_text
        twice = system.redact(once.redacted_text).redacted_text
        assert set(PLACEHOLDER.findall(once.redacted_text)) <= set(PLACEHOLDER.findall(twice))
        assert all(piece in once.redacted_text for piece in PLACEHOLDER.split(twice))  # nothing new shows
        assert "[[" not in twice  # a placeholder is never redacted inside


@settings(max_examples=max(3, EXAMPLES // 15), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=st.integers(3, 12), chunk=st.integers(1, 4), stop_after=st.integers(1, 3))
def test_run_equals_resume_after_an_interruption(tmp_path_factory, rows, chunk, stop_after):
    """Extraction-only runs (fast): the checkpoint, truncation and append logic is the same as with redaction."""
    folder = tmp_path_factory.mktemp("resume")
    source = folder / "in.jsonl"
    source.write_text("".join(json.dumps({"note_id": str(i), "text": f"Dad hit mum {i}. School nurse visited."}) + "\n"
                              for i in range(rows)), encoding="utf-8")
    options = RunOptions(progress=False, chunk_size=chunk)
    spec = BatchSpec(extract=True)
    whole = folder / "whole.jsonl"
    run_batch(source, whole, options, spec)

    output = folder / "out.jsonl"
    calls = {"n": 0}
    original = BatchSpec.build_extractor

    def interrupting(self):
        extractor = original(self)
        pipe = extractor.pipe

        def limited(texts, *args, **kwargs):
            calls["n"] += 1
            if calls["n"] > stop_after:
                raise KeyboardInterrupt
            return pipe(texts, *args, **kwargs)

        extractor.pipe = limited
        return extractor

    BatchSpec.build_extractor = interrupting
    try:
        run_batch(source, output, options, spec, checkpoint_seconds=0.0)
    except KeyboardInterrupt:
        pass
    finally:
        BatchSpec.build_extractor = original
    run_batch(source, output, options, spec, resume=output.exists())
    assert output.read_bytes() == whole.read_bytes()
    assert [r["note_id"] for r in read_records(output)] == [str(i) for i in range(rows)]
