"""Events group reports of one happening across languages; frames and the board line up their claims."""
import json
import re

import pytest

from workbench.cli import cli


@pytest.fixture
def demo_wb(wb):
    assert all(result.ok for result in wb.load_demo())
    return wb


def event_of(wb, outlet, title_word):
    [article] = [a for a in wb.articles() if a["outlet"] == outlet and title_word in (a["title"] or "")]
    return wb.article(article["id"])["event_id"]


def test_demo_reports_group_into_their_two_events_across_languages(demo_wb):
    events = demo_wb.events()
    assert sorted(e["articles"] for e in events) == [5, 8]  # Bamako: six reports of the week, two follow-ups in March
    by_event = {}
    for article in demo_wb.articles():
        by_event.setdefault(demo_wb.article(article["id"])["event_id"], set()).add(article["language"])
    assert all(languages == {"en", "fr"} for languages in by_event.values())
    bamako = next(e for e in events if e["articles"] == 8)
    assert "Bamako" in bamako["label"] and bamako["first_seen"] == "2024-09-17"


def test_an_attack_in_another_country_the_same_week_starts_its_own_event(demo_wb, data_dir):
    demo_events = {demo_wb.article(a["id"])["event_id"] for a in demo_wb.articles()}
    [result] = demo_wb.ingest([data_dir / "furniture_report.txt"], {"outlet": "Test Outlet",
                                                                     "published": "2024-09-20"})
    assert len(demo_wb.events()) == 3
    assert demo_wb.article(result.article_id)["event_id"] not in demo_events


def test_rename_merge_and_split(demo_wb):
    first, second = [e["id"] for e in demo_wb.events()]
    demo_wb.rename_event(first, "Bamako attack, 17 September 2024")
    assert demo_wb.events()[0]["label"] == "Bamako attack, 17 September 2024" and demo_wb.events()[0]["edited"]
    demo_wb.merge_events(first, [second])
    assert [e["articles"] for e in demo_wb.events()] == [13]
    goma_articles = [a["id"] for a in demo_wb.articles() if "goma" in (a["url"] or "")]
    new_id = demo_wb.split_event(first, goma_articles, "Goma")
    assert sorted((e["label"], e["articles"]) for e in demo_wb.events()) == [
        ("Bamako attack, 17 September 2024", 8), ("Goma", 5)]
    with pytest.raises(ValueError, match="not in event"):
        demo_wb.split_event(first, goma_articles)
    with pytest.raises(KeyError, match="event 999 does not exist"):
        demo_wb.rename_event(999, "x")
    assert new_id in {e["id"] for e in demo_wb.events()}


def test_board_lines_up_the_disputed_death_toll(demo_wb):
    bamako = next(e["id"] for e in demo_wb.events() if e["articles"] == 8)
    board = demo_wb.board(bamako)
    killed = next(frame for frame in board["frames"] if frame["frame"] == "killed")
    values = {value["value"] for value in killed["values"]}
    assert {"77", "~100"} <= values and any("hundreds" in value for value in values)
    assert not any("few" in value for value in values)  # "few losses" is a vague word, not a count
    assert killed["disputed"] and all({"speaker", "outlet", "published", "status"} <= set(v) for v in killed["values"])
    arrested = next(frame for frame in board["frames"] if frame["frame"] == "arrested")
    assert not arrested["disputed"]
    control = next(frame for frame in board["frames"] if frame["frame"] == "control")
    assert control["disputed"]


def test_claim_json_counts_sources_and_suggests_without_overwriting(demo_wb):
    claims = demo_wb.claims()
    toll = next(c for c in claims if "77" in c["text"] and c["language"] == "fr" and "killed" in c["frames"])
    assert toll["conflicts"] >= 2 and toll["suggested_status"] == "disputed" and toll["status"] == "unverified"
    arrests = [c for c in claims if "arrested" in c["frames"] and c["speaker"] == "Malian army"]
    assert len({c["outlet"] for c in arrests}) >= 5
    # five outlets repeating the army's figure are one source, not five
    assert all(c["corroborations"] == 1 and c["conflicts"] == 0 for c in arrests)
    assert all(c["suggested_status"] == "corroborated" for c in arrests)
    goma = next(c for c in claims if c["text"].startswith("M23 rebels now control Goma"))
    # residents, the U.N. and M23 agree; Kinshasa says its forces still hold positions
    assert goma["corroborations"] >= 2 and goma["conflicts"] >= 1 and goma["suggested_status"] == "disputed"
    assert all({"corroborations", "conflicts", "suggested_status", "frames", "event_id"} <= set(c) for c in claims)


def test_cli_board_events_and_compare(runner, tmp_path):
    assert runner.invoke(cli, ["demo", "--no-serve"]).exit_code == 0
    events = json.loads(runner.invoke(cli, ["events", "--json"]).output)
    assert len(events) == 2
    board = runner.invoke(cli, ["board", str(events[0]["id"])])
    assert board.exit_code == 0 and "killed   ⚠ values disagree" in board.output
    # weighed as the web board is: the consensus, and JNIM's "hundreds" an outlier from it
    assert re.search(r"killed   ⚠ values disagree\n  consensus 77 from \d+ independent sources\n", board.output)
    assert re.search(r'! 200–999 \("hundreds"\) +JNIM .* outlier +#\d+', board.output)
    data = json.loads(runner.invoke(cli, ["board", str(events[0]["id"]), "--json"]).output)
    killed = next(frame for frame in data["frames"] if frame["frame"] == "killed")
    [a, b] = [next(v["claim_id"] for v in killed["values"] if v["value"] == value) for value in ("77", "~100")]
    compared = runner.invoke(cli, ["compare", str(a), str(b)])
    assert compared.exit_code == 0 and compared.output.startswith("conflicts")
    assert "killed: 77 vs ~100" in compared.output
    assert runner.invoke(cli, ["events", "rename", str(events[0]["id"]), "Bamako"]).exit_code == 0
    assert runner.invoke(cli, ["board", "999"]).output.strip() == "Error: event 999 does not exist"


def test_a_french_name_after_an_elided_article_is_still_a_name():
    """« d'Ardenne », « l'OPDR »: without the name the article holds them by, French reports of a story
    share fewer names with the English ones and fall into an event of their own."""
    from workbench.story.events import anchor_terms
    terms = anchor_terms("Les hôpitaux d'Ardenne restent fermés. Le directeur de l'OPDR s'exprime. "
                         "Selon l'État, la panne est réparée.")
    assert {"ardenne", "opdr"} <= set(terms) and "etat" not in terms


def test_an_outlet_named_after_the_city_still_names_the_city():
    """The outlet's mentions say who reports; the city it is named after is still what happened where."""
    from workbench.story.events import anchor_terms
    text = ("VALBRUNE (Le Courrier de Valbrune) – La crue a coupé Valbrune en deux mardi. "
            "« Nous n'avions jamais vu ça », a confié au Courrier de Valbrune un commerçant de Valbrune.")
    terms = anchor_terms(text, outlet="Le Courrier de Valbrune")
    assert terms.get("valbrune") == 3 and "courrier" not in terms  # the dateline, the city twice; not the masthead
