"""Social-media handle recognizer (entity ``SOCIAL_HANDLE``)."""

from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern

from wordfreq import zipf_frequency

from ._base import CuedPatternRecognizer, alternation

#: Plain words at least this common in English (wordfreq Zipf scale) are not taken as handles.
_EVERYDAY_ZIPF = 3.5

# "@name": not inside an e-mail address (no word/dot character before the @).
_AT_HANDLE = r"(?<![\w.@+\-])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?\b(?!@|\.\w)"

_PLATFORMS = alternation(
    ["snapchat", "snap", "instagram", "insta", "tiktok", "tik tok", "facebook", "fb", "twitter",
     "whatsapp", "discord", "xbox", "psn", "playstation", "roblox", "fortnite", "youtube",
     "telegram", "kik", "threads", "twitch", "steam", "sc", "ig", "x"]
)
_ACCOUNT_WORD = r"(?:name|username|user\s?name|handle|account|profile|id|user)"
# A handle after "platform: " / "platform - " / "platform name (is)" / "on platform as".
_EXPLICIT = rf"\b{_PLATFORMS}(?:\s+{_ACCOUNT_WORD}(?:\s+(?:is|was))?\s*[:\-–=]?|\s*[:\-–=])\s*"
_AS_CALLED = rf"\b{_PLATFORMS}\s+(?:as|called|under)\s+"
_HANDLE = r"[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?"
# Handle-shaped: contains a digit, underscore or dot, so "as well" is not a handle.
_HANDLE_SHAPED = r"(?=[A-Za-z0-9_.]*[0-9_.])" + _HANDLE

# Handle-shaped and plainly no word: letters with an underscore, or letters and a dot and a digit or underscore
# ("kd_wavy9", "dre.lfc4", "deacon.p_x"); "e.g", "2.5" and "v2" are not.
_NOT_A_WORD = (r"(?=[A-Za-z0-9_.]*[A-Za-z])(?:(?=[A-Za-z0-9.]*_)|(?=[A-Za-z0-9_]*\.[A-Za-z0-9_.]*\d)"
               r"|(?=[A-Za-z0-9_]*\d[A-Za-z0-9_]*\.[A-Za-z]))")
# Near a cue, also a dotted name that is no web address or file ("jadeyy.bbx", "mya.b.xx") and letters with digits
# inside them ("ghostxR1ft").
_NAME_LIKE = (r"(?=[A-Za-z0-9_.]*[A-Za-z])(?:(?=[A-Za-z0-9_]{2,}\.[A-Za-z0-9_])(?![A-Za-z0-9_.]*\.(?:com|org|net|uk|gov|nhs|io|co|edu|ac|info"
              r"|biz|me|html?|pdf|docx?|xlsx?|csv|txt|jpe?g|png)(?![\w.]))|(?=[A-Za-z]+\d+[A-Za-z]))")
_ACCOUNT_CUE = rf"(?:{_PLATFORMS}|account|username|user|channel|profile|gamertag|handle)"
# A cue, up to three words, then a handle-shaped word, bare or in brackets or quotes: "Snapchat (kd_wavy9)",
# "YouTube channel landorgang_tv", "user \"ghostrider_77\"", "His Snap is deacon.p_x".
_NEAR_CUE = rf"\b{_ACCOUNT_CUE}\b(?:\s+[\w'’]+){{0,3}}?\s*[(\"“'‘]?\s*"
# Anywhere: a word joined by an underscore is a handle (or a file name, which has an extension: left alone).
_UNDERSCORED = (r"(?<![\w.@/\\\-])(?=[\w.]*_)(?=[\w.]*[A-Za-z])[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*"
                r"(?<!\.(?:docx?|pdf|xlsx?|csv|txt|jpe?g|png|html?))(?![\w@/\\]|\.\w)")

# Anywhere: a dotted name with a digit ("skeng.sw9", "lily.xo.2010", "jdoran.88x"): no word, number, time, web
# address or file is written so. Its first part has 3+ letters and is no abbreviation before a number ("Tel.0770",
# "para.3"); the end is no domain or file extension.
_DOTTED_WITH_DIGIT = (r"(?<![\w.@/\\\-])(?=[A-Za-z0-9_.]*\d)"
                      r"(?!(?:tel|ref|para|fig|approx|ext|vol|nos|sec|min|max|yrs|wks|mths|hrs|mins|est|app|apt)\.)"
                      r"[A-Za-z][A-Za-z_]{2,}[0-9_]*(?:\.[A-Za-z0-9_]+)+"
                      r"(?<!\.(?:com|org|net|uk|gov|nhs|io|co|edu|ac|info|biz|me|html?|pdf|docx?|xlsx?|csv|txt|jpe?g|png))"
                      r"(?![\w@/\\]|\.\w)")

# Anywhere: a dotted name in lower case with no digit ("jo.vale.x", "kdot.leeds", "mimi.zy"): a handle where one part
# is no English word, or where there are three parts and one is a word ("sunny.kay.x"); "e.g", "d.o.b", a web address,
# a file and two everyday words run together ("home.she") are not. The rarity is checked in ``_result_for``.
_DOTTED_LOWER = (r"(?<![\w.@/\\\-])(?!(?:tel|ref|para|fig|approx|ext|vol|nos|sec|min|max|yrs|wks|mths|hrs|mins|est|app|apt)\.)"
                 r"(?-i:[a-z]+(?:\.[a-z]+)+)"
                 r"(?<!\.(?:com|org|net|uk|gov|nhs|io|co|edu|ac|info|biz|me|html?|pdf|docx?|xlsx?|csv|txt|jpe?g|png))"
                 r"(?![\w@/\\]|\.\w)")
_DOTTED_LOWER_NAME = "Social handle, dotted lower-case name (medium)"
#: A part of a dotted lower-case name rarer than this is no English word ("oy", "jmoney"); "e", "g", "b" are letters.
_DOTTED_RARE_ZIPF = 3.2


def dotted_name_is_handle(word: str) -> bool:
    """'kdot.leeds' and 'jo.vale.x' are handles; 'e.g', 'd.o.b', 'p.m' and 'home.she' are not."""
    parts = word.split(".")
    rare = any(len(part) >= 2 and zipf_frequency(part, "en") < _DOTTED_RARE_ZIPF for part in parts)
    return rare or (len(parts) >= 3 and any(len(part) >= 3 for part in parts))


# Ordinary words that follow a cue but are not account names.
_STOPWORDS = frozenset(
    {"is", "was", "the", "a", "an", "and", "or", "but", "to", "on", "in", "with", "he", "she",
     "they", "her", "his", "their", "him", "them", "it", "this", "that", "account", "name",
     "page", "messages", "message", "blocked", "deleted", "private", "public", "well", "too",
     "unknown", "not", "no", "yes", "n/a", "none", "home", "school", "college", "work",
     "nursery", "mums", "dads"}
)
# "@3pm", "@ 10:30" are times, not handles.
_TIME = re.compile(r"^\d{1,2}(?:[:.]\d{2})?(?:am|pm)?$", re.IGNORECASE)


class CasenotesUkSocialHandleRecognizer(CuedPatternRecognizer):
    """Recognize social-media usernames in case notes.

    Format: ``@handle`` (letters, digits, _ and ., up to 30 characters), or a
    username written after a platform cue: "snapchat: jaz_x99", "sc name is jaz_x99",
    "insta - xx", "facebook name Jaz", "on tiktok as lil.k". After "as"/"called"
    the word must look like a handle (digit, _ or .) so "on tiktok as well" is not one.

    Reference: platform username rules (Instagram/TikTok/Snapchat: letters, numbers,
    underscores and periods; 15-30 characters).

    The span is the handle only (with its @ when written). E-mail addresses are left
    to Presidio's ``EmailRecognizer``. Note: "x" and "sc" are weak cues; they only
    count when followed by ":"/"-" or a name word.
    """

    PATTERNS = [
        Pattern("Social handle @ (medium)", _AT_HANDLE, 0.6),
        Pattern("Social handle after platform (strong)", rf"{_EXPLICIT}(?P<value>{_HANDLE})\b", 0.8),
        Pattern("Social handle 'as' (strong)", rf"{_AS_CALLED}(?P<value>{_HANDLE_SHAPED})\b", 0.8),
        Pattern("Social handle near a platform or account cue (strong)",
                rf"{_NEAR_CUE}(?P<value>{_NOT_A_WORD}{_HANDLE})(?![\w@]|\.\w)", 0.8),
        Pattern("Social handle, dotted or digits inside, near a platform or account cue (strong)",
                rf"{_NEAR_CUE}(?P<value>{_NAME_LIKE}{_HANDLE})(?![\w@]|\.\w)", 0.8),
        Pattern("Social handle before 'on <platform>' (strong)",
                rf"(?<![\w.@])(?P<value>(?=[A-Za-z0-9_.]*[A-Za-z]){_HANDLE_SHAPED})\s+on\s+{_PLATFORMS}\b", 0.8),
        Pattern("Social handle, underscored word (medium)", rf"(?P<value>{_UNDERSCORED})", 0.5),
        Pattern("Social handle, dotted with a digit (medium)", rf"(?P<value>{_DOTTED_WITH_DIGIT})", 0.5),
        Pattern(_DOTTED_LOWER_NAME, rf"(?P<value>{_DOTTED_LOWER})", 0.5),
    ]

    CONTEXT = ["snapchat", "instagram", "insta", "tiktok", "facebook", "username", "handle"]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "en",
        supported_entity: str = "SOCIAL_HANDLE",
        name: str | None = None,
    ):
        super().__init__(
            supported_entity=supported_entity,
            patterns=patterns if patterns else self.PATTERNS,
            context=context if context else self.CONTEXT,
            supported_language=supported_language,
            name=name,
        )

    def _result_for(self, text, match, pattern, flags):
        if pattern.name == _DOTTED_LOWER_NAME and not dotted_name_is_handle(match.group("value")):
            return None
        return super()._result_for(text, match, pattern, flags)

    def invalidate_result(self, pattern_text: str) -> bool:
        """Drop ordinary words after a cue ("snapchat: blocked") and times ("@3pm")."""
        word = pattern_text.removeprefix("@")
        if word.lower() in _STOPWORDS or bool(_TIME.match(word)):
            return True
        # "snapchat name given by mum": an everyday word after the cue, not an account name
        return not pattern_text.startswith("@") and word.isalpha() and len(word) >= 4 and zipf_frequency(word.lower(), "en") >= _EVERYDAY_ZIPF


#: The old name, still importable. Presidio's YAML registry finds a recognizer class by its name and Presidio
#: ships its own UkNinoRecognizer, UkPostcodeRecognizer, ...: casenotes class names start with "Casenotes".
UkSocialHandleRecognizer = CasenotesUkSocialHandleRecognizer
