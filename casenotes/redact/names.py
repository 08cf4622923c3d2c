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

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.tokens import Doc, Token

from casenotes.redact.entities import PERSON
from casenotes.redact.resolve import CERTAIN_NAME
from casenotes.redact.lexicons import (CALENDAR_KIND, COMMON_WORD_ZIPF, DATE_AFTER, active_keep_list, english_zipf, fold,
                                      keep_words, name_lexicon)

SENTENCE_BREAKS = frozenset({".", "!", "?", ":", ";", "-", "–", "•", "*", ">", "(", '"', "“"})
TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "master", "mstr"})
ROLE_CUES = frozenset(
    {
        "mum", "mummy", "mam", "mother", "dad", "daddy", "father", "stepdad", "stepmum", "step-dad",
        "step-mum", "brother", "sister", "bro", "sis", "sibling", "half-brother", "half-sister",
        "nan", "nana", "nanna", "gran", "granny", "grandma", "grandmother", "grandad", "grandpa",
        "grandfather", "mgm", "mgf", "pgm", "pgf", "aunt", "auntie", "aunty", "uncle", "cousin",
        "partner", "boyfriend", "girlfriend", "bf", "gf", "ex-partner", "ex", "husband", "wife",
        "son", "daughter", "baby", "yp", "sw", "ssw", "hv", "dsl", "teacher", "pc", "dc", "pcso",
        "ps", "officer", "worker", "nurse", "midwife", "senco", "iro", "fsw", "ehw", "tm", "friend",
        "neighbour", "carer", "foster", "named", "called", "children", "kids", "siblings", "sons",
        "daughters", "twins", "ds", "di", "dci", "sgt", "insp", "cllr", "prof", "judge", "paed", "chair",
        # label positions in minutes and forms: "Author: J. Hartley", "Present: ...", "Victim: ..."
        "author", "present", "attendees", "victim", "suspect", "perpetrator", "referrer", "volunteer", "interpreter",
        "keyworker", "key-worker", "minutes", "apologies", "fn", "fnp", "subject",
    }
)
#: Police ranks, written before an officer's surname as a title is: "DC Ward", "PCSO Ward" (the surname a keep word too).
POLICE_RANKS = frozenset({"pc", "pcso", "dc", "ds", "di", "dci", "dsu", "sgt", "insp", "det"})
#: Codes a note may close on that are its outcome, not its author ("... Outcome agreed. NFA").
CLOSING_CODES = frozenset({"nfa", "ppn", "cin", "cla", "lac", "taf", "eha", "cpp", "ok", "na", "tbc", "tba", "asap", "ndr",
                           "rip", "ehm", "mash", "s47", "s17", "sga", "dna", "wnb", "nka"})
#: A pasted message line: the sender's one word at the line's start, perhaps an emoji, then the time and a colon.
CHAT_LINE = regex.compile(r"(?m)^[ \t]*(?P<who>[A-Za-z][\w'’-]{0,20})[ \t]*(?:[^\w\s:]{1,3}[ \t]*)?\(?\d{1,2}[:.]\d{2}\)?[ \t]*:")
#: A baby's age straight after a day or month word makes it the baby's name: "Sunday is 3 months", "Sunday 4 months,"
#: (not "Sunday 3 weeks ago").
CALENDAR_NAME_AGE = regex.compile(r"\s+(?:is\s+|was\s+|now\s+)?\d{1,2}\s*(?:months?|mths?|weeks?|wks?)\b"
                                  r"(?!\s+(?:ago|away|later|time|from|before|after|on|off))")
#: What only a person does straight after a day or month word: "Sunday refused school", "Sunday asked to ring mum".
CALENDAR_NAME_ACTS = frozenset({"refused", "refuses", "asked", "asks", "agreed", "cried", "wants", "wanted", "smiled",
                                "laughed", "tearful", "ran", "kicked"})
#: One capitalised word alone in double quotes ('"Dre"'), and the words for a person that make it a nickname.
QUOTED_WORD = regex.compile(r'(?<![\w])["“](?P<word>[A-Z][a-z\'’]{1,11}|[A-Z]{2,3})["”](?![\w])'
                            r"(?!\s+(?i:groups?|clubs?|sessions?|programmes?|programs?|courses?|projects?|services?|teams?"
                            r"|class(?:es)?|schemes?|caf[eé]s?|app|website|game)\b)")  # a named group, club or app
QUOTED_NAME_CUE = regex.compile(r"(?i:\b(?:calls?|called|man|male|men|lad|boy|girl|woman|female|mate|friend|associate|"
                                r"peer|adult|older|cousin|boyfriend|girlfriend|named|nicknamed|known\s+as|aka))\W{0,3}$")
QUOTED_RARE_ZIPF = 3.0
QUOTED_CUED_ZIPF = 4.5
#: Roles a worker signs with before their initials ("SN JH", "HV CP").
SIGNING_ROLES = frozenset({"sn", "hv", "sw", "ssw", "fsw", "ehw", "fn", "fnp", "tm", "iro", "dsl", "pa", "yw", "ysw", "nurse",
                           "worker", "officer", "midwife", "visitor", "senco", "manager", "mw", "cm"})
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
AGE_AFTER = re.compile(r"\s*(?:\(\s*(?:age[d]?\s*)?\d{1,2}\s*(?:y(?:rs?|ears?)?|m(?:th|onths?)?s?|w(?:ee)?ks?)?\s*[,)]|\(\s*dob|,?\s*aged?\s+\d{1,2}\b|,\s*\d{1,2}\s*(?:y(?:rs?|ears?)?\b|,))", re.I)
#: A line that is a signature: a name or initials, then one or two role or team abbreviations ("AC EDT SW", "Abi FN").
SIGNATURE_LINE = re.compile(r"(?m)(?:^|(?<=[.!?] ))[ \t]*(?P<who>[A-Z]{2,3}|[A-Z][a-z]{2,12})(?P<roles>(?:[ \t]+[A-Z]{2,5}){1,2})[ \t]*$")
#: Initials signing a line with a date or time ("ND - 18/07", "BQ 17/10/24", "BK 23:15"), on their own line or after a
#: sentence.
INITIALS_DATED = re.compile(r"(?m)(?:^|(?<=[.!?] ))[ \t]*(?P<who>[A-Z]{2,3})[ \t]*(?:[-–][ \t]*)?"
                            r"(?:\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?|\d{1,2}:\d{2})[ \t]*$")
#: Initials as a speaker's label before their quoted words ('LR: "I'm happier"').
INITIALS_SPEAKING = re.compile(r"(?m)(?:^|(?<=[.!?] ))[ \t]*(?P<who>[A-Z]{1,3}):[ \t]*[\"“]")
#: An action list of owners: items split by ";" (or after a label's colon) that open with initials and go on in lower
#: case ("Actions: JW arrest; AF club; RM visit"). Two such items make the list; each item's initials are a person.
LIST_ITEM_OWNER = re.compile(r"(?:^|(?<=[;:]))[ \t]*(?P<who>[A-Z]{2,3})(?=[ \t]+[a-z+(]|[ \t]*(?:;|$))")
INITIAL_PAIR = re.compile(r"(?<![\w.&])([A-HJ-Z])\s*(?:&|and|\+)\s*([A-HJ-Z])(?![\w&])")
INITIAL = re.compile(r"^[A-Z]\.?$")
DOTTED_INITIALS = re.compile(r"(?<![\w.])[A-Z]\.\s?[A-Z]\.(?:\s?[A-Z]\.)?(?![\w])")
INITIAL_SURNAME = re.compile(r"\b([A-Z])\.?\s?(?=[A-Z][a-z'’-]{2,}\b)")

#: A nickname in quotes: after a full name in brackets ('Olivia Fenton ("Liv")', 'HUANG Jun ("Jun", 16)'), between
#: the given name and the surname ('Jayden "JJ" Kessell'), or after "known as", "aka", "saved as"...
_NICK = r"[\"“‘'](?P<nick>[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*){0,2})[\"”’']"
QUOTED_NICKNAME = regex.compile(  # the regex module: a name group in each branch, lookbehinds of any width
    r"(?:(?<=[A-Z][\w'’-]+)\s*\(\s*" + _NICK + r"\s*[,)]"
    r"|(?<=[A-Z][\w'’-]+\s)" + _NICK + r"(?=\s[A-Z][\w'’-]+)"
    r"|(?i:\b(?:known\s+as|aka|a\.k\.a\.?|also\s+called|calls?\s+(?:him|her|them|himself|herself)|saved\s+as"
    r"|goes\s+by|nicknamed?|alias|called|named)\s*)" + _NICK + r")"
)
#: Capitalised name words right before a nickname's opening quote or bracket, and the surname right after a nickname
#: written between given name and surname ('Kiera-Leigh "Kiki" Robson').
_NAMES_BEFORE_NICK = regex.compile(r"(?:(?<![\w'’-])[A-Z][\w'’]*(?:-[A-Z]?[\w'’]+)?[ \t]){1,3}$")
_NAME_AFTER_NICK = regex.compile(r"[ \t]+([A-Z][\w'’]*(?:-[A-Z]?[\w'’]+)?)(?![\w'’-])")
_NAME_WORD = regex.compile(r"[A-Z][\w'’]*(?:-[A-Z]?[\w'’]+)?")


def _names_around_nickname(text: str, match: "regex.Match") -> list[tuple[int, int]]:
    """The capitalised words a nickname in quotes is written beside: up to three before its opening quote or bracket
    ('Olivia-Grace Fenton ("Liv")') and one after its closing quote when it stands between given name and surname.
    Titles, role words and keep words are left (the keep-list trims them too)."""
    opening = match.start("nick")
    while opening > 0 and text[opening - 1] in "(\"“‘'":
        opening -= 1
    found = []
    before = _NAMES_BEFORE_NICK.search(text, max(0, opening - 60), opening)
    if before is not None and not before.group().strip().isupper():
        for word in _NAME_WORD.finditer(text, before.start(), before.end()):
            key = fold(word.group())
            if key not in TITLES and key not in ROLE_CUES and (key not in keep_words() or name_lexicon().is_name(word.group())):
                found.append(word.span())
    closing = match.end("nick") + 1
    if found and text[match.end("nick"):closing] in {'"', "”", "’", "'"} and (after := _NAME_AFTER_NICK.match(text, closing)):
        surname = after.group(1)
        if fold(surname) not in keep_words() or (surname[1:].islower() and fold(surname) in name_lexicon().surnames):
            found.append(after.span(1))  # 'Dorcas "Dot" Ward': a keep word that is a surname, written as one
    return found


#: After a day or month word these make it a date, not a name: "Sunday 16th", "Jan 2025", "Sunday morning".

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


_TEXT = "casenotes_text"


def text_of(doc: Doc) -> str:
    """The doc's text, made once: spaCy's ``doc.text`` joins every token's text on each call, and the name
    recognizers ask for it once per candidate (a fifth of rule detection time on a long note, profiled)."""
    cached = doc.user_data.get(_TEXT)
    if cached is None or cached[0] != len(doc):
        cached = doc.user_data[_TEXT] = (len(doc), doc.text)
    return cached[1]


def is_sentence_initial(token: Token) -> bool:
    if token.i == 0:
        return True
    previous = tokens_of(token.doc)[token.i - 1]
    return previous.is_space or "\n" in previous.whitespace_ or previous.text in SENTENCE_BREAKS


#: Adverbs that may stand between a name opening a sentence and its verb ("Gaynor still visits").
_ADVERBS_BEFORE_VERB = frozenset({"still", "already", "now", "also", "then", "just", "never", "always", "really", "finally"})
#: What follows a name opening a sentence or a line and not an everyday word there: a past or present-tense verb
#: ("Will rang", "Justice walked", "Bear slept"), "back" ("Blessing back home"), a possessive, or, the word opening
#: a line, a label's colon or dash ("Precious: two new cuts", "Nate - mentoring"). A modal "Will" takes the base form.
_PERSON_TENSES = frozenset({"VBD", "VBZ"})
#: Past forms the small tagger reads as a base form after a capitalised "Will" or "Hope" ("Will rang" -> MD VB).
_PAST_FORMS = frozenset({"rang", "went", "came", "said", "told", "held", "ran", "left", "took", "got", "gave", "saw", "slept",
                         "ate", "sat", "kept", "felt", "made", "met", "spoke", "wrote", "threw", "hit", "stood", "fell",
                         "brought", "bought", "sent", "lost", "drank", "knew", "broke", "did", "drove", "hid", "hurt",
                         "paid", "shook", "stole", "swore", "woke", "wore", "fought", "cried", "tried", "seemed"})


def opens_as_person(token: Token, label_only: bool = False) -> bool:
    """True when a word opening a sentence is followed the way a person's name is (see ``_PERSON_TENSES``);
    ``label_only``: only as a line's label ("Nate - ", "Oz:"), where a common noun opening a sentence is rare."""
    tokens = tokens_of(token.doc)
    at = token.i + 1
    if at < len(tokens) and tokens[at].lower_ in _ADVERBS_BEFORE_VERB:
        at += 1
    if at >= len(tokens):
        return False
    following = tokens[at]
    if at == token.i + 1:
        if following.text in {"'s", "’s"} or following.lower_ == "back":
            return True
        if following.text in {":", "-", "–"} and not token.whitespace_.count("\n"):
            previous = tokens[token.i - 1] if token.i else None
            if previous is None or previous.is_space or "\n" in previous.whitespace_ or previous.text in {"-", "–", "•", "*"}:
                return True
    if label_only:
        return False
    # not "is"/"has" (AUX): "Hope is that ...", "Summer has gone" open with the everyday word
    past = following.lower_ in _PAST_FORMS or (following.lower_.endswith("ed") and following.tag_ == "VBN")
    return ((past or following.tag_ in _PERSON_TENSES) and following.pos_ != "AUX" and not token.whitespace_.count("\n")
            and following.text[:1].islower())


def is_wordlike(token: Token) -> bool:
    text = token.text.replace("'", "").replace("’", "").replace("-", "")
    return len(text) >= 2 and text.isalpha()


def is_keep_word(token: Token) -> bool:
    key = fold(token.text)
    return key in keep_words() or (key.endswith("s") and key[:-1] in keep_words())


def looks_capitalised(token: Token) -> bool:
    return token.text[:1].isupper()


def _result(token: Token, score: float, recognizer: EntityRecognizer, why: str) -> RecognizerResult:
    return _span_result(token.idx, token.idx + len(token.text), score, recognizer, why)


def _span_result(start: int, end: int, score: float, recognizer: EntityRecognizer, why: str) -> RecognizerResult:
    """A PERSON result that says which recognizer found it and why (``CERTAIN_NAME``: the resolver keeps it)."""
    return RecognizerResult(
        entity_type=PERSON,
        start=start,
        end=end,
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


#: A hyphenated word ("Min-jun", "Jean-Luc", "min-jun"): spaCy splits it at the hyphen, so the lexicon never sees it whole.
HYPHENATED_WORD = re.compile(r"(?<![\w'’-])[A-Za-z][a-z'’]+(?:-[A-Za-z][a-z'’]+)+(?![\w-])")
#: A romanised East Asian given name: two short syllables joined by a hyphen, the second in lower case ("Seo-yeon",
#: "Ka-fai", "Tsz-hin"). Accepted when neither syllable is a common English word and the pair is none joined up either.
SYLLABLE_NAME = re.compile(r"(?<![\w'’-])(?P<first>[A-Z][a-z]{1,3})-(?P<second>[a-z]{2,4})(?![\w-])")
SYLLABLE_MAX_ZIPF = 4.5
#: A message's writer naming themself: 'hiya its precious', '"hi miss its min-jun', 'its kerrie, can u ring'. The name
#: is whatever word follows, even an everyday one ("Precious", "Sunday"), when the lexicon holds it.
SELF_INTRODUCTION = regex.compile(
    r"(?:(?:^|(?<=[\"“:]))[ \t]*|(?i:\b(?:hi+y?a?|hey+|hello|yo|morning|evening|afternoon)\b[ \t,!]*(?:[A-Za-z]+[ \t,!]+)?))"
    r"(?i:it['’]?s|it[ \t]+is|this[ \t]+is)[ \t]+(?P<name>[A-Za-z][a-z'’]+(?:-[A-Za-z][a-z'’]+)?)(?![\w'’-])", regex.MULTILINE)


#: Words after "it's" that the lexicon holds as names but that are a sentence there ("it's my job", "it's long").
_NOT_SELF_NAMES = frozenset({"my", "me", "your", "our", "his", "her", "their", "the", "not", "so", "just", "all", "only",
                             "long", "over", "ok", "fine", "true", "done", "gone", "been", "going", "getting"})


def _hyphenated_names(text: str):
    """(start, end, capitalised) of hyphenated names: a lexicon name written whole, or the syllable shape."""
    lexicon = name_lexicon()
    for match in HYPHENATED_WORD.finditer(text):
        word = match.group()
        if lexicon.is_name(word) and (word[:1].isupper() or lexicon.is_unambiguous_name(word)):
            yield match.start(), match.end(), word[:1].isupper()
            continue
        shape = SYLLABLE_NAME.fullmatch(word)
        if shape and shape["first"].lower() != shape["second"] and english_zipf(fold(word.replace("-", ""))) < RARE_WORD_ZIPF \
                and max(english_zipf(fold(shape["first"])), english_zipf(shape["second"])) < SYLLABLE_MAX_ZIPF \
                and fold(word) not in keep_words():
            yield match.start(), match.end(), True


class UkNameLexiconRecognizer(_TokenNameRecognizer):
    """Given names and surnames from the bundled lexicon (many origins)."""

    GIVEN_NAME_SCORE = 0.9  # outranks the small model's habit of tagging unusual first names as places
    CAPITALISED_SCORE = 0.7
    LOWERCASE_SCORE = 0.55
    #: A writer's own name in a message ("hiya its precious"): the lexicon and the wording agree, so the name stands
    #: even when it is an everyday word in lower case (CERTAIN_NAME: the resolver does not split it off as one).
    SELF_INTRODUCTION_SCORE = 1.0

    def find(self, doc: Doc):
        text = text_of(doc)
        for start, end, capitalised in _hyphenated_names(text):
            yield _span_result(start, end, self.GIVEN_NAME_SCORE if capitalised else self.LOWERCASE_SCORE, self,
                               "hyphenated name")
        for match in SELF_INTRODUCTION.finditer(text):
            name = match["name"]
            known = name_lexicon().is_name(name) or any(_hyphenated_names(name[:1].upper() + name[1:]))
            if known and fold(name) not in keep_words() and fold(name) not in _NOT_SELF_NAMES:
                yield _span_result(match.start("name"), match.end("name"), self.SELF_INTRODUCTION_SCORE, self,
                                   CERTAIN_NAME)
        lexicon = name_lexicon()
        for token in tokens_of(doc):
            if not is_wordlike(token) or is_keep_word(token) or not lexicon.is_name(token.text):
                continue
            if token.is_stop and not (token.pos_ != "PRON" and fold(token.text) in lexicon.given and looks_capitalised(token)
                                      and is_sentence_initial(token) and opens_as_person(token)):
                continue  # "He" and "An" are surnames too, but far more often pronoun and article; "Will rang" is Will
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
        return token.pos_ == "PROPN" or next_is_name or next_is_speech or opens_as_person(token)


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
            opening = is_sentence_initial(token)
            # a rare word opening a line as a label or before a verb ("Rebwar - visit", "Folake rang"); commoner ones
            # there are as often nouns ("Assessor:", "Nosebleed stopped"), and an inflected word is an everyday one
            if opening and zipf < RARE_WORD_ZIPF and token.lemma_.lower() == token.lower_ \
                    and opens_as_person(token, label_only=token.pos_ != "PROPN"):
                yield _result(token, self.SCORE, self, "rare word opening a line as a person")
                continue
            rare = zipf < RARE_WORD_ZIPF and not opening  # the tagger calls some names nouns
            if not rare and (token.pos_ != "PROPN" or zipf >= COMMON_WORD_ZIPF):
                continue
            if opening and zipf >= 2.0:
                continue
            yield _result(token, self.SCORE, self, "proper noun shape")


class UkNameCueRecognizer(_TokenNameRecognizer):
    """Names introduced by titles, role words, ages and reporting verbs, in any case."""

    TITLE_SCORE = 0.85
    ROLE_SCORE = 0.75
    #: Presidio drops a result that a same-type result of at least its score contains: a certain name must survive
    #: the tagger's or spaCy's wider span to carry its ``why`` (the keep-list does not trim it).
    CERTAIN_SCORE = 1.0
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
        yield from self._calendar_names(doc)
        yield from self._quoted_nicknames(doc)
        yield from self._surnames_in_capitals(doc)
        yield from self._initials_in_place(doc)
        yield from self._chat_speakers(doc)
        yield from self._quoted_single_names(doc)
        yield from self._initials_in_structures(doc)

    def _initials_in_structures(self, doc: Doc):
        """Initials placed where only a person's are: signing with a date, labelling quoted words, owning actions
        in a list (``INITIALS_DATED``, ``INITIALS_SPEAKING``, ``LIST_ITEM_OWNER``); never a keep word (HV, CP, GP)."""
        text = text_of(doc)
        found = [m.span("who") for pattern in (INITIALS_DATED, INITIALS_SPEAKING) for m in pattern.finditer(text)]
        for line in re.finditer(r"[^\n]*;[^\n]*", text):
            owners = [(line.start() + m.start("who"), line.start() + m.end("who"))
                      for m in LIST_ITEM_OWNER.finditer(line.group())]
            if len(owners) >= 2:
                found += owners
        for start, end in found:
            if fold(text[start:end]) not in keep_words() and (end - start > 1 or text[start] not in "AI"):
                yield _span_result(start, end, self.SPEECH_SCORE, self, "initials in a list, signature or speech label")

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
                if start < len(doc) and self._keep_word_surname(tokens_of(doc)[start]):
                    yield _result(tokens_of(doc)[start], self.CERTAIN_SCORE, self, CERTAIN_NAME)  # "Mr HO", "Mrs Ward"

    @staticmethod
    def _keep_word_surname(token: Token) -> bool:
        """A keep word that is also a surname, written as a name ("Ward", "HO"): after a title it is the surname."""
        return (is_keep_word(token) and token.text[:1].isupper() and token.text.isalpha()
                and fold(token.text) in name_lexicon().surnames)

    def _after_roles(self, doc: Doc):
        tokens = tokens_of(doc)
        for token in tokens:
            if fold(token.text) in POLICE_RANKS and token.text.isupper() or token.text in {"Sgt", "Insp", "Det"}:
                after = tokens[token.i + 1] if token.i + 1 < len(tokens) else None
                if after is not None and token.whitespace_ == " " and self._keep_word_surname(after):
                    yield _result(after, self.CERTAIN_SCORE, self, CERTAIN_NAME)  # "DC Ward rang"
            if fold(token.text) in ROLE_CUES:
                for name in self._following_names(doc, token.i + 1, limit=3):
                    # "mum Sarah", "brother (tyrese, 14)", "SW Jane Okoro"; stop at verbs like "said"
                    if fold(name.text) in SPEECH_CUES_AFTER:
                        break
                    yield _result(name, self.ROLE_SCORE, self, "role word")

    def _before_ages(self, doc: Doc):
        text = text_of(doc)
        tokens = tokens_of(doc)
        for token in tokens:
            if not AGE_AFTER.match(text, token.idx + len(token.text)):
                continue
            if self._name_candidate(token, strict_lowercase=False):
                yield _result(token, self.AGE_SCORE, self, "age")
            elif token.i > 0 and self._keep_word_surname(token) and tokens[token.i - 1].text[:1].isupper() \
                    and tokens[token.i - 1].whitespace_ == " " and not is_keep_word(tokens[token.i - 1]):
                yield _result(token, self.CERTAIN_SCORE, self, CERTAIN_NAME)  # "TJ Ward (8)", "Beth Park, 14,"

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
        for match in DOTTED_INITIALS.finditer(text_of(doc)):
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
        for match in HYPHENATED_INITIALS.finditer(text_of(doc)):
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
        for match in INITIAL_PAIR.finditer(text_of(doc)):
            if {match.group(1), match.group(2)} == {"A", "E"}:
                continue
            for group in (1, 2):
                yield RecognizerResult(PERSON, match.start(group), match.end(group), self.ROLE_SCORE)

    def _capitals(self, doc: Doc):
        """'seen KENTA at home': names typed in capitals, as some case systems and workers do."""
        if sum(1 for t in tokens_of(doc) if t.is_alpha and t.is_upper) > len(doc) / 3:
            return  # a note written in capitals throughout: no signal here
        for token in tokens_of(doc):
            text = token.text
            if len(text) < 4 or not text.isupper() or not is_wordlike(token) or is_keep_word(token):
                continue
            if any(v in text[1:] for v in "AEIOUY") and english_zipf(fold(text)) < 2.5:
                yield _result(token, self.SPEECH_SCORE, self, "capitals")

    def _calendar_names(self, doc: Doc):
        """'baby Sunday (9 weeks)', 'Jan Pearce', 'Sunday OKONKWO', 'Sunday denies': a day or month that names a
        person, told by a role word before it, an age after it, a surname after it or a reporting verb."""
        kinds = active_keep_list().kinds
        tokens = tokens_of(doc)
        for token in tokens:
            text = token.text
            if not (text[:1].isupper() and text[1:].islower()) or kinds.get(fold(text)) != CALENDAR_KIND:
                continue
            end = token.idx + len(text)
            before = tokens[token.i - 1] if token.i > 0 else None
            after = tokens[token.i + 1] if token.i + 1 < len(tokens) else None
            aged = bool(AGE_AFTER.match(text_of(doc), end) or CALENDAR_NAME_AGE.match(text_of(doc), end))
            if not aged and DATE_AFTER.match(text_of(doc), end):
                continue
            role = before is not None and fold(before.text) in ROLE_CUES and fold(before.text) not in {"named", "called"}
            surname = after is not None and not after.is_space and after.text[:1].isupper() and not is_keep_word(after) and (
                fold(after.text) in name_lexicon().surnames or (after.text.isupper() and after.text.isalpha())
                or english_zipf(fold(after.text)) < RARE_LOWERCASE_ZIPF)  # "Sunday OKONKWO", not "Monday Sarah rang"
            speaks = after is not None and (fold(after.text) in STRONG_SPEECH_CUES or fold(after.text) in CALENDAR_NAME_ACTS)
            if role or aged or surname or speaks:
                yield _result(token, self.CERTAIN_SCORE, self, CERTAIN_NAME)

    def _quoted_nicknames(self, doc: Doc):
        """'Mason Hill ("Mace", 15)', 'Jayden "JJ" Kessell', 'known as "Blacks"': a nickname in quotes is a name,
        even one that is also a word or a service name (the keep-list does not trim it)."""
        text = text_of(doc)
        if '"' not in text and "“" not in text and "'" not in text and "‘" not in text:
            return
        for match in QUOTED_NICKNAME.finditer(text_of(doc)):
            nick = match.group("nick")
            if fold(nick) in TITLES or fold(nick) in ROLE_CUES or nick.isupper() and len(nick) > 3 and fold(nick) in keep_words():
                continue  # "Mum", 'known as "MASH"'
            yield _span_result(match.start("nick"), match.end("nick"), self.CERTAIN_SCORE, self, CERTAIN_NAME)
            # the name the nickname stands beside: 'Kiera-Leigh "Kiki" Robson', 'Summer-Rose Tait ("Summer")'
            for start, end in _names_around_nickname(text, match):
                if fold(text[start:end]) in keep_words():  # a surname that is a keep word too ("Ward"): not trimmed
                    yield _span_result(start, end, self.CERTAIN_SCORE, self, CERTAIN_NAME)
                else:
                    yield RecognizerResult(PERSON, start, end, self.ROLE_SCORE)

    def _quoted_single_names(self, doc: Doc):
        """'a man she calls "Dre"', 'his mate "Deano"', '"Gaz" pulled my ear': one capitalised word alone in quotes
        is a nickname when English rarely uses it, or when a word for a person or "calls" comes just before it."""
        text = text_of(doc)
        if '"' not in text and "“" not in text:
            return
        for match in QUOTED_WORD.finditer(text):
            word = match.group("word")
            key = fold(word)
            if key in keep_words() or key in TITLES or key in ROLE_CUES or word.isupper() and len(word) > 3:
                continue
            cued = QUOTED_NAME_CUE.search(text, max(0, match.start() - 25), match.start()) is not None
            if english_zipf(key) < (QUOTED_CUED_ZIPF if cued else QUOTED_RARE_ZIPF):
                yield RecognizerResult(PERSON, match.start("word"), match.end("word"), self.SPEECH_SCORE)

    def _surnames_in_capitals(self, doc: Doc):
        """'HUANG Jun', 'PARK Min-jun', 'Kacey-Leigh WARD', 'Joanne WARD': a surname in capitals beside a given
        name (family name first or last), as police and immigration records write them."""
        tokens = tokens_of(doc)
        lexicon = name_lexicon()
        for token in tokens[:-1]:
            nxt = tokens[token.i + 1]
            if token.whitespace_ != " ":
                continue
            caps, title = (token, nxt) if token.text.isupper() else (nxt, token)
            if not (caps.text.isupper() and caps.text.isalpha() and len(caps.text) >= 2 and any(v in caps.text for v in "AEIOUY")):
                continue
            if not (title.text[:1].isupper() and title.text[1:].replace("-", "").islower() and is_wordlike(title)):
                continue
            calendar_name = lexicon.is_name(title.text) and active_keep_list().kinds.get(fold(title.text)) == CALENDAR_KIND
            if (is_keep_word(title) and not calendar_name) or fold(title.text) in TITLES or title.is_stop:
                continue  # "LI Jun": a given name that is also a month stays a name here
            given_name = lexicon.is_name(title.text) or english_zipf(fold(title.text)) < RARE_WORD_ZIPF or "-" in title.text
            caps_is_name = (lexicon.is_name(caps.text) or not is_keep_word(caps)) and (len(caps.text) >= 4 or lexicon.is_name(caps.text))
            if given_name and caps_is_name and active_keep_list().kinds.get(fold(caps.text)) not in {"role", "abbreviation"}:
                yield _result(caps, self.CERTAIN_SCORE, self, CERTAIN_NAME)
                yield _result(title, self.CERTAIN_SCORE if calendar_name else self.ROLE_SCORE, self,
                              CERTAIN_NAME if calendar_name else "given name beside a surname in capitals")

    def _initials_in_place(self, doc: Doc):
        """People as initials where only a person can be: 'DW checking', 'via DW', "P's request", a signature line
        ('AC EDT SW', 'Abi FN'), one letter at the end of a note ('... right now. N')."""
        tokens = tokens_of(doc)
        for token in tokens:
            text = token.text
            before = tokens[token.i - 1] if token.i > 0 else None
            after = tokens[token.i + 1] if token.i + 1 < len(tokens) else None
            initials = 2 <= len(text) <= 3 and text.isalpha() and text.isupper() and not is_keep_word(token)
            letter = len(text) == 1 and text.isupper() and text not in "AI"
            if initials and after is not None and after.text.islower() and after.pos_ in {"VERB", "AUX"} and (
                    before is None or not before.text[:1].isupper() or is_sentence_initial(token)):
                yield _result(token, self.SPEECH_SCORE, self, "initials before a verb")
            elif initials and before is not None and fold(before.text) in {"via", "with", "to", "from", "tell", "ask", "thanks", "cc"}:
                yield _result(token, self.SPEECH_SCORE, self, "initials after a preposition")
            elif letter and after is not None and after.text in {"'s", "’s"} and (before is None or not before.text[:1].isupper()):
                yield _result(token, self.SPEECH_SCORE, self, "one initial with a possessive")
            elif letter and after is not None and fold(after.text) in SPEECH_CUES_AFTER and (
                    before is None or is_sentence_initial(token) or before.text.islower()):
                yield _result(token, self.SPEECH_SCORE, self, "one initial doing what people do")
            elif letter and is_sentence_initial(token) and (after is None or after.is_space and token.i + 2 >= len(tokens)):
                yield _result(token, self.SPEECH_SCORE, self, "one initial signing the note")
            elif self._initials_closing_the_note(token):
                yield _result(token, self.CERTAIN_SCORE, self, CERTAIN_NAME)  # "... parents updated. CP"
            elif self._initials_after_role_at_line_end(token, before, after):
                yield _result(token, self.CERTAIN_SCORE, self, CERTAIN_NAME)  # "SN JH", "HV CP": a role, then who signs
        for match in SIGNATURE_LINE.finditer(text_of(doc)):
            word = match.group("who")
            key = fold(word)
            if key in keep_words() or key in TITLES:
                continue
            roles = match.group("roles").split()
            if not word.isupper() and not all(fold(role) in keep_words() or fold(role) in ROLE_CUES for role in roles):
                continue  # initials may sign with any team ("NH CNN"); a word signs only with a known role ("Abi FN")
            if word.isupper() or english_zipf(key) < 3.5 or name_lexicon().is_name(word):
                yield _span_result(match.start("who"), match.end("who"), self.CERTAIN_SCORE, self, CERTAIN_NAME)

    @staticmethod
    def _initials_closing_the_note(token: Token) -> bool:
        """Two or three capitals alone after the note's last sentence sign it, even where they spell an agency ("CP");
        outcome codes that close a note ("NFA", "PPN") are left. On the training and development authors such a
        closing word was a person 186 times in 188."""
        text = token.text
        if not (2 <= len(text) <= 3 and text.isalpha() and text.isupper()) or fold(text) in CLOSING_CODES:
            return False
        if fold(text) in ROLE_CUES:
            return False
        previous = tokens_of(token.doc)[token.i - 1] if token.i else None
        # the last sentence may end on an abbreviation's full stop, which spaCy keeps in the word: "... since 3 Nov. VC"
        closed = (previous is not None and len(previous.text) > 1 and previous.text.endswith(".")
                  and "\n" not in previous.whitespace_)
        if not (is_sentence_initial(token) or closed):
            return False
        return all(t.is_space or t.text in {".", ","} for t in tokens_of(token.doc)[token.i + 1:])

    @staticmethod
    def _initials_after_role_at_line_end(token: Token, before: Token | None, after: Token | None) -> bool:
        """'... here to stay. SN JH', '... taxi arranged. SN CP': two or three capitals after a role closing a line sign
        the note; initials that spell an agency too ("CP") only where they close the note."""
        text = token.text
        if not (2 <= len(text) <= 3 and text.isalpha() and text.isupper()) or before is None or fold(text) in ROLE_CUES:
            return False
        if fold(before.text) not in SIGNING_ROLES or not before.text[:1].isupper():
            return False
        doc = token.doc
        rest = tokens_of(doc)[token.i + 1:]
        if all(t.is_space or t.text in {".", ","} for t in rest):
            return not is_keep_word(token) or is_sentence_initial(before)  # the note's last words: "... arranged. SN CP"
        line_end = after is not None and ("\n" in after.text or after.is_space or (
            after.text in {".", ","} and (after.i + 1 == len(doc) or "\n" in tokens_of(doc)[after.i + 1].text)))
        return line_end and not is_keep_word(token)

    def _chat_speakers(self, doc: Doc):
        """'hope 🌸 21:10: i said no', 'Summer 23:07: im safe': a messaging app's lines pasted into a note open with the
        sender's name and the time. The sender is a name from the lexicon (any case) or a rare word, never a keep
        word or an everyday word ("Rang 10:15: no answer")."""
        text = text_of(doc)
        if ":" not in text:
            return
        for match in CHAT_LINE.finditer(text):
            who = match.group("who")
            key = fold(who)
            if key in keep_words() or key in ROLE_CUES or key in TITLES:
                continue
            if name_lexicon().is_name(who) or (len(who) >= 3 and english_zipf(key) < RARE_LOWERCASE_ZIPF):
                yield _span_result(match.start("who"), match.end("who"), self.CERTAIN_SCORE, self, CERTAIN_NAME)

    def _initial_and_surname(self, doc: Doc):
        for match in INITIAL_SURNAME.finditer(text_of(doc)):
            start = match.start(1)
            span = doc.char_span(start, match.end(1), alignment_mode="expand")
            if span is None:
                continue
            following = doc.char_span(match.end(), match.end() + 1, alignment_mode="expand")
            if following is not None and not is_keep_word(following[0]):
                yield RecognizerResult(PERSON, start, match.end(1) + (1 if text_of(doc)[match.end(1):match.end(1) + 1] == "." else 0), self.ROLE_SCORE)


#: The name recognizers, as ``recognizers.yaml`` names them.
NAME_RECOGNIZERS = (UkNameLexiconRecognizer, UkNameShapeRecognizer, UkNameCueRecognizer)


def name_recognizers(supported_language: str = "en") -> list[EntityRecognizer]:
    return [cls(supported_language, name=cls.__name__) for cls in NAME_RECOGNIZERS]
