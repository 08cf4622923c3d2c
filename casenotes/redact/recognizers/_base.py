"""Shared base for casenotes pattern recognizers whose match is wider than the identifier.

Many identifiers in case notes are only recognisable from the cue in front of them
("DOB 03/04/2015", "Mosaic ID 1234567", "snapchat: jaz_x99"). Presidio's
``PatternRecognizer`` reports the whole regex match, so the cue would be redacted too
and the cue word would be lost to later stages. ``CuedPatternRecognizer`` runs the
same loop as ``PatternRecognizer`` but, when the regex has a named group ``value``,
reports (and validates) only that group. Patterns without the group behave exactly
like Presidio's.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

import regex as re
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

logger = logging.getLogger("casenotes.redact")

VALUE_GROUP = "value"
_REGEX_TIMEOUT_SECONDS = int(os.environ.get("REGEX_TIMEOUT_SECONDS", 60))


def cs(pattern: str) -> str:
    """Wrap ``pattern`` so it is matched case-sensitively inside an IGNORECASE regex."""
    return f"(?-i:{pattern})"


def alternation(words: list[str] | tuple[str, ...]) -> str:
    """Non-capturing alternation, longest first so "Primary School" beats "School"."""
    ordered = sorted(words, key=len, reverse=True)
    return "(?:" + "|".join(w.replace(" ", r"\s+") for w in ordered) + ")"


class CuedPatternRecognizer(PatternRecognizer):
    """``PatternRecognizer`` that trims each match to its ``value`` group when present.

    Subclasses may override :meth:`entity_for` to give one match a different entity
    (for recognizers supporting several entities) and :meth:`adjust_span` to move the
    start/end (return None to drop the match).
    """

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        flags = regex_flags if regex_flags else self.global_regex_flags
        results: list[RecognizerResult] = []
        for pattern in self.patterns:
            compiled = self._compile(pattern, flags)
            try:
                for match in compiled.finditer(text, timeout=_REGEX_TIMEOUT_SECONDS):
                    result = self._result_for(text, match, pattern, flags)
                    if result is not None:
                        results.append(result)
            except TimeoutError:
                # Never log the text itself: it is a case note.
                logger.warning("Regex pattern '%s' timed out, skipping.", pattern.name)
        if entities:
            results = [r for r in results if r.entity_type in entities]
        return EntityRecognizer.remove_duplicates(results)

    def entity_for(self, match: re.Match) -> str:
        """Entity type for one match; the single supported entity by default."""
        return self.supported_entities[0]

    def adjust_span(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        """Hook to trim or drop a span after matching; identity by default."""
        return start, end

    @staticmethod
    def _compile(pattern: Pattern, flags: int) -> re.Pattern:
        if not pattern.compiled_regex or pattern.compiled_with_flags != flags:
            pattern.compiled_with_flags = flags
            pattern.compiled_regex = re.compile(pattern.regex, flags=flags)
        return pattern.compiled_regex

    def _result_for(
        self, text: str, match: re.Match, pattern: Pattern, flags: int
    ) -> RecognizerResult | None:
        group = VALUE_GROUP if VALUE_GROUP in match.groupdict() else 0
        start, end = match.span(group)
        if start < 0 or start == end:
            return None
        span = self.adjust_span(text, start, end)
        if span is None:
            return None
        start, end = span
        value = text[start:end]
        validation = self.validate_result(value)
        score = self._score(value, validation, pattern.score)
        if score <= EntityRecognizer.MIN_SCORE:
            return None
        explanation = self.build_regex_explanation(
            self.name, pattern.name, pattern.regex, pattern.score, validation, flags
        )
        explanation.score = score
        return RecognizerResult(
            entity_type=self.entity_for(match),
            start=start,
            end=end,
            score=score,
            analysis_explanation=explanation,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )

    def _score(self, value: str, validation: bool | None, pattern_score: float) -> float:
        """Presidio's rules: validation True -> max, False -> drop; invalidation drops."""
        if validation is False or self.invalidate_result(value):
            return EntityRecognizer.MIN_SCORE
        return EntityRecognizer.MAX_SCORE if validation else pattern_score
