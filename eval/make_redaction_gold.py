"""Make ``eval/data/redaction_gold.jsonl``: labelled case notes for scoring redaction.

Every note, person, address and number here is fictional and generated from a fixed seed, so the
same command always writes the same file::

    .venv/bin/python eval/make_redaction_gold.py [--seed 20240611] [--notes 320] [-o PATH]

Each line is one note::

    {"note_id", "case_id", "note_type", "text",
     "pii":  [{"start", "end", "type", "origin"?, "form"?, "ambiguous"?, "in_lexicon"?}],
     "keep": [{"start", "end", "kind"}]}

Offsets are character offsets into ``text`` (end exclusive). Conventions the scorer should know:

* ``pii`` covers every identifier; ``type`` is an entity name from ``casenotes.redact.entities``.
* PERSON spans cover the name only: titles ("Mr", "Mrs", "Dr") and role words ("Mum", "SW") are
  outside the span; a full name ("Ksawery Wróbel") is one span; initials ("J.S.") are one span
  and "Mr K" marks only "K". PERSON spans carry the name's ``origin`` and its written ``form``
  (given, full, surname, lower, upper, misspelt, nickname, initials, initial).
* People are named from held-out lists written in this file, checked at run time to share no
  entry with ``first_names.csv``, ``surnames.csv``, ``nicknames.csv`` or the keep-list, so the
  score measures how the redactor handles names it has never seen. Names that are also English
  words carry ``"ambiguous": true``. A few people deliberately use lexicon names that are words
  (Hope, Will, Grace, Jordan, ...); those spans carry ``"in_lexicon": true`` and can be scored
  apart.
* UK_ADDRESS covers the street address (flat, number, street, district); the postcode is its own
  UK_POSTCODE span. Ordinary dates, ages and times are not personal data; only dates of birth are.
* ``keep`` marks words that must survive redaction (role words, services, abbreviations, note
  words); ``kind`` is the term's kind on the redactor's keep-list (``casenotes.redact.lexicons``).

Identifiers use reserved test ranges only: NHS numbers start 999 (valid mod-11 check), phones are
07700 900xxx / 0113 496 0xxx / 020 7946 0xxx / 0161 496 0xxx, NI numbers start QQ, UPNs and ULNs
have valid check characters, e-mail domains are example.com/.org/.net.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "casenotes" / "redact" / "data"
DEFAULT_OUT = ROOT / "eval" / "data" / "redaction_gold.jsonl"
SEED = 20240611
NOTE_YEAR = 2024

# --------------------------------------------------------------------------------------------
# Held-out names: none of these may appear in the shipped lexicons (checked in main()).
# origin -> (female given names, male given names, surnames)
# --------------------------------------------------------------------------------------------
HELD_OUT: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "english": (
        ("Nevaeh", "Tayla", "Macey", "Mylee", "Kacie-Leigh", "Tilly-Mae", "Lexi-Rae", "Aimee-Leigh", "Kaci", "Brooke-Lynn", "Darcy-Lou", "Ellie-Jo"),
        ("Brayden", "Jaxon", "Bentley", "Kaylum", "Deakon", "Braxton", "Ronnie-Joe", "Ellis-Jay", "Tayler", "Kobie", "Rylan", "Alfie-Ray"),
        ("Ormerod", "Catterall", "Hebblethwaite", "Thistlethwaite", "Entwistle", "Higginbottom", "Stansfield", "Illingworth", "Openshaw", "Brierley", "Duckworth", "Greenhalgh", "Pickersgill", "Murgatroyd", "Womersley", "Heseltine"),
    ),
    "irish": (
        ("Fiadh", "Meabh", "Éabha", "Aoibheann", "Caitríona", "Síle", "Muireann", "Blathnaid"),
        ("Donncha", "Cormac", "Lorcan", "Feidhlim", "Ultan", "Odhran", "Caolán", "Pearse"),
        ("Ó Súilleabháin", "McGuinness", "Mulcahy", "Brosnan", "Coughlan", "Hennessy", "Geraghty", "Moriarty", "Tuohy", "Clancy"),
    ),
    "scottish_welsh": (
        ("Seonaid", "Morven", "Kenna", "Myfanwy", "Gwenno", "Tirion", "Cadi", "Eirlys", "Beathag"),
        ("Torquil", "Gwion", "Elis", "Caio", "Hedd", "Somhairle", "Ruairidh", "Tavish", "Deiniol", "Emrys"),
        ("MacAulay", "Urquhart", "Farquharson", "Colquhoun", "Menzies", "Gittins", "Pryce", "Gwilliam", "Maclean", "Lamont"),
    ),
    "south_asian": (
        ("Ishani", "Kashvi", "Saanvi", "Zoya", "Anabia", "Muntaha", "Zunaira", "Sukhmani", "Harnoor", "Tavleen", "Thivya", "Nilani", "Rifat"),
        ("Arnav", "Advik", "Reyansh", "Ruhaan", "Aarush", "Hasnain", "Mohsin", "Ekam", "Shajeeban", "Mujeeb", "Taimur", "Sahil"),
        ("Bhogal", "Mangat", "Dhaliwal", "Sanghera", "Jandu", "Kotecha", "Thakrar", "Ruparelia", "Lakhani", "Kapadia", "Parekh", "Rasiah", "Mahendran", "Tahir", "Awan", "Abbasi", "Mughal", "Talukdar", "Bhuiyan"),
    ),
    "arabic_middle_eastern": (
        ("Aseel", "Jood", "Tala", "Sadeen", "Lujayn", "Bayan", "Ghofran", "Rahaf"),
        ("Yazan", "Rayan", "Muath", "Ghaith", "Hamoud", "Laith", "Qusai", "Mohannad"),
        ("Al-Zoubi", "Al-Rawi", "Tamimi", "Shammari", "Qahtani", "Bitar", "Attar", "Nassar", "Abu-Zeid", "Daoud"),
    ),
    "somali_east_african": (
        ("Caasha", "Nasteexo", "Sundus", "Luul", "Bilan", "Luwam", "Saba", "Kaltun"),
        ("Sharmarke", "Mukhtaar", "Cabdi", "Xamse", "Merhawi", "Yohannes", "Abdisalam", "Daud", "Eyasu"),
        ("Cilmi", "Xasan", "Warfa", "Kahin", "Ugaas", "Ghebremichael", "Tsegay", "Asfaha", "Wekesa", "Mutua"),
    ),
    "west_african": (
        ("Ireoluwa", "Eniola", "Oreoluwa", "Jesutofunmi", "Chimamanda", "Nmesoma", "Ebube", "Adjoa", "Esinam", "Selasi", "Dzifa", "Treasure", "Goodness"),
        ("Boluwatife", "Ayobami", "Chukwudi", "Kosisochukwu", "Onyedikachi", "Akwasi", "Elikem", "Godspower", "Babajide", "Ikechukwu"),
        ("Adesanya", "Olaniyan", "Ogunbanjo", "Onwuachi", "Nwankwo", "Ezeigbo", "Obiora", "Amadi", "Asamoah", "Kuffour", "Gyasi", "Ofori", "Nkansah", "Agyei", "Ansah", "Fofanah", "Mansaray", "Kargbo"),
    ),
    "caribbean": (
        ("Oneika", "Trudy-Ann", "Shevon", "Jhenelle", "Kimoy", "Shanoya", "Sashana", "Tevana"),
        ("Jevaughn", "Tajay", "Shamoy", "Rushane", "Tevin", "Roshane", "Oshane", "Romaine"),
        ("Brissett", "Grandison", "Rattray", "Ebanks", "Henriques", "Nugent", "Gooden", "Wedderburn", "Chin-See", "Dawkins", "Smikle"),
    ),
    "eastern_european": (
        ("Marcelina", "Milena", "Iulia", "Ilinca", "Anca", "Emilija", "Kamilė", "Nikoleta", "Albulena", "Zornitsa", "Solomiia", "Zlata", "Dagmara"),
        ("Ksawery", "Bartłomiej", "Jędrzej", "Tymon", "Ignacy", "Sławomir", "Ovidiu", "Lucian", "Arnas", "Gytis", "Nojus", "Vratislav", "Radoslav", "Erblin", "Lorik", "Dardan", "Bozhidar", "Yaroslav", "Maksym"),
        ("Wróbel", "Kaczmarek", "Zając", "Sikora", "Pietrzak", "Górecki", "Chmielewski", "Ungureanu", "Vasilescu", "Bălan", "Zamfir", "Mažeika", "Rimkus", "Kolář", "Veselý", "Bytyqi", "Zhekov", "Hristov", "Savchenko", "Marchenko", "Pavlenko"),
    ),
    "roma_traveller": (
        ("Kezia", "Mirela", "Růžena", "Bibiana", "Vanda", "Dilly", "Lenda", "Winifred"),
        ("Shandor", "Tobar", "Jemmy", "Sonny-Boy", "Kolja", "Vojtech", "Rudolf", "Alojz", "Dezider"),
        ("Furey", "Keenan", "Cawley", "Harty", "Nevin", "Sherlock", "Doran", "Pinfold", "Fenner", "Dunka", "Kačur", "Samko", "Bartoš", "Dzurko"),
    ),
    "chinese_east_asian": (
        ("Yixuan", "Ruolan", "Shuyi", "Hiu-Tung", "Xiaotong", "Seo-ah", "Mio", "Yuna"),
        ("Zhiwei", "Haoyu", "Mingzhe", "Chak-Ming", "Wai-Lun", "Ka-Ho", "Seo-jun", "Kenta", "Riku", "Zeyu"),
        ("Deng", "Feng", "Qian", "Xie", "Kong", "Kwan", "Mak", "Sze", "Kobayashi", "Shin", "Hwang", "Pang", "Tse"),
    ),
    "vietnamese": (
        ("Bich", "Diem", "Tuyen", "Quyen", "Thoa", "Nhan", "Huyen", "Ngan"),
        ("Hau", "Phat", "Sang", "Tho", "Khoa", "Nghia", "Tuong", "Thinh"),
        ("Lieu", "Ton", "Khuc", "Trieu", "Tieu", "Luong", "Thach", "Banh"),
    ),
    "turkish_kurdish": (
        ("Tuana", "Ilayda", "Sude", "Kübra", "Berivan", "Sozdar", "Dilara", "Şevval"),
        ("Yiğit", "Çağrı", "Doruk", "Welat", "Serhildan", "Diyar", "Ozan", "Barış", "Onur"),
        ("Aksoy", "Güneş", "Ateş", "Bulut", "Keskin", "Ünal", "Dersimi", "Botani", "Avcı", "Türkmen"),
    ),
    "afghan_iranian": (
        ("Yalda", "Mahtab", "Ghazal", "Hasti", "Frozan", "Hosna", "Zarghuna", "Shukria"),
        ("Mujtaba", "Sohrab", "Ramin", "Arman", "Jamshid", "Hekmat", "Nawid", "Bahram"),
        ("Noorzai", "Barakzai", "Popalzai", "Alokozai", "Andar", "Kakar", "Habibzada", "Rasouli", "Shirazi", "Golestani", "Hosseinzadeh", "Afshar"),
    ),
    "southern_european": (
        ("Rafaela", "Benedita", "Amaia", "Aitana", "Ludovica", "Donatella", "Maite", "Fiorella"),
        ("Leandro", "Simão", "Martim", "Íñigo", "Xabier", "Gianluca", "Pasquale", "Cristiano"),
        ("Azevedo", "Cardoso", "Fonseca", "Baptista", "Ortega", "Navarro", "Iglesias", "Vázquez", "Delgado", "Barbieri", "Fontana", "Pellegrini", "Cattaneo", "Mazzoni"),
    ),
    "other": (
        ("Paraskevi", "Rumbidzai", "Ruvimbo", "Kudzai", "Sarita", "Bracha", "Kalliopi", "Jomarie"),
        ("Stelios", "Tawanda", "Bienvenu", "Pasang", "Yisroel", "Jomar", "Tendekai", "Takudzwa"),
        ("Panayiotou", "Hadjipanayi", "Mavromatis", "Manalo", "Dizon", "Chiweshe", "Mapfumo", "Kabongo", "Tshimanga", "Sherpa", "Adhikari", "Gunawardena", "Schwartz"),
    ),
}

#: Held-out names that are also English words: a redactor must tell the name from the word.
WORD_NAMES_F: tuple[str, ...] = ("Meadow", "Wren", "Clover", "Ember", "Honour", "Unity", "Journey", "Lyric", "Haven", "Bliss", "Serenity")
WORD_NAMES_M: tuple[str, ...] = ("Reign", "Justice", "Royal", "Legend", "Loyal", "Ocean")
WORD_LIKE: frozenset[str] = frozenset(WORD_NAMES_F + WORD_NAMES_M + ("Treasure", "Goodness", "Godspower", "Sang", "Ton", "Shin", "Sherlock"))

#: Lexicon names that are words, used on purpose and flagged ``in_lexicon``.
LEXICON_WORD_NAMES_F: tuple[str, ...] = ("Hope", "Grace", "Faith", "Precious", "Blessing")
LEXICON_WORD_NAMES_M: tuple[str, ...] = ("Will", "Jordan", "Mark")

#: Nicknames for held-out given names (also held out).
HELD_OUT_NICKNAMES: dict[str, str] = {
    "Nevaeh": "Nev", "Tayla": "Tay", "Brayden": "Bray", "Jaxon": "Jax", "Braxton": "Brax",
    "Deakon": "Deeks", "Kobie": "Kobes", "Kacie-Leigh": "KC", "Aoibheann": "Aoibh", "Cormac": "Corky",
    "Lorcan": "Lorc", "Odhran": "Odie", "Torquil": "Torq", "Myfanwy": "Myf", "Somhairle": "Sorley",
    "Deiniol": "Dei", "Reyansh": "Rey", "Aarush": "Aaru", "Mohsin": "Mosh", "Tavleen": "Tavi",
    "Zunaira": "Zuni", "Muntaha": "Munni", "Taimur": "Taimi", "Shajeeban": "Shaji", "Mohannad": "Hanoudi",
    "Qusai": "Qusi", "Abdisalam": "Salaan", "Xamse": "Xamsey", "Nasteexo": "Naste", "Yohannes": "Yoni",
    "Merhawi": "Mero", "Boluwatife": "Bolu", "Ayobami": "Bami", "Chukwudi": "Chuddy", "Kosisochukwu": "Kosi",
    "Onyedikachi": "Kachi", "Ireoluwa": "Ire", "Oreoluwa": "Ore", "Jesutofunmi": "Tofunmi", "Babajide": "Jide",
    "Ikechukwu": "Ikechi", "Eniola": "Eni", "Chimamanda": "Manda", "Nmesoma": "Nmeso", "Akwasi": "Kwasi",
    "Jevaughn": "Vaughny", "Trudy-Ann": "Trudy", "Oshane": "Shaney", "Jhenelle": "Nelly", "Shanoya": "Noya",
    "Jędrzej": "Jędrek", "Bartłomiej": "Bartek", "Sławomir": "Sławek", "Ignacy": "Ignaś", "Yaroslav": "Yarik",
    "Maksym": "Maks", "Ksawery": "Ksawi", "Dagmara": "Daga", "Bozhidar": "Bozho", "Solomiia": "Solya",
    "Radoslav": "Rado", "Ovidiu": "Ovi", "Zornitsa": "Zori", "Kezia": "Kez", "Růžena": "Růženka",
    "Jemmy": "Jem", "Dezider": "Dežo", "Winifred": "Freda", "Zhiwei": "Weiwei", "Haoyu": "Haohao",
    "Yixuan": "Xuanxuan", "Ruolan": "Lanlan", "Chak-Ming": "Chak", "Wai-Lun": "Lun", "Hiu-Tung": "Tung",
    "Kübra": "Kübi", "Dilara": "Dila", "Berivan": "Beri", "Mujtaba": "Muji", "Sohrab": "Sohi",
    "Zarghuna": "Zari", "Mahtab": "Mahi", "Jamshid": "Jami", "Rafaela": "Rafa", "Cristiano": "Cris",
    "Gianluca": "Gigi", "Pasquale": "Lino", "Ludovica": "Ludo", "Benedita": "Dita", "Donatella": "Tella",
    "Rumbidzai": "Rumbi", "Ruvimbo": "Ruvi", "Takudzwa": "Taku", "Tawanda": "Tawa", "Kalliopi": "Popi",
    "Paraskevi": "Vivi", "Yisroel": "Srulik",
}

# --------------------------------------------------------------------------------------------
# Fictional places and organisations
# --------------------------------------------------------------------------------------------
STREETS = ("Mill Lane", "Whingate Close", "Aysgarth Walk", "Clifton Road", "Beckside Grove", "Holly Bank", "Recreation Crescent", "Tong Walk", "Moorview Drive", "Cardinal Avenue", "Hawthorn Street", "Oakdale Terrace", "Kirkstall View", "Lister Street", "Gipton Approach", "Station Road", "Church Lane", "Victoria Mount", "Bankfield Road", "Cross Flatts Place")
BLOCKS = ("Kestrel House", "Heron Court", "Sycamore Court", "Lovell Towers", "Brackenwood Point", "Ashdene House", "Grayson Heights", "Mercia Court", "Elmete Grange")
DISTRICTS = ("Beeston", "Holbeck", "Harehills", "Armley", "Seacroft", "Gipton", "Bramley", "Chapeltown", "Burmantofts", "Middleton", "Hunslet", "Moss Side", "Longsight", "Sparkbrook", "Small Heath", "Manningham", "Thornbury", "Dewsbury Moor")
POSTCODE_DISTRICTS = ("LS11", "LS12", "LS9", "LS8", "LS7", "LS14", "LS13", "LS10", "BD3", "BD8", "BD7", "M14", "M13", "M8", "B11", "B10", "WF12", "WF13", "HD1", "S4")
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
PLACES = ("Bradford", "Dewsbury", "Halifax", "Huddersfield", "Wakefield", "Rochdale", "Oldham", "Sheffield", "Doncaster", "Rotherham", "Manchester", "Birmingham", "Hull", "Leicester", "Luton", "Harehills", "Chapeltown", "Beeston", "Seacroft", "Moss Side", "Cheetham Hill", "Leeds city centre", "Kirkgate Market", "Manchester Piccadilly", "Leeds station")
SCHOOL_STEMS = ("Hollybank", "Westfield", "St Aidan's", "Meadowcroft", "Parklands", "Beckside", "Thornhill", "Greenhill", "Bishop Lowe", "Brackenwood", "Whitecote", "Elmfield", "Oak Lane", "Ravenscliffe", "Moor End", "Rosebank", "St Winifred's", "Cragside", "Low Road", "Temple Moor")
SCHOOL_KINDS = ("Primary School", "Primary Academy", "C of E Primary", "Catholic Primary School", "High School", "Academy", "Community School", "Infant School", "Junior School", "Primary")
NURSERY_NAMES = ("Little Acorns Day Nursery", "Tiny Toes Nursery", "Rainbow Pre-School", "Busy Bodies Nursery", "Sunshine Kids Nursery", "Stepping Stones Day Nursery", "Kiddie Kingdom", "Little Owls Nursery", "Treetops Pre-School")
GP_STEMS = ("Parkside", "Beech Tree", "Church View", "Manor Park", "Ashfield", "Oakwood Lane", "Riverside", "Hyde Park", "Laurel Bank", "The Grange")
GP_KINDS = ("Medical Centre", "Surgery", "Health Centre", "Medical Practice", "Family Practice")
HOSPITALS = ("St Luke's Hospital", "Northgate General Hospital", "Fernbank Royal Infirmary", "St Hilda's Children's Hospital", "Calder Valley General", "Riverside Royal Infirmary", "Woodhouse Moor Hospital")
EMAIL_DOMAINS = ("example.com", "example.org", "example.net")
PLATFORMS = ("snapchat", "snap", "SC", "insta", "Instagram", "TikTok", "tiktok")

# --------------------------------------------------------------------------------------------
# Sentence frames. {slot} is filled by the case; <term> is a keep term (must be on the keep-list).
# Person slots: {role} or {role.form} with form in given/full/sur/title/tinit/init/lower/any.
# Child pronouns: {he} {He} {his} {His} {him}. Plain values: {age} {age_sib} {date} {time} {n}.
# --------------------------------------------------------------------------------------------
HEADERS: dict[str, tuple[str, ...]] = {
    "home_visit": (
        "<Home visit> to {ADDRESS}, {POSTCODE}.",
        "<Unannounced> <HV> {date} {time} - {ADDRESS} {POSTCODE}.",
        "Statutory visit to {child.full} at home ({ADDRESS}, {POSTCODE}).",
        "HV today. <Mum> {mum.full} and {child} present.",
    ),
    "phone_call": (
        "Tel call to <Mum> ({mum.given}) on {PHONE}.",
        "tc from {dsl.title}, <DSL> at {SCHOOL}, tel {PHONE}.",
        "<Phone call> from <Dad> {dad.full} - mob {PHONE}.",
        "Rang <MGM> {gm.title} on {PHONE} as <Mum> not answering.",
    ),
    "strategy": (
        "<Strategy meeting> {date}. <Present>: <TM> {tm.full} (chair), <SW> {sw.full}, DS {pc.sur} (<CAIT>), <HV> {hv.full}, <DSL> {dsl.title} ({SCHOOL}).",
        "Strat discussion held by phone. Attendees: {tm.given} {tm.sur} <TM>, {pc.title} <Police>, {hv.given} (<HV>), {sw.given} (<SW>).",
    ),
    "ppn": (
        "<PPN> received from <Police> re <DA> incident at {ADDRESS}, {POSTCODE} on {date}. Crime ref {POLREF}.",
        "<DA> notification (<PPN>) - <Police> log {POLLOG} of {date}. Ref {POLREF}.",
    ),
    "school": (
        "Call from {dsl.title} (<DSL>, {SCHOOL}) re {child.full}.",
        "Email from <DSL> {dsl.full} at {SCHOOL} ({EMAIL}).",
        "<School> contact: {teacher.title}, class teacher at {SCHOOL}, re {child}.",
    ),
    "hv_update": (
        "<HV> update from {hv.full}, <Health visitor>: seen {child} at home with <Mum>.",
        "<Health visitor> {hv.given} {hv.sur} visited {ADDRESS} {POSTCODE} for the {age}-month review.",
    ),
    "eh_review": (
        "<TAF> review at {SCHOOL}. Attendees: <Mum> ({mum.given}), <Dad>, {teacher.title} (class teacher), <FSW> {fsw.full}.",
        "<Early Help> review. <Present>: {mum.full}, {fsw.given} (<FSW>), <SENCO> {senco.title}.",
    ),
    "rhi": (
        "<RHI> completed with {child.full} at {SCHOOL} by <SW> {sw.full}.",
        "<Return home interview> - {child} seen at home, <Mum> not present.",
    ),
    "cin_visit": (
        "<CIN> visit. Seen {child.full} ({age}) and {sib} ({age_sib}) at home.",
        "<CIN> statutory visit to {ADDRESS}, {POSTCODE}. {child} seen alone in {his} bedroom.",
    ),
    "cp_visit": (
        "<CP> visit (unannounced) to {child.full}, {ADDRESS}, {POSTCODE}.",
        "<CP plan> visit - {child} and {sib} seen, <Mum> {mum.full} present.",
    ),
    "closure": (
        "<Case closure> summary for {child.full} (<LCS> {CASEREF}).",
        "<Closure>: {child.full}, DOB {DOB}. <NFA>.",
    ),
    "marac": (
        "<MARAC> {date}: <Mum> {mum.full} discussed as high-risk <DA> victim, perpetrator {partner.full}.",
        "<IDVA> {idva.full} update for <MARAC> re {mum.title}.",
    ),
    "referral": (
        "<Contact> received via <MASH> from {gpdoc.title} ({GP}) re {child.full}, DOB {DOB}.",
        "<Referral> from <A&E> at {HOSPITAL} re {child.full} ({age}), NHS no {NHS}.",
    ),
}

BODY: dict[str, tuple[str, ...]] = {
    "home_visit": (
        "{child} was in {his} pyjamas at 2pm and the lounge smelt of cannabis; <Mum> denies current use.",
        "Home conditions poor - dog mess on the stairs, no bedding on {child.given}'s bed, little food in the fridge.",
        "Home warm and tidy, food in the cupboards, {child} well presented.",
        "{mum} said {partner.given} has not been at the property since the bail conditions were set.",
        "<Mum> showed me the letter from the landlord - <rent arrears> of £1,400, court date next month.",
        "Observed {sib} ({age_sib}) crying in the cot, <Mum> responded quickly and warmly.",
        "{child.lower} told me {he} likes living with <Nan> better because \"there's always tea\".",
        "Smoke alarm not working, {mum.given} agreed to a fire service home safety check.",
        "Saw {child} alone in {his} room - {he} said {he} feels safe at home and likes {SCHOOL}.",
        "{child.full} (known as {child.nickname}) was at home, off school with a cold.",
        "No concerns re alcohol observed today, no empty cans or bottles seen.",
        "{mum.given} said she hopes <Dad> will get help for his drinking before he comes back.",
    ),
    "phone_call": (
        "{mum} said {child} has not been to school since Tuesday because of a stomach bug.",
        "{dad} is unhappy that contact is supervised and wants to speak to the <TM>.",
        "{gm.title} said she is worried <Mum> is drinking again since {partner.given} moved out.",
        "Advised {mum.given} that if {partner.given} returns to the home she must let us know.",
        "<Mum>'s new number is {PHONE}, old number no longer in use.",
        "Will ring back tomorrow after speaking to the school.",
        "{dsl.title} reports {child.given} arrived late 4 times this week and was hungry at breakfast club.",
        "{mum.given} said {child.nickname} has been staying at <Nan>'s most nights.",
    ),
    "strategy": (
        "<Police> info: {partner.full} known for <DA> with a previous partner, conviction for ABH in 2019.",
        "<School> report {child.given}'s attendance is 84% and {he} has been withdrawn.",
        "<HV> reports {sib} is thriving, no concerns about physical care.",
        "Decision: threshold met for a joint <s47>, <ICPC> to be convened if concerns are substantiated.",
        "Agreed {child} to be seen alone by <SW> {sw.sur} and DC {pc.sur} today.",
        "<CAMHS> (Dr {camhs.sur}) advised of the historic self-harm; no current risk identified.",
        "{mum.full} to be offered <IDVA> support and referral to <MARAC> if risk escalates.",
    ),
    "ppn": (
        "<Mum> {mum.full} (DOB {MUMDOB}) reports {partner.given} grabbed her by the throat during an argument.",
        "<DASH> completed - MEDIUM risk. {partner.sur} arrested and released on bail.",
        "{child} ({age}) and {sib} ({age_sib}) were upstairs at the time; {child.given} told officers {he} heard shouting.",
        "Previous <PPN>s x2 in 2023, both <NFA>.",
        "<Mum>'s mobile {PHONE}. No injuries seen by officers.",
        "Officers note {partner.lower} had been drinking; no weapons involved.",
    ),
    "school": (
        "{child}'s attendance is 71% this half term, late most days, no PE kit.",
        "{child.given} told {teacher.title} that <Dad> \"hit the wall\" at the weekend.",
        "{He} is on <SEN> support, waiting for an <EHCP> needs assessment. UPN {UPN}.",
        "School have seen {child} getting into a car outside the gates with an older male.",
        "{child.init} has been in the inclusion room all week after a fixed-term exclusion.",
        "<DSL> will complete a <CAMHS> referral and update <SW> {sw.given} by email.",
        "{He} was seen by the school nurse for a bruise to the upper arm, {he} said {sib.given} did it playing.",
        "{child.nickname} (on the register as {child.full}) has a UPN of {UPN}.",
        "Friend told staff {child.given} posts on TikTok as {HANDLE}.",
    ),
    "hv_update": (
        "{child} weighed today, now on the 9th centile, dropped from the 25th.",
        "<Mum> reports low mood, scored 15 on the <EPDS>, advised to see <GP> at {GP}.",
        "Baby's NHS no {NHS}, <GP> {gpdoc.title} at {GP}.",
        "<Mum> is breastfeeding and coping well, no concerns.",
        "Discussed safe sleep, baby in <Moses basket> next to <Mum>'s bed.",
        "{child.lower} has missed 2 immunisation appointments (<WNB>).",
    ),
    "eh_review": (
        "{child}'s attendance has improved to 94%, {teacher.title} very pleased.",
        "<Rent arrears> reduced, payment plan agreed with <Housing>.",
        "<Dad> ({dad.given}) said he would like to attend a parenting course.",
        "<Food bank> vouchers given, <Household Support Fund> application submitted with NI number {NINO}.",
        "Agreed to review in 6 weeks then consider step down to universal services.",
        "<SENCO> has applied for an <EHCP> needs assessment for {child}.",
        "{child.given} has a place at {NURSERY} from September, 15 hours funded.",
        "UPN {UPN} given to the attendance team for the plan.",
    ),
    "rhi": (
        "{child.given} said {he} went to {LOC} with a friend called {friend.given} and stayed at a flat.",
        "{He} would not give the names of the older males but said one is called {friend2.tinit}.",
        "{He} has a new phone and trainers {he} could not explain. Snapchat {HANDLE}.",
        "{He} denied anyone hurt {him} and said {he} did not drink.",
        "Info shared with <Police> (PC {pc.sur}) and the <MACE> panel.",
        "Found by officers at 03:40 in {LOC} and returned home. Police ref {POLREF}.",
    ),
    "cin_visit": (
        "{child.given} showed me {his} room - clean, own bed, toys and books.",
        "<Mum> said {dad.given} has been attending <CGL> and has been clean for 3 months.",
        "Historic cannabis use by <Dad>, no current concerns.",
        "{child} said {he} misses <Dad> and wants to see him more.",
        "<TA> flat is damp and too small, <Mum> has chased <Housing Options>.",
        "{child}'s ULN {ULN} needed for the college application.",
        "{sib.lower} was asleep on the sofa, <Mum> said she has had a temperature.",
        "{child.nickname} (as {he} likes to be called) showed me {his} Snapchat ({HANDLE}); privacy settings discussed.",
    ),
    "cp_visit": (
        "{child} seen alone, said {he} feels safe now {partner.given} doesn't come round.",
        "No marks or bruises seen. {child.given} was chatty and playful.",
        "<Mum> agreed the <safety plan> - will call 999 if {partner.given} turns up.",
        "<Core group> set for {date}; <RCPC> in 3 months.",
        "If <Mum> allows {partner.sur} back into the home we will seek legal advice under the <PLO>.",
        "{child.init} told me about a fight between <Mum> and {partner.title} last month.",
    ),
    "closure": (
        "All plan actions completed and the family no longer need a social worker.",
        "{mum.given} and {dad.given} know how to contact <Early Help> on {PHONE} if needed.",
        "Step down to <Early Help> with <FSW> {fsw.full}.",
        "Case closed. <NFA>.",
        "UPN {UPN}, ULN {ULN} recorded on the closure form.",
    ),
    "marac": (
        "<DASH> score 17 - high risk. {partner.full} has been released from custody.",
        "Actions: <Police> to flag the address {ADDRESS}, {POSTCODE}; <IDVA> to support {mum.given} with a non-mol.",
        "Children {child.given} and {sib.given} attend {SCHOOL}; <DSL> informed under <Operation Encompass>.",
        "{mum.title} has moved to <refuge> in {LOC}; address not shared.",
    ),
    "referral": (
        "{child.given} presented with a spiral fracture to the left arm; explanation given by {mum.given} inconsistent.",
        "<GP> concerned {mum} is not collecting prescriptions and {child} has missed 3 appointments.",
        "Family address {ADDRESS} {POSTCODE}, <Mum>'s number {PHONE}.",
        "<Mum> is {mum.full}, <Dad> {dad.full} (not living at the address).",
    ),
}

#: Frames any note may end with; several contain words that look like names but are not.
CODA: tuple[str, ...] = (
    "Will visit again next week.",
    "<Mum> hopes things will get better once the move happens.",
    "Case ref {CASEREF} updated.",
    "Rent is behind but the landlord has given a grace period until the end of the month.",
    "Next visit {date}.",
    "<SW> {sw.full}, {PHONE}.",
    "Email sent to {mum.lower} at {EMAIL} with the plan.",
    "<Mum>'s NI number {NINO} given for the <Universal Credit> form.",
    "{child.full}, DOB {DOB}, NHS {NHS}.",
    "Discussed with <TM> {tm.given}, agreed plan.",
    "No marks seen. Bill for the electric is being paid in instalments.",
    "Sunny day, children playing out in the garden.",
)

NOTE_TYPES: tuple[str, ...] = tuple(HEADERS)


# --------------------------------------------------------------------------------------------
# Names and people
# --------------------------------------------------------------------------------------------
def fold(text: str) -> str:
    """Same folding as ``casenotes.redact.lexicons.fold`` (kept local so this script stands alone)."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.lower().replace("ł", "l").replace("ø", "o").replace("đ", "d")


@dataclass(frozen=True)
class Person:
    given: str
    surname: str
    origin: str
    female: bool
    nickname: str | None = None
    in_lexicon: bool = False
    title: str = "Mr"

    @property
    def ambiguous(self) -> bool:
        return self.in_lexicon or self.given in WORD_LIKE or self.surname in WORD_LIKE


def pick_person(rng: random.Random, origin: str, female: bool, surname: str | None = None,
                word_name_rate: float = 0.0, lexicon_word_rate: float = 0.0, prefer_nickname: float = 0.0) -> Person:
    women, men, surnames = HELD_OUT[origin]
    surname = surname or rng.choice(surnames)
    roll = rng.random()
    title = rng.choice(("Mrs", "Ms", "Miss", "Mrs")) if female else "Mr"
    if roll < lexicon_word_rate:
        given = rng.choice(LEXICON_WORD_NAMES_F if female else LEXICON_WORD_NAMES_M)
        return Person(given, surname, origin, female, in_lexicon=True, title=title)
    if roll < lexicon_word_rate + word_name_rate:
        given = rng.choice(WORD_NAMES_F if female else WORD_NAMES_M)
        return Person(given, surname, origin, female, title=title)
    pool = women if female else men
    with_nickname = [name for name in pool if name in HELD_OUT_NICKNAMES]
    given = rng.choice(with_nickname if with_nickname and rng.random() < prefer_nickname else pool)
    return Person(given, surname, origin, female, HELD_OUT_NICKNAMES.get(given), title=title)


def misspell(name: str, rng: random.Random) -> str:
    """One plausible typing slip: a doubled, dropped, swapped or changed letter (never the first)."""
    for _ in range(20):
        i = rng.randrange(1, max(2, len(name) - 1))
        if not name[i - 1:i + 2].isalpha():
            continue  # leave hyphens and their neighbours alone
        op = rng.choice(("double", "drop", "swap", "vowel"))
        if op == "double":
            out = name[:i] + name[i] + name[i:]
        elif op == "drop" and len(name) > 4:
            out = name[:i] + name[i + 1:]
        elif op == "swap" and i + 1 < len(name):
            out = name[:i] + name[i + 1] + name[i] + name[i + 2:]
        elif op == "vowel" and name[i].lower() in "aeiouy":
            out = name[:i] + rng.choice([v for v in "aeiy" if v != name[i].lower()]) + name[i + 1:]
        else:
            continue
        if out != name and "-" not in out[:2] and out.replace("-", "").isalpha():
            return out
    return name + name[-1]


# --------------------------------------------------------------------------------------------
# Identifiers (reserved test ranges, valid check characters)
# --------------------------------------------------------------------------------------------
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def nhs_number(rng: random.Random) -> str:
    while True:
        digits = [9, 9, 9] + [rng.randint(0, 9) for _ in range(6)]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1))) % 11
        check = 0 if check == 11 else check
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def upn(rng: random.Random) -> str:
    body = f"{rng.choice((383, 380, 352, 335, 330, 209, 373, 392))}{rng.randint(2000, 4999):04d}{rng.randint(10, 23):02d}{rng.randint(1, 999):03d}"
    return UPN_LETTERS[sum(int(c) * w for c, w in zip(body, range(2, 14))) % 23] + body


def uln(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
        remainder = sum(d * w for d, w in zip(digits, range(10, 1, -1))) % 11
        if remainder:
            return "".join(map(str, digits)) + str(10 - remainder)


def phone(rng: random.Random) -> str:
    n = rng.randint(0, 999)
    return rng.choice((
        f"07700 900{n:03d}", f"07700900{n:03d}", f"07700 900 {n:03d}", f"+44 7700 900{n:03d}",
        f"0113 496 0{n:03d}", f"(0113) 4960{n:03d}", f"020 7946 0{n:03d}", f"0161 496 0{n:03d}",
    ))


def nino(rng: random.Random) -> str:
    d = [rng.randint(0, 9) for _ in range(6)]
    suffix = rng.choice("ABCD")
    if rng.random() < 0.6:
        return f"QQ {d[0]}{d[1]} {d[2]}{d[3]} {d[4]}{d[5]} {suffix}"
    return "QQ" + "".join(map(str, d)) + suffix


def postcode(rng: random.Random) -> str:
    return f"{rng.choice(POSTCODE_DISTRICTS)} {rng.randint(0, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"


def address(rng: random.Random) -> str:
    street = f"{rng.randint(1, 140)}{rng.choice(('', '', '', 'a', 'b'))} {rng.choice(STREETS)}"
    roll = rng.random()
    if roll < 0.3:
        core = f"Flat {rng.randint(1, 48)}, {rng.choice(BLOCKS)}"
    elif roll < 0.45:
        core = f"Flat {rng.randint(1, 9)}, {street}"
    else:
        core = street
    return core + (f", {rng.choice(DISTRICTS)}" if rng.random() < 0.5 else "")


def date_of_birth(rng: random.Random, age: int) -> str:
    year, month, day = NOTE_YEAR - age - 1 + (rng.random() < 0.5), rng.randint(1, 12), rng.randint(1, 28)
    months = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
    return rng.choice((
        f"{day:02d}/{month:02d}/{year}", f"{day}.{month}.{year % 100:02d}", f"{day:02d}-{month:02d}-{year}",
        f"{day}/{month}/{year}", f"{day} {months[month - 1]} {year}",
    ))


def case_reference(rng: random.Random) -> str:
    return rng.choice((f"{rng.randint(1000000, 2999999)}", f"CSC-{NOTE_YEAR}-{rng.randint(1, 99999):05d}", f"EH/{rng.randint(10000, 99999)}"))


def police_reference(rng: random.Random) -> str:
    return rng.choice((f"13{NOTE_YEAR % 100}{rng.randint(0, 9999999):07d}", f"WY-{NOTE_YEAR % 100}-{rng.randint(0, 9999999):07d}", f"PPN/{NOTE_YEAR % 100}/{rng.randint(100000, 999999)}"))


def ascii_lower(text: str) -> str:
    return re.sub(r"[^a-z]", "", fold(text))


def email_for(person: Person, rng: random.Random) -> str:
    local = rng.choice((f"{ascii_lower(person.given)}.{ascii_lower(person.surname)}", f"{ascii_lower(person.given)}{rng.randint(1, 99)}", f"{ascii_lower(person.surname)}.{ascii_lower(person.given)[:1]}"))
    return f"{local}@{rng.choice(EMAIL_DOMAINS)}"


def handle_for(person: Person, rng: random.Random) -> str:
    stem = ascii_lower(person.nickname or person.given)[:6]
    return "@" + rng.choice((f"{stem}_x{rng.randint(1, 9)}", f"lil.{stem}{rng.randint(0, 99):02d}", f"{stem}.xo", f"its_{stem}"))


# --------------------------------------------------------------------------------------------
# Cases and rendering
# --------------------------------------------------------------------------------------------
@dataclass
class Seg:
    text: str
    entity: str | None = None
    keep: bool = False
    meta: dict = field(default_factory=dict)


@dataclass
class Case:
    case_id: str
    people: dict[str, Person]
    ages: tuple[int, int]
    ids: dict[str, str]


PROFESSIONAL_ROLES = ("sw", "tm", "hv", "dsl", "pc", "fsw", "teacher", "senco", "gpdoc", "camhs", "idva", "friend", "friend2")


def make_case(case_id: str, family: str, rng: random.Random) -> Case:
    origins = tuple(HELD_OUT)
    dad_origin = family if rng.random() < 0.75 else rng.choice(origins)
    dad = pick_person(rng, dad_origin, female=False, lexicon_word_rate=0.05, word_name_rate=0.02)
    mum = pick_person(rng, family, female=True, lexicon_word_rate=0.05, word_name_rate=0.03)
    child_surname = dad.surname if dad_origin == family and rng.random() < 0.7 else mum.surname
    child = pick_person(rng, family, rng.random() < 0.5, child_surname, word_name_rate=0.10, lexicon_word_rate=0.05, prefer_nickname=0.5)
    sib = pick_person(rng, family, rng.random() < 0.5, child_surname, word_name_rate=0.05, lexicon_word_rate=0.03)
    while sib.given in {child.given, mum.given, dad.given}:
        sib = pick_person(rng, family, rng.random() < 0.5, child_surname)
    while child.given in {mum.given, dad.given}:
        child = pick_person(rng, family, child.female, child_surname)
    people = {"child": child, "sib": sib, "mum": mum, "dad": dad,
              "gm": pick_person(rng, family, True, mum.surname),
              "partner": pick_person(rng, rng.choice(origins), False)}
    for role in PROFESSIONAL_ROLES:
        people[role] = pick_person(rng, rng.choice(origins), rng.random() < 0.6)
    age = rng.randint(1, 16)
    ids = {"ADDRESS": address(rng), "POSTCODE": postcode(rng), "NHS": nhs_number(rng), "UPN": upn(rng),
           "ULN": uln(rng), "NINO": nino(rng), "CASEREF": case_reference(rng), "POLREF": police_reference(rng),
           "DOB": date_of_birth(rng, age), "MUMDOB": date_of_birth(rng, rng.randint(19, 44)),
           "SCHOOL": f"{rng.choice(SCHOOL_STEMS)} {rng.choice(SCHOOL_KINDS)}", "NURSERY": rng.choice(NURSERY_NAMES),
           "GP": f"{rng.choice(GP_STEMS)} {rng.choice(GP_KINDS)}", "HOSPITAL": rng.choice(HOSPITALS),
           "EMAIL": email_for(mum, rng), "HANDLE": handle_for(child, rng)}
    return Case(case_id, people, (age, max(0, age + rng.choice((-5, -3, -2, 2, 3)))), ids)


ENTITY_OF_SLOT = {
    "ADDRESS": "UK_ADDRESS", "POSTCODE": "UK_POSTCODE", "NHS": "UK_NHS", "UPN": "UK_UPN", "ULN": "UK_ULN",
    "NINO": "UK_NINO", "CASEREF": "CASE_REFERENCE", "POLREF": "POLICE_REFERENCE", "POLLOG": "POLICE_REFERENCE",
    "DOB": "DATE_OF_BIRTH", "MUMDOB": "DATE_OF_BIRTH", "SCHOOL": "SCHOOL", "NURSERY": "NURSERY",
    "GP": "GP_SURGERY", "HOSPITAL": "HOSPITAL", "EMAIL": "EMAIL_ADDRESS", "HANDLE": "SOCIAL_HANDLE",
    "PHONE": "UK_PHONE", "LOC": "LOCATION",
}
ADULT_ROLES = frozenset({"mum", "dad", "gm", "partner"} | set(PROFESSIONAL_ROLES) - {"friend", "friend2"})
ANY_FORMS = (("given", 52), ("full", 12), ("lower", 10), ("misspelt", 7), ("nickname", 8), ("upper", 3), ("initials", 3), ("title", 5))


def name_seg(text: str, person: Person, form: str) -> Seg:
    meta: dict = {"origin": person.origin, "form": form}
    if person.ambiguous:
        meta["ambiguous"] = True
    if person.in_lexicon:
        meta["in_lexicon"] = True
    return Seg(text, "PERSON", meta=meta)


def render_person(person: Person, form: str, adult: bool, rng: random.Random) -> list[Seg]:
    if form == "any":
        choices = [(f, w) for f, w in ANY_FORMS if adult or f != "title"]
        form = rng.choices([f for f, _ in choices], [w for _, w in choices])[0]
    if form == "nickname" and not person.nickname:
        form = "given"
    full = f"{person.given} {person.surname}"
    if form == "given":
        return [name_seg(person.given, person, "given")]
    if form == "full":
        return [name_seg(full, person, "full")]
    if form == "sur":
        return [name_seg(person.surname, person, "surname")]
    if form == "lower":
        return [name_seg((full if rng.random() < 0.3 else person.given).lower(), person, "lower")]
    if form == "upper":
        return [name_seg(person.given.upper(), person, "upper")]
    if form == "misspelt":
        return [name_seg(misspell(person.given, rng), person, "misspelt")]
    if form == "nickname":
        return [name_seg(person.nickname or person.given, person, "nickname")]
    if form == "initials":
        return [name_seg(f"{person.given[0]}.{person.surname[0]}.", person, "initials")]
    if form == "init":
        return [name_seg(f"{person.given[0]}{person.surname[0]}" if rng.random() < 0.5 else f"{person.given[0]}.{person.surname[0]}.", person, "initials")]
    if form == "title":
        return [Seg(f"{person.title} "), name_seg(person.surname, person, "surname")]
    if form == "tinit":
        return [Seg(f"{person.title} "), name_seg(person.surname[0], person, "initial")]
    raise ValueError(f"unknown person form {form!r}")


PRONOUNS = {"he": ("she", "he"), "He": ("She", "He"), "his": ("her", "his"), "His": ("Her", "His"), "him": ("her", "him")}


def render_slot(slot: str, case: Case, rng: random.Random) -> list[Seg]:
    role, _, form = slot.partition(".")
    if role in case.people:
        return render_person(case.people[role], form or "any", role in ADULT_ROLES, rng)
    if role in PRONOUNS:
        return [Seg(PRONOUNS[role][0 if case.people["child"].female else 1])]
    if role == "age":
        return [Seg(str(case.ages[0]))]
    if role == "age_sib":
        return [Seg(str(case.ages[1]) if case.ages[1] else "8 months")]
    if role == "date":
        return [Seg(f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{NOTE_YEAR % 100}")]
    if role == "time":
        return [Seg(f"{rng.randint(9, 19)}:{rng.choice(('00', '15', '30', '45'))}")]
    if role == "PHONE":
        return [Seg(phone(rng), "UK_PHONE")]
    if role == "POLLOG":
        return [Seg(f"{rng.randint(1, 2400):04d}", "POLICE_REFERENCE")]
    if role == "LOC":
        return [Seg(rng.choice(PLACES), "LOCATION")]
    if role == "NHS":
        value = case.ids["NHS"]
        return [Seg(rng.choice((value, f"{value[:3]} {value[3:6]} {value[6:]}", f"{value[:3]}-{value[3:6]}-{value[6:]}")), "UK_NHS")]
    if role in ENTITY_OF_SLOT:
        return [Seg(case.ids[role], ENTITY_OF_SLOT[role])]
    raise ValueError(f"unknown slot {slot!r}")


TOKEN = re.compile(r"\{([^}]+)\}|<([^>]+)>")


def render_frame(frame: str, case: Case, rng: random.Random) -> list[Seg]:
    segs: list[Seg] = []
    position = 0
    for match in TOKEN.finditer(frame):
        if match.start() > position:
            segs.append(Seg(frame[position:match.start()]))
        if match.group(1):
            segs.extend(render_slot(match.group(1), case, rng))
        else:
            segs.append(Seg(match.group(2), keep=True))
        position = match.end()
    if position < len(frame):
        segs.append(Seg(frame[position:]))
    return segs


def usable(frame: str, case: Case) -> bool:
    """A frame that writes someone's nickname needs a person who has one."""
    return all(case.people[role].nickname for role in re.findall(r"\{(\w+)\.nickname\}", frame))


def compose_note(case: Case, note_type: str, rng: random.Random) -> list[Seg]:
    frames = [rng.choice(HEADERS[note_type])]
    body = [frame for frame in BODY[note_type] if usable(frame, case)]
    frames += rng.sample(body, k=min(len(body), rng.randint(2, 5)))
    if rng.random() < 0.7:
        frames.append(rng.choice(CODA))
    segs: list[Seg] = []
    for i, frame in enumerate(frames):
        if i:
            segs.append(Seg(rng.choice(("\n", " ", " ", "\n\n"))))
        segs.extend(render_frame(frame, case, rng))
    return segs


def to_record(note_id: str, case: Case, note_type: str, segs: list[Seg], keep_kinds: dict[str, str]) -> dict:
    text, pii, keep = "", [], []
    for seg in segs:
        start, end = len(text), len(text) + len(seg.text)
        if seg.entity:
            pii.append({"start": start, "end": end, "type": seg.entity, **seg.meta})
        elif seg.keep:
            keep.append({"start": start, "end": end, "kind": keep_kinds[fold(seg.text)]})
        text += seg.text
    check_record(text, segs, pii, keep)
    return {"note_id": note_id, "case_id": case.case_id, "note_type": note_type, "text": text, "pii": pii, "keep": keep}


def check_record(text: str, segs: list[Seg], pii: list[dict], keep: list[dict]) -> None:
    labelled = [s for s in segs if s.entity or s.keep]
    spans = sorted(pii + keep, key=lambda span: span["start"])
    assert len(spans) == len(labelled)
    for span, seg in zip(sorted(pii + keep, key=lambda s: s["start"]), labelled):
        assert text[span["start"]:span["end"]] == seg.text, (span, seg.text)
        assert seg.text == seg.text.strip() and seg.text, seg.text
    for left, right in zip(spans, spans[1:]):
        assert left["end"] <= right["start"], (left, right)


# --------------------------------------------------------------------------------------------
# Checks against the shipped lexicons
# --------------------------------------------------------------------------------------------
def read_column(path: Path, column: str) -> set[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {fold(row[column].strip()) for row in csv.DictReader(handle) if row.get(column)}


def load_keep_kinds() -> dict[str, str]:
    """The redactor's keep-list (taxonomy services, aliases and abbreviations + keep_terms_not_in_taxonomy.csv)."""
    from casenotes.redact.lexicons import keep_list_for

    return dict(keep_list_for().kinds)


def held_out_names() -> set[str]:
    names: set[str] = set(WORD_NAMES_F + WORD_NAMES_M) | set(HELD_OUT_NICKNAMES.values())
    for women, men, surnames in HELD_OUT.values():
        names.update(women + men + surnames)
    return names


def check_held_out(keep_kinds: dict[str, str]) -> None:
    lexicon = read_column(DATA / "first_names.csv", "name") | read_column(DATA / "surnames.csv", "name")
    lexicon |= read_column(DATA / "nicknames.csv", "name") | read_column(DATA / "nicknames.csv", "nickname")
    clashes = sorted(n for n in held_out_names() if fold(n) in lexicon or fold(n) in keep_kinds)
    assert not clashes, f"held-out names found in the shipped lexicons: {clashes}"


def check_frames(keep_kinds: dict[str, str]) -> int:
    frames = [f for pool in HEADERS.values() for f in pool] + [f for pool in BODY.values() for f in pool] + list(CODA)
    assert len(set(frames)) >= 60, len(set(frames))
    missing = sorted({t for f in frames for t in re.findall(r"<([^>]+)>", f) if fold(t) not in keep_kinds})
    assert not missing, f"keep terms missing from the keep-list: {missing}"
    return len(set(frames))


# --------------------------------------------------------------------------------------------
def generate(seed: int, n_notes: int) -> list[dict]:
    rng = random.Random(seed)
    keep_kinds = load_keep_kinds()
    check_held_out(keep_kinds)
    check_frames(keep_kinds)
    records: list[dict] = []
    case_number = 0
    origins = list(HELD_OUT)
    while len(records) < n_notes:
        if case_number % len(origins) == 0:
            rng.shuffle(origins)  # families cycle through every origin, in a seeded order
        family = origins[case_number % len(origins)]
        case_number += 1
        case = make_case(f"G{case_number:04d}", family, rng)
        note_types = sorted(rng.sample(NOTE_TYPES, k=rng.randint(2, 5)), key=lambda t: t == "closure")
        for index, note_type in enumerate(note_types, start=1):
            if len(records) == n_notes:
                break
            segs = compose_note(case, note_type, rng)
            records.append(to_record(f"{case.case_id}-{index:02d}", case, note_type, segs, keep_kinds))
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--notes", type=int, default=320)
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    records = generate(args.seed, args.notes)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w", encoding="utf-8", newline="\n") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    spans = sum(len(r["pii"]) for r in records)
    print(f"wrote {len(records)} notes, {spans} pii spans, {sum(len(r['keep']) for r in records)} keep spans to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
