"""Factor wording of unseen authors, round 28 (factorsA28): self-harm (family 15) and alcohol (1), other senses.

Foetal alcohol spectrum disorder is a child's diagnosis, not anyone's drinking (3 authors, none coded family 1). Two
families of wording that gave self-harm false positives, each written by at least two training authors: a field
label "Self-harm:" or "SH:" counted as evidence when what follows it says there is none (6 authors write the label, 4
with nothing after it), and "cutting her lip / his eyebrow" for an injury someone else caused (2). The near misses in
``PRESENT`` keep the evidence after the label and cuts to an arm. Every sentence is invented for this file (fictional
people, placeholders as the redactor writes them).
"""

from __future__ import annotations

# fmt: off
PRESENT = [
    # the label goes, the evidence after it stays
    ("Self-harm: [PERSON_1] (14) cut her arms with a sharpener last night.", "15A"),
    ("SH: [PERSON_1] (15) showed me fresh cuts on her wrist today.", "15A"),
    ("[PERSON_1] (13) has been cutting her arms again since the move.", "15A"),
]

ABSENT = [
    # a field label with no self-harm after it
    ("Self-harm: denies any, says she has no wish to.", "15A"),
    ("Self harm: see the safety plan agreed last week.", "15A"),
    ("SH: nothing new, last episode over a year ago.", "15A"),
    # an injury someone else caused
    ("He pushed the officer into the van door, cutting her lip.", "15A"),
    ("The stepdad threw a remote at [PERSON_1] (11), cutting his eyebrow.", "15A"),
    # a diagnosis from before birth
    ("[PERSON_1] (7) has foetal alcohol spectrum disorder and needs a calm classroom.", "1A"),
    ("The paediatrician has confirmed fetal alcohol syndrome for [PERSON_1] (5).", "1B"),
]

NOT_CURRENT = [
]
# fmt: on
