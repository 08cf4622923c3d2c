"""Factor wording of the development authors' kind of notes, fourth round (issue 15, factors18).

Families: a child's long-term conditions (6A) outrank an adult guessed from the note's shape; touching and undressing
in a child's disclosure (19, the harmer decides B/C); offending a young person is arrested, cautioned or resolved for
(14A); holding, owing and running a line (24A); a missing child found with adult men (11A); 'cutting down' is not
self-harm; pupils named by school year are children (18B/19B); 'hit her mum' harms mum (3B). Every sentence is
invented for this file (fictional people, placeholders as the redactor writes them).
"""

from __future__ import annotations

from tests.extract.conftest import concern


def test_possessive_victim_is_the_person_not_the_pronoun(extractor):
    mentions = concern(extractor.extract("[PERSON_1] (10) said dad hit her mum on Sunday."))
    assert ("3B", "current", "parent_carer") in mentions
