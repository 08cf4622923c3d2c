"""Private fostering subtypes and the harmer of sexual harm among peers (subtypes29).

Invented sentences, fictional people, placeholders as the redactor writes them. Each private fostering case names the
arrangement ("PF") so the group is evidenced; the cue decides its subtype (8E, else 8F).
"""

from __future__ import annotations

import pytest

# fmt: off
PRESENT = [
    # 8E: a break with home - falling out with a parent, a parent who put the child out or disowned them, a best friend
    ("PF visit to [PERSON_1] (14). She moved to the [PERSON_2] family after she fell out with her dad in May.", "8E", "8F"),
    ("PF assessment started. [PERSON_1] (13) says his mum told him he is \"dead to me\".", "8E", "8F"),
    ("PF notification: stepdad told [PERSON_1] (15) to \"get out and stay out\" on Friday.", "8E", "8F"),
    ("PF visit. Mum says she won't have him back until he apologises.", "8E", "8F"),
    ("PF visit. [PERSON_1] (12) is staying with her best friend and the friend's parents.", "8E", "8F"),
    # 19B: a harmer among the child's peers, never named as a child
    ("Messages went round her tutor group chat. [PERSON_1] (14) says she was sexually assaulted at the party.", "19B", "19C"),
    ("[PERSON_1] (14) says her ex-bf forced her to have sex at the party.", "19B", "19C"),
]

ABSENT = [
    # near misses: no cue, or the cue without a private fostering arrangement, or an adult there
    ("PF visit to [PERSON_1] (11). Settled, eating well.", "8E"),
    ("[PERSON_1] (14) fell out with her best friend at school. Mum is supporting her.", "8E"),
    ("[PERSON_1] (14) fell out with her best friend at school. Mum is supporting her.", "8F"),
    ("[PERSON_1] (13): a man she met online shared her pictures in a group chat.", "19B"),
    ("[PERSON_1] (15) told her tutor she was sexually assaulted at the party.", "19B"),
]
# fmt: on


@pytest.mark.parametrize(("text", "present", "absent"), PRESENT)
def test_subtype_and_harmer(expect_labels, text, present, absent):
    expect_labels("factors", text, [present], [absent])


@pytest.mark.parametrize(("text", "absent"), ABSENT)
def test_near_misses(expect_labels, text, absent):
    expect_labels("factors", text, [], [absent])
