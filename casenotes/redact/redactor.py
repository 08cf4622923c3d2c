"""``Redactor``: case notes in, redacted text and PII offsets out, with consistent placeholders.

The statistical model runs once per note (in batches through ``nlp.pipe``); everything after it,
the keep-list, name propagation, known people and placeholders, works on character spans.
"""

from __future__ import annotations

from typing import Iterable, Sequence


from casenotes.contract import PLACEHOLDER
from casenotes.redact.entities import PERSON
from casenotes.redact.config import DateHandling, RedactorConfig  # noqa: F401 - re-exported
from casenotes.redact.finaliser import DATE_TYPE, Finaliser, PiiSpan, RedactionResult  # noqa: F401 - re-exported
from casenotes.redact.lexicons import keep_intervals, keep_list_for, keep_list_in_use
from casenotes.redact.normalise import fold
from casenotes.redact.resolve import (CERTAIN_NAME, LEARNED_RECOGNIZER, RECOGNIZER_NAME_KEY, SPACY_RECOGNIZER, Found,
                                      calendar_names_from_tagger, everyday_word_before_past_verb,
                                      everyday_word_opening_sentence, merge_overlapping, split_at_common_words,
                                      trim_keep_words, trim_learned_tail)
from casenotes.redact.spacy_model import LANGUAGE
from casenotes.segments import split_segments

#: The placeholder grammar (``casenotes.contract.PLACEHOLDER``), under its old name here.
PLACEHOLDER_PATTERN = PLACEHOLDER


class Redactor(Finaliser):
    """Redacts notes. Keep one per process: loading the spaCy model takes a few seconds.

    ``people`` maps a case id to its known ``(name, role)`` pairs (see ``people.load_people_table``).
    A ``Redactor`` detects (``detect``, stateless) and finalises (``finalise``, from ``Finaliser``: the case
    memory); ``redact_batch`` does both, in order.
    """

    def __init__(self, config: RedactorConfig | None = None, people: dict[str, list[tuple[str, str]]] | None = None):
        from casenotes.redact.engine import build_analyzer  # spaCy and Presidio: only where notes are analysed

        from casenotes.redact.engine import learned_recognizer, user_entities

        super().__init__(config, people)
        keep_list_for(self.config.lexicon)  # a council lexicon that cannot be read fails here, before the model loads
        self.analyzer = build_analyzer(self.config.spacy_model, self.config.tagger_folder(), self.config.recognizers,
                                       self.config.precision)
        self._learned = learned_recognizer(self.analyzer)
        #: The configured entities plus every entity a recognizer from the user's registry file finds.
        self.entities = tuple(dict.fromkeys([*self.config.entities, *user_entities(self.analyzer, self.config.recognizers)]))

    # -- public API -------------------------------------------------------------------------
    def redact(self, text: str, case_id: str | None = None) -> RedactionResult:
        return self.redact_batch([text], [case_id])[0]

    def redact_batch(self, texts: Sequence[str], case_ids: Sequence[str | None] | None = None) -> list[RedactionResult]:
        """Redact notes in order; a case's later notes reuse the placeholders of its earlier ones."""
        case_ids = list(case_ids) if case_ids is not None else [None] * len(texts)
        found = self.detect(texts)
        return [self.finalise(text, spans, case_id) for text, spans, case_id in zip(texts, found, case_ids)]

    def detect(self, texts: Sequence[str]) -> list[list[Found]]:
        """Raw recognizer findings per text, keep-list applied, before placeholders."""
        with keep_list_in_use(self.keep_list):
            return self._detect(texts)

    def _detect(self, texts: Sequence[str]) -> list[list[Found]]:
        texts = [fold(text) for text in texts]  # look-alike characters: same offsets, ASCII shapes
        segments = [
            (note, offset, piece)
            for note, text in enumerate(texts)
            for offset, piece in split_segments(text, self.config.max_segment_chars)
        ]
        found: list[list[Found]] = [[] for _ in texts]
        longest = max((len(piece) for _, _, piece in segments), default=1) or 1
        artifacts = self.analyzer.nlp_engine.process_batch(
            [piece for _, _, piece in segments], language=LANGUAGE,
            batch_size=max(1, min(self.config.batch_size, self.config.batch_chars // longest)),
        )
        keep = [keep_intervals(text) for text in texts]
        placeholders = [[m.span() for m in PLACEHOLDER.finditer(text)] if "[" in text else [] for text in texts]
        if self._learned is not None:  # the transformer runs once over the whole batch, not once per note
            self._learned.prime([piece for _, _, piece in segments])
        for (note, offset, piece), (_, nlp_artifacts) in zip(segments, artifacts):
            results = self.analyzer.analyze(
                piece,
                language=LANGUAGE,
                entities=list(self.entities),
                nlp_artifacts=nlp_artifacts,
                score_threshold=self.config.score_threshold,
            )
            for result in results:
                metadata = result.recognition_metadata or {}
                certain = metadata.get("why") == CERTAIN_NAME
                spacy_person = metadata.get(RECOGNIZER_NAME_KEY) == SPACY_RECOGNIZER and result.entity_type == PERSON
                learned = metadata.get(RECOGNIZER_NAME_KEY) == LEARNED_RECOGNIZER
                raw = Found(result.start + offset, result.end + offset, result.entity_type, result.score, confirmed=certain,
                            learned=learned)
                raw = trim_learned_tail(texts[note], raw)
                if placeholders[note] and any(a < raw.end and raw.start < b for a, b in placeholders[note]):
                    continue  # a placeholder already in the text ("[PERSON_2]") is never redacted again
                found[note].extend(calendar_names_from_tagger(texts[note], raw))  # "Sunday was told"
                for piece in split_at_common_words(texts[note], raw):
                    span = trim_keep_words(texts[note], piece, keep[note])
                    if spacy_person and span is not None and everyday_word_opening_sentence(texts[note], span.start, span.end):
                        continue  # "Rang mum", "Sleeps well", "Rang SALT re": the small model's person, not a name rule's
                    if (span is not None and span.type == PERSON and not certain
                            and everyday_word_before_past_verb(texts[note], span.start, span.end)):
                        continue  # "Jaundice resolved", "Dentist booked": a noun opening a sentence before its verb
                    if span is not None:
                        found[note].append(span)
        return found

    def scan(self, texts: Iterable[str]) -> list[list[PiiSpan]]:
        """Identifiers still present in already-redacted texts (placeholders excluded): the leak check."""
        texts = list(texts)
        residual = []
        for text, spans in zip(texts, self.detect(texts)):
            masked = [m.span() for m in PLACEHOLDER.finditer(text)]
            residual.append(
                [
                    PiiSpan(s.start, s.end, s.type, s.score)
                    for s in merge_overlapping(spans)
                    if not any(start < s.end and s.start < end for start, end in masked)
                ]
            )
        return residual
