"""French words around a reported figure (see ``lexicon.en.figures``): the same tables, in French."""
from __future__ import annotations

KIND_WORDS = {
    "killed": r"""morts? mortes? tu[ée]e?s? tuant tuer d[ée]c[èe]s d[ée]c[ée]d[ée]e?s?
        p[ée]ri massacr[ée]e?s? assassin[ée]e?s? abattue?s?""",
    "injured": r"bless[ée]e?s? blessant blessures? hospitalis[ée]e?s?",
    "arrested": r"""interpell[ée]e?s? interpellations? arr[êe]t[ée]e?s? arrestations? appr[ée]hend[ée]e?s?
        captur[ée]e?s? d[ée]tenus?""",
    "attackers_killed": r"neutralis[ée]e?s?",
    "displaced": r"d[ée]plac[ée]e?s? r[ée]fugi[ée]e?s? fui fuyant fuir sans-abri [ée]vacu[ée]e?s?",
}
VICTIMS = r"victimes? bilan pertes?"
ATTACKERS = r"""assaillants? terroristes? d?jihadistes? insurg[ée]s? rebelles? combattants? islamistes?"""
PEOPLE = r"""personnes? civils? soldats? militaires? policiers? habitants? [ée]l[èe]ves? [ée]tudiants? enfants?
    femmes? hommes? recrues? membres? individus? otages?"""
THINGS = r"""v[ée]hicules? camions? motos? villes? localit[ée]s? armes? maisons? b[âa]timents? [ée]coles? [ée]glises?
    mosqu[ée]es? attaques? pays quartiers? rues? routes?"""
TOLL_VERBS = r"""atteint d[ée]pass[ée] estim[ée]e?s? recens[ée]e?s? compt[ée]e?s? confirm[ée]e?s?"""
MONTHS = r"""janvier f[ée]vrier mars avril mai juin juillet ao[ûu]t septembre octobre novembre d[ée]cembre"""
UNITS = r"""ans? ann[ée]es? mois semaines? jours? heures? h nuits? secondes? d[ée]cennies? si[èe]cles?
    kilom[eè]t(?:er|re)s? m[èe]tres? pour\s*cent fois reprises occasions francs? fcfa cfa"""
REFERENCES = r"""fcfa cfa [âa]g[ée]e?s?\s+de chapitre paragraphe r[ée]solution num[ée]ro rn loi d[ée]cret"""
