"""Sentence splitting keeps abbreviations, quotes and offsets right."""
import pytest

from workbench.read.clean import clean_text
from workbench.analyse.segment import sentence_spans, split_sentences


@pytest.mark.parametrize("paragraph, expected", [
    ("The U.N. mission said Mr. Traoré arrived at 5 p.m. on Tuesday. Shops stayed shut.",
     ["The U.N. mission said Mr. Traoré arrived at 5 p.m. on Tuesday.", "Shops stayed shut."]),
    ("M. Diallo a déclaré que « la situation est sous contrôle. » Les tirs ont cessé vers midi.",
     ["M. Diallo a déclaré que « la situation est sous contrôle. »", "Les tirs ont cessé vers midi."]),
    ("Col. Abdoulaye Maïga said: \"We will respond.\" The convoy left at dawn.",
     ["Col. Abdoulaye Maïga said: \"We will respond.\"", "The convoy left at dawn."]),
    ("The depot lies approx. 3.5 km from the runway. Dr. A. Keita treated twelve people.",
     ["The depot lies approx. 3.5 km from the runway.", "Dr. A. Keita treated twelve people."]),
    ("The U.S. embassy urged citizens to stay home. Flights resumed on Wednesday.",
     ["The U.S. embassy urged citizens to stay home.", "Flights resumed on Wednesday."]),
    ("“We control the airport,” a rebel spokesman said. The army denied it.",
     ["“We control the airport,” a rebel spokesman said.", "The army denied it."]),
])
def test_news_abbreviations_and_quotes_stay_whole(paragraph, expected):
    assert [paragraph[start:end] for start, end in sentence_spans(paragraph)] == expected


def test_offsets_point_into_cleaned_text_and_headings_are_flagged():
    doc = clean_text("Headline here\n\nFighting at the airport\nGunmen attacked the base at dawn. "
                     "Two soldiers were wounded, the army said.\n\nResidents fled.")
    sentences = split_sentences(doc)
    assert [s.is_heading for s in sentences] == [True, False, False, False]
    for sentence in sentences:
        assert doc.text[sentence.start:sentence.end] == sentence.text


def test_a_sentence_ending_in_a_clock_time_ends_there():
    """Punkt keeps "a.m." as an abbreviation and so glued the next sentence to it ("at 5.15 a.m. About
    4,500 people…"): the evacuation order and the count of the evacuated became one claim."""
    from workbench.analyse.segment import sentence_spans
    text = ("The prefect ordered the evacuation of the riverside streets at 5.15 a.m. About 4,500 people had left "
            "by noon, the prefecture said. Trains ran again at 9 a.m. on Monday. The line reopened at 6 p.m. Tuesday.")
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "The prefect ordered the evacuation of the riverside streets at 5.15 a.m.",
        "About 4,500 people had left by noon, the prefecture said.",
        "Trains ran again at 9 a.m. on Monday.", "The line reopened at 6 p.m. Tuesday."]
