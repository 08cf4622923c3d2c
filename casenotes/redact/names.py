"""Person-name recognizers that work on spaCy tokens, for names the statistical NER misses.

Case notes write names lower-case, misspelt, as initials, as nicknames, and from every community
a council serves, so no single signal is enough. Three recognizers each add one kind of evidence:

* ``UkNameLexiconRecognizer``: given names and surnames from many origins (a data file), with names
  that are also English words ("Hope", "Will") accepted only where written as a name.
* ``UkNameShapeRecognizer``: capitalised proper nouns that are not ordinary English words, which is
  what catches names no lexicon holds, whatever their origin.
* ``UkNameCueRecognizer``: words around a name that practitioners use ("Mr", "mum", "brother",
  "(7)", "aged 7", "spoke to"), which catches lower-case and unseen names.

Every occurrence of a found name elsewhere in the note (and case) is added later by the resolver.
"""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.tokens import Doc, Token

from casenotes.redact.entities import PERSON
from casenotes.redact.lexicons import COMMON_WORD_ZIPF, english_zipf, fold, keep_words, name_lexicon

SENTENCE_BREAKS = frozenset({".", "!", "?", ":", ";", "-", "–", "•", "*", ">", "(", '"', "“"})
TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "master", "mstr"})
ROLE_CUES = frozenset(
    {
        "mum", "mummy", "mam", "mother", "dad", "daddy", "father", "stepdad", "stepmum", "step-dad",
        "step-mum", "brother", "sister", "bro", "sis", "sibling", "half-brother", "half-sister",
        "nan", "nana", "nanna", "gran", "granny", "grandma", "grandmother", "grandad", "grandpa",
        "grandfather", "mgm", "mgf", "pgm", "pgf", "aunt", "auntie", "aunty", "uncle", "cousin",
        "partner", "boyfriend", "girlfriend", "bf", "gf", "ex-partner", "ex", "husband", "wife",
        "son", "daughter", "baby", "yp", "sw", "ssw", "hv", "dsl", "teacher", "pc", "dc",
        "ps", "officer", "worker", "nurse", "midwife", "senco", "iro", "fsw", "ehw", "tm", "friend",
        "neighbour", "carer", "foster", "named", "called", "children", "kids", "siblings", "sons",
        "daughters", "twins", "ds", "di", "dci", "sgt", "insp", "cllr", "prof", "judge", "paed", "chair",
        # label positions in minutes and forms: "Author: J. Hartley", "Present: ...", "Victim: ..."
        "author", "present", "attendees", "victim", "suspect", "perpetrator", "referrer", "volunteer", "interpreter",
        "keyworker", "key-worker", "minutes", "apologies", "fn", "fnp", "subject",
    }
)
#: Initials are an action owner or a signature next to these ("PM to email", "- JH by Fri", "AL/JH").
OWNER_AFTER = frozenset({"to", "by", "will", "&", "/", "and", "+"})
OWNER_BEFORE = frozenset({"-", "–", "(", "by", "/", "&", "•", "*", "and", "+"})
SINGLE_INITIAL_ACTS = frozenset({"then", "consented", "tearful", "upset", "happy", "smiled", "laughed", "asked",
                                 "wanted", "likes", "enjoys", "spoke", "talked", "shared"})
HYPHENATED_INITIALS = re.compile(r"(?<![\w-])[A-Z]-[A-Z](?![\w-])")
SPEECH_CUES_AFTER = frozenset(
    {"said", "says", "stated", "states", "reported", "reports", "told", "disclosed", "explained",
     "confirmed", "denied", "denies", "agreed", "was", "is", "has", "had", "presented", "appeared"}
)
STRONG_SPEECH_CUES = frozenset(
    {"said", "says", "stated", "reported", "reports", "told", "disclosed", "explained", "denied", "denies",
     "confirmed", "shared", "admitted", "alleged"}
)
PERSON_ACTIONS = frozenset(
    {"seen", "known", "arrested", "weighed", "attended", "attends", "moved", "agreed", "returned", "presented",
     "presents", "remains", "refused", "declined", "missed", "misses", "wants", "lives", "left", "cried",
     "smelt", "appeared", "seemed", "looked", "went", "came", "stayed", "slept", "ate", "answered"}
)
SPEECH_CUES_BEFORE = frozenset({"saw", "seen", "visited", "called", "phoned", "texted", "emailed", "met"})
#: "spoke to X", "sent to X": 'to' and 'with' are cues only after a verb of contact.
CONTACT_VERBS = frozenset({"spoke", "spoken", "speak", "talked", "talk", "sent", "chatted", "met", "meet", "explained", "said", "went", "lives", "living", "stayed", "staying"})
AGE_AFTER = re.compile(r"\s*(?:\(\s*(?:age[d]?\s*)?\d{1,2}\s*(?:y(?:rs?|ears?)?|m(?:th|onths?)?s?)?\s*[,)]|\(\s*dob|,?\s*aged?\s+\d{1,2}\b|,\s*\d{1,2}\s*(?:y(?:rs?|ears?)?\b|,))", re.I)
INITIAL_PAIR = re.compile(r"(?<![\w.&])([A-HJ-Z])\s*(?:&|and|\+)\s*([A-HJ-Z])(?![\w&])")
INITIAL = re.compile(r"^[A-Z]\.?$")
DOTTED_INITIALS = re.compile(r"(?<![\w.])[A-Z]\.\s?[A-Z]\.(?:\s?[A-Z]\.)?(?![\w])")
INITIAL_SURNAME = re.compile(r"\b([A-Z])\.?\s?(?=[A-Z][a-z'’-]{2,}\b)")

#: Parts of speech a lower-case name is never tagged with, even by the small model.
NOT_NAME_POS = frozenset({"VERB", "AUX", "ADP", "ADV", "ADJ", "DET", "PRON", "NUM", "CCONJ", "SCONJ", "PART", "PUNCT"})
#: Capitalised words rarer than this mid-sentence are names (or places) whatever the tagger says.
RARE_WORD_ZIPF = 2.0
#: Lower-case words with no other cue must be rarer than this to count as a name.
RARE_LOWERCASE_ZIPF = 3.0
#: Lower-case words after a cue must be rarer than this to count as a name.
LOWERCASE_NAME_ZIPF = 4.0


_TOKENS = "casenotes_tokens"


def tokens_of(doc: Doc) -> list[Token]:
    """The doc's tokens, made once: every recognizer walks them several times, and spaCy builds a new Token
    object on each ``for token in doc`` or ``doc[i]`` (a fifth of detection time on a long note, profiled)."""
    tokens = doc.user_data.get(_TOKENS)
    if tokens is None or len(tokens) != len(doc):
        tokens = doc.user_data[_TOKENS] = list(doc)
    return tokens


def is_sentence_initial(token: Token) -> bool:
    if token.i == 0:
        return True
    previous = tokens_of(token.doc)[token.i - 1]
    return previous.is_space or "\n" in previous.whitespace_ or previous.text in SENTENCE_BREAKS


def is_wordlike(token: Token) -> bool:
    text = token.text.replace("'", "").replace("’", "").replace("-", "")
    return len(text) >= 2 and text.isalpha()


def is_keep_word(token: Token) -> bool:
    key = fold(token.text)
    return key in keep_words() or (key.endswith("s") and key[:-1] in keep_words())


def looks_capitalised(token: Token) -> bool:
    return token.text[:1].isupper()


def _result(token: Token, score: float, recognizer: EntityRecognizer, why: str) -> RecognizerResult:
    return RecognizerResult(
        entity_type=PERSON,
        start=token.idx,
        end=token.idx + len(token.text),
        score=score,
        analysis_explanation=None,
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: recognizer.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id,
            "why": why,
        },
    )


class _TokenNameRecognizer(EntityRecognizer):
    """Shared plumbing: these recognizers read the spaCy Doc that Presidio already made."""

    def __init__(self, supported_language: str = "en", name: str | None = None):
        super().__init__(supported_entities=[PERSON], supported_language=supported_language, name=name)

    def load(self) -> None:  # data is loaded lazily through cached lexicons
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if PERSON not in entities or nlp_artifacts is None or nlp_artifacts.tokens is None:
            return []
        return list(self.find(nlp_artifacts.tokens))

    def find(self, doc: Doc):  # pragma: no cover - abstract
        raise NotImplementedError


class UkNameLexiconRecognizer(_TokenNameRecognizer):
    """Given names and surnames from the bundled lexicon (many origins)."""

    GIVEN_NAME_SCORE = 0.9  # outranks the small model's habit of tagging unusual first names as places
    CAPITALISED_SCORE = 0.7
    LOWERCASE_SCORE = 0.55

    def find(self, doc: Doc):
        lexicon = name_lexicon()
        for token in tokens_of(doc):
            if not is_wordlike(token) or is_keep_word(token) or token.is_stop or not lexicon.is_name(token.text):
                continue  # "He" and "An" are surnames too, but far more often pronoun and article
            if lexicon.is_unambiguous_name(token.text):
                if looks_capitalised(token):
                    score = self.GIVEN_NAME_SCORE if fold(token.text) in lexicon.given else self.CAPITALISED_SCORE
                    yield _result(token, score, self, "lexicon")
                elif len(token.text) >= 3:
                    yield _result(token, self.LOWERCASE_SCORE, self, "lexicon lower-case")
            elif looks_capitalised(token) and self._written_as_name(token):
                yield _result(token, self.CAPITALISED_SCORE, self, "lexicon ambiguous")

    @staticmethod
    def _written_as_name(token: Token) -> bool:
        """'Hope' is a name mid-sentence, or at a sentence start when tagged a proper noun."""
        if token.text.isupper() and len(token.text) > 1:
            return False
        if not is_sentence_initial(token):
            return True
        following = tokens_of(token.doc)[token.i + 1] if token.i + 1 < len(token.doc) else None
        next_is_name = following is not None and looks_capitalised(following) and name_lexicon().is_name(following.text)
        next_is_speech = following is not None and fold(following.text) in SPEECH_CUES_AFTER
        return token.pos_ == "PROPN" or next_is_name or next_is_speech


class UkNameShapeRecognizer(_TokenNameRecognizer):
    """Capitalised proper nouns that are not common English words: names no lexicon holds."""

    SCORE = 0.5

    def find(self, doc: Doc):
        for token in tokens_of(doc):
            if not is_wordlike(token) or not looks_capitalised(token) or is_keep_word(token):
                continue
            if token.text.rstrip("s").isupper() and len(token.text) <= 6:
                continue  # acronyms (CAMHS, MASH, PPNs) are agencies far more often than names
            zipf = english_zipf(fold(token.text))
            rare = zipf < RARE_WORD_ZIPF and not is_sentence_initial(token)  # the tagger calls some names nouns
            if not rare and (token.pos_ != "PROPN" or zipf >= COMMON_WORD_ZIPF):
                continue
            if is_sentence_initial(token) and english_zipf(fold(token.text)) >= 2.0:
                continue
            yield _result(token, self.SCORE, self, "proper noun shape")


class UkNameCueRecognizer(_TokenNameRecognizer):
    """Names introduced by titles, role words, ages and reporting verbs, in any case."""

    TITLE_SCORE = 0.85
    ROLE_SCORE = 0.75
    AGE_SCORE = 0.7
    SPEECH_SCORE = 0.6

    def find(self, doc: Doc):
        yield from self._after_titles(doc)
        yield from self._after_roles(doc)
        yield from self._before_ages(doc)
        yield from self._around_speech(doc)
        yield from self._initial_and_surname(doc)
        yield from self._initials(doc)
        yield from self._initial_pairs(doc)
        yield from self._capitals(doc)

    def _name_candidate(self, token: Token, strict_lowercase: bool = True) -> bool:
        if INITIAL.match(token.text):
            return True  # "Mr T.", "called K"
        if not is_wordlike(token) or fold(token.text).rstrip(".") in TITLES:
            return False
        if is_keep_word(token) or token.is_stop:
            return False
        if looks_capitalised(token):
            return True
        if name_lexicon().is_unambiguous_name(token.text):
            return True
        if token.pos_ in NOT_NAME_POS:
            return False  # "mum rang", "YP attends": lower-case verbs and adverbs after a cue
        limit = COMMON_WORD_ZIPF if strict_lowercase else LOWERCASE_NAME_ZIPF
        return english_zipf(fold(token.text)) < limit

    def _following_names(self, doc: Doc, start: int, limit: int = 3):
        index = start
        while index < len(doc) and tokens_of(doc)[index].text in {"(", ",", ":", "-"}:
            index += 1
        taken = 0
        while index < len(doc) and taken < limit and self._name_candidate(tokens_of(doc)[index], strict_lowercase=False):
            yield tokens_of(doc)[index]
            taken += 1
            index += 1
            if index < len(doc) and tokens_of(doc)[index].text == "-" and index + 1 < len(doc):
                index += 1  # double-barrelled names: Lacey-Mae, Smith-Jones

    def _after_titles(self, doc: Doc):
        for token in tokens_of(doc):
            if fold(token.text).rstrip(".") in TITLES and token.text[:1].isupper():
                start = token.i + 1
                if start < len(doc) and tokens_of(doc)[start].text == ".":
                    start += 1
                for name in self._following_names(doc, start, limit=2):
                    yield _result(name, self.TITLE_SCORE, self, "title")

    def _after_roles(self, doc: Doc):
        for token in tokens_of(doc):
            if fold(token.text) in ROLE_CUES:
                for name in self._following_names(doc, token.i + 1, limit=3):
                    # "mum Sarah", "brother (tyrese, 14)", "SW Jane Okoro"; stop at verbs like "said"
                    if fold(name.text) in SPEECH_CUES_AFTER:
                        break
                    yield _result(name, self.ROLE_SCORE, self, "role word")

    def _before_ages(self, doc: Doc):
        text = doc.text
        for token in tokens_of(doc):
            if AGE_AFTER.match(text, token.idx + len(token.text)) and self._name_candidate(token, strict_lowercase=False):
                yield _result(token, self.AGE_SCORE, self, "age")

    def _capitalised_before_speech(self, token: Token) -> bool:
        """'Tirion said', 're Royal': capitalised words the model does not call proper nouns."""
        if not is_wordlike(token) or is_keep_word(token) or token.is_stop or token.text.isupper():
            return False
        after = tokens_of(token.doc)[token.i + 1] if token.i + 1 < len(token.doc) else None
        before = tokens_of(token.doc)[token.i - 1] if token.i > 0 else None
        speaks = after is not None and fold(after.text) in STRONG_SPEECH_CUES
        about = before is not None and fold(before.text) == "re"
        zipf = english_zipf(fold(token.text))
        if speaks or about:
            return zipf < (3.5 if is_sentence_initial(token) else 4.5)
        # "Reyansh seen alone", "Bartoš arrested": a rare capitalised word doing what people do
        acts = after is not None and (fold(after.text) in SPEECH_CUES_AFTER or fold(after.text) in PERSON_ACTIONS)
        return acts and zipf < RARE_LOWERCASE_ZIPF

    def _around_speech(self, doc: Doc):
        for token in tokens_of(doc):
            if looks_capitalised(token):
                if self._capitalised_before_speech(token):
                    yield _result(token, self.SPEECH_SCORE, self, "capitalised word before a reporting verb")
                continue
            after = tokens_of(doc)[token.i + 1] if token.i + 1 < len(doc) else None
            before = tokens_of(doc)[token.i - 1] if token.i > 0 else None
            two_before = tokens_of(doc)[token.i - 2] if token.i > 1 else None
            contact = (
                before is not None and two_before is not None
                and fold(before.text) in {"to", "with"} and fold(two_before.text) in CONTACT_VERBS
            )
            cue = contact or (after is not None and fold(after.text) in SPEECH_CUES_AFTER) or (
                before is not None and fold(before.text) in SPEECH_CUES_BEFORE
            )
            if cue and self._name_candidate(token) and (
                name_lexicon().is_unambiguous_name(token.text) or english_zipf(fold(token.text)) < RARE_LOWERCASE_ZIPF
            ):
                yield _result(token, self.SPEECH_SCORE, self, "reporting verb")
            elif (
                is_sentence_initial(token) and token.text.islower() and is_wordlike(token) and not is_keep_word(token)
                and not token.is_stop
                and token.pos_ not in NOT_NAME_POS and english_zipf(fold(token.text)) < RARE_LOWERCASE_ZIPF
            ):
                # a sentence that opens lower-case on a rare word opens on a lower-case name
                yield _result(token, self.SPEECH_SCORE, self, "lower-case sentence start")

    def _initials(self, doc: Doc):
        """'S.M. said', 'AP has missed': people written as initials, never agencies (keep-list)."""
        for match in DOTTED_INITIALS.finditer(doc.text):
            if fold(match.group().replace(" ", "")) not in keep_words() and fold(match.group().replace(".", "").replace(" ", "")) not in keep_words():
                yield RecognizerResult(PERSON, match.start(), match.end(), self.TITLE_SCORE)
        for token in tokens_of(doc):
            text = token.text
            after = tokens_of(doc)[token.i + 1] if token.i + 1 < len(doc) else None
            if len(text) == 1 and text.isupper() and text not in "AI" and after is not None and (
                    fold(after.text) in STRONG_SPEECH_CUES or fold(after.text) in SINGLE_INITIAL_ACTS
                    or fold(after.text) in PERSON_ACTIONS):
                yield _result(token, self.SPEECH_SCORE, self, "one initial doing what people do")  # "L said", "L then"
                continue
            if not (2 <= len(text) <= 3 and text.isalpha() and text.isupper()) or is_keep_word(token):
                continue
            if after is not None and fold(after.text) in SPEECH_CUES_AFTER:
                yield _result(token, self.SPEECH_SCORE, self, "initials before a reporting verb")
            elif self._owner_or_signature(token):
                yield _result(token, self.SPEECH_SCORE, self, "initials as an action owner or signature")
        for match in HYPHENATED_INITIALS.finditer(doc.text):
            if fold(match.group()) not in keep_words() and fold(match.group().replace("-", "")) not in keep_words():
                yield RecognizerResult(PERSON, match.start(), match.end(), self.SPEECH_SCORE)  # "L-R tearful"

    @staticmethod
    def _owner_or_signature(token: Token) -> bool:
        """'PM to email', '- JH by 16/07', '(JH)', 'AL/JH', or initials alone at the end of a line (a signature)."""
        doc = token.doc
        after = tokens_of(doc)[token.i + 1] if token.i + 1 < len(doc) else None
        before = tokens_of(doc)[token.i - 1] if token.i > 0 else None
        if after is not None and fold(after.text) in OWNER_AFTER:
            return True
        if before is not None and fold(before.text) in OWNER_BEFORE:
            return True
        line_end = after is None or "\n" in after.text or after.is_space or (
            after.is_punct and (after.i + 1 == len(doc) or "\n" in tokens_of(doc)[after.i + 1].text or tokens_of(doc)[after.i + 1].is_space))
        line_start = before is None or "\n" in before.text or before.is_space or before.text in {".", "!", "?", ";"}
        return line_end and line_start

    def _initial_pairs(self, doc: Doc):
        """'Seen A & R together': two children written as single initials (A & E is the hospital)."""
        for match in INITIAL_PAIR.finditer(doc.text):
            if {match.group(1), match.group(2)} == {"A", "E"}:
                continue
            for group in (1, 2):
                yield RecognizerResult(PERSON, match.start(group), match.end(group), self.ROLE_SCORE)

    def _capitals(self, doc: Doc):
        """'seen KENTA at home': names typed in capitals, as some case systems and workers do."""
        if sum(1 for t in doc if t.is_alpha and t.is_upper) > len(doc) / 3:
            return  # a note written in capitals throughout: no signal here
        for token in tokens_of(doc):
            text = token.text
            if len(text) < 4 or not text.isupper() or not is_wordlike(token) or is_keep_word(token):
                continue
            if any(v in text[1:] for v in "AEIOUY") and english_zipf(fold(text)) < 2.5:
                yield _result(token, self.SPEECH_SCORE, self, "capitals")

    def _initial_and_surname(self, doc: Doc):
        for match in INITIAL_SURNAME.finditer(doc.text):
            start = match.start(1)
            span = doc.char_span(start, match.end(1), alignment_mode="expand")
            if span is None:
                continue
            following = doc.char_span(match.end(), match.end() + 1, alignment_mode="expand")
            if following is not None and not is_keep_word(following[0]):
                yield RecognizerResult(PERSON, start, match.end(1) + (1 if doc.text[match.end(1):match.end(1) + 1] == "." else 0), self.ROLE_SCORE)


#: The name recognizers, as ``recognizers.yaml`` names them.
NAME_RECOGNIZERS = (UkNameLexiconRecognizer, UkNameShapeRecognizer, UkNameCueRecognizer)


def name_recognizers(supported_language: str = "en") -> list[EntityRecognizer]:
    return [cls(supported_language, name=cls.__name__) for cls in NAME_RECOGNIZERS]
