"""Factor wording of unseen authors, round 28 (factorsB28): families 17, 19 and 23, the concept rather than its letter.

Families mined from the training and development authors' gold spans that the rules missed, each written by at least
two authors: a carer calling a child, a named child, the children or a sibling an insult in quotes (17A); a photo
asked for or sent in underwear or a kit, a man exposing himself, sexualised messages, photos up skirts, a forensic
examination, a SARC attended or an ISVA allocated (19). "Possession" alone is 23A only in the spirit sense: drug or weapon possession, a notice seeking
possession and a police record are not (the bare word was 23A in 1 of 53 notes). Every sentence is invented for this
file (fictional people, placeholders as the redactor writes them).
"""

from __future__ import annotations

# fmt: off
PRESENT = [
    # 17A
    ("Grandad calls [PERSON_2] \"useless\" whenever she spills a drink.", "17A"),
    ("Stepdad calls the kids \"stupid\" and \"a curse\" when they are loud.", "17A"),
    ("He admitted calling her \"abnormal\" in front of her friends.", "17A"),
    # 19
    ("A man online kept messaging \"send me one in ur bra\".", "19C"),
    ("The coach asked her for a photo \"in your swimsuit\".", "19C"),
    ("A man exposed himself to two girls at the bus stop.", "19B"),
    ("School report sexualised comments towards younger boys.", "19B"),
    ("Forensic medical this morning, police to follow up.", "19C"),
    ("She went to the SARC on Tuesday with her mum.", "19C"),
    ("An ISVA has been allocated to [PERSON_3] (15).", "19C"),
    # 23A
    ("Nana spoke of her belief in possession and said the pastor would help.", "23A"),
]

ABSENT = [
    # other senses of the new words
    ("A boy in Year 9 calls him \"thicko\" every break.", "17A"),
    ("She took a photo in the kitchen for her nan.", "19C"),
    ("She took a photo in the kitchen for her nan.", "19B"),
    ("The housing association has served a notice seeking possession.", "23A"),
    ("PNC: possession x1, 2019.", "23A"),
    ("Dad has a caution from 2020 (possession).", "23A"),
    ("Forensic accountants are looking at the business.", "19C"),
]

NOT_CURRENT = [
    # negated mentions of the new wording stay out of the note-level set
    ("School report no sexualised behaviour this term.", "19B"),
    ("If she discloses anything, the SARC route will be explained to her.", "19C"),
]
# fmt: on
