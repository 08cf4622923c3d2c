"""Factor wording of unseen authors, round 27 (factorsB27): families 8-24, the concept rather than its letter.

Families mined from the training and development authors' gold spans that the rules missed, each written by at least
two authors: "PF" on its own and the cues that tell its kind (8B-8E); an overdose counted in someone's tablets, a cord
tied round the neck, burns with a lighter, "cut once" (15A); a nappy left wet or sodden, empty cupboards, a child left
with a young child, no coat (16A); rejection said outright and a carer's insults (17A); a child's images passed round,
asking again and again for pictures, a hand inside a child's clothes, a sexually transmitted infection (19); a child
abduction warning notice served or breached, men met online (11A); a cannabis grow, counted wraps, carrying in a bra,
holding for someone, doing "drops" (24A); a coded group in quotes (13A); a child kicking staff, fireworks, suspended
for fighting (14A). An adult's arrest, charge, probation or prison sentence is not a child's behaviour (14A). Every
sentence is invented for this file (fictional people, placeholders as the redactor writes them).
"""

from __future__ import annotations

# fmt: off
PRESENT = [
    # 8: "PF" on its own; the arrangement's kind where the note makes it clear (8B-8E, not 8F)
    ("Possible PF: [PERSON_1] (12) has been with a neighbour since June.", "8F"),
    ("Private fostering: his parents want him to stay and study here.", "8C", "8F"),
    ("Private fostering: [PERSON_1] (14) moved here to train at a diving club.", "8D", "8F"),
    ("Private fostering: [PERSON_1] (13) stays with [PERSON_2] till mum's back.", "8E", "8F"),
    # 15A
    ("[PERSON_1] (15) took 16 of her dad's sertraline on Sunday night.", "15A"),
    ("[PERSON_1] (14) tied a dressing gown cord round her neck in the bathroom.", "15A"),
    ("[PERSON_1] (14) burns the back of her hand with a lighter.", "15A"),
    ("[PERSON_1] (15) cut once this week, the nurse says.", "15A"),
    # 16A
    ("[PERSON_1] (1) was still in a wet nappy at 3pm.", "16A"),
    ("The cupboards were empty and [PERSON_1] (4) asked me for a biscuit.", "16A"),
    ("The twins were left all evening with a 12-year-old from next door.", "16A"),
    ("[PERSON_1] (8) still has no winter coat.", "16A"),
    # 17A
    ("Dad has told the family [PERSON_1] (15) is dead to him.", "17A"),
    ("Stepmum called [PERSON_1] (9) a little scrounger at the table.", "17A"),
    # 19
    ("[PERSON_1] (14) says a boy sent her pics to his mates.", "19B"),
    ("Two boys in Year 11 say the pics are still going round the school.", "19B"),
    ("A boy in her class kept asking for nudes.", "19B"),
    ("Her cousin put his hand inside her pyjama top while she slept.", "19B"),
    ("[PERSON_1] (12) tested positive for chlamydia at the clinic.", "19C"),
    # 11A
    ("A child abduction warning notice has been served on the man.", "11A"),
    ("[PERSON_1] (15) has been meeting men she met on an app.", "11A"),
    # 24A
    ("[PERSON_1] (15) was found working in a cannabis grow above a shop.", "24A"),
    ("Police found 12 wraps on [PERSON_1] (16).", "24A"),
    ("[PERSON_1] (14) had been holding for someone he calls \"Bro\".", "24A"),
    ("[PERSON_1] (15) says he only does \"drops\" now.", "24A"),
    # 13A
    ("[PERSON_1] (15) is hanging out with the \"BX\" boys.", "13A"),
    # 14A
    ("[PERSON_1] (14) kicked a security guard at the shopping centre.", "14A"),
    ("[PERSON_1] (13) was throwing fireworks at cars.", "14A"),
    ("[PERSON_1] (12) was suspended for fighting.", "14A"),
]

ABSENT = [
    # other senses of the new words
    ("Mum took 2 of her tablets and went to bed.", "15A"),
    ("[PERSON_1] (6) tied a ribbon round her doll.", "15A"),
    ("Mum changed [PERSON_1]'s wet nappy while we talked.", "16A"),
    ("[PERSON_4] (9) has severe eczema and scratches until it bleeds.", "15A"),
    ("Police to consider a CAWN for the driver once he is identified.", "11A"),
    ("A video of the fight went round the school.", "19B"),
    ("Mum sent photos of the damp to the housing officer.", "19C"),
    ("Mum sent photos of the damp to the housing officer.", "19B"),
    ("Dad arrested for common assault on mum, bailed.", "14A"),
    ("[PERSON_3] (31) was charged with assault on [PERSON_4].", "14A"),
    ("Her brother is in HMP Leeds for robbery.", "14A"),
    ("Mum's partner is on probation for shoplifting.", "14A"),
    ("The Tuesday group is for young carers.", "13A"),
]

NOT_CURRENT = [
    # negated and ended mentions of the new wording stay out of the note-level set
    ("[PERSON_1] (15) has not tied anything round her neck since March.", "15A"),
]
# fmt: on
