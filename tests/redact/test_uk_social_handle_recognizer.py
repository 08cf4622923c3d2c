"""UkSocialHandleRecognizer: @handles and usernames after a platform cue."""

import os

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

import pytest  # noqa: E402

from casenotes.redact.recognizers import UkSocialHandleRecognizer  # noqa: E402


@pytest.fixture(scope="module")
def recognizer():
    return UkSocialHandleRecognizer()


@pytest.fixture(scope="module")
def entities():
    return ["SOCIAL_HANDLE"]


@pytest.mark.parametrize(
    "text, expected_len, expected_positions",
    [
        # fmt: off
        # valid: @handles (span includes the @)
        ("follows @jaz_x99 online", 1, ((8, 16),)),
        ("@lil.k posted it", 1, ((0, 6),)),
        ("messaged by @Jaz99.", 1, ((12, 18),)),
        # valid: usernames after a platform cue (span = username only)
        ("snapchat: jaz_x99", 1, ((10, 17),)),
        ("sc name is jaz_x99", 1, ((11, 18),)),
        ("on tiktok as lil.k", 1, ((13, 18),)),
        ("insta - xx", 1, ((8, 10),)),
        ("facebook name is Jaz", 1, ((17, 20),)),
        ("her snapchat name: jaz_x99", 1, ((19, 26),)),
        ("instagram username jaz.smith", 1, ((19, 28),)),
        # invalid: e-mail addresses, times, ordinary words after a cue
        ("email jo@example.com", 0, ()),
        ("meet @3pm", 0, ()),
        ("@ school", 0, ()),
        ("@home", 0, ()),
        ("on tiktok as well", 0, ()),
        ("snapchat is blocked", 0, ()),
        ("instagram account: blocked", 0, ()),
        # tricky: platform named without a username, weak cues
        ("messages on snapchat", 0, ()),
        ("the fb page", 0, ()),
        ("sc 10", 0, ()),
        # fmt: on
    ],
)
def test_when_social_handles_in_text_then_all_social_handles_found(
    text, expected_len, expected_positions, recognizer, entities
):
    results = recognizer.analyze(text, entities)
    assert len(results) == expected_len
    assert sorted((r.start, r.end) for r in results) == sorted(expected_positions)
