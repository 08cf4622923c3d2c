"""Factor wording of unseen authors, round 29 (factors29): families 11, 13, 16 and 18, the concept rather than its letter.

Families mined from the training and development authors' gold spans that the rules missed, each written by at least
two authors: child cruelty, scalds, a spiral fracture, a hand-shaped mark, linear marks and a stab wound (18); twisting
a child's arm or wrist and "leathered" (violence, routed by its victim); repping a group or block (13); made
to "sit with" or "see" men (11); teeth with decay, eczema left cracked and bleeding (16). Every sentence is invented for
this file (fictional people, placeholders as the redactor writes them).
"""

from __future__ import annotations

# fmt: off
PRESENT = [
    # 18
    ("[PERSON_1] (6) came into class with a hand-shaped mark on his cheek.", "18C"),
    ("Police are investigating [PERSON_2] for child cruelty towards [PERSON_1] (4).", "18C"),
    ("[PERSON_1] (3) has glove-pattern scalds to both feet.", "18C"),
    ("Skeletal survey: a spiral fracture of [PERSON_1]'s left femur, age 5 months.", "18C"),
    ("Nursery saw three linear marks across [PERSON_1]'s back.", "18C"),
    ("[PERSON_1] (15) has a stab wound to his upper arm.", "18C"),
    # violence routed by its victim
    ("Stepdad [PERSON_2] leathered [PERSON_1] (8) with his slipper.", "18C"),
    ("Mum's partner [PERSON_2] twisted [PERSON_1]'s arm behind her back.", "18C"),
    ("[PERSON_1] (9) said Dad twisted her wrist until it hurt.", "18C"),
    # 13
    ("[PERSON_1] (15) reps the Marsh End block in his videos.", "13A"),
    ("He has been repping online since the summer.", "13A"),
    # 11
    ("[PERSON_1] (14) says she was made to \"sit with\" men at the flat.", "11A"),
    ("She was made to see men at a house in town.", "11A"),
    # 16
    ("The dentist found five teeth with visible decay in [PERSON_1] (6).", "16A"),
    ("[PERSON_1]'s eczema is cracked and bleeding on both hands, no creams in the house.", "16A"),
]

ABSENT = [
    # other senses of the new words
    ("Her sales rep from the agency rang twice.", "13A"),
    ("He did three reps at the gym and went home.", "13A"),
    ("She was made to see the nurse at school.", "11A"),
    ("[PERSON_1] (12) twisted his wrist playing football on Saturday.", "18C"),
    ("[PERSON_1] (12) twisted his wrist playing football on Saturday.", "18B"),
    ("Old linear scars across his arms from a fall in 2019.", "18C"),
    ("The wall in the hall is cracked and the paint is peeling.", "16A"),
]

NOT_CURRENT = [
    # negated mentions of the new wording stay out of the note-level set
    ("No hand-shaped mark or other injury seen on [PERSON_1] today.", "18C"),
    ("If the police find evidence of child cruelty, a strategy meeting will follow.", "18C"),
]
# fmt: on
