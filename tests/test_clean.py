"""Page furniture never reaches the claims; headings stay as structure."""
import pytest

from workbench.read.clean import CleanError, clean_html, clean_text, is_furniture


@pytest.mark.parametrize("line", [
    "EPA", "AFP", "Photo: Reuters", "AFP via Getty Images", "EPA-EFE/STR", "(Photo by Issouf Sanogo/AFP)",
    "Image caption: Smoke rose over the airport district", "Crédit photo : AFP", "TRENDING", "Related Posts",
    "Read more: Mali junta extends transition", "Lire aussi : Le Burkina suspend deux médias",
    "À lire aussi", "Share this article", "Partager sur Facebook", "Leave a comment", "By Aminata Koné",
    "Par Jean-Baptiste Mvondo", "Published 17 September 2024", "Mis à jour le 18 septembre 2024 à 10h12",
    "Subscribe to our newsletter", "Sign up for our Africa briefing, delivered every weekday morning.",
    "Receive our best stories direct to your inbox every morning.", "Abonnez-vous à notre lettre d'information",
    "We use cookies to improve your experience.", "© 2024 Sahel Wire. All rights reserved.", "Advertisement",
    "Publicité", "Share: Facebook | X | LinkedIn | Print", "Partager : Facebook · WhatsApp · Courriel",
    "Home | World | Africa | Business | Sport", "Accueil · Monde · Économie · Culture", "5 min read",
])
def test_furniture_lines_are_recognised(line):
    assert is_furniture(line)


@pytest.mark.parametrize("line", [
    "The army said the situation was under control by the afternoon.",
    "By nightfall, gunfire could still be heard near the airport.",
    "Photographs shared on social media showed a burning aircraft.",
    "Reuters could not independently verify the footage.",
    "Sign language interpreters were not present at the briefing, residents complained.",
    "Selon l'état-major, une vingtaine de suspects ont été interpellés.",
    "Published accounts of the attack differ on the number of dead.",
    "Facebook, X and WhatsApp were blocked across the country on Tuesday, residents said.",
])
def test_prose_is_not_furniture(line):
    assert not is_furniture(line)


def test_text_furniture_is_removed_and_headings_kept():
    raw = ("Army says airport attack repelled\n\nEPA\n\nBy Aminata Koné\n\nThe assault\n"
           "Gunmen attacked the gendarmerie school at dawn, the army said.\n\n"
           "Read more: Junta extends transition\n\nTwo soldiers were wounded, according to a medic.\n\n"
           "TRENDING\n\nRelated Posts\n\nA tagline about the continent.\n\n"
           "Receive our stories direct to your inbox.")
    doc = clean_text(raw)
    assert doc.title == "Army says airport attack repelled"
    assert [(block.kind, block.text) for block in doc.blocks] == [
        ("heading", "The assault"),
        ("paragraph", "Gunmen attacked the gendarmerie school at dawn, the army said."),
        ("paragraph", "Two soldiers were wounded, according to a medic."),
    ]


def test_trending_at_the_top_does_not_swallow_the_article():
    body = "\n\n".join(f"Paragraph {n} says soldiers guarded the airport on Tuesday morning." for n in range(8))
    doc = clean_text("Headline\n\nTRENDING\n\n" + body)
    assert len(doc.blocks) == 8


def test_hard_wrapped_paragraphs_are_joined():
    paragraph = ("Gunmen attacked a gendarmerie training school in the capital early on\n"
                 "Tuesday and later fought soldiers near the military airport, officials\n"
                 "said, in the first such assault on the city in nearly a decade of war.\n")
    doc = clean_text("Title line\n\n" + "\n".join([paragraph] * 3))
    assert len(doc.blocks) == 3
    assert doc.blocks[0].text.startswith("Gunmen attacked") and "officials said" in doc.blocks[0].text


HTML = """<!doctype html><html><head><title>Army says Bamako attack repelled | Sahel Wire</title>
<meta property="og:site_name" content="Sahel Wire"><meta property="article:published_time" content="2024-09-17">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav><div class="cookie">We use cookies.</div>
<article><h1>Army says Bamako attack repelled</h1><p class="byline">By Jane Doe</p>
<figure><img src="x.jpg"><figcaption>Photo: Reuters</figcaption></figure>
<p>Gunmen attacked a gendarmerie training school in Bamako early on Tuesday, the army said.
At least 15 suspects were arrested, according to the general staff.</p>
<h2>Airport fighting</h2><p>JNIM claimed its fighters seized the military airport.
The claim could not be independently verified.</p><p>Read more: Mali junta extends transition</p>
<div class="share">Share this article</div></article>
<aside><h3>Related Posts</h3><ul><li><a href="#">Another story about something else entirely</a></li></ul></aside>
<footer>Subscribe to our newsletter</footer></body></html>"""


def test_html_article_text_title_and_site_are_extracted():
    doc = clean_html(HTML)
    assert doc.title == "Army says Bamako attack repelled"
    assert doc.meta["sitename"] == "Sahel Wire"
    text = doc.text
    assert "Gunmen attacked a gendarmerie training school" in text and "Airport fighting" in text
    for furniture in ("Read more", "Share this", "Subscribe", "Photo: Reuters", "Home", "cookies", "By Jane"):
        assert furniture not in text
    assert ("heading", "Airport fighting") in [(block.kind, block.text) for block in doc.blocks]


@pytest.mark.parametrize("html", [
    "<html><body><nav><a href='/'>Home</a></nav><footer>Subscribe to our newsletter</footer></body></html>",
    "<html><body></body></html>",
    "<<<>>> not really html <div",
])
def test_html_without_article_text_is_refused(html):
    with pytest.raises(CleanError, match="no article text|unreadable HTML"):
        clean_html(html)


def test_broken_html_still_yields_its_text():
    broken = ("<html><body><article><h1>Attack on the base<p>Gunmen attacked the army base at dawn and "
              "set fire to two trucks, the governor said on Wednesday.<p>Three soldiers were killed, "
              "according to a military source.<div><span>unclosed")
    doc = clean_html(broken)
    assert "Three soldiers were killed" in doc.text


def test_only_furniture_text_is_refused():
    with pytest.raises(CleanError, match="no article text"):
        clean_text("EPA\n\nTRENDING\n\nShare this article\n\nSubscribe to our newsletter")
