"""Factor wording of unseen authors, sixth round (issue 15, factors21).

Families mined from the training authors' gold spans that the rules missed, each used by at least two authors: an
unaccompanied child's arrival and asylum process (9A); spirit, jinn and kindoki beliefs and the "cures" forced on a
child (23A); what a parent says to reject, blame, shame or name-call a child (17A); a child's physical and health care
missed (16A); an adult's illness in everyday words (6B/6C); a young person's drinking (1A); older men around a child
(11A). Every sentence is invented for this file (fictional people, placeholders as the redactor writes them).
"""

from __future__ import annotations

# fmt: off
PRESENT = [
    # 9A: arrival and the asylum process
    ("[PERSON_1] (16) arrived at the port unaccompanied in a refrigerated van.", "9A"),
    ("[PERSON_1] says he is 15 and came from Eritrea alone.", "9A"),
    ("[PERSON_1] travelled across Europe in the back of a lorry, per the screening officer.", "9A"),
    ("[PERSON_1] (17) came on his own from Syria and is staying in a hotel.", "9A"),
    ("His asylum claim has been lodged; a solicitor is helping him.", "9A"),
    ("The age assessment is booked for next month at the office.", "9A"),
    ("[PERSON_1] has no parent or carer in this country.", "9A"),
    # 23A: spirits and forced "cures"
    ("Aunt believes a jinn makes [PERSON_1] (9) have nightmares.", "23A"),
    ("The pastor told the family [PERSON_1] (6) is kindoki.", "23A"),
    ("Grandma said there is a spirit in him that must leave.", "23A"),
    ("[PERSON_1] (10) was made to fast for three days at the prayer house.", "23A"),
    ("They tried to drive the spirit out of her with oil.", "23A"),
    # 17A: rejection, blame, shame, name-calling
    ("Dad texted [PERSON_1] (15) that she is dead to him and dead to me too.", "17A"),
    ("Stepmum told [PERSON_1] (13) he is no son of mine.", "17A"),
    ("Mum says [PERSON_1] (12) is a waste of space in front of visitors.", "17A"),
    ("Mum tells [PERSON_1] (9) nobody wants you when he cries.", "17A"),
    ("Dad shouted that [PERSON_1] (11) is a thief just like your mother.", "17A"),
    ("Mum called her a liar at the school gate.", "17A"),
    ('Stepdad calls [PERSON_2] "a rat" at mealtimes.', "17A"),
    ("Dad told [PERSON_1] (14): you're useless.", "17A"),
    ("Mum told [PERSON_1] (15) she has ruined this family.", "17A"),
    ("[PERSON_1] (13) says mum told her it's your own fault.", "17A"),
    # 16A: a child's care missed
    ("[PERSON_1] (10 months) had bad nappy rash and had not been changed since breakfast.", "16A"),
    ("[PERSON_1] (2) has dropped from the 40th to the 5th centile.", "16A"),
    ("[PERSON_1] (8) often arrives at school without breakfast.", "16A"),
    ("[PERSON_1] (7) wore the same uniform all week and comes in hungry.", "16A"),
    ("[PERSON_1] (6) was found alone in the flat at midnight.", "16A"),
    ("HV found [PERSON_1] (1) in a cold bedroom with no heating.", "16A"),
    ("[PERSON_1] (4) has not been given her immunisations.", "16A"),
    # 6B: a parent's illness
    ("Mum had a seizure in the kitchen on Monday.", "6B"),
    ("Dad had a heart attack in the spring and is still off work.", "6B"),
    ("Mum has a leg ulcer dressed by the district nurse.", "6B"),
    # 1A: a young person's drinking
    ("[PERSON_1] (15) says she drinks at weekends with friends.", "1A"),
    ("[PERSON_1] (14) drank his brother's vodka at the party.", "1A"),
    # 11A: older men around a child
    ("[PERSON_1] (14) was seen getting into a car with two men in their thirties.", "11A"),
]

ABSENT = [
    # other senses of the new words
    ("[PERSON_1] (15) came home alone after the match, as agreed with mum.", "9A"),
    ("He came back on his own from the shop.", "9A"),
    ("Mum came to the meeting on her own; dad was at work.", "9A"),
    ("Police seized a large amount of cash; the drugs seizure was reported.", "6B"),
    ("Mum is fit and well and back at the gym.", "6B"),
    ("[PERSON_1] (12) had no lunch money on Friday; school lent her some.", "16A"),
    ("Mum lives on her own in the flat since the separation.", "16A"),
    ("The team are in good spirits after the review.", "23A"),
    ("Mum's worker said: you're not in trouble for asking.", "17A"),
    ("Dad's weight has dropped since the diagnosis.", "16A"),
]

NOT_CURRENT = [
    # negated and historical mentions of the new wording stay out of the note-level set
    ("No concerns about nappy rash; [PERSON_1] (1) was clean and well.", "16A"),
    ("Mum denies calling her a liar.", "17A"),
    ("There are no concerns about jinn or kindoki in the family.", "23A"),
]
# fmt: on
