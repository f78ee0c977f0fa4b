"""A story's follow-ups join its event; a new incident of the same kind in the same place is an event of
its own in the same story, and its counts are never set against the first incident's.

The reports are invented (a town, a prison and outlets that do not exist), written the way wires
cover a prison break and, five weeks later, a second one from the same prison.
"""
import pytest

from workbench.analyse.incidents import announces_new_incident

FIRST = """Dozens of inmates escape from Korvane central prison

KORVANE, 3 May 2026 (Lakeside Wire) - At least 120 inmates escaped from Korvane central prison before dawn on Sunday after armed men blew open the main gate, the justice ministry said.

Two guards were killed in the attack, the ministry said in a statement.

Residents of the Haut-Selvo district said they heard explosions for about an hour.

The governor of Haut-Selvo, Marius Tadeno, said 38 of the escaped inmates had been recaptured."""

FIRST_FR = """Évasion massive à la prison centrale de Korvane

KORVANE, 4 mai 2026 (Écho du Selvo) - Au moins 120 détenus se sont évadés de la prison centrale de Korvane dans la nuit de samedi à dimanche, après l'explosion du portail principal, selon le ministère.

Deux gardiens ont été tués lors de l'assaut, a indiqué le ministère de la Justice.

Le gouverneur du Haut-Selvo, Marius Tadeno, a affirmé que 38 évadés avaient été repris."""

INQUIRY = """Inquiry blames negligence for Korvane prison break

KORVANE, 20 July 2026 (Lakeside Wire) - A parliamentary inquiry into the May escape from Korvane central prison found that the guards had warned the ministry about the broken gate weeks before.

The inquiry said 120 inmates had escaped and that two guards were killed, confirming the ministry's figures.

Governor Marius Tadeno of Haut-Selvo rejected the findings as premature."""

SECOND = """Second breakout in five weeks at Korvane central prison

KORVANE, 8 June 2026 (Lakeside Wire) - Fifteen inmates escaped from Korvane central prison on Sunday night through a tunnel dug under the kitchen, the justice ministry said, five weeks after the mass escape in May.

No guard was killed in the escape, the ministry said.

Governor Marius Tadeno of Haut-Selvo said the inmates had been held in the block damaged in May."""

SECOND_FR = """Korvane : quinze détenus s'évadent par un tunnel

KORVANE, 9 juin 2026 (Écho du Selvo) - Quinze détenus se sont évadés de la prison centrale de Korvane dans la nuit de dimanche à lundi par un tunnel creusé sous les cuisines, selon le ministère de la Justice.

Aucun gardien n'a été tué, a précisé le ministère.

Le gouverneur du Haut-Selvo, Marius Tadeno, a déclaré que les évadés étaient détenus dans le bâtiment endommagé en mai."""


@pytest.mark.parametrize("lead, new", [
    ("Second breakout in five weeks at Korvane central prison", True),
    ("Gunmen struck again in the village on Sunday night", True),
    ("Une nouvelle attaque a visé le marché de Korvane", True),
    ("Deuxième évasion en un mois à la prison de Korvane", True),
    ("Inquiry blames negligence for Korvane prison break", False),
    ("A year after the floods, families are still sheltering in schools", False),
    ("The trial entered its second day with a new defence lawyer", False),
    ("The new school year opened in Korvane under guard", False),
    ("Another 12 bodies were recovered from the river on Tuesday", False),
])
def test_a_lead_says_whether_it_reports_a_new_incident(lead, new):
    assert announces_new_incident(lead) is new


def _ingest(wb, text, published, outlet, language="en"):
    [result] = [wb.ingest_text(text, published=published, outlet=outlet, language=language)]
    return wb.article(result.article_id)


@pytest.fixture
def breakouts(wb):
    first = _ingest(wb, FIRST, "2026-05-03", "Lakeside Wire")
    first_fr = _ingest(wb, FIRST_FR, "2026-05-04", "Écho du Selvo", "fr")
    second = _ingest(wb, SECOND, "2026-06-08", "Lakeside Wire")
    second_fr = _ingest(wb, SECOND_FR, "2026-06-09", "Écho du Selvo", "fr")
    inquiry = _ingest(wb, INQUIRY, "2026-07-20", "Lakeside Wire")
    return wb, {"first": first, "first_fr": first_fr, "second": second, "second_fr": second_fr, "inquiry": inquiry}


def test_a_follow_up_months_later_joins_the_incident_it_follows_up(breakouts):
    wb, articles = breakouts
    assert articles["inquiry"]["event_id"] == articles["first"]["event_id"] == articles["first_fr"]["event_id"]


def test_a_second_incident_is_its_own_event_of_the_same_story_and_its_next_report_joins_it(breakouts):
    wb, articles = breakouts
    first, second = articles["first"]["event_id"], articles["second"]["event_id"]
    assert second != first
    assert articles["second_fr"]["event_id"] == second  # no "second" in its lead: it joins by names and date
    stories = {event["id"]: event["story_id"] for event in wb.events()}
    assert stories[first] == first and stories[second] == first


def _claim(wb, article, word):
    return next(claim for claim in wb.claims(article_id=article["id"]) if word in claim["text"])


def test_counts_of_the_two_incidents_are_related_never_in_conflict(breakouts):
    wb, articles = breakouts
    escaped_first = _claim(wb, articles["first"], "120 inmates")
    escaped_second = _claim(wb, articles["second"], "Fifteen inmates")
    relation = wb.compare(escaped_first["id"], escaped_second["id"])
    assert relation.label == "related" and relation.codes == ("other_incident",)
    guards_first = _claim(wb, articles["first"], "guards were killed")
    no_guard = _claim(wb, articles["second"], "No guard was killed")
    assert wb.compare(guards_first["id"], no_guard["id"]).label == "related"
    # within one incident the same counts still meet: the inquiry confirms the first report's toll
    inquiry = _claim(wb, articles["inquiry"], "two guards were killed")
    assert wb.compare(guards_first["id"], inquiry["id"]).label == "corroborates"


def test_merging_the_incidents_keeps_one_story_and_splitting_keeps_the_story(breakouts):
    wb, articles = breakouts
    first, second = articles["first"]["event_id"], articles["second"]["event_id"]
    wb.merge_events(second, [first])  # the editor says it is all one happening
    assert [event["story_id"] for event in wb.events()] == [second]
    split = wb.split_event(second, [articles["second"]["id"], articles["second_fr"]["id"]], "Second breakout")
    stories = {event["id"]: event["story_id"] for event in wb.events()}
    assert stories == {second: second, split: second}


@pytest.mark.parametrize("lead, month", [
    ("KORVANE, 20 July 2026 - A parliamentary inquiry into the May escape found", (2026, 5)),
    ("KORVANE, 20 July 2026 - Fifteen inmates escaped on Sunday", None),  # only the dateline's own month
    ("Un an après les inondations de septembre, les familles attendent toujours", (2025, 9)),  # last year's
    ("A report on the attack of 17 September 2024 was published on Tuesday", (2024, 9)),
    ("Officials may reopen the prison next week", None),  # the verb, not the month
])
def test_the_lead_names_the_month_of_the_incident_it_refers_back_to(lead, month):
    from datetime import date
    from workbench.analyse.incidents import incident_month
    assert incident_month(lead, date(2026, 7, 20)) == month


@pytest.mark.parametrize("lead, fresh", [
    ("Landslide buries road above Vessac\nA landslide swept across the road above Vessac at about 6.30 a.m., "
     "burying three houses, the fire service said.", True),
    ("Un train a déraillé lundi près de Belmonte, faisant trois morts", True),
    ("Police arrest newspaper editor at Korvane airport\nPolice arrested the editor on Wednesday, colleagues said.", True),
    ("Police arrest suspected ringleader of the Korvane prison attack on Tuesday", False),  # a follow-up arrest
    ("The death toll from Sunday's landslide rose to 14 on Tuesday", False),
    ("Inquiry finds warnings were ignored before the Vessac landslide", False),
    ("Six months after the landslide, Vessac families are still in tents", False),
    ("Procès de l'effondrement : le directeur plaide non coupable lundi", False),
    ("Législatives partielles à Korvane : le parti au pouvoir remporte les deux sièges", False),  # nothing happened
    # the happening's own moments are no follow-up
    ("Cargo plane crashes near Korvane\nA cargo plane crashed into houses shortly before midnight on Wednesday, "
     "moments after taking off, the airport said.", True),
    ("Un avion s'écrase à Korvane\nUn avion cargo s'est écrasé mercredi soir sur des maisons, peu après le "
     "décollage.", True),
    ("Korvane crash\nTwo days after the crash, rescuers on Wednesday recovered the flight recorders.", False),
])
def test_a_lead_says_whether_it_tells_a_fresh_happening(lead, fresh):
    from workbench.analyse.incidents import tells_fresh_happening
    assert tells_fresh_happening(lead) is fresh


SLIDE = """Landslide buries homes in Vessac valley

VESSAC, 2 March 2026 (Ridge Wire) - A landslide buried twelve houses in the Vessac valley in Haut-Selvo before dawn on Monday, killing at least nine people, the civil protection agency said.

Rescuers were searching for five people still missing, the agency said.

The governor of Haut-Selvo, Marius Tadeno, said 300 residents had been moved to the Vessac school."""

SLIDE_INQUIRY = """Vessac inquiry says geologists' warnings went unheeded

VESSAC, 9 April 2026 (Ridge Wire) - An inquiry into the Vessac valley landslide found that geologists had warned the Haut-Selvo authorities about cracks above the houses a year before.

The inquiry put the toll at eleven dead.

Governor Marius Tadeno of Haut-Selvo said the report was unfair to his staff."""

SLIDE_AGAIN = """Mudslide cuts Vessac valley road, forcing families from their homes

VESSAC, 14 April 2026 (Ridge Wire) - A mudslide swept across the Vessac valley road in Haut-Selvo at about 5.40 a.m. on Tuesday, burying two houses and a bridge, the civil protection agency said.

Two people were pulled alive from the mud and 120 residents were evacuated, the agency said.

Governor Marius Tadeno of Haut-Selvo said the road would stay closed for a week."""

SLIDE_AGAIN_FR = """Vessac : une coulée de boue coupe la route de la vallée

VESSAC, 15 avril 2026 (Écho du Selvo) - Une coulée de boue a emporté mardi matin la route de la vallée de Vessac, dans le Haut-Selvo, ensevelissant deux maisons, selon la protection civile.

Cent vingt habitants ont été évacués, a précisé la protection civile.

Le gouverneur du Haut-Selvo, Marius Tadeno, a annoncé la fermeture de la route pour une semaine."""


@pytest.fixture
def slides(wb):
    first = _ingest(wb, SLIDE, "2026-03-02", "Ridge Wire")
    inquiry = _ingest(wb, SLIDE_INQUIRY, "2026-04-09", "Ridge Wire")
    again = _ingest(wb, SLIDE_AGAIN, "2026-04-14", "Ridge Wire")
    again_fr = _ingest(wb, SLIDE_AGAIN_FR, "2026-04-15", "Écho du Selvo", "fr")
    return wb, {"first": first, "inquiry": inquiry, "again": again, "again_fr": again_fr}


def test_an_uncued_fresh_incident_weeks_on_is_its_own_event_of_the_story(slides):
    """No "second" or "another" anywhere: the lead tells of a mudslide that morning, six weeks after the
    story began, and names no inquiry, toll or "after"; its French report the next day joins it, while
    the inquiry five weeks on stays with the first landslide."""
    wb, articles = slides
    first, again = articles["first"]["event_id"], articles["again"]["event_id"]
    assert articles["inquiry"]["event_id"] == first
    assert again != first and articles["again_fr"]["event_id"] == again
    stories = {event["id"]: event["story_id"] for event in wb.events()}
    assert stories[again] == first
    evacuated_first = _claim(wb, articles["first"], "300 residents")
    evacuated_again = _claim(wb, articles["again"], "120 residents")
    assert wb.compare(evacuated_first["id"], evacuated_again["id"]).label == "related"


def test_the_lead_is_neither_the_headline_again_nor_a_navigation_bar():
    """A plain-text report that repeats its headline as its first line, or keeps a navigation bar,
    still has its real first paragraph read as the lead."""
    from workbench.analyse.incidents import lead
    headline = "Mudslide cuts Vessac valley road, forcing families from their homes"
    body = (f"{headline}\nAccueil | Monde | Haut-Selvo | Sports\nA mudslide swept across the Vessac valley road at "
            "about 5.40 a.m. on Tuesday, burying two houses, the civil protection agency said.\nMore text.")
    assert lead(headline, body) == (f"{headline}\nA mudslide swept across the Vessac valley road at about 5.40 a.m. "
                                    "on Tuesday, burying two houses, the civil protection agency said.")


def test_background_after_the_first_sentence_does_not_make_a_follow_up():
    from workbench.analyse.incidents import tells_fresh_happening
    assert tells_fresh_happening("Mudslide cuts Vessac valley road\nA mudslide swept across the road at about 5.40 a.m. "
                                 "on Tuesday, burying two houses. The March landslide's toll stands at eleven.")
    assert not tells_fresh_happening("Mudslide toll rises\nThe toll of the mudslide that swept across the road at "
                                     "about 5.40 a.m. on Tuesday rose to four.")


def test_two_incidents_told_alike_corroborate_nothing(embedder):
    """One prefect ordering two evacuations weeks apart: the same words, two happenings."""
    from workbench.ingest import analyse_sentence
    from workbench.relate.stance import compare
    first = analyse_sentence("The prefect ordered the evacuation of all homes along the river at 5.15 a.m.", speaker_outlet="Wire")
    second = analyse_sentence("The prefect ordered the evacuation of all homes below the slope shortly after 8 a.m.",
                              speaker_outlet="Wire")
    first.update(event_id=1, story_id=1)
    second.update(event_id=2, story_id=1)
    va, vb = embedder.encode([first["text"], second["text"]])
    relation = compare(first, second, embedder.calibrate(float(va @ vb)))
    assert relation.label == "related" and "other_incident" in relation.codes


SECOND_RECALLING = SECOND + """

The escape in May left two guards dead, the justice ministry recalled."""


def test_a_claim_naming_the_month_of_the_other_incident_is_compared_as_of_that_incident(wb):
    """A report of the June breakout that recalls the May one: its sentence about May meets the May
    reports' toll (two guards dead both times), while the June sentence that names May only as
    background ("five weeks after the mass escape in May", on Sunday night) stays with June."""
    first = _ingest(wb, FIRST, "2026-05-03", "Lakeside Wire")
    second = _ingest(wb, SECOND_RECALLING, "2026-06-08", "Lakeside Wire")
    assert second["event_id"] != first["event_id"]
    guards_may = _claim(wb, first, "guards were killed")
    recalled = _claim(wb, second, "left two guards dead")
    assert wb.compare(guards_may["id"], recalled["id"]).label == "corroborates"
    shown = {r["claim"]["id"]: r["relation"] for r in wb.similar(recalled["id"], k=0)}
    assert shown[guards_may["id"]] == "corroborates"
    fifteen = _claim(wb, second, "Fifteen inmates")
    relation = wb.compare(_claim(wb, first, "120 inmates")["id"], fifteen["id"])
    assert relation.label == "related" and "other_incident" in relation.codes
    assert wb.compare(guards_may["id"], _claim(wb, second, "No guard was killed")["id"]).label == "related"


ROUNDUP = """Korvane prison: the hunt for the escaped inmates goes on

KORVANE, 4 May 2026 (Lakeside Wire) - Police were still searching on Monday for the inmates who escaped from Korvane central prison before dawn on Sunday, the justice ministry said.

Nobody was hurt during the search, the ministry said.

Elsewhere in Haut-Selvo, a minibus carrying market traders overturned on the Brenna hill road near Ostival on Monday morning. Eleven people were injured, according to the Ostival fire brigade.

The road near Ostival was closed for the rest of the day.

The governor of Haut-Selvo, Marius Tadeno, said 38 of the escaped inmates had been recaptured."""


@pytest.mark.parametrize("text, asides", [
    ("Main story.\nElsewhere in Haut-Selvo, a bus overturned.\nBack to it.", ["Elsewhere in Haut-Selvo, a bus overturned."]),
    ("Histoire.\nAilleurs en Haut-Selvo, un car s'est renversé.\nSuite.", ["Ailleurs en Haut-Selvo, un car s'est renversé."]),
    ("Main story.\nSeparately, the ministry said the inquiry would open in June.", []),  # the same story goes on
    ("Histoire.\nPar ailleurs, le ministère a annoncé une enquête.", []),
])
def test_a_roundup_turns_to_another_happening_at_the_start_of_a_paragraph(text, asides):
    from workbench.analyse.incidents import aside_spans
    assert [text[start:end] for start, end in aside_spans(text)] == asides


def test_the_claims_of_a_roundups_aside_never_meet_the_main_story(wb):
    """The minibus's eleven injured are of another happening than the prison search's "nobody was
    hurt": no conflict, and not even the same event; the paragraph after the aside that names only
    its places (the road near Ostival) is the aside's too, and the last one is the main story again."""
    first = _ingest(wb, FIRST, "2026-05-03", "Lakeside Wire")
    roundup = _ingest(wb, ROUNDUP, "2026-05-04", "Lakeside Wire")
    assert roundup["event_id"] == first["event_id"]
    injured = _claim(wb, roundup, "Eleven people were injured")
    unhurt = _claim(wb, roundup, "Nobody was hurt")
    relation = wb.compare(unhurt["id"], injured["id"])
    assert relation.label == "unrelated" and relation.reasons == ("different events",)
    road = _claim(wb, roundup, "road near Ostival")
    assert wb.compare(unhurt["id"], road["id"]).label == "unrelated"
    recaptured = _claim(wb, roundup, "38 of the escaped inmates")
    assert wb.compare(_claim(wb, first, "38 of the escaped")["id"], recaptured["id"]).label == "corroborates"
    shown = {r["claim"]["id"]: r["relation"] for r in wb.similar(unhurt["id"], k=0, include_same_article=True)}
    assert shown.get(injured["id"], "unrelated") == "unrelated"
    stored = [match for matches in wb.matches(injured["id"]).values() for match in matches["matches"]]
    assert stored == []  # nor did ingest relate the aside to the story: the claim page shows nothing
