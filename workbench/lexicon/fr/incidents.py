"""Les mots par lesquels un article dit raconter un *nouvel* incident d'une histoire déjà en cours
(« une deuxième école », « une nouvelle attaque », « ont de nouveau frappé »)."""
ORDINALS = r"""deuxi[èe]me troisi[èe]me seconde? nouvel(?:le)? nouveau autre"""
INCIDENTS = r"""attaques? raids? enl[èe]vements? rapts? assauts? explosions? [ée]vasions? inondations? crues?
    glissements? effondrements? incendies? embuscades? massacres? fusillades? attentats? [ée]pid[ée]mies?
    [ée]meutes? affrontements? mutineries? s[ée]ismes? naufrages? bousculades?"""
SITES = r"""[ée]coles? coll[èe]ges? lyc[ée]es? prisons? maisons? d['’]arr[êe]t mines? villages? camps? march[ée]s?
    [ée]glises? mosqu[ée]es? bases? villes? usines? dortoirs? convois? bus bateaux? pirogues? h[ôo]pitaux? casernes?"""
AGAIN = r"""(?:de|à) nouveau (?:frapp[ée]e?s?|attaqu[ée]e?s?|vis[ée]e?s?)|frapp[ée]e?s? (?:de|à) nouveau|
    une nouvelle fois"""


# un fait nouveau raconté comme tel, sans « deuxième » (voir lexicon.en.incidents); texte sans accents
HAPPENED = (r"glissements?", r"coulees?", r"deraill\w*", r"collision", r"percute\w*", r"effondr\w*", r"explosions?",
            r"explose\w*", r"incendies?", r"sombre\w*", r"chavire\w*", r"inonde\w*", r"emporte\w*", r"enseveli\w*",
            r"attaque\w*", r"embuscades?", r"enleve\w*", r"enlevements?", r"arrete\w*", r"interpelle\w*", r"detenu\w*",
            r"abattu\w*", r"evade\w*", r"evacue\w*", r"bousculades?", r"tues?", r"tuees?", r"tuant", r"ecrase\w*",
            r"crash", r"eruption", r"entre en eruption", r"naufrage", r"ecroule\w*")
RECENT = (r"lundi", r"mardi", r"mercredi", r"jeudi", r"vendredi", r"samedi", r"dimanche", r"hier",
          r"(?:ce|cette) (?:matin|nuit|apres-midi|soir)", r"dans la nuit", r"vers \d{1,2} ?h")
FOLLOW_UP = (r"enquete", r"rapport", r"conclusions", r"commission", r"audition", r"proces", r"tribunal", r"cour",
             r"verdict", r"juges?", r"condamn\w*", r"acquitt\w*", r"inculp\w*", r"mis en examen", r"accus\w*", r"suspects?",
             r"soupconn\w*", r"en lien avec", r"anniversaire", r"indemnisation\w*", r"bilans?",
             # « après les inondations », pas « peu après le décollage » ni « quelques minutes après »
             r"(?<!peu )(?<!minutes )(?<!secondes )(?<!heures )(?<!juste )(?<!sitot )apres", r"depuis",
             r"(?:mois|semaines?|an|ans) (?:apres|plus tard)", r"commemoration", r"funerailles", r"obseques", r"deuil")
# le passage d'une chronique à un autre fait, sans lien, en tête de paragraphe : « Ailleurs en Sélavie, un car… »
# (pas « par ailleurs » : « Par ailleurs, le ministère a indiqué… » poursuit la même affaire)
ASIDE = (r"ailleurs (?:en|au|aux|dans|a)", r"dans un (?:tout )?autre registre", r"dans une autre affaire",
         r"autre drame", r"dans un autre (?:incident|accident)")
