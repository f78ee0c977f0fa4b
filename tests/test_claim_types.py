"""The fitted claim-type reading: a claim typed by what it reports, not by how it was reported."""
import pytest

from workbench.analyse import claim_types
from workbench.analyse.attribution import attribute
from workbench.analyse.claims import assess, type_reading
from workbench.analyse.figures import extract_figures


def typed(text):
    return assess(text, extract_figures(text), attribute(text, "Test Outlet")).claim_type


@pytest.mark.parametrize("text", [
    "The district governor said gunmen had set fire to two classrooms before fleeing into the forest.",
    "Le préfet a indiqué que des hommes armés avaient incendié deux salles de classe avant de s'enfuir.",
])
def test_a_reported_happening_is_an_event_whatever_verb_reports_it(text):
    """The rules' first cue (a fire, a verb of speech) typed these otherwise; what is reported happened."""
    assert type_reading(text, extract_figures(text), attribute(text, "Test Outlet"))[0] != "event"
    assert typed(text) == "event"


@pytest.mark.parametrize("text, reading", [
    ("The audit found that four of the nine pumping stations had no backup generator.", "finding"),
    ("At least 14 people were killed and 30 injured when the roof collapsed, the fire service said.", "casualty"),
    ("The prosecutor's office denied that any of the suspects had been tortured in custody.", "statement"),
    ("La route nationale reste coupée entre les deux villes depuis jeudi.", "condition"),
])
def test_the_everyday_types_in_both_languages(text, reading):
    assert typed(text) == reading


def test_the_rules_still_decide_control_responsibility_and_background():
    for text, kind in [("Rebels seized the airport at Kessel on Monday, residents said.", "control"),
                       ("The Liberation Front claimed responsibility for the ambush in a statement.", "responsibility")]:
        assert typed(text) == kind


def test_the_shipped_reading_and_its_cross_validation():
    fitted = claim_types.weights()
    assert fitted["classes"] == list(claim_types.READ_TYPES)
    assert all(len(weights) == len(fitted["classes"]) for weights in fitted["signs"].values())
    assert "rule:statement" in fitted["signs"] and "->" in fitted["cross_validated"]
    assert claim_types.read_type(set()) in claim_types.READ_TYPES  # no sign at all: the intercepts decide
