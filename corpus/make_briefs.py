"""Write each corpus author's brief (persona, quotas, test identifiers) to corpus/briefs/.

Seeded, so the briefs in the repository are reproducible. The quotas spread every CIN factor code over at
least three authors so that each appears 20+ times in the corpus; personas decide what each author writes.
"""

from __future__ import annotations

import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHECK = "ABCDEFGHJKLMNPQRTUVWXYZ"

PERSONAS = {
    "a01": ("Locality social worker (child in need and child protection), Bradford, West Yorkshire, 9 years "
            "qualified", "chronology entries, home visit records, child and family assessment analysis, "
            "supervision notes, transfer summaries",
            "1B 2B 3B 4B 5B 6B 16A 17A 18C 4C 1C 2C 23A 5C 6C",
            "School, Health visitor, General practitioner, Police, Adult mental health services, Substance "
            "misuse service, Child and Adolescent Mental Health Services, Early Help, Family group conference, "
            "Local authority housing options, Welfare benefits and debt advice, Independent reviewing / "
            "conference chairs, Courts and family justice, Learning disability / neurodevelopmental services"),
    "a02": ("MASH screener / consultant social worker at the front door, Birmingham", "referral screening "
            "records, pasted e-mails and referral forms from schools, GPs and police, threshold decisions, "
            "strategy discussion requests",
            "3A 3B 3C 18B 18C 19C 11A 10A 4B 2B 22A 16A 8B 8C 8D 8E 8F 19B",
            "Multi-Agency Safeguarding Hub / front door, Police, School, General practitioner, Accident and "
            "emergency, Hospital / paediatrics, Health visitor, Midwife, Early Help, Local authority designated "
            "officer, Attendance / education welfare, NSPCC, Sexual assault referral centre, Immigration"),
    "a03": ("Emergency duty team (out of hours) social worker, Kent and Medway", "EDT logs, phone call "
            "records, handover notes to day teams, police protection and placement-finding notes",
            "10A 15A 3B 1B 2C 18C 13A 24A 9A 14A 1A 2A",
            "Emergency duty team, Police, Accident and emergency, Hospital / paediatrics, Children in care / "
            "fostering / adoption, Adult mental health services, Refuge / supported accommodation, Youth "
            "services, Immigration, Multi-agency public protection / exploitation panels, Children's Centre"),
    "a04": ("Health visitor (0-19 service), Manchester; writes in the health record and shares with "
            "children's social care", "health visiting contacts, new birth visits, 6-8 week and 1-year "
            "reviews, safeguarding supervision notes, e-mails to the allocated social worker",
            "4B 6A 6B 16A 5B 3B 1B 2B 5A 6C 22A 7A",
            "Health visitor, General practitioner, Midwife, Family Nurse Partnership, Speech and language "
            "therapy, Hospital / paediatrics, Early years setting, Children's Centre, Family Hub, Home-Start, "
            "Dentist, Food bank and crisis support, Adult mental health services, Occupational therapy / "
            "physiotherapy"),
    "a05": ("Designated safeguarding lead in a secondary school (and feeder primary), Leicester", "CPOMS "
            "entries, pastoral logs, quotes from pupils, e-mails to MASH, attendance concerns",
            "4A 15A 14A 18B 19B 5A 7A 17A 16A 2A 1A 11A 6A 19C",
            "School, Special educational needs coordinator, Education, Health and Care plan, SEND service / casework, Attendance / education "
            "welfare, School nurse, Child and Adolescent Mental Health Services, Alternative provision, Youth "
            "services, Young carers service, Mental health charities, Police, Post-16 / NEET support"),
    "a06": ("Youth justice worker, Lambeth, south London", "youth justice case records, court reports "
            "extracts, contact logs, risk and safety notes, exploitation panel updates",
            "13A 24A 2A 14A 10A 11A 1A 12A 18B 4A 3A",
            "Youth Justice Service, Police, Courts and family justice, Multi-agency public protection / "
            "exploitation panels, Substance misuse service, Alternative provision, Youth services, Probation, "
            "Post-16 / NEET support, Prison, The Children's Society, Barnardo's"),
    "a07": ("Early help key worker, rural Cornwall", "early help assessments, team around the family "
            "meeting notes, home visit records, closure summaries, text messages pasted in",
            "7A 4B 6B 4C 5C 6C 8F 3C 17A 1C 5A 5B",
            "Early Help, Team around the family, Family Hub, Young carers service, Adult social care, "
            "Supporting Families programme, Reducing parental conflict, Home-Start, Action for Children, "
            "Welfare benefits and debt advice, Social landlord, Food bank and crisis support, Faith and "
            "community groups, Disabled children's team"),
    "a08": ("Independent reviewing officer and child protection conference chair, Newcastle, North East",
            "child protection conference minutes, core group and review records, strategy meeting minutes, "
            "IRO monitoring notes",
            "19C 19B 18C 23A 22A 8B 8C 8D 8E 17A 4C 5C 3C",
            "Independent reviewing / conference chairs, Police, School, Health visitor, General practitioner, "
            "Looked-after children health team, Virtual school, Children in care / fostering / adoption, "
            "Courts and family justice, Edge of care / intensive family support, Local authority designated "
            "officer, Leaving care service, Independent Domestic Violence Advocate, Faith and community groups"),
    "a09": ("Police domestic abuse / public protection officer, Merseyside", "DA notifications (PPNs), "
            "DASH summaries, police logs shared with MASH, safeguarding referrals, MARAC research notes",
            "3A 3B 3C 1B 1C 2C 18C 11A 10A 24A 13A 2B 9A 12A",
            "Police, Multi-Agency Risk Assessment Conference, Independent Domestic Violence Advocate, "
            "Multi-Agency Safeguarding Hub / front door, Refuge / supported accommodation, Probation, "
            "Prison, Courts and family justice, Local authority housing options, Substance misuse service, "
            "Accident and emergency, Sexual assault referral centre"),
    "a10": ("Social worker in an unaccompanied asylum-seeking children team, Croydon", "age assessment "
            "related notes, placement visits, interpreter-assisted sessions, NRM and Home Office updates, "
            "pathway plan reviews",
            "9A 12A 4A 8B 8C 8D 8E 8F 23A 22A 6A 10A 24A 15A",
            "Immigration, Children in care / fostering / adoption, Leaving care service, Looked-after children "
            "health team, Virtual school, Post-16 / NEET support, General practitioner, Dentist, Mental health "
            "charities, The Children's Society, Police, Sexual health service, Faith and community groups"),
    # Second wave (issue 15/16): written after the first ten, to fill codes the dev authors lacked and the
    # training authors had few of (19B/19C, 8B-8E, 1A/2A/4A, 18B). Splits fixed before any note was written.
    "a11": ("School nurse (5-19 public health nursing team), Sheffield; drop-ins in two secondary schools "
            "and a primary", "drop-in contact records, health assessments, safeguarding notes shared with "
            "the DSL and children's social care, e-mails to GPs and CAMHS, text messages from pupils",
            "4A 15A 18B 19B 1A 2A 14A 11A 8B 8C 8D 8E 22A 6A",
            "School nurse, School, General practitioner, Child and Adolescent Mental Health Services, Sexual "
            "health service, Substance misuse service, Special educational needs coordinator, Mental health "
            "charities, Attendance / education welfare, Youth services, Multi-Agency Safeguarding Hub / "
            "front door, Hospital / paediatrics, Dentist"),
    "a12": ("Missing-from-home return interview and exploitation worker (commissioned service), Bristol",
            "return home interview records, exploitation screening tools, contact logs, multi-agency "
            "exploitation meeting notes, messages from young people pasted in",
            "10A 11A 24A 13A 12A 19C 9A 18C 23A 3A 2A 14A 17A",
            "Police, Multi-agency public protection / exploitation panels, Youth Justice Service, Barnardo's, "
            "The Children's Society, Youth services, Children in care / fostering / adoption, Sexual health "
            "service, Immigration, Substance misuse service, School, Alternative provision, Accident and "
            "emergency"),
    "a13": ("Kinship and private fostering assessing social worker (family and friends team), Norfolk",
            "private fostering notifications and assessments, viability assessments, carer visits, "
            "supervision notes, letters to parents abroad",
            "8B 8C 8D 8E 8F 9A 23A 19C 18C 4A 6C 5C 16A 17A",
            "Children in care / fostering / adoption, School, General practitioner, Immigration, Courts and "
            "family justice, Health visitor, Virtual school, Welfare benefits and debt advice, Local authority "
            "housing options, Faith and community groups, Looked-after children health team, Police"),
    "a14": ("Therapeutic practitioner for children harmed by sexual abuse and for harmful sexual behaviour "
            "(specialist service), Hampshire", "session notes, AIM-style assessment summaries, safety plans, "
            "consultation notes with social workers and schools, referral letters",
            "19B 19C 18B 11A 15A 4A 17A 22A 3A 5A 19B 4C 14A",
            "Sexual assault referral centre, NSPCC, Child and Adolescent Mental Health Services, Police, "
            "School, Youth Justice Service, Barnardo's, Hospital / paediatrics, Special educational needs "
            "coordinator, Mental health charities, Courts and family justice"),
    "a15": ("Residential key worker in a children's home, Derbyshire", "daily logs, incident and "
            "physical intervention records, missing-from-care logs, handovers, key-work session notes",
            "10A 14A 15A 18B 2A 1A 4A 13A 24A 11A 5A 3A 12A",
            "Children in care / fostering / adoption, Police, School, Alternative provision, Child and "
            "Adolescent Mental Health Services, Youth Justice Service, Accident and emergency, "
            "Looked-after children health team, Virtual school, Independent reviewing / conference chairs, "
            "Youth services, Substance misuse service"),
    "a16": ("Disabled children's team social worker, Hull", "assessment visits, short-break reviews, "
            "transition planning notes, carer's assessments, e-mails with health and education",
            "5A 6A 6B 5B 7A 4C 16A 17A 18C 4A 15A 6C 1B 2B",
            "Disabled children's team, Occupational therapy / physiotherapy, Speech and language therapy, "
            "Special educational needs coordinator, Education, Health and Care plan, SEND service / casework, "
            "Hospital / paediatrics, Learning disability / neurodevelopmental services, Adult social care, "
            "Young carers service, General practitioner, Welfare benefits and debt advice, Early Help"),
}

REGISTERS = {
    "a01": "mostly formal and reflective in assessments, brisk in chronology entries; British spelling",
    "a02": "clipped professional shorthand with pasted third-party text in other people's styles",
    "a03": "terse, abbreviations, times, typos from typing at night, no capital letters now and then",
    "a04": "clinical health-record style, structured, some NHS abbreviations",
    "a05": "CPOMS style: short factual entries, pupils' own words in quotes, staff initials as action owners",
    "a06": "street-aware, direct, young people's slang quoted, mixed formal/informal",
    "a07": "warm plain English, strengths-based wording, some euphemism, rural place names",
    "a08": "formal minutes with headings and attendees, decisions and actions with owners' initials",
    "a09": "police register: times, log and occurrence numbers, DASH answers, 'the IP', 'the suspect'",
    "a10": "careful, interpreter-mediated quotes, immigration terms, Home Office references",
    "a11": "nursing shorthand, pupils' words quoted, consent and confidentiality noted, brief and kind",
    "a12": "informal and young-person-centred, slang and emoji in pasted messages, risk language",
    "a13": "careful and legalistic about who holds parental responsibility, long assessments, some letters",
    "a14": "therapeutic and precise, children's own words, cautious about what is alleged and what is known",
    "a15": "shift-log style with times, staff initials, abbreviations, young people's words, some typos",
    "a16": "plain and practical, equipment and medical terms, parents' words, strengths and needs side by side",
}


def nhs_numbers(rng: random.Random, count: int) -> list[str]:
    out = []
    while len(out) < count:
        digits = [9, 9, 9] + [rng.randrange(10) for _ in range(6)]
        total = sum(d * w for d, w in zip(digits, range(10, 1, -1)))
        check = 11 - total % 11
        if check == 10:
            continue
        check = 0 if check == 11 else check
        s = "".join(map(str, digits + [check]))
        out.append(f"{s[:3]} {s[3:6]} {s[6:]}")
    return out


def upns(rng: random.Random, count: int) -> list[str]:
    out = []
    for _ in range(count):
        body = f"{rng.choice([330, 352, 886, 208, 908, 392]):03d}{rng.randrange(1000, 9999)}{rng.randrange(10, 25)}{rng.randrange(1000):03d}"
        values = [int(c) for c in body]
        letter = CHECK[sum(v * w for v, w in zip(values, range(2, 14))) % 23]
        out.append(letter + body)
    return out


def brief(author: str, seed: int) -> str:
    role, note_types, codes, services = PERSONAS[author]
    rng = random.Random(seed)
    return f"""# Brief {author}

**You are**: {role}.
**You write**: {note_types}.
**Your register**: {REGISTERS[author]}.

**Make sure these CIN factor codes are each a present, current concern in at least 8 of your notes**
(as the labelling guide defines them; write them the way you would, mostly without the label word):
{codes}

**Services you work with most** (each involved, contacted, referring or referred-to in at least 8 notes;
others from the reference list whenever natural):
{services}

**Test identifiers for you** (use these, not invented NHS numbers or UPNs):
- NHS numbers: {", ".join(nhs_numbers(rng, 12))}
- UPNs: {", ".join(upns(rng, 8))}
"""


def main() -> None:
    out = HERE / "briefs"
    out.mkdir(exist_ok=True)
    for index, author in enumerate(sorted(PERSONAS)):
        (out / f"{author}.md").write_text(brief(author, 1000 + index), encoding="utf-8")


if __name__ == "__main__":
    main()
