"""Tests for workbench.figures: toll figures with bounds, English and French.

Every sentence below is invented for these tests (outlets, officials and
quotes are fictional), loosely set around the September 2024 attack in
Bamako and the January 2025 M23 entry into Goma, plus a few other events.
"""
import time

import pytest

from workbench.analyse.figures import KINDS, Figure, bounds_compatible, extract_figures, parse_number

K, I, A, AK, D, O = "killed", "injured", "arrested", "attackers_killed", "displaced", "other"
B, C, M = "bodies_recovered", "casualties", "missing"


def summary(sentence):
    return [(f.kind, f.min, f.max, f.approximate) for f in extract_figures(sentence)]


ENGLISH = [
    # a part of a toll counts the toll's kind; "not one" is a zero
    ("The raid killed at least 40 villagers, including at least 12 children, the governor said.",
     [(K, 40, None, True), (K, 12, None, True)]),
    ("The army said “not a single soldier” was killed in the ambush.", [(K, 0, 0, False)]),
    # exact values, both word orders
    ("Officials in Bamako said 77 people were killed in the dawn attack on the gendarmerie school.",
     [(K, 77, 77, False)]),
    ("The assault on the training camp killed 77 people, the ministry said.", [(K, 77, 77, False)]),
    ("Hospital staff in Bamako counted 77 bodies by Tuesday evening.", [(B, 77, 77, False)]),  # bodies, not a death word
    ("The Sahel Monitor put the number at 77 fatalities.", [(K, 77, 77, False)]),
    ("Seventy-seven lives were lost, a government spokesman told reporters.", [(K, 77, 77, False)]),
    ("The death toll rose to 77 on Wednesday, according to a hospital source.", [(K, 77, 77, False)]),
    ("A security source cited a toll of 77 dead.", [(K, 77, 77, False)]),
    ("The explosion left 12 dead and 30 wounded near the market.",
     [(K, 12, 12, False), (I, 30, 30, False)]),
    ("The attack killed 12 people and wounded 30 others, police said.",
     [(K, 12, 12, False), (I, 30, 30, False)]),
    ("Seventy-seven people died, 255 were injured and 15 were arrested.",
     [(K, 77, 77, False), (I, 255, 255, False), (A, 15, 15, False)]),
    ("One soldier was killed and two others were hurt in the ambush near Kati.",
     [(K, 1, 1, False), (I, 2, 2, False)]),
    # open bounds
    ("More than 70 dead, according to the Bamako Herald.", [(K, 71, None, True)]),
    ("Over 70 people perished in the attack, the ministry later admitted.", [(K, 71, None, True)]),
    ("Police said at least 15 suspects arrested since Tuesday were being questioned.",
     [(A, 15, None, True)]),
    ("Jihadists stormed the school, killing at least 20 soldiers.", [(K, 20, None, True)]),
    ("Twenty or more civilians were killed in the crossfire.", [(K, 20, None, True)]),
    # hedges with tolerance
    ("Around 100 people were killed in the fighting around the airport.", [(K, 90, 110, True)]),
    ("Roughly 50 residents were wounded, a doctor at the main hospital said.", [(I, 45, 55, True)]),
    ("Nearly 100 people were killed, local radio reported.", [(K, 90, 100, True)]),
    ("Almost 3,000 people died in the battle for Goma, the UN said.", [(K, 2700, 3000, True)]),
    ("An estimated 700,000 people have been displaced by the fighting in North Kivu.",
     [(D, 630000, 770000, True)]),
    ("Some 2.5 million people have fled their homes since 2022.", [(D, 2250000, 2750000, True)]),
    # upper bounds
    ("Up to 30 people may have died, a local official warned.", [(K, None, 30, True)]),
    ("As many as 1,200 people were feared dead.", [(K, None, 1200, True)]),
    ("Fewer than 10 people were hurt, the fire brigade said.", [(I, None, 9, True)]),
    # ranges
    ("Between 20 and 30 people were injured when the roof collapsed.", [(I, 20, 30, True)]),
    ("The morgue received 20 to 30 bodies overnight.", [(B, 20, 30, True)]),
    ("Witnesses spoke of 20-30 dead in the village.", [(K, 20, 30, True)]),
    ("Aid agencies say two to three million people have been displaced.",
     [(D, 2000000, 3000000, True)]),
    # vague word quantities
    ("A few soldiers were wounded in the exchange of fire.", []),  # vague words are no figure
    ("Several suspects were detained after the raid.", []),
    ("A handful of peacekeepers were injured, the mission said.", []),
    ("Dozens of people were killed and thousands fled Goma.",
     [(K, 24, 99, True), (D, 2000, 9999, True)]),
    ("Scores of civilians were killed as shells fell on the city.", [(K, 40, 99, True)]),
    ("Hundreds of people were wounded, according to the Red Cross.", [(I, 200, 999, True)]),
    ("Tens of thousands of people have fled towards the Rwandan border.",
     [(D, 20000, 99999, True)]),
    ("Several hundred people fled toward Gisenyi.", []),
    ("About a dozen gunmen were killed, the army claimed.", [(AK, 11, 13, True)]),
    ("The fighting caused heavy casualties among the troops.", []),  # an adjective, not a count
    ("Many people were killed when the rebels entered the city.", []),
    # zero
    ("No one was killed in the second incident, police said.", [(K, 0, 0, False)]),
    ("There were no casualties, the mayor of Goma insisted.", [(C, 0, 0, False)]),
    ("Nobody was hurt and no arrests were made.", [(I, 0, 0, False), (A, 0, 0, False)]),
    # attackers killed vs killed by attackers
    ("Security forces said they killed 20 terrorists after the attack.", [(AK, 20, 20, False)]),
    ("Troops killed 20 M23 rebels near Sake, the army said.", [(AK, 20, 20, False)]),
    ("Two of the attackers were killed by guards at the gate.", [(AK, 2, 2, False)]),
    ("The 20 assailants killed 3 soldiers before fleeing.", [(O, 20, 20, False), (K, 3, 3, False)]),
    # only counts of people are figures: not places, vehicles or towns
    ("The gunmen targeted 3 sensitive points and burned 12 vehicles.", []),
    ("Rebels captured 4 towns in a week.", []),
    # toll updates and sub-counts
    ("The toll rose from 20 to 30 overnight, officials said.", [(K, 20, 20, False), (K, 30, 30, False)]),
    ("At least 77 people, including 20 students, were killed.",
     [(K, 77, None, True), (K, 20, 20, False)]),
    ("The attack killed 3 soldiers and 2 civilians.", [(K, 3, 3, False), (K, 2, 2, False)]),
    ("Gunmen on motorbikes killed 12 villagers and abducted 30 women.",
     [(K, 12, 12, False), ("abducted", 30, 30, False)]),  # abducted is a kind of its own
    ("The death toll reached 77 on Friday, the Kati Courier reported.", [(K, 77, 77, False)]),
    ("The UN mission said 13 peacekeepers were killed in the fighting around Goma.", [(K, 13, 13, False)]),
]

FRENCH = [
    ("La préfecture recense trente-deux morts, dont neuf enfants, a indiqué le préfet.", [(K, 32, 32, False), (K, 9, 9, False)]),
    ("Pas un seul civil n'a été tué, assure l'état-major.", [(K, 0, 0, False)]),
    ("L'attaque de Bamako a fait 77 morts et 255 blessés selon un bilan officiel.",
     [(K, 77, 77, False), (I, 255, 255, False)]),
    ("Le bilan de l'attaque s'élève à 77 tués, selon une source sécuritaire.", [(K, 77, 77, False)]),
    ("L'explosion a fait 12 blessés dans le quartier de Hamdallaye.", [(I, 12, 12, False)]),
    ("Plus de 70 morts ont été recensés à Bamako.", [(K, 71, None, True)]),
    ("Au moins 15 suspects ont été interpellés le 18 septembre.", [(A, 15, None, True)]),
    ("Environ 100 morts, selon une ONG locale.", [(K, 90, 110, True)]),
    ("Près de 3 000 personnes ont été tuées à Goma, selon l'ONU.", [(K, 2700, 3000, True)]),
    ("Jusqu'à 30 personnes pourraient avoir été tuées.", [(K, None, 30, True)]),
    ("Moins de 10 blessés ont été signalés par les secours.", [(I, None, 9, True)]),
    ("Entre 20 et 30 personnes ont été blessées pendant la panique.", [(I, 20, 30, True)]),
    ("Une vingtaine de jihadistes ont été neutralisés, selon l'état-major.", [(AK, 15, 25, True)]),
    ("L'armée affirme avoir neutralisé 20 terroristes.", [(AK, 20, 20, False)]),
    ("Une centaine de morts ont été dénombrés à Goma.", [(K, 90, 110, True)]),
    ("Plus d'une centaine de morts et près de 1 200 blessés.",
     [(K, 101, None, True), (I, 1080, 1200, True)]),
    ("Une trentaine de personnes ont été blessées.", [(I, 22, 38, True)]),
    ("Une douzaine de gendarmes ont été arrêtés.", [(A, 11, 13, True)]),
    ("Des dizaines de milliers de personnes ont fui Goma.", [(D, 20000, 99999, True)]),
    ("Des centaines de personnes ont été blessées lors des combats.", [(I, 200, 999, True)]),
    ("Plusieurs centaines de déplacés sont arrivés à Gisenyi.", []),
    ("Quelques habitants ont été blessés par des balles perdues.", []),
    ("Vingt-cinq soldats ont été tués et une quinzaine blessés à 10h30.",
     [(K, 25, 25, False), (I, 11, 19, True)]),
    ("Quatre-vingt-dix-neuf personnes ont été blessées.", [(I, 99, 99, False)]),
    ("Deux cents civils ont fui vers le Rwanda.", [(D, 200, 200, False)]),
    ("L'attaque a fait 1.200 déplacés selon le HCR.", [(D, 1200, 1200, False)]),
    ("Les combats ont fait 3\u202f000 morts à Goma.", [(K, 3000, 3000, False)]),
    ("Aucune victime n'a été signalée.", [(K, 0, 0, False)]),
    ("Aucun blessé n'a été signalé, a précisé la police.", [(I, 0, 0, False)]),
    ("Personne n'a été tué lors de l'incident.", [(K, 0, 0, False)]),
    ("L'offensive a causé de lourdes pertes dans les rangs de l'armée.", []),
    ("Un mort et deux blessés, selon un bilan provisoire.", [(K, 1, 1, False), (I, 2, 2, False)]),
    ("Deux des assaillants ont été tués et trois autres capturés.", [(AK, 2, 2, False), (A, 3, 3, False)]),
    ("Sept soldats ont été tués près de Tombouctou.", [(K, 7, 7, False)]),
    # a French sentence quoting English
    ("Selon le communiqué, « at least 20 soldiers were killed » à Kidal.", [(K, 20, None, True)]),
]

NEGATIVES = [
    "The attack took place on 17 September 2024 in Bamako.",
    "Le 17 septembre 2024, vers 5 heures du matin, des hommes armés ont attaqué l'école.",
    "Mali has been ruled by the army since the 2021 coup.",
    "The junta has fought jihadists for more than a decade.",
    "Il a été condamné à dix ans de prison.",
    "The siege lasted 48 hours and the camp lies 3 km from the airport.",
    "The suspect, aged 25, was the first to be questioned.",
    "One of the attackers was killed, the first in years.",
    "One of several suspects was released on Monday.",
    "A group of terrorists attacked the base in 2017.",
    "Prices rose 25% in 2024 under article 12 of the budget law.",
    "The EU pledged $5 million and 3 million euros in aid.",
    "For information call +223 20 22 33 44.",
    "The 25-year-old returned home at 5 a.m. on Sept. 17.",
    "L'un des assaillants a été abattu.",
    "Les combats des 20 et 21 janvier ont été les plus violents.",
    "Une attaque a visé le camp de Kati.",
    "Security Council resolution 2719 was adopted on 21 December.",
    "The M23 rebellion has deep roots in the region.",
    "Nobody knows when the talks will resume.",
    "",
]


@pytest.mark.parametrize("sentence,expected", ENGLISH + FRENCH)
def test_figures(sentence, expected):
    assert summary(sentence) == expected


@pytest.mark.parametrize("sentence", NEGATIVES)
def test_no_spurious_figures(sentence):
    assert summary(sentence) == []


def test_text_spans_include_the_toll_word():
    figs = extract_figures("More than 70 dead and 12 wounded, the daily Le Sahélien reported.")
    assert [f.text for f in figs] == ["More than 70 dead", "12 wounded"]
    assert figs[0].to_dict() == {"kind": K, "min": 71, "max": None, "approximate": True,
                                 "text": "More than 70 dead", "revision": False, "previous": None}


def test_year_followed_by_people_is_a_count():
    assert summary("More than 2000 people fled the camp overnight.") == [(D, 2001, None, True)]


@pytest.mark.parametrize("words,value", [
    ("twenty", 20), ("1,200", 1200), ("1 200", 1200), ("1\u00a0200", 1200), ("1\u202f200", 1200),
    ("1.200", 1200), ("vingt-cinq", 25), ("three hundred", 300), ("2.5 million", 2500000),
    ("2,5 millions", 2500000), ("twenty-five", 25), ("two hundred and fifty", 250),
    ("deux cents", 200), ("soixante-dix", 70), ("soixante et onze", 71), ("quatre-vingts", 80),
    ("quatre-vingt-dix-sept", 97), ("mille deux cents", 1200), ("a hundred", 100),
    ("seize", 16), ("cent", 100), ("zero", 0),
])
def test_parse_number(words, value):
    assert parse_number(words) == value


@pytest.mark.parametrize("words", ["", "banana", "12.5", "9" * 5000, "one " * 50, None, "3 apples"])
def test_parse_number_rejects(words):
    assert parse_number(words) is None


def fig(lo, hi):
    return Figure(K, lo, hi, True, "x", 0, 1)


@pytest.mark.parametrize("a,b,ok", [
    (fig(77, 77), fig(71, None), True),      # "77 killed" vs "more than 70 dead"
    (fig(77, 77), fig(90, 110), False),      # "77 killed" vs "about 100 killed"
    (fig(0, 0), fig(10, None), False),       # "no casualties" vs "heavy casualties"
    (fig(None, 30), fig(12, 12), True),      # "up to 30" vs "12"
    (fig(None, 9), fig(0, 0), True),
    (fig(20, 30), fig(31, 40), False),
])
def test_bounds_compatible(a, b, ok):
    assert bounds_compatible(a, b) is ok
    assert bounds_compatible(b, a) is ok


def test_kinds_are_declared():
    all_kinds = {k for _, exp in ENGLISH + FRENCH for k, *_ in exp}
    assert all_kinds <= set(KINDS)


def test_offsets_match_text():
    for sentence, _ in ENGLISH + FRENCH:
        prev_end = 0
        for f in extract_figures(sentence):
            assert sentence[f.start:f.end] == f.text
            assert f.start >= prev_end
            prev_end = f.end


# --- robustness: these only need to finish quickly without raising ---------
@pytest.mark.parametrize("junk", [
    "9" * 5000,
    "killed " + "9" * 5000 + " people",
    "1,000," * 20000,
    "one " * 50000,
    "\u202f".join(["12"] * 20000),
    "more than " * 20000 + "5",
    "\x00\ud800\U0001f600 ٣٤ 東京 " * 5000,
    ("At least 77 people were killed; " * 40000)[:1_000_000],
    "- " * 200000 + "20",
])
def test_robust_on_garbage(junk):
    t0 = time.monotonic()
    figs = extract_figures(junk)
    assert time.monotonic() - t0 < 20
    for f in figs:
        assert junk[f.start:f.end] == f.text


def test_non_string_input():
    assert extract_figures(None) == []


@pytest.mark.parametrize("sentence, expected", [
    ('The group said its fighters had killed “hundreds” of soldiers.', [("killed", 200, 999)]),
    ('It claimed they had killed "hundreds" of enemy soldiers.', [("killed", 200, 999)]),
    ("L'état-major a fait état de « quelques pertes » dans les rangs.", []),
    ("No overall casualty toll was available on Monday.", []),
    ("Aucun bilan officiel n'a été communiqué.", []),
])
def test_quoted_quantities_and_unavailable_tolls(sentence, expected):
    assert [(f.kind, f.min, f.max) for f in extract_figures(sentence)] == expected


def test_a_distance_in_streets_is_not_a_toll():
    sentence = "“They came at dawn,” said Mr. Oumar Coulibaly, a trader who lives two streets from the school."
    assert extract_figures(sentence) == []


@pytest.mark.parametrize("sentence, expected", [
    ("Gunmen kidnapped 41 pupils from the school in Mafou overnight.", [("abducted", 41, 41)]),
    ("Les assaillants ont enlevé 35 élèves du collège de Mafou.", [("abducted", 35, 35)]),
    ("Selon le proviseur, 287 des 612 internes manquaient à l'appel samedi matin.", [("missing", 287, 287)]),
    ("The head teacher said 287 of the school's 612 boarders were unaccounted for.", [("missing", 287, 287)]),
    ("Twelve of the 40 passengers drowned when the canoe overturned.", [("killed", 12, 12)]),
    ("Douze des quarante passagers sont morts noyés.", [("killed", 12, 12)]),
])
def test_abductions_and_a_part_of_a_whole(sentence, expected):
    """A kidnapping counts the abducted; in "287 of the 612 boarders" only the part is a count."""
    assert [(f.kind, f.min, f.max) for f in extract_figures(sentence)] == expected


@pytest.mark.parametrize("sentence, expected", [
    # a number of things, whatever dies later in the sentence
    ("Only two of the hospital's dialysis machines work, and several children died while waiting.", []),
    ("Deux des appareils fonctionnent encore, et des enfants sont morts faute de soins.", []),
    ("Twelve of the soldiers were killed.", [("killed", 12, 12)]),
    ("Two of them died in hospital.", [("killed", 2, 2)]),
    # people "taken" in a kidnapping are abducted; "taken to hospital" counts nobody abducted
    ("The head teacher said 41 pupils had been taken.", [("abducted", 41, 41)]),
    ("Twelve people were taken to hospital.", [("other", 12, 12)]),
])
def test_things_counted_and_people_taken(sentence, expected):
    assert [(f.kind, f.min, f.max) for f in extract_figures(sentence)] == expected


def test_the_first_deaths_are_the_start_of_a_toll_not_a_toll():
    from workbench.analyse.frames import population
    assert population("They wrote to the ministry after the first three deaths.", "three deaths") == "first victims"
    assert population("« Nous avons écrit après les trois premiers décès »", "trois premiers décès") == "first victims"
    assert population("At least 77 people were killed.", "77 people were killed") is None


@pytest.mark.parametrize("sentence, expected", [
    # a prison break counts the escaped, and the inmates are people, not people arrested
    ("At least 131 inmates escaped from the central prison, the ministry said.", [("escaped", 131, None)]),
    ("The governor put the number of escapees at 46.", [("escaped", 46, 46)]),
    ("Le ministère a annoncé l'évasion de 118 détenus.", [("escaped", 118, 118)]),
    ("Quarante-six détenus se sont évadés mardi soir.", [("escaped", 46, 46)]),
    ("La prison, construite pour 350 détenus, en accueillait 914.", [("other", 350, 350)]),
    # none of the people named: an explicit zero
    ("No prison guard was killed, the ministry said, though three were wounded.",
     [("killed", 0, 0), ("injured", 3, 3)]),
    ("Aucun gardien n'a été tué, a précisé le ministère.", [("killed", 0, 0)]),
    ("No civilians have been killed since Monday.", [("killed", 0, 0)]),
])
def test_escapes_inmates_and_zeros_of_named_people(sentence, expected):
    assert [(f.kind, f.min, f.max) for f in extract_figures(sentence)] == expected


@pytest.mark.parametrize("sentence, revised", [
    ("Deux corps ont été remontés vendredi, ce qui porte le bilan à six morts, selon la ministre.", [False, True]),
    ("Two more victims died in hospital, bringing the official toll to 23.", [False, True]),
    ("The discovery of four bodies takes the number of dead to 40.", [False, True]),
    ("Le porte-parole a indiqué que douze personnes étaient mortes.", [False]),  # "porte-" is no verb
])
def test_a_toll_brought_to_a_new_value_is_a_revision(sentence, revised):
    """"brings the toll to", « ce qui porte le bilan à »: the present tense updates a series as the past does."""
    assert [figure.revision for figure in extract_figures(sentence)] == revised


@pytest.mark.parametrize("sentence, parts", [
    ("Soixante et un blessés étaient encore hospitalisés mardi, dont neuf en réanimation.", [False, True]),
    ("The hospital said it had admitted 40 injured people, six of them in a critical condition.", [False, True]),
    ("Quatre d'entre eux sont dans un état grave, a-t-on appris de même source.", [True]),
    ("Parmi les morts figurent trois sapeurs-pompiers.", [True]),
    ("Douze blessés restent hospitalisés en réanimation.", [False]),
    ("At least 77 people were killed and 30 injured.", [False, False]),
])
def test_a_part_of_a_larger_count_is_told_apart(sentence, parts):
    from workbench.analyse.figures import is_part
    assert [is_part(sentence, figure.text) for figure in extract_figures(sentence)] == parts
