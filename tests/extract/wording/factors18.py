"""Factor wording of the development authors' kind of notes, fourth round (issue 15, factors18).

Families: a child's long-term conditions (6A) outrank an adult guessed from the note's shape; touching and undressing
in a child's disclosure (19, the harmer decides B/C); offending a young person is arrested, cautioned or resolved for
(14A); holding, owing and running a line (24A); a missing child found with adult men (11A); 'cutting down' is not
self-harm; pupils named by school year are children (18B/19B); 'hit her mum' harms mum (3B). Every sentence is
invented for this file (fictional people, placeholders as the redactor writes them).
"""

from __future__ import annotations

# fmt: off
PRESENT = [
    # 6A: a child's condition; the untied name is the baby, not a guessed parent
    ("Home visit. [PERSON_2] (3) at nursery. [PERSON_3] (6 wks) has a cleft palate, seen by the cleft team.", "6A", "6B"),
    ("[PERSON_2] (4) and [PERSON_3] (1). [PERSON_4] has eczema on both arms, emollients from the GP.", "6A", "6B"),
    ("School nurse. [PERSON_1] Y5. Asthma, two admissions since October.", "6A", None),
    ("Mum [PERSON_2] has asthma and uses her inhaler daily.", "6B", "6A"),        # a named adult still decides
    # 19: touching and undressing disclosures; the harmer's age decides the letter
    ("[PERSON_1] Y4. She told her TA that a Y6 boy touched her bottom in the cloakroom.", "19B", "19C"),
    ("[PERSON_1] (9) said her mum's boyfriend put his hand inside her pyjamas at night.", "19C", "19B"),
    ("[PERSON_1] (8) said the older boys made him take his shorts off behind the pavilion.", "19B", "19C"),
    # 18B: pupils by school year are children
    ("[PERSON_1] Y7. After school three Y10s kicked him by the bike sheds.", "18B", "18C"),
    ("[PERSON_1] Y3. Two Year 5 boys pushed him over in the playground.", "18B", "18C"),
    # 14A: offences a young person is dealt with for
    ("[PERSON_1] Y9. Police gave her a community resolution for damaging the park gates.", "14A", None),
    ("[PERSON_1] (15) was arrested for shoplifting in town on Saturday.", "14A", None),
    ("[PERSON_1] (16) was found carrying a kitchen knife outside the chip shop.", "14A", None),
    # 24A: working for the people who run a line
    ("[PERSON_1] (15) says he was holding a bag in his coat for the olders.", "24A", None),
    ("[PERSON_1] (16) is back running the Barnstaple line, he says the debt keeps growing.", "24A", None),
    ("[PERSON_1] (14) still owes them for the phone the police took.", "24A", None),
    # 11A: a missing child found with adult men
    ("MISPER [PERSON_1], 14, located at 2am in a flat with two adult males.", "11A", None),
    ("[PERSON_1] (15) was dropped back to the home by an unknown adult male in a grey car.", "11A", None),
    # 3B: the possessive before the victim
    ("[PERSON_1] (10) said dad hit her mum in the kitchen on Sunday.", "3B", "18C"),
]

ABSENT = [
    # cutting down, out or off is not self-harm
    ("Mum [PERSON_2] says she is cutting down on cigarettes before the baby comes.", "15A"),
    ("[PERSON_1] (14) has been cutting out bread since Christmas.", "15A"),
    ("Dad is cutting off contact with his brother.", "15A"),
    # undressing words about an adult's own clothes, or a child's ordinary care
    ("Mum took the baby's vest off to weigh her.", "19C"),
    # a guessed adult's condition words that are not a child's own (mental health stays the parent's guess)
    ("Home visit. [PERSON_2] (2) and [PERSON_3] (5). [PERSON_4] has panic attacks most weeks.", "4A"),
]

NOT_CURRENT = [
    # negated and hypothetical mentions of the new wording stay out of the note-level set
    ("[PERSON_1] (8) has no asthma or eczema.", "6A"),
    ("[PERSON_1] (15) denies holding anything for the olders.", "24A"),
    ("If [PERSON_1] (15) is arrested for shoplifting again the YOT will be told.", "14A"),
]
# fmt: on
