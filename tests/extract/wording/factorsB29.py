"""Factor wording of unseen authors, round 29 (factorsB29): families 1, 2, 4, 10 and 22, the concept rather than its letter.

Families mined from the training and development authors' gold spans that the rules missed, each written by at least
two authors: how much or how often someone drinks in their own quoted words (1); smoking with the drug left unsaid,
told by why, how much or when (2); a child who will not sleep with the light off, a person who "is low" now, someone
under the CMHT (4); "not / never / didnt come home" in a parent's text or call, and not money that went missing or a
missed depot or school day (10); the FGM protection order in one word, FGMPO (22). Every sentence is invented for this
file (fictional people, placeholders as the redactor writes them).
"""

from __future__ import annotations

# fmt: off
PRESENT = [
    # 1
    ("[PERSON_1] (10) says Dad drinks \"most of the weekend\" and sleeps it off on Monday.", "1B"),
    ("Dad drinks 'four or five' cans most evenings, [PERSON_1] (9) says.", "1B"),
    ("Stepdad [PERSON_2] drinks \"from the minute he wakes up\", [PERSON_1] told school.", "1B"),
    # 2
    ("[PERSON_1] (15) says he is smoking \"to chill\" after school.", "2A"),
    ("[PERSON_1] (16) smokes \"a bit\" at weekends with the older lads.", "2A"),
    ("[PERSON_1] (15) smokes in his bedroom, his carer can smell it on the landing.", "2A"),
    ("Dad is smoking every day again and the flat smells of it.", "2B"),
    # 4
    ("[PERSON_1] (7) won't sleep with the light off since the fire.", "4A"),
    ("Mum is low, staying in bed until the afternoon.", "4B"),
    ("Dad is still under the CMHT and sees his nurse fortnightly.", "4B"),
    # 10
    ("Text from mum 23:10: [PERSON_1] (14) not come home, phone off since 9.", "10A"),
    ("Mum rang: [PERSON_1] (13) didnt come home last night.", "10A"),
    ("[PERSON_1] (14) went missing from home again on Friday.", "10A"),
    # 22
    ("FGMPO granted for both girls at the family court today.", "22A"),
]

ABSENT = [
    # other senses of the new words
    ("Dad drinks \"a glass at Easter\" and nothing else.", "1B"),
    ("Mum smokes in the garden, never in the house.", "2B"),
    ("Dad smokes twenty a day and is trying patches.", "2B"),
    ("The risk of further harm is low.", "4B"),
    ("The GP has written to the CMHT about a leaflet for the waiting room.", "4B"),
    ("Mum said [PERSON_1] can't come home until the order ends.", "10A"),
    ("If I use, I dont come home to the kids.", "10A"),
    # something lost or missed is not a child going missing
    ("£40 went missing from Nan's purse on Sunday.", "10A"),
    ("[PERSON_1] (15) is missing some school days with migraines.", "10A"),
    ("Mum was admitted after missing her depot injection.", "10A"),
]

NOT_CURRENT = [
    # negated mentions of the new wording stay out of the note-level set
    ("No FGMPO is needed, the family are not travelling.", "22A"),
]
# fmt: on
