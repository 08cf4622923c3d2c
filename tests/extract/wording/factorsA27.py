"""Factor wording of unseen authors, round 27 (factorsA27): families 1-7, the concept (the letter is the subject rules').

Families mined from the training and development authors' gold spans that the rules missed, each written by at least
two authors: a negation that spaCy splits off ("ca" + "n't") in "can't see the point", "can't get to sleep"; a young
person who won't come out of their room; a depot injection; what comes back when the eyes close; a loud head; the crisis,
home treatment and perinatal mental health teams (4); fleeing a partner, a refuge, hands round the neck, messages from
other accounts, something thrown at a partner (3); khat chewing, joints counted (2); drinking from lunchtime, reeking
of drink (1); another fall, hearing aids, a weak side (6); minding the little ones, a sibling's bath and bedtime (7);
things explained with pictures (5). And the other senses that gave false positives: "so I can sleep", crying in a
corridor, "nobody wants you" said to a child, a bus depot, "no one drinks", a relationship breakdown, an autism
assessment waiting list, a substance misuse worker. Every sentence is invented for this file (fictional people,
placeholders as the redactor writes them).
"""

from __future__ import annotations

# fmt: off
PRESENT = [
    # 4
    ("[PERSON_1] (15) says she can't see the point some days.", "4A"),
    ("[PERSON_1] (14) won't come out of his room at weekends.", "4A"),
    ("[PERSON_1] (13) sees the fire again when she closes her eyes.", "4A"),
    ("[PERSON_1] (16) says her head is too loud at night.", "4A"),
    ("Dad is back on his depot and the ward has discharged him.", "4B"),
    ("Mum is under the perinatal mental health team.", "4B"),
    ("The home treatment team are visiting Mum daily.", "4B"),
    # 3
    ("Mum fled from her husband on Sunday.", "3B"),
    ("Mum said he put his hands round her neck in the kitchen.", "3B"),
    ("Mum says he threw a mug at her when she asked for money.", "3B"),
    # 2
    ("Dad chews khat most afternoons with his friends.", "2B"),
    ("[PERSON_1] (16) says he has a couple of joints after college.", "2A"),
    # 1
    ("Stepdad drinks from lunchtime most days, mum says.", "1B"),
    ("Dad arrived for contact stinking of drink.", "1B"),
    # 6
    ("Grandad has had another fall this week.", "6C"),
    ("[PERSON_1] (9) wears hearing aids in both ears.", "6A"),
    # 7
    ("[PERSON_1] (12) minds the little ones after school while mum works.", "7A"),
    ("[PERSON_1] (13) does bath and bedtime for her brothers every night.", "7A"),
    # 5
    ("Mum needs things explained with pictures; words alone do not stay.", "5B"),
]

ABSENT = [
    # other senses of the wording
    ("Dad said [PERSON_1] (9) can sleep on the sofa tonight.", "4A"),
    ("[PERSON_1] (8) cried in the corridor after the review.", "4A"),
    ("Mum told [PERSON_1] (10) that nobody wants you.", "4A"),
    ("Dad works nights at the bus depot.", "4B"),
    ("No one drinks in this house, mum says.", "1B"),
    ("Mum moved here after a relationship breakdown.", "4B"),
    ("[PERSON_1] (6) is on the autism assessment waiting list.", "5A"),
    ("[PERSON_1] (15) meets the substance misuse worker at school.", "2A"),
    ("Dad drank heavily in his twenties and has not had a drink since.", "1B"),
    ("[PERSON_1] (7) threw the ball at the fence.", "3A"),
]

NOT_CURRENT = [
    # negated and ended mentions of the new wording stay out of the note-level set
    ("Mum says [PERSON_1] (14) no longer won't come out of his room; he is out with friends.", "4A"),
]
# fmt: on
