"""Physical harm and domestic abuse (harm28): who is harmed by violence, and by whom, for 18B/18C and 3A/3B/3C.

Families (each seen with two or more training or development authors):

- violence to a young person in their own relationship ('he slapped her', 'he pushed me into the wall') is domestic
  abuse in that relationship (3A), not physical abuse (18C): the violence route's ``partner`` group. Near miss: a
  parent named as the doer in such a note stays 18C.
- 'her ex [PERSON_3] (18)', 'my ex, 16' in a young person's note: their own relationship (3A). Near miss: 'her ex' with
  no young age.
- a partner's violence to 'her' in a parent's note is the parent's (3B), not the child's a name is guessed to be.
- 'me' after a violent verb is whoever speaks: a parent named before it ('Mum said Dean "grabbed me"': 3B), the young
  person in a young person's note.
- a young person hitting their own head or face is no violence to anyone. Near miss: 'Dad hit him on the head'.
- an injury on an adult's body ('Mum has bruising to her hip', 'Mum showed me a bruise on her arm') is no physical
  abuse of the child. Near miss: 'Mum noticed a bruise on his arm' stays 18C.
- violence told with no object ('stabbed twice in the thigh', 'was punched in the face', 'got jumped by four lads')
  is the young person's in a young person's note, by a young harmer where the words say so. Near misses: a noun
  ('the stabbing in March'), an object that is a thing ('kicked in the door'), harm on a journey here.
- a child protection medical's words for inflicted injury: 'rib fractures', 'abusive head trauma', 'inflicted injuries'
  (18C). Near miss: an adult's fracture.

Every sentence is invented for this file (fictional people, placeholders as the redactor writes them).
"""

from __future__ import annotations

import pytest

# fmt: off
CASES = [
    # (text, codes that must be there, codes that must not)
    # a young person's own relationship: violence by the partner is 3A
    ("Session with [PERSON_1] (15). Her boyfriend [PERSON_3] (19) reads all her messages.\n"
     "On Sunday he slapped her outside the chip shop.", ["3A"], ["18C", "18B"]),
    ("Key-work with [PERSON_1] (16). Her boyfriend [PERSON_4] (18) is at college with her.\n"
     "She said \"he pushed me into the wall\" when she tried to leave.", ["3A"], ["18C"]),
    # near miss: a parent named as the doer in the same kind of note
    ("Session with [PERSON_1] (15). Her boyfriend [PERSON_3] (19) reads all her messages.\n"
     "Dad slapped her when she came home late on Friday.", ["18C"], []),
    # a former partner with a young age makes the note about the young person's own relationship
    ("Session with [PERSON_1] (16).\nShe says her ex [PERSON_3] (18) keeps messaging from new accounts.\n"
     "DASH done with her today: high, MARAC referral made.", ["3A"], ["3B"]),
    # near miss: 'her ex' with no young age is most often a parent's
    ("Session with [PERSON_1] (16).\nMum says her ex moved away last year.\nDASH done with mum today: high, MARAC referral made.",
     ["3B"], ["3A"]),
    # a partner's violence to 'her' in a parent's note
    ("Police notification. [PERSON_1] says partner shoved her against the fridge. Children asleep upstairs.",
     ["3B"], ["18C"]),
    # 'me' after a violent verb: the parent who speaks
    ("Home visit, [PERSON_2] (5) at nursery. Mum said [PERSON_3] \"grabbed me by the hair\" on Saturday.",
     ["3B"], ["18C"]),
    # a young person hitting their own head
    ("Review for [PERSON_2] (9). When he is overwhelmed he hits his head on the floor.", [], ["18C", "3B"]),
    ("Review for [PERSON_2] (12). Since the move she has been hitting her own head when upset.", [], ["18C", "3B"]),
    # near miss: someone else hits the child's head
    ("Review for [PERSON_2] (9). He told school that Dad hit him on the head with a shoe.", ["18C"], []),
    # an injury on an adult's body
    ("Home visit, [PERSON_2] (4) asleep. Mum has bruising to her left hip and would not say how.", [], ["18C"]),
    ("Home visit, [PERSON_2] (4) asleep. Mum showed me a bruise on her arm.", [], ["18C"]),
    # near miss: the bruise is on the child
    ("Home visit, [PERSON_2] (4) asleep. Mum noticed a bruise on his arm this morning.", ["18C"], []),
    # violence told with no object, in a young person's note
    ("Risk review - [PERSON_1] (16), referral order.\nOn Friday he was stabbed twice in the leg by two boys on bikes.",
     ["18B"], ["18C"]),
    ("Return home interview, [PERSON_1] (15).\nSays he was punched in the face at the bus station and won't say who.",
     ["18C"], []),
    ("ED attendance - [PERSON_1] (14).\nCame in with mum ([PERSON_2]) after being kicked in the head by a group of girls.",
     ["18B"], ["3B"]),
    # near misses: a noun, a thing kicked, harm on a journey here
    ("YOS session - [PERSON_1] (17).\nHe still has flashbacks from the stabbing in March.", [], ["18C", "18B"]),
    ("Residential log - [PERSON_1] (15).\nHe kicked in the door of the staff office after tea.", [], ["18C", "18B"]),
    # a child protection medical's words for inflicted injury
    ("Ward round - [PERSON_1] (3 months).\nSkeletal survey shows healing fractures to the 4th and 5th ribs.", ["18C"], []),
    ("Strategy meeting - [PERSON_1] (5 months).\nMedical opinion: abusive head trauma, no accidental account.", ["18C"], []),
    # near miss: the fracture is an adult's
    ("Home visit, [PERSON_2] (6) at school.\nMum has rib fractures and is staying at her sister's.", [], ["18C"]),
    ("Health assessment - [PERSON_1] (16), unaccompanied.\nHe was beaten in a detention camp on the way here; scars on his back.",
     [], ["18C", "18B"]),
]
# fmt: on


@pytest.mark.parametrize(("text", "present", "absent"), CASES)
def test_harm28(expect_labels, text, present, absent):
    expect_labels("factors", text, present, absent)
