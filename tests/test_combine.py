"""The combiner: soft signs weighed where no rule decides, with the real model's similarity."""

import json

import pytest

from workbench.analyse import claim_types
from workbench.errors import EnvironmentProblem
from workbench.ingest import analyse_sentence
from workbench.model import LABELS
from workbench.relate import combine
from workbench.relate.stance import compare

MINISTER = ("The transport minister said the level crossing barrier had been working normally on the morning "
            "of the crash.")
INQUIRY = "L'enquête technique a établi que la barrière du passage à niveau était hors service depuis trois jours."
HOSPITAL = "The hospital said it had run out of blood for transfusions by the evening."
SPEED = "The train was travelling at about 140 km/h when it left the rails on the curve near Belmonte, the operator said."


def claim(text, language, published, event=1, story=1):
    analysed = analyse_sentence(text, speaker_outlet="Test Outlet")
    analysed.update(language=language, published=published, event_id=event, story_id=story)
    return analysed


def similarity(embedder, a, b):
    va, vb = embedder.encode([a["text"], b["text"]])
    return embedder.calibrate(float(va @ vb))


def test_an_inquiry_finding_against_a_ministers_word_is_weighed_a_conflict(embedder):
    """No figure, no proposition cue, no shared name: the rules leave it "related"; the weighed
    signs (a finding against an official statement, one side negated, close meaning) do not."""
    minister, inquiry = claim(MINISTER, "en", "2026-03-02"), claim(INQUIRY, "fr", "2026-06-20")
    close = similarity(embedder, minister, inquiry)
    assert compare(minister, inquiry, close, weighed=False).label == "related"
    relation = compare(minister, inquiry, close)
    assert relation.label == "conflicts" and relation.codes[0] == "weighed_conflict"
    assert relation.reasons[0].startswith("weighed as a conflict")
    assert sum(meaning in relation.reasons[0] for meaning in combine.FEATURES.values()) >= 2  # the signs that weighed most, named
    assert combine.features(minister, inquiry, close)["finding_against_other"] == 1.0


def test_another_aspect_of_the_incident_stays_related(embedder):
    hospital, speed = claim(HOSPITAL, "en", "2026-03-02"), claim(SPEED, "en", "2026-03-02")
    relation = compare(hospital, speed, similarity(embedder, hospital, speed))
    assert relation.label == "related" and not any(code.startswith("weighed") for code in relation.codes)


def test_only_pairs_of_one_incident_are_weighed(embedder):
    minister, elsewhere = claim(MINISTER, "en", "2026-03-02"), claim(INQUIRY, "fr", "2026-06-20", event=2, story=2)
    assert compare(minister, elsewhere, similarity(embedder, minister, elsewhere)).label == "unrelated"
    second = claim(INQUIRY, "fr", "2026-06-20", event=2, story=1)  # another derailment of the same story
    relation = compare(minister, second, similarity(embedder, minister, second))
    assert relation.label == "related" and "other_incident" in relation.codes


def test_no_similarity_no_weighing():
    minister, inquiry = claim(MINISTER, "en", "2026-03-02"), claim(INQUIRY, "fr", "2026-06-20")
    assert compare(minister, inquiry, None).label == "related"


def test_the_shipped_weights_name_every_feature_and_their_cross_validation():
    fitted = combine.weights()
    assert fitted["features"] == list(combine.FEATURES)
    assert sorted(fitted["classes"]) == sorted(label for label in LABELS if label != "unrelated")
    assert len(fitted["coef"]) == len(fitted["classes"]) and all(len(row) == len(combine.FEATURES) for row in fitted["coef"])
    assert 0.3 <= fitted["thresholds"]["conflicts"] < 1 and 0.3 <= fitted["thresholds"]["corroborates"] < 1
    assert "end to end" in fitted["cross_validated"]["after"]


DENIAL_EN = "The National Grain Office, which runs the distribution, denied that any sacks had been diverted."
DENIAL_FR = "L'Office national des grains a démenti « formellement » tout détournement de sacs de céréales."
WITNESS = "Traders at the river port said they had bought sacks of maize stamped with the office's seal."


def test_two_sides_denying_one_thing_lean_to_corroboration_not_conflict(embedder):
    """Both deny, the sources share a name across languages: the soft signs of one account, not two."""
    en, fr = claim(DENIAL_EN, "en", "2026-03-02"), claim(DENIAL_FR, "fr", "2026-03-03")
    values = combine.features(en, fr, similarity(embedder, en, fr))
    assert values["denial_both"] == 1.0 and values["negation_both"] == 1.0 and values["denial_one_side"] == 0.0
    assert values["speakers_alike"] == 1.0 and values["same_verb"] == 1.0 and values["contested_verb"] == 1.0
    probability = combine.probabilities(values)
    assert probability["corroborates"] > probability["conflicts"]


def test_two_negations_are_never_weighed_a_conflict():
    """Whatever the weights say, soft signs do not set one negation against another."""
    leaning_to_conflict = {"conflicts": 0.9, "corroborates": 0.05, "related": 0.05}
    thresholds = combine.weights()["thresholds"]
    assert combine.verdict(leaning_to_conflict, thresholds) == "conflicts"
    assert combine.verdict(leaning_to_conflict, thresholds, {"negation_both": 1.0}) is None
    assert combine.verdict(leaning_to_conflict, thresholds, {"negation_both": 0.0}) == "conflicts"


def test_two_tellings_of_one_denial_are_not_a_conflict(embedder):
    """ "No patient file left our servers" and « aucun dossier n'a été copié » deny the same thing."""
    en = claim("“No patient file left our servers,” the hospital group's director said on Monday.", "en", "2026-03-02")
    fr = claim("Le groupe hospitalier maintient qu'« aucun dossier de patient n'a été copié » sur ses serveurs.", "fr",
               "2026-03-09")
    assert compare(en, fr, similarity(embedder, en, fr)).label != "conflicts"


def test_a_denial_against_a_witness_is_one_sided_and_contested(embedder):
    denial, witness = claim(DENIAL_EN, "en", "2026-03-02"), claim(WITNESS, "en", "2026-03-04")
    close = similarity(embedder, denial, witness)
    values = combine.features(denial, witness, close)
    assert values["denial_one_side"] == 1.0 and values["denial_close"] == pytest.approx(close)
    assert values["denial_both"] == 0.0 and values["contested_verb"] == 1.0 and values["cross_language_close"] == 0.0


@pytest.mark.parametrize("text, absolute", [
    ("Every ward of the hospital had power throughout the night, the director said.", True),
    ("« Aucun détenu ne s'est évadé », a répondu l'administration pénitentiaire.", True),
    ("Les pompes fonctionnaient toutes, sans exception, selon la régie des eaux.", True),
    ("Eleven of the 40 pumps were still broken when the river rose.", False),
    ("Plusieurs pompes étaient encore en panne à la montée des eaux.", False),
])
def test_absolutes_in_both_languages(text, absolute):
    from workbench.analyse.propositions import absolute as speaks_in_absolutes
    assert speaks_in_absolutes(text) is absolute


@pytest.mark.parametrize("module, path, what", [(combine, "WEIGHTS_PATH", "stance weights"),
                                                (claim_types, "TYPES_PATH", "claim-type weights")])
@pytest.mark.parametrize("content", [None, "{not json", json.dumps({"features": ["similarity"]})])
def test_missing_or_foreign_weights_are_an_environment_problem(tmp_path, monkeypatch, module, path, what, content):
    """Fitted weights ship inside the package (``workbench.fitted``): without them the install is broken."""
    weights = tmp_path / "weights.json"
    if content is not None:
        weights.write_text(content, encoding="utf-8")
    monkeypatch.setattr(module, path, weights)
    module.weights.cache_clear()
    try:
        with pytest.raises(EnvironmentProblem, match=f"environment problem: the {what}"):
            module.weights()
    finally:
        module.weights.cache_clear()
