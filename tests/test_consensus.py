"""The frame board's consensus: which value most independent sources agree on, who stands apart, and which
figure conflicts are only a toll moving on (``relate.consensus``).  Claims are built from sentences the way
ingest reads them; the demo corpus (real model) checks the board and the dashboard end to end."""
from __future__ import annotations

import pytest

from workbench import Workbench
from workbench.ingest import analyse_sentence
from workbench.relate.consensus import (figures_conflict, moved_on, reading, source_keys, told_as_earlier,
                                        weigh_figures, weigh_positions)

_ids = iter(range(1, 10_000))


def claim(text: str, outlet: str = "Wire", article: int | None = None, published: str = "2024-09-18") -> dict:
    """A claim dict as stored: the sentence analysed (speaker, figures, frames) plus where it was published."""
    found = analyse_sentence(text, outlet)
    number = next(_ids)
    return {**found, "id": number, "article_id": article or number, "outlet": outlet, "published": published,
            "event_id": 1, "status": "unverified"}


def roles(weighed: dict) -> dict[int, str]:
    return weighed["roles"]


BAMAKO = [  # the demo's toll, told by seven sources in ten reports
    claim("More than 70 people were killed, a hospital source said.", "Sahel Wire", published="2024-09-17"),
    claim("Plus de 70 morts ont été enregistrés, selon des sources hospitalières.", "Le Fleuve"),
    claim("At least 77 people were killed, a security source told the agency.", "Herald"),
    claim("The toll stands at 77 dead, the governor said.", "Times"),
    claim("The group said its fighters had killed hundreds of people.", "Herald"),
    claim("In a video, JNIM said it had killed hundreds of people.", "Times"),
    claim("Around 100 people were killed, according to a confidential security document seen by Dispatch.",
          "Dispatch", article=900, published="2024-09-19"),
    claim("The document lists about 100 dead.", "Dispatch", article=900, published="2024-09-19"),
]


def test_the_consensus_is_the_range_most_independent_sources_cover():
    weighed = weigh_figures("killed", BAMAKO)
    band = weighed["band"]
    assert (band["low"], band["high"]) == (77, 77) and band["sources"] == 4  # 71+, 71+, 77+, 77
    assert [roles(weighed)[c["id"]] for c in BAMAKO[:4]] == ["agrees"] * 4
    outliers = {group["value"]: group for group in weighed["outliers"]}
    assert set(outliers) == {"~100", '200–999 ("hundreds")'}
    document = outliers["~100"]
    assert document["sources"] == ["a confidential security document seen by Dispatch"] and document["reports"] == 2
    assert weighed["split"] == [] and roles(weighed)[BAMAKO[7]["id"]] == "outlier"


def test_at_least_is_read_as_the_count_so_far_not_as_anything_above():
    """"At least 77" agrees with 77 and with "more than 70", not with "about 100" (``stance``'s reading)."""
    low, high = reading(BAMAKO[2]["figures"][0])
    assert low == 77 and 77 < high < 90
    lone = claim("About 100 people died, a doctor said.")
    weighed = weigh_figures("killed", [BAMAKO[2], BAMAKO[3], lone])
    assert weighed["band"]["low"] == 77 and roles(weighed)[lone["id"]] == "outlier"


def test_an_outlet_repeating_the_source_it_cites_is_that_source_again():
    keys = source_keys(BAMAKO[6:], lambda a, b: True)
    assert keys[BAMAKO[6]["id"]] == keys[BAMAKO[7]["id"]]
    elsewhere = claim("The document lists about 100 dead.", "Other paper", article=901)
    keys = source_keys([BAMAKO[6], elsewhere], lambda a, b: True)
    assert keys[BAMAKO[6]["id"]] != keys[elsewhere["id"]]  # another outlet's own voice is its own source
    disagreeing = source_keys(BAMAKO[6:], lambda a, b: False)
    assert disagreeing[BAMAKO[6]["id"]] != disagreeing[BAMAKO[7]["id"]]  # saying something else: not a repeat


def test_one_source_repeated_by_many_reports_counts_once():
    repeats = [claim("At least 30 people were killed, the army said.", outlet, published="2024-09-18")
               for outlet in ("A", "B", "C", "D")]
    others = [claim("About 50 people were killed, a doctor said."), claim("Around 50 people died, a nurse said.")]
    weighed = weigh_figures("killed", repeats + others)
    assert weighed["band"]["low"] >= 45 and weighed["band"]["sources"] == 2  # two sources beat one told four times
    assert weighed["outliers"][0]["reports"] == 4 and weighed["outliers"][0]["sources"] == [repeats[0]["speaker"]]


def test_as_many_sources_behind_two_values_is_a_split_with_no_outlier():
    a = claim("At least 700 people were killed, the U.N. said.", published="2025-01-31")
    b = claim("More than 2,000 people were killed, the health ministry said.", published="2025-02-05")
    weighed = weigh_figures("killed", [a, b])
    assert weighed["band"] is None and len(weighed["split"]) == 2
    assert set(roles(weighed).values()) == {"split"} and weighed["outliers"] == []
    assert [group["value"] for group in weighed["sides"]] == ["at least 700", "at least 2001"]


def test_a_count_told_as_an_earlier_one_is_superseded_not_an_outlier():
    earlier = claim("In the first days of fighting, hospital officials had reported just over 100 dead.",
                    published="2025-02-05")
    later = [claim("At least 700 people were killed, the U.N. said.", outlet) for outlet in ("A", "B")]
    other = claim("At least 700 people had been killed, the Red Cross said.")
    weighed = weigh_figures("killed", [earlier, *later, other])
    assert roles(weighed)[earlier["id"]] == "earlier" and weighed["outliers"] == []
    assert weighed["band"]["low"] == 700 and weighed["band"]["sources"] == 2


def test_a_source_replaced_by_its_own_later_count_is_earlier():
    first = claim("Twelve people were killed, the governor said.", published="2024-03-01")
    then = claim("Forty people were killed, the governor said.", published="2024-03-04")
    weighed = weigh_figures("killed", [first, then])
    assert roles(weighed) == {first["id"]: "earlier", then["id"]: "agrees"}


def test_a_count_of_only_some_of_the_dead_is_a_part_unless_it_exceeds_the_whole():
    whole = [claim("At least 700 people were killed, the U.N. said."), claim("About 700 people died, a doctor said.")]
    peacekeepers = claim("Thirteen peacekeepers were killed, the U.N. said.")
    soldiers = claim("The group said its fighters had killed hundreds of soldiers.", published="2024-09-18")
    small = [claim("At least 77 people were killed, a security source said."),
             claim("Seventy-seven people died, a hospital source said.")]
    assert roles(weigh_figures("killed", [*whole, peacekeepers]))[peacekeepers["id"]] == "part"
    assert roles(weigh_figures("killed", [*small, soldiers]))[soldiers["id"]] == "outlier"  # 200+ soldiers > 77 dead


def test_told_as_earlier_reads_the_report_not_the_comparison():
    assert told_as_earlier("Hospital officials had reported just over 100 dead.")
    assert told_as_earlier("Mardi, les responsables hospitaliers faisaient encore état de plus de 100 morts.")
    assert told_as_earlier("The army had initially put the toll at 20.")
    assert not told_as_earlier("More than 2,000 were killed, a toll far higher than any previously given.")
    assert not told_as_earlier("At least 700 people had been killed, the U.N. said.")


def test_a_toll_moving_on_is_not_a_conflict_but_rival_tolls_are():
    earlier = claim("In the first days of fighting, hospital officials had reported just over 100 dead.",
                    published="2025-02-05")
    later = claim("At least 700 people were killed in the battle for Goma, the U.N. said.", published="2025-02-01")
    assert moved_on("killed", earlier, later) and not figures_conflict(earlier, later)
    rival = claim("More than 2,000 people were killed in the battle for Goma, the health ministry said.",
                  published="2025-02-01")
    assert not moved_on("killed", later, rival) and figures_conflict(later, rival)


CONTROL = [("JNIM said its fighters held the military airport.", "A"),
           ("The army said the situation was under control.", "A"),
           ("The government denied that the airport had been taken.", "B"),
           ("A senior official said the airport was under army control.", "C"),
           ("JNIM said its fighters had seized the airport.", "D")]


def test_positions_count_independent_sources_and_mark_the_minority():
    claims = [claim(text, outlet) for text, outlet in CONTROL]
    weighed = weigh_positions("control", claims)
    sides = {position["code"]: position for position in weighed["positions"]}
    assert sides["defenders"]["sources"] == 3 and sides["defenders"]["role"] == "majority"
    assert sides["attackers"]["sources"] == 1 and sides["attackers"]["reports"] == 2  # JNIM, told twice
    assert sides["attackers"]["role"] == "minority" and "military airport" in sides["attackers"]["places"]
    assert {weighed["roles"][c["id"]] for c in claims if c["speaker"] == "JNIM"} == {"minority"}


def test_positions_with_as_many_sources_are_a_split():
    claims = [claim(text, outlet) for text, outlet in CONTROL[:2]]
    assert set(weigh_positions("control", claims)["roles"].values()) == {"split"}


# -- the demo corpus, ingested with the real model ------------------------------------------------------
@pytest.fixture(scope="module")
def demo(demo_store):
    with Workbench(demo_store / "claims.db", demo_store / "indexes") as wb:
        yield wb


def _frame(board: dict, name: str) -> dict:
    return next(frame for frame in board["frames"] if frame["frame"] == name)


def test_the_bamako_board_marks_the_document_and_the_claim_of_hundreds_only(demo):
    bamako = next(event["id"] for event in demo.events() if "Bamako" in event["label"])
    killed = _frame(demo.overview.event_board(bamako), "killed")
    weighed = killed["weighed"]
    assert (weighed["band"]["low"], weighed["band"]["high"]) == (77, 77) and weighed["band"]["sources"] >= 3
    outliers = {group["value"]: group["sources"] for group in weighed["outliers"]}
    assert outliers["~100"] == ["a confidential security document seen by Continental Dispatch"]
    marked = [value for value in killed["values"] if value["disagrees"]]
    assert 0 < len(marked) < len(killed["values"])
    assert not any(value["value"] in ("77", "at least 77", "at least 71") for value in marked)
    control = _frame(demo.overview.event_board(bamako), "control")
    minority = [p for p in control["weighed"]["positions"] if p["role"] == "minority"]
    assert len(minority) == 1 and 0 < sum(v["disagrees"] for v in control["values"]) < len(control["values"])


def test_the_goma_toll_update_is_no_conflict_on_the_board_or_the_dashboard(demo):
    goma = next(event["id"] for event in demo.events() if "Goma" in event["label"])
    killed = _frame(demo.overview.event_board(goma), "killed")
    earlier = [v for v in killed["values"] if v["role"] == "earlier"]
    assert earlier and all(v["value"] == "at least 101" and not v["disagrees"] for v in earlier)
    attention = demo.overview.attention(limit=1000)
    rows = [item["claim"]["id"] for group in attention["groups"] for item in group["claims"]]
    assert len(rows) == len(set(rows)) == attention["total"]  # one row per claim
    assert not {v["claim_id"] for v in earlier} & set(rows)  # "had reported just over 100" is the toll moving on
    ids, total = demo.overview.attention_queue(limit=1000)
    assert total == attention["total"] and set(ids) == set(rows)
