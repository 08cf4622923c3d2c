"""Factor wording of unseen authors, seventh round (issue 15, factors23).

Families mined from the training authors' gold spans that the rules missed, each written by at least two authors:
a young person's offending and threats (14A: a carried knife, fire setting, threatening staff, a breached curfew,
theft, smashed windows); gifts and cars around a child (11A); debts, cash, the line, parcels and
cannabis plants (24A); a parent's drug use with the drug left unsaid, positive tests (2B); bites by another
child (18B). Every sentence is invented for this file (fictional people, placeholders as the redactor
writes them).
"""

from __future__ import annotations

# fmt: off
PRESENT = [
    # 14A
    ("[PERSON_1] (15) had a lock knife in his rucksack at the youth club.", "14A"),
    ("[PERSON_1] (14) brought a kitchen knife to the park.", "14A"),
    ("[PERSON_1] (13) and a friend set fire to a shed on the allotments.", "14A"),
    ("[PERSON_1] (14) was setting wheelie bins alight by the garages.", "14A"),
    ("[PERSON_1] (16) threatened the bus driver when asked for a ticket.", "14A"),
    ("[PERSON_1] (16) breached her curfew on Saturday.", "14A"),
    ("[PERSON_1] (15) is on bail for theft from a car.", "14A"),
    ("[PERSON_1] (13) smashed two windows at the community centre.", "14A"),
    # 11A
    ("An older man gives [PERSON_1] (14) vapes and pays for her lashes.", "11A"),
    ("[PERSON_1] (15) was getting into a silver car with two men outside school.", "11A"),
    ("A man picks her up after school in a black Mercedes.", "11A"),
    # 24A
    ("[PERSON_1] (15) told me he owes the line for a lost bag.", "24A"),
    ("[PERSON_1] (16) says he owes them and cannot stop.", "24A"),
    ("[PERSON_1] (15) had £350 in his sock when stopped.", "24A"),
    ("[PERSON_1] (16) keeps getting messages from the line.", "24A"),
    ("[PERSON_1] (14) says he takes packages across town on his bike.", "24A"),
    ("[PERSON_1] (15) was found watering the plants in a locked house.", "24A"),
    # 2B
    ("Mum is still using; the drug worker confirmed this.", "2B"),
    ("Dad admits he used at the weekend.", "2B"),
    ("Mum tested positive for heroin at the clinic.", "2B"),
    ("Dad's latest positive hair strand test was discussed.", "2B"),
    # 18B
    ("[PERSON_1] (8) was bitten on the hand by another pupil.", "18B"),
]

ABSENT = [
    # other senses of the new words
    ("Mum tested positive for covid last week.", "2B"),
    ("Mum is still using the food bank.", "2B"),
    ("[PERSON_1] (15) was running for the bus.", "24A"),
    ("Mum bought her new trainers for school.", "11A"),
    ("Dad got into the car with the children.", "11A"),
    ("[PERSON_1] (12) set the table for tea.", "14A"),
    ("The heating was watered down by the landlord's excuses.", "24A"),
    # ADHD is not a physical illness (6A)
    ("[PERSON_1] (9) has ADHD and takes medication at school.", "6A"),
]

NOT_CURRENT = [
    # negated mentions of the new wording stay out of the note-level set
    ("[PERSON_1] (15) denies ever carrying a kitchen knife.", "14A"),
    ("No positive drug tests for mum since March.", "2B"),
]
# fmt: on
