"""Conflicts and corroborations without a figure: the sides a sentence takes on one question
about an incident (warned or not, preventable or not, who the dead were, a finding and its
rejection...), and the small exact details two tellings share across languages.

Every sentence here is written for these tests (a dam burst in an invented valley, a mine
shooting, a hospital fire); none comes from a labelled evaluation set."""
import pytest

from workbench.analyse.details import clock_times, details
from workbench.analyse.propositions import stances
from workbench.ingest import analyse_sentence
from workbench.relate.stance import compare


def claim(text, event="dam"):
    analysed = analyse_sentence(text, speaker_outlet="Test Outlet")
    analysed["event_id"] = event
    return analysed


def sides(text):
    return {stance.family: stance.holds for stance in stances(text)}


@pytest.mark.parametrize("text, family, holds", [
    ("The water board said an evacuation order had been issued at dawn.", "warned", True),
    ("Residents of Lower Moravu said no warning of any kind reached the village.", "warned", False),
    ("Le maire assure n'avoir reçu aucune alerte avant la rupture du barrage.", "warned", False),
    ("« L'alerte a bien été envoyée par SMS à 6 h 10 », maintient l'agence.", "warned", True),
    ("The engineers' report calls the collapse avoidable.", "preventable", True),
    ("« C'est une catastrophe naturelle que personne ne pouvait prévoir », a déclaré le ministre.", "preventable", False),
    ("The dam operator said the rain alone was to blame.", "preventable", False),
    ("The judge said the collapse was not an act of God.", "preventable", True),
    ("At no time did the guards use live ammunition, the company said.", "live_fire", False),
    ("Les gardes n'ont fait usage d'aucune arme létale, selon la direction.", "live_fire", False),
    ("Most of the victims died of gunshot wounds, the pathologist said.", "live_fire", True),
    ("The company says those killed had taken part in \"armed looting\" of the depot.", "victims_civilian", False),
    ("Parmi les victimes figure une vendeuse de 40 ans qui ne participait à aucune violence.", "victims_civilian", True),
    ("\"This report is biased and politically motivated,\" the company's lawyer said.", "finding_stands", False),
    ("L'entreprise conteste toute surcharge du camion.", "overloaded", False),
    ("The bus was carrying twice its licensed capacity, police said.", "overloaded", True),
])
def test_a_sentence_takes_a_side(text, family, holds):
    assert sides(text).get(family) is holds, stances(text)


@pytest.mark.parametrize("text", [
    "The dam burst shortly before noon on Sunday.",               # no question taken up
    "Some of the dead were miners, others were passers-by and a few were armed guards.",  # both sides: none
    "\"We have reviewed the report,\" the company said.",         # a report named, not rejected
    "Civilians fled the valley on foot.",                           # civilians, but not said of the dead
])
def test_a_sentence_that_takes_no_side(text):
    assert not {"warned", "preventable", "victims_civilian", "finding_stands"} & set(sides(text))


@pytest.mark.parametrize("a, b, label, code", [
    ("The regional governor said no warning had been given before the gates were opened.",
     "Selon la commission, l'avis d'évacuation a bien été diffusé à 5 h 30 par la radio locale.", "conflicts",
     "warned_disagree"),
    ("The interior ministry said those killed were looters who had attacked the depot.",
     "Selon leurs familles, les victimes étaient des enfants qui rentraient de l'école.", "conflicts",
     "victims_civilian_disagree"),
    ("The inquiry concluded that the collapse was avoidable.",
     "« Ce drame était évitable », a déclaré la présidente de la commission.", "corroborates", "preventable_agree"),
    ("The commission found that the spillway had been blocked for months.",
     "\"A one-sided report written to find a scapegoat,\" the operator's lawyer said of the commission's findings.",
     "conflicts", "finding_stands_disagree"),
    ("Le couvre-feu a été fixé de 20h00 à 5h30 dans toute la vallée.",
     "The curfew runs from 8 p.m. to 5.30 a.m. across the valley, the governor said.", "corroborates",
     "details_agree"),
])
def test_non_numeric_relations_say_why(a, b, label, code):
    relation = compare(claim(a), claim(b))
    assert relation.label == label, relation
    assert code in relation.codes, relation


def test_a_person_held_or_free_only_about_the_same_person():
    held = claim("The opposition says Mr Halvo has been under house arrest since Friday.")
    free = claim("\"Mr Halvo is completely free to come and go,\" a government spokesman said.")
    other = claim("\"Ms Dorin is completely free to come and go,\" a government spokesman said.")
    assert compare(held, free).label == "conflicts"
    assert "detained_disagree" not in compare(held, other).codes


def test_different_incidents_never_conflict_on_a_proposition():
    a = claim("No warning was given before the dam burst, residents said.", event="dam")
    b = claim("The agency said it had issued a flood warning on Saturday.", event="another flood")
    assert compare(a, b).label == "unrelated"


@pytest.mark.parametrize("text, times", [
    ("The boat left at about 1 p.m.", {"13:00"}),
    ("Le bateau est parti vers 13h00.", {"13:00"}),
    ("It struck at 5.40 p.m. and again at 9 a.m.", {"17:40", "09:00"}),
    ("peu après 15 heures", {"15:00"}),
])
def test_clock_times_read_alike_in_both_languages(text, times):
    assert clock_times(text) == times


def test_details_leave_out_years_dates_small_numbers_and_tolls():
    text = "On 9 March 2024, 340 tonnes of cement and 4 trucks were lost; 27 people died."
    assert details(text, frozenset({27})) == {"340"}
    assert "12 years" in details("condamné à douze ans de prison") & details("sentenced to 12 years in prison")


@pytest.fixture
def demo(demo_store, embedder, tmp_path):
    """A copy of the demo corpus ingested with the real model."""
    import shutil

    from workbench import Workbench

    shutil.copy(demo_store / "claims.db", tmp_path / "claims.db")
    shutil.copytree(demo_store / "indexes", tmp_path / "indexes")
    with Workbench(tmp_path / "claims.db", tmp_path / "indexes", embedder=embedder) as workbench:
        yield workbench


def _claim_of(wb, outlet_title_word, needle):
    article = next(a for a in wb.articles() if outlet_title_word in (a["title"] or ""))
    return next(c for c in wb.claims(article_id=article["id"]) if needle in c["text"]), article


def test_a_follow_up_six_months_on_joins_the_story_and_its_denial_conflicts_across_languages(demo):
    """The README's example: the ministry's « aucune alerte » against the inquiry's warning, found
    by similar at k = 1 although the two sentences share no words."""
    denial, follow_up = _claim_of(demo, "rejette les conclusions", "Aucune alerte")
    finding, inquiry = _claim_of(demo, "MPs say the gendarmerie school", "written warning")
    first_report = next(a for a in demo.articles() if a["published"] == "2024-09-17")
    events = {demo.article(a["id"])["event_id"] for a in (first_report, follow_up, inquiry)}
    assert len(events) == 1, "the March 2025 follow-ups belong to the September 2024 story"
    [top] = demo.similar(denial["id"], k=1)
    assert top["claim"]["id"] == finding["id"] and top["relation"] == "conflicts"
    assert any("no warning or order was given" in reason for reason in top["reasons"]), top["reasons"]
    assert denial["speaker"] and "ministr" in denial["speaker"].lower()  # not a word inside the quote


# --- a vote, a ransom, a rescue, an inspection (a bridge collapse, a hostage story, a governor's poll) ----

@pytest.mark.parametrize("text, family, holds", [
    ("The opposition alliance said the governorship vote had been rigged in three districts.", "fraud", True),
    ("Les observateurs de la mission régionale ont jugé le scrutin libre et transparent.", "fraud", False),
    ("The electoral board denied any fraud and said the count would stand.", "fraud", False),
    ("L'opposition dénonce un bourrage d'urnes dans le sud du pays.", "fraud", True),
    ("Observers said the poll was free and fair.", "fraud", False),
    ("A negotiator said a ransom of 80 million francs had been paid to the gang.", "ransom_paid", True),
    ("« Pas un seul franc n'a été versé », a assuré le ministre de l'Intérieur.", "ransom_paid", False),
    ("The government does not pay ransoms, the minister said.", "ransom_paid", False),
    ("Le gouvernement a démenti le versement de toute rançon.", "ransom_paid", False),
    ("The army said the seven engineers were rescued in a dawn raid on the camp.", "freed_by_force", True),
    ("The engineers said their captors simply let them go near the border.", "freed_by_force", False),
    ("« Il n'y a pas eu d'assaut : les ravisseurs nous ont relâchés », raconte l'un des otages.", "freed_by_force", False),
    ("Les forces spéciales ont donné l'assaut au campement peu avant l'aube.", "freed_by_force", True),
    ("The ministry said the bridge had been inspected in March.", "inspected", True),
    ("The inquiry found the bridge had never been inspected since it opened.", "inspected", False),
    ("The span was reopened in 2019 without a single inspection, engineers said.", "inspected", False),
])
def test_more_questions_a_report_takes_a_side_on(text, family, holds):
    assert sides(text).get(family) is holds


def test_free_and_fair_is_not_a_person_set_free():
    assert "detained" not in sides("Observers said the election was free and fair.")


@pytest.mark.parametrize("a, b, code", [
    ("The army said the seven engineers were rescued in a dawn raid on the camp.",
     "« Personne ne nous a sauvés, ils nous ont simplement laissés partir », dit un ingénieur.", "freed_by_force_disagree"),
    ("The opposition said the vote had been rigged in the capital.",
     "La mission d'observation juge le scrutin crédible et transparent.", "fraud_disagree"),
    ("A security source said a ransom had been paid to the kidnappers on Sunday.",
     "The minister said not a single franc had been paid.", "ransom_paid_disagree"),
])
def test_opposite_sides_of_a_hostage_or_vote_question_conflict(a, b, code):
    relation = compare(claim(a, "hostages"), claim(b, "hostages"))
    assert relation.label == "conflicts" and code in relation.codes


# --- shares of a vote ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Turnout was 61%, the electoral board said.", [("turnout", 61.0)]),
    ("La participation s'établit à 38 %, selon les observateurs.", [("turnout", 38.0)]),
    ("Governor Amoussa won 54.3% of the vote.", [("amoussa", 54.3)]),
    ("Selon la commission, Amoussa obtient 54,3 % des suffrages exprimés.", [("amoussa", 54.3)]),
    ("By noon 54% of polling stations had reported.", []),
    ("Inflation reached 12% last year, the central bank said.", []),
])
def test_turnout_and_vote_shares(text, expected):
    from workbench.analyse.shares import shares

    assert [(share.subject, share.value) for share in shares(text)] == expected


def test_two_shares_of_one_candidate_conflict_and_the_same_share_corroborates():
    official = claim("The electoral board said Governor Amoussa won 54.3% of the vote.", "poll")
    rival = claim("The opposition says Amoussa was credited with only 47 per cent of the ballots.", "poll")
    french = claim("Selon la commission, Amoussa obtient 54,3 % des suffrages exprimés.", "poll")
    conflict = compare(official, rival)
    assert conflict.label == "conflicts" and "shares_disagree" in conflict.codes
    assert "Amoussa's share of the vote: 54.3% vs 47 per cent" in conflict.reasons
    agreement = compare(official, french)
    assert agreement.label == "corroborates" and "shares_agree" in agreement.codes
    assert compare(official, claim("Turnout was 61%, the board said.", "poll")).label == "related"
