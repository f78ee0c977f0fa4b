"""The counterpart ranker: which candidates of one relation a fact-checker sees first."""
import json

import pytest

from workbench.encode.embed import calibration
from workbench.errors import EnvironmentProblem
from workbench.ingest import analyse_sentence
from workbench.relate import combine
from workbench.search import order

ANCHOR = "The mining company denied that any worker had been left underground when the shaft was sealed."
COUNTERPART = ("Un mineur affirme avoir vu deux collègues, un foreur et un électricien, rester au fond du puits "
               "quand celui-ci a été fermé.")
ELSEWHERE = "The mine's canteen had reopened on the Monday before the collapse, its manager said."


def claim(text, language):
    analysed = analyse_sentence(text, speaker_outlet="Test Outlet")
    analysed.update(language=language, published="2026-06-10", event_id=1, story_id=1)
    return analysed


def test_closeness_is_a_place_among_the_candidates_not_a_share():
    standing = order.closeness([0.2, 0.9, 0.5, 0.1])
    assert [s["closest_3"] for s in standing] == [1.0, 1.0, 1.0, 0.0]
    assert standing[1]["closeness"] == 1.0 and standing[0]["closeness"] == pytest.approx(1 / 1.2)
    longer = order.closeness([0.2, 0.9, 0.5, 0.1] + [0.0] * 50)  # a longer tail leaves the places alone
    assert [s["closeness"] for s in longer[:4]] == [s["closeness"] for s in standing]
    assert order.closeness([]) == []


def test_a_counterpart_in_the_other_language_outranks_another_aspect(embedder):
    """The miner who saw two colleagues left below answers the company's denial; the canteen's hours do not."""
    anchor, counterpart, elsewhere = claim(ANCHOR, "en"), claim(COUNTERPART, "fr"), claim(ELSEWHERE, "en")
    vectors = embedder.encode([anchor["text"], counterpart["text"], elsewhere["text"]])
    cosines = [float(vectors[0] @ vectors[1]), float(vectors[0] @ vectors[2])]
    standing = order.closeness(cosines)
    scores = [order.score({**combine.features(anchor, other, embedder.calibrate(cosine)), **place})
              for other, cosine, place in zip((counterpart, elsewhere), cosines, standing)]
    assert scores[0] > scores[1]


def test_within_each_relation_similar_lists_the_likeliest_counterpart_first(demo_copy, make_workbench):
    workbench = make_workbench()
    anchor = next(c for c in workbench.claims() if "airport" in c["text"])
    results = workbench.similar(anchor["id"], k=0)
    stored = workbench.claim(anchor["id"])
    cosines = [r["score"] for r in results]
    standing = order.closeness(cosines)
    calibrate = calibration(workbench.model)
    score = {r["claim"]["id"]: order.score({**combine.features(stored, r["claim"], calibrate(r["score"]), tuple(r["codes"])),
                                            **place})
             for r, place in zip(results, standing)}
    for relation in ("conflicts", "corroborates", "related"):
        ruled = [score[r["claim"]["id"]] for r in results
                 if r["relation"] == relation and not any(code.startswith("weighed_") for code in r["codes"])]
        assert ruled == sorted(ruled, reverse=True), relation


def test_the_shipped_ranker_names_every_feature_and_its_cross_validation():
    fitted = order.weights()
    assert fitted["features"] == list(order.FEATURES) and len(fitted["coef"]) == len(order.FEATURES)
    assert set(combine.FEATURES) < set(order.FEATURES)
    assert "end to end" in fitted["cross_validated"]["ranked"]


@pytest.mark.parametrize("module, path, what", [(combine, "WEIGHTS_PATH", "stance weights"),
                                                (order, "ORDER_PATH", "ranking weights")])
@pytest.mark.parametrize("content", [None, "{not json", json.dumps({"features": ["similarity"]})])
def test_missing_or_foreign_weights_are_an_environment_problem(tmp_path, monkeypatch, module, path, what, content):
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
