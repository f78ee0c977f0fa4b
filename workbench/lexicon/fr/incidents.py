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
