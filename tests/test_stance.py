"""Corroborate or conflict, and why: the figure, control, responsibility and denial rules."""
import pytest

from workbench.ingest import analyse_sentence
from workbench.relate.stance import compare, describe_figure


def claim(text, event="bamako", speaker=None):
    """A sentence analysed as the pipeline would store it, placed in an event."""
    analysed = analyse_sentence(text, speaker_outlet="Test Outlet")
    analysed["event_id"] = event
    if speaker:
        analysed["speaker"] = speaker
    return analysed


@pytest.mark.parametrize("a, b, label, reason", [
    ("77 people were killed in the attacks, a security source said.",
     "About 100 people were killed, according to a confidential document.", "conflicts", "killed: 77 vs ~100"),
    ("At least 77 people were killed in the attacks, a security source said.",
     "More than 70 people died in the attacks, hospital sources said.", "corroborates",
     "killed: at least 77 agrees with at least 71"),
    ("Two people were wounded in the clashes, the army said.",
     "Some 255 people were wounded, according to a security source.", "conflicts", "injured: 2 vs"),
    ("The general staff reported only a few losses among the troops.",
     "JNIM said it had killed hundreds of soldiers.", "conflicts", "killed:"),
    ("No one was killed in the attack, the governor said.",
     "Twelve people were killed in the attack, residents said.", "conflicts", "killed: 0 vs 12"),
    ("Selon une source sécuritaire, 77 personnes ont été tuées.",
     "A security source said 77 people had been killed.", "corroborates", "killed: 77 agrees with 77"),
    ("Environ 20 suspects ont été interpellés, selon l'armée.",
     "Around twenty suspects were arrested, the army said.", "corroborates", "arrested:"),
])
def test_figures_decide_and_say_which_figure(a, b, label, reason):
    relation = compare(claim(a), claim(b))
    assert relation.label == label
    assert any(reason in r for r in relation.reasons), relation.reasons


@pytest.mark.parametrize("a, b", [
    ("Twenty people were killed at the gendarmerie school, a medic said.",
     "In total, 77 people were killed across the two sites, a security source said."),
    ("The army said 30 attackers were killed.", "A security source said 77 people were killed."),
    ("Twelve people were wounded, a doctor said.", "Twelve people were killed, a doctor said."),
    ("Thirteen peacekeepers were killed in the fighting, the U.N. said.",
     "At least 700 people were killed in Goma, according to the U.N."),
    ("The death toll rose to 77 on Wednesday, officials said.", "On Tuesday officials said 20 people had died."),
])
def test_different_scope_kind_or_an_update_is_not_a_conflict(a, b):
    assert compare(claim(a), claim(b)).label != "conflicts"


def test_control_of_different_places_is_not_a_conflict():
    relation = compare(claim("JNIM said its fighters held the military airport for several hours."),
                       claim("The army said it had repelled the attack on the gendarmerie school."))
    assert relation.label == "related"


def test_subgroup_larger_than_the_whole_toll_conflicts():
    relation = compare(claim("Eighty soldiers were killed, a military source said."),
                       claim("Fifty people were killed in total, the governor said."))
    assert relation.label == "conflicts" and "exceed the whole toll" in relation.reasons[0]


@pytest.mark.parametrize("a, b, label", [
    ("JNIM asserted that its fighters had seized the military airport.",
     "The situation is under control, the army said.", "conflicts"),
    ("JNIM said its fighters held the military airport for several hours.",
     "The government denied that the airport had been taken.", "conflicts"),
    ("Le groupe jihadiste aurait pris le contrôle de l'aéroport militaire, selon des sources non confirmées.",
     "The army said the military airport was back under control by midday.", "conflicts"),
    ("M23 rebels said they had taken control of Goma and its airport.",
     "Residents and U.N. officials said M23 fighters now controlled Goma.", "corroborates"),
    ("JNIM said its fighters held the military airport for several hours.",
     "The army said it had repelled the attack on the military airport.", "conflicts"),
])
def test_control_claims(a, b, label):
    relation = compare(claim(a), claim(b))
    assert relation.label == label
    assert any("control of" in reason for reason in relation.reasons)


def test_two_ways_of_saying_the_airport_held_agree():
    relation = compare(claim("The airport never fell, an official said."),
                       claim("A government official denied that the airport had been taken at any point."))
    assert relation.label == "corroborates" and "both say the authorities hold it" in relation.reasons[0]


def test_responsibility_different_groups_conflict_same_group_corroborates():
    jnim = claim("JNIM claimed responsibility for the attack in a statement.")
    issp = claim("Officials blamed the Islamic State Sahel Province for the attack.")
    also_jnim = claim("L'attaque a été revendiquée par le JNIM.")
    conflict = compare(jnim, issp)
    assert conflict.label == "conflicts" and "responsibility: ISSP vs JNIM" in conflict.reasons[0] \
        or "responsibility: JNIM vs ISSP" in conflict.reasons[0]
    assert compare(jnim, also_jnim).label == "corroborates"


def test_denial_conflicts_with_the_assertion():
    troops = claim("U.N. experts said between 3,000 and 4,000 Rwandan troops were fighting alongside M23.", "goma")
    denial = claim("Rwanda denied that its troops were fighting alongside M23.", "goma")
    relation = compare(troops, denial, similarity=0.7)
    assert relation.label == "conflicts" and any("denies" in reason for reason in relation.reasons)


def test_two_denials_of_one_thing_agree_rather_than_conflict():
    """A denial conflicts with what someone asserts, not with a second telling of the same denial."""
    verb = claim("The hospital group denied any causal link between the cyberattack and the patient's death.", "ransom")
    words = claim("There was no causal link between the attack and the death, the group said again.", "ransom")
    relation = compare(verb, words, similarity=0.7)
    assert relation.label != "conflicts" and "denial" not in relation.codes


def test_different_events_never_conflict():
    relation = compare(claim("At least 77 people were killed.", "bamako"), claim("At least 700 people were killed.", "goma"))
    assert relation.label == "unrelated" and relation.reasons == ("different events",)


def test_syndicated_copy_corroborates_weakly_and_says_so():
    text = "The government denied that the airport had been taken, the wire agency reported."
    relation = compare(claim(text), claim(text))
    assert relation.label == "corroborates" and relation.confidence < 0.5
    assert any("syndicated copy" in reason for reason in relation.reasons)


def test_party_to_the_conflict_is_noted():
    own = claim("JNIM said its fighters had killed hundreds of soldiers.", speaker="JNIM")
    other = claim("A security source said 77 people had been killed.")
    assert any("party to the conflict" in reason for reason in compare(own, other).reasons)


def test_same_event_different_aspect_is_related():
    relation = compare(claim("Flights were suspended at the international airport for most of the day."),
                       claim("A security source said 77 people had been killed."))
    assert relation.label == "related"


@pytest.mark.parametrize("figure, text", [
    ({"min": 77, "max": 77, "approximate": False, "text": "77"}, "77"),
    ({"min": 90, "max": 110, "approximate": True, "text": "about 100"}, "~100"),
    ({"min": 71, "max": None, "approximate": True, "text": "more than 70"}, "at least 71"),
    ({"min": 24, "max": 99, "approximate": True, "text": "dozens"}, '24–99 ("dozens")'),
])
def test_figures_are_described_for_reasons(figure, text):
    assert describe_figure(figure) == text


def test_comparing_two_stored_claims_uses_their_stored_vectors_without_loading_the_model(tmp_path):
    """`workbench compare A B` on a cold CLI must not spend seconds loading a model it does not need."""
    from workbench import Workbench
    from conftest import HashEmbedder

    with Workbench(tmp_path / "claims.db", tmp_path / "indexes", embedder=HashEmbedder()) as writer:
        writer.ingest_text("Gunmen attacked the gendarmerie school in Bamako on Tuesday, the army said. At least "
                           "77 people were killed, according to a hospital source.", outlet="Sahel Wire",
                           published="2024-09-17")
        writer.ingest_text("Militants stormed a gendarmerie school in Bamako, officials said on Tuesday. Some "
                           "20 people were killed, the security ministry said.", outlet="Niger Post",
                           published="2024-09-17")
        toll_a, toll_b = [c["id"] for c in writer.claims() if c["claim_type"] == "casualty"][:2]
    with Workbench(tmp_path / "claims.db", tmp_path / "indexes", model=HashEmbedder.name) as reader:
        relation = reader.compare(toll_a, toll_b)
        assert relation.label == "conflicts"
        assert reader._embedder is None


# --- one space for two languages ------------------------------------------------------------------------

_TELLINGS = [  # (English, the same statement as a French report words it, another statement of the story)
    ("The education ministry ordered every boarding school in the district to close until further notice.",
     "Le ministère de l'Éducation a ordonné la fermeture de tous les internats du district jusqu'à nouvel ordre.",
     "Parents gathered outside the governor's office on Monday to demand news of their children."),
    ("The state does not pay ransoms and will not start now, the communication minister said.",
     "« L'État ne paie pas de rançon et ne commencera pas maintenant », a déclaré la ministre de la Communication.",
     "The attackers arrived on motorbikes shortly before midnight, residents said."),
]


@pytest.mark.parametrize("english, french, other", _TELLINGS)
def test_the_default_model_puts_a_french_telling_beside_the_english_one(embedder, english, french, other):
    """English and French reports of one story meet in one space: the French telling of a statement
    is nearer to it than another English statement of the same story, and reads as the same claim."""
    vectors = embedder.encode([english, french, other])
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2
    event = {"event_id": 1, "frames": []}
    a, b = {**analyse_sentence(english), **event}, {**analyse_sentence(french, "Radio Kirawa"), **event}
    relation = compare(a, b, embedder.calibrate(float(vectors[0] @ vectors[1])))
    assert relation.label == "corroborates" and "the same claim in other words" in relation.reasons[0]
    unrelated = compare(a, {**analyse_sentence(other), **event}, embedder.calibrate(float(vectors[0] @ vectors[2])))
    assert unrelated.label == "related"


def test_the_wounded_taken_to_hospital_is_no_claim_about_who_holds_a_place():
    """'taken to hospital' is where the wounded went, not a seizure (it was read as control)."""
    from workbench.analyse.frames import control_assertion

    assert control_assertion("He said the wounded had been taken to the Point G hospital.", "casualty") is None
    assert control_assertion("The town was taken by the rebels on Monday.", "control").holder == "attackers"


def test_a_part_of_a_count_is_no_rival_of_the_other_reports_total():
    """52 wounded on Monday, 61 "of whom nine in intensive care" on Wednesday: the hospital's count
    moving on, and nine is a part of the 61, no rival of the 52."""
    monday = claim("A nurse at the national hospital said its emergency ward had received 52 wounded people.")
    wednesday = claim("Soixante et un blessés étaient encore hospitalisés mercredi à l'hôpital national, dont neuf en "
                      "réanimation, selon sa direction.")
    monday["published"], wednesday["published"] = "2025-04-14", "2025-04-16"
    relation = compare(monday, wednesday)
    assert relation.label == "related" and "figures_later_count" in relation.codes
    assert "figures_disagree" not in relation.codes


def test_two_parts_of_one_size_agree():
    """The part meets the other report's part: nine in intensive care in both."""
    a = claim("Sixty-one injured people are still in hospital, nine of them in intensive care, the hospital said.")
    b = claim("L'hôpital compte encore cinquante-huit blessés, dont neuf en réanimation.")
    relation = compare(a, b)
    assert "each a part of a larger count" in " ".join(relation.reasons)


def test_a_weighed_conflict_with_a_denial_names_who_denies():
    troops = claim("U.N. experts said between 3,000 and 4,000 Rwandan troops were fighting alongside M23.", "goma")
    denial = claim("Rwanda denied that its troops were fighting alongside M23.", "goma")
    relation = compare(troops, denial, similarity=0.7)
    assert relation.codes[0] == "weighed_conflict"
    assert relation.reasons[0].startswith(f"{denial['speaker']} denies what {troops['speaker']} says; weighed as a conflict")
