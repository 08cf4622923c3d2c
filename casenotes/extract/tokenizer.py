"""The tokenizer extraction runs on: spaCy's English rules, with redaction placeholders kept whole.

``[PERSON_2]``, ``[MOTHER]`` and ``[UPN:3fa9c2]`` must be one token each, so subject rules can read
"Mum ([PERSON_2])" as role, bracket, person. Registered as ``casenotes.placeholder_tokenizer.v1`` in
``casenotes.extract.components``.
"""

from __future__ import annotations

from typing import Callable

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_prefix_regex, registry

# The placeholder grammar is the output contract's (casenotes.contract): the anchored PLACEHOLDER_TOKEN is
# what a saved tokenizer reloads, and "[" is split off as punctuation unless it opens a placeholder, so
# "[PERSON_1]'s" keeps "[PERSON_1]" whole.
from casenotes.contract import (  # noqa: F401 - re-exported
    OPEN_BRACKET_NOT_PLACEHOLDER,
    PLACEHOLDER,
    PLACEHOLDER_TOKEN,
    is_placeholder,
)


def create_placeholder_tokenizer() -> Callable[[Language], Tokenizer]:
    """Registered for config use: ``[nlp.tokenizer] @tokenizers = "casenotes.placeholder_tokenizer.v1"``."""

    default_tokenizer = registry.tokenizers.get("spacy.Tokenizer.v1")()

    def make_tokenizer(nlp: Language) -> Tokenizer:
        tokenizer = default_tokenizer(nlp)
        prefixes = [OPEN_BRACKET_NOT_PLACEHOLDER if p == r"\[" else p for p in nlp.Defaults.prefixes or []]
        tokenizer.prefix_search = compile_prefix_regex(prefixes).search
        tokenizer.token_match = PLACEHOLDER_TOKEN.match
        return tokenizer

    return make_tokenizer
