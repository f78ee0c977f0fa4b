"""Relations a story that runs for days and months needs (issue 15): a count that moves on is not a
contradiction, a count revised down is; "no deaths" is denied by the dead, numbered or not; and the
articles of one story stay one event across a two-month gap.  Sentences are invented."""
from __future__ import annotations

import pytest

from workbench.ingest import analyse_sentence
from workbench.relate.stance import compare


def claim(text: str, published: str, event: str = "mine") -> dict:
    analysed = analyse_sentence(text, speaker_outlet="Test Outlet")
    analysed.update(event_id=event, published=published)
    return analysed


@pytest.mark.parametrize("a, b, label, code", [
    # a cumulative count reported days apart, higher later: one count moving on
    (("Officials have recorded 640 cholera cases in the district.", "2024-12-06"),
     ("The ministry has recorded 1,208 cholera cases in the district.", "2024-12-19"), "related", "figures_later_count"),
    # the same numbers on the same day from two sources: rival figures for one moment
    (("Officials have recorded 640 cholera cases in the district.", "2024-12-06"),
     ("The ministry has recorded 1,208 cholera cases in the district.", "2024-12-06"), "conflicts", "figures_disagree"),
    # a later count out of all proportion is a rival claim, whatever the gap
    (("At least 12 miners were killed in the collapse, officials said.", "2025-02-10"),
     ("A rights group said at least 90 miners were killed in the collapse.", "2025-02-20"), "conflicts",
     "figures_disagree"),
    # a count may grow more the longer the story runs: 11 on day two and 71 four months on is an outbreak's toll
    (("The ministry confirmed 11 deaths from the contaminated syrup.", "2025-02-05"),
     ("The commission puts the final toll at 71 children who died after drinking the syrup.", "2025-06-18"),
     "related", "figures_later_count"),
    # but not the same jump within a fortnight
    (("The ministry confirmed 11 deaths from the contaminated syrup.", "2025-02-05"),
     ("Doctors said 71 children had died after drinking the syrup.", "2025-02-12"), "conflicts",
     "figures_exceed_total"),
    # people missing rise and fall as they are found: a changed count of the missing is no contradiction
    (("Thirty-eight miners are still missing.", "2025-02-12"), ("Eleven miners remain missing.", "2025-02-18"),
     "related", "figures_later_count"),
    # a final toll revised down later: a correction the desk must settle
    (("The toll now stands at 43 dead, officials said.", "2025-02-18"),
     ("An inquiry has revised the official death toll down to 41.", "2025-04-10"), "conflicts", "figures_corrected"),
    # "no deaths" against the dead, with or without a number
    (("« Aucun décès n'a été enregistré dans le camp », a déclaré le préfet.", "2025-01-08"),
     ("Residents said the bodies of two victims were buried at night.", "2025-01-09"), "conflicts",
     "figures_zero_vs_dead"),
    (("« Aucun décès n'a été enregistré dans le camp », a déclaré le préfet.", "2025-01-08"),
     ("Residents said bodies were buried at night without being counted.", "2025-01-09"), "conflicts",
     "figures_zero_vs_dead"),
])
def test_counts_over_a_story(a, b, label, code):
    relation = compare(claim(*a), claim(*b))
    assert relation.label == label and code in relation.codes, relation


def test_a_follow_up_months_later_joins_its_story_and_another_story_by_the_same_paper_does_not(wb):
    first = ("KALUNDE, 10 Feb (Copperbelt Courier) - At least 12 artisanal miners were killed when a cobalt pit "
             "collapsed at Kyamutoto near Kalunde, in Lualaba province. Lwanza Cobalt Mining holds the concession. "
             "Rescuers from Kalunde searched the Kyamutoto galleries through the night.")
    inquiry = ("KOLWEZI, 6 May (Le Courrier de Kolwezi) - La commission d'enquête sur l'effondrement de Kyamutoto, "
               "près de Kalunde, a conclu que Lwanza Cobalt Mining avait toléré l'accès au puits. Les familles de "
               "Kalunde attendent toujours des indemnités pour les victimes de Kyamutoto.")
    other = ("GOMA, 12 Feb (Copperbelt Courier) - Heavy rain flooded the Birere district of Goma, in North Kivu, "
             "where the Birere market was closed. Residents of Birere said the water reached the first floor.")
    for text, outlet, day in ((first, "Copperbelt Courier", "2025-02-10"), (other, "Copperbelt Courier", "2025-02-12"),
                              (inquiry, "Le Courrier de Kolwezi", "2025-05-06")):
        wb.ingest_text(text, outlet=outlet, published=day, source=f"{day}.txt")
    event_of = dict(wb.db.execute("SELECT source, event_id FROM articles").fetchall())
    assert event_of["2025-02-10.txt"] == event_of["2025-05-06.txt"], "an inquiry three months on is the same story"
    assert event_of["2025-02-12.txt"] != event_of["2025-02-10.txt"], "one paper's name does not join two stories"


def test_a_denial_that_shares_only_a_name_is_stored_for_the_claim_page(wb):
    """Ingest compares a claim with the story's claims that share a frame and, after them, with those
    that share a proper name: a government's denial and the witnesses it denies share no frame,
    and without it the claim page (which reads stored relations) would list nothing for them."""
    witnesses = ("KALUNDI, 3 Mar (Lakeland Post) - Rebels seized the Kalundi border post on Sunday. Witnesses in "
                 "Kalundi said Vasorian soldiers fought alongside the rebels during the assault.")
    denial = ("KALUNDI, 4 Mar (Courrier des Lacs) - The Vasorian government denied on Monday that any Vasorian "
              "soldiers had entered Kalundi, calling the reports fabricated.")
    first = wb.ingest_text(witnesses, outlet="Lakeland Post", published="2025-03-03", source="a.txt")
    second = wb.ingest_text(denial, outlet="Courrier des Lacs", published="2025-03-04", source="b.txt")
    [seen] = [c for c in wb.claims(article_id=first.article_id) if "fought alongside" in c["text"]]
    [denied] = [c for c in wb.claims(article_id=second.article_id) if "denied" in c["text"]]
    assert not set(seen["frames"]) & set(denied["frames"])  # no frame in common: only the name "Vasorian"
    stored = wb.matches(seen["id"])
    assert denied["id"] in [match["claim"]["id"] for group in stored.values() for match in group["matches"]]


def test_a_translation_that_shares_no_frame_and_no_name_is_stored_by_meaning(embedder, tmp_path):
    """With vectors, ingest also compares each claim with its nearest claims in meaning in the story:
    the French telling of an English sentence shares no frame and no name with it, and the claim page
    (stored relations only) would otherwise never list it.  Real model: this is about meaning."""
    from workbench import Workbench

    english = ("KORVANE, 3 May (Lakeside Wire) - Armed men attacked Korvane central prison before dawn on Sunday. "
               "The power went off a few minutes before the shooting began, residents said.")
    french = ("KORVANE, 3 mai (Écho du Selvo) - Des hommes armés ont attaqué la prison centrale de Korvane dimanche "
              "avant l'aube. Le courant a été coupé quelques minutes avant le début des tirs, selon des habitants.")
    with Workbench(tmp_path / "claims.db", tmp_path / "indexes", embedder=embedder) as wb:
        wb.init()
        first = wb.ingest_text(english, outlet="Lakeside Wire", published="2026-05-03", source="en.txt")
        second = wb.ingest_text(french, outlet="Écho du Selvo", published="2026-05-03", source="fr.txt",
                                language="fr")
        [power] = [c for c in wb.claims(article_id=first.article_id) if "power went off" in c["text"]]
        [courant] = [c for c in wb.claims(article_id=second.article_id) if "courant" in c["text"]]
        assert power["event_id"] == courant["event_id"]
        assert not power["frames"] and not courant["frames"]
        listed = {match["claim"]["id"] for group in wb.matches(power["id"]).values() for match in group["matches"]}
        assert courant["id"] in listed
