"""Factor wording of unseen authors, fifth round (issue 15, factors19).

Families mined from many training authors' gold spans (each family used by at least two authors): a child's distress
in everyday words (night wetting, worry aches, panic in places, waking in fear, hiding, feeling numb: 4A); self-injury
where and how (cuts to a body part, fresh cuts, a counted overdose, head-banging, biting a hand: 15A); more verbs of
harm for the violence route (held down, jumped, stabbed: the victim and harmer decide 18B/18C/3B); a partner's
violence and control (3A in a young person's own relationship, 3B for a parent). Every sentence is invented for this
file (fictional people, placeholders as the redactor writes them).
"""

from __future__ import annotations

# fmt: off
PRESENT = [
    # 4A: a child's distress in everyday words
    ("[PERSON_1] (7) has started wetting the bed most nights since the move.", "4A", "4B"),
    ("[PERSON_1] (9) gets stomach aches every Monday before school.", "4A", "4B"),
    ("[PERSON_1] Y10. She has had panic attacks in maths twice this term.", "4A", "4B"),
    ("[PERSON_1] (6) wakes most nights screaming for his dad.", "4A", "4B"),
    ("[PERSON_1] (5) hides under the kitchen table when the doorbell goes.", "4A", None),
    ("[PERSON_1] (13) says she feels numb most of the time.", "4A", None),
    ("[PERSON_1] (12) is withdrawn and tearful at breaktimes.", "4A", None),
    # 15A: self-injury where and how
    ("[PERSON_1] (14) showed the nurse new cuts to her upper thigh.", "15A", None),
    ("[PERSON_1] (15) swallowed 20 paracetamol at the weekend and was kept in.", "15A", None),
    ("[PERSON_1] (11) bangs his head against the wall when he is told no.", "15A", None),
    ("[PERSON_1] (10) was biting the back of her hand in class until it bled.", "15A", None),
    ("[PERSON_1] (16) said she cut again on Tuesday night.", "15A", None),
    # violence route: held down, jumped, dragged; the harmer's age decides the letter
    ("[PERSON_1] (13) said two Y11 boys held him down in the changing rooms.", "18B", "18C"),
    ("[PERSON_1] (12) says stepdad dragged her up the stairs by her arm.", "18C", "18B"),
    # a partner's violence and control: whose partner decides 3A or 3B
    ("[PERSON_1] (15) told her tutor her boyfriend, who is 19, slapped her outside the chippy.", "3A", "18C"),
    ("[PERSON_1] (14) says he goes through her phone every night and picks her friends.", "3A", None),
    ("[PERSON_1] (15): her boyfriend makes her send him a photo of where she is.", "3A", None),
    ("Mum said her boyfriend punched her on Friday; the children were in bed.", "3B", "3A"),
    # mum's partner harming a child stays the child's physical abuse
    ("Mum's boyfriend slapped [PERSON_1] (7) across the face at teatime.", "18C", "3A"),
]

ABSENT = [
    # other senses of the new words
    ("[PERSON_1] jumped off the wall and landed on her ankle.", "18C"),
    ("Dad was cutting his hair in the kitchen when I arrived.", "15A"),
    ("The dog bit his arm in the park; the wound was dressed at A&E.", "15A"),
    ("Mum is cutting down on cans and bought a new pushchair.", "15A"),
    ("[PERSON_1] (4) wet his pants at nursery once this week, which staff say is normal for his age.", "15A"),
]

NOT_CURRENT = [
    # negated and historical mentions of the new wording stay out of the note-level set
    ("[PERSON_1] (8) is no longer wetting the bed most nights.", "4A"),
    ("[PERSON_1] (15) denies any new cuts to her arms.", "15A"),
    ("[PERSON_1] (14) has not banged her head since the summer.", "15A"),
]
# fmt: on
