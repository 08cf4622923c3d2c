"""Look-alike characters folded to ASCII before detection, one character for one, so offsets never move.

An identifier typed with full-width digits ("９９９ １２３ ４０１２") or with Cyrillic letters that look Latin
("LS11 5АВ") is still an identifier. Detection runs on the folded text; the spans it finds index the original
text unchanged, because every character folds to exactly one character.

* Full-width and other compatibility forms fold by Unicode NFKC where that gives one ASCII character.
* Cyrillic and Greek letters that look Latin fold only inside a word that also has an ASCII letter or digit,
  so a name written wholly in Cyrillic is left as it is.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Cyrillic and Greek capitals and small letters drawn like Latin ones (Unicode confusables, the common ones).
LOOKALIKES = dict(zip(
    "АВЕКМНОРСТХУаеорсхуіјѕԁԛԝΑΒΕΖΗΙΚΜΝΟΡΤΥΧοκν",
    "ABEKMHOPCTXYaeopcxyijsdqwABEZHIKMNOPTYXokv",
))
_WORD = re.compile(r"\S+")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char.isascii():
        return char
    folded = unicodedata.normalize("NFKC", char)
    if len(folded) == 1 and folded.isascii() and folded.isprintable():
        return folded
    return char


def fold(text: str) -> str:
    """``text`` with look-alikes folded to ASCII; ``len(fold(text)) == len(text)`` always."""
    if text.isascii():
        return text
    chars = [_fold_char(c) for c in text]
    folded = "".join(chars)
    if any(c in LOOKALIKES for c in folded):
        for word in _WORD.finditer(folded):
            piece = word.group()
            if any(c in LOOKALIKES for c in piece) and any(c.isascii() and c.isalnum() for c in piece):
                for i in range(word.start(), word.end()):
                    chars[i] = LOOKALIKES.get(chars[i], chars[i])
        folded = "".join(chars)
    return folded


def char_before(text: str, at: int, skip: str = " \t") -> str:
    """The last character before ``at`` that is not in ``skip`` ("" at the text's start). Scans back from ``at``:
    ``text[:at].rstrip()`` copied the whole text before every span, quadratic on a long note (2 s of a 1 MB note's
    placeholders, where this takes milliseconds)."""
    while at > 0 and text[at - 1] in skip:
        at -= 1
    return text[at - 1] if at > 0 else ""
