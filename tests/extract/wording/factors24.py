"""Factor wording of unseen authors, eighth round (issue 15, factors24).

Families mined from the training authors' gold spans that the rules missed, each written by at least two authors:
blaming a child for breaking the family or for a parent leaving, insults that liken a child to a parent, a child
calling himself the insult used at home, covering ears when a carer shouts (17A); an adult asking a child for photos,
telling a child to delete the chat, a man coming into a child's room at night, indecent images (19, no longer 11A); living with a friend's family (8E);
a child who won't sleep in their own room, "still low some days", "hasn't been sleeping" (4A); a group named
by its area or letters and "lot" (13A). Every sentence is
invented for this file (fictional people, placeholders as the redactor writes them).
"""

from __future__ import annotations

# fmt: off
PRESENT = [
    # 17A
    ("Mum told [PERSON_1] (12) she has \"split this family\" by talking to the teacher.", "17A"),
    ("Stepdad said [PERSON_1] (11) \"wrecked our family\" with her stories.", "17A"),
    ("Dad texted [PERSON_1] (14): \"you're the reason your mum left\".", "17A"),
    ("Mum said [PERSON_1] (9) is \"thick as his dad\" in front of me.", "17A"),
    ("[PERSON_1] (8) calls himself \"stupid\" when he gets a sum wrong.", "17A"),
    ("[PERSON_1] (6) covers her ears when her stepdad shouts.", "17A"),
    # 19C
    ("A man she met online asked her to send pictures in her pyjamas.", "19C"),
    ("The coach told him to delete the chat after each call.", "19C"),
    ("She said her uncle comes into her room at night.", "19C"),
    ("Police found indecent images of [PERSON_2] on the laptop of mum's partner, who lives with them.", "19C"),
    # 8E
    ("[PERSON_1] (14) has been staying with his best mate [PERSON_2]'s family since the row.", "8E"),
    ("[PERSON_1] (15) is living with her boyfriend's family after falling out with mum.", "8E"),
    # 4A
    ("[PERSON_1] (9) still won't sleep in his own room.", "4A"),
    ("[PERSON_1] (13) is still low some days but talking more.", "4A"),
    ("[PERSON_1] (10) hasn't been sleeping since the police came.", "4A"),
    ("[PERSON_1] (15) is not sleeping at all, school say.", "4A"),
    # 13A
    ("[PERSON_1] (15) is hanging about with the Pear Tree lot again.", "13A"),
    ("[PERSON_1] (14) says the older KR lot still message him.", "13A"),
    ("The [LOCATION_2] lot have threatened him on Snap.", "13A"),
]

ABSENT = [
    # other senses of the new words
    ("[PERSON_1] (7) covers his ears in thunderstorms.", "17A"),
    ("Dad said the family split the cost of the trip.", "17A"),
    ("Mum asked her to send photos of the school trip to Nan.", "19C"),
    ("[PERSON_1] (12) comes into the room at night to get water.", "19C"),
    ("Battery was still low, so the phone was charged.", "4A"),
    ("[PERSON_1] (9) hasn't been sleeping at Dad's since the move.", "4A"),
    ("Police found indecent images of [PERSON_2] on the laptop of mum's partner, who lives with them.", "11A"),
    ("Mum said the whole lot went in the bin.", "13A"),
    ("The Smiths have a lot of visitors at weekends.", "13A"),
]

NOT_CURRENT = [
    # negated and ended mentions of the new wording stay out of the note-level set
    ("[PERSON_1] (12) denies that her uncle comes into her room at night.", "19C"),
]
# fmt: on
