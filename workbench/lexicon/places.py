"""Places: countries (canonical name, demonym, mentions in EN + FR, capitals and towns), the facilities
claims are made about, and the towns the control frame compares."""
from __future__ import annotations

# (canonical, demonym, mention pattern incl. French forms, capital/metonym pattern)
COUNTRY_DATA = (
    ("Mali", "Malian", r"mali|malians?|maliens?|maliennes?", r"bamako|koulouba"),
    ("Burkina Faso", "Burkinabe", r"burkina(?: faso)?|burkinab[eèé]s?", r"ouagadougou|ouaga"),
    ("Niger", "Nigerien", r"niger|nigeriens?|nig[ée]rien(?:ne)?s?", r"niamey"),
    ("DR Congo", "Congolese", r"dr ?congo|drc|rdc|congo|congolese|congolais(?:es?)?"
     r"|democratic republic of (?:the )?congo|r[ée]publique d[ée]mocratique du congo", r"kinshasa"),
    ("Rwanda", "Rwandan", r"rwanda|rwandans?|rwandais(?:es?)?", r"kigali"),
    ("Nigeria", "Nigerian", r"nig[ée]ria|nigerians?|nig[ée]rian(?:e)?s?", r"abuja"),
    ("Sudan", "Sudanese", r"sudan|sudanese|soudan|soudanais(?:es?)?", r"khartoum"),
    ("Chad", "Chadian", r"chad|chadians?|tchad|tchadien(?:ne)?s?", r"n'?djam[ée]na"),
    ("Mauritania", "Mauritanian", r"mauritania|mauritanians?|mauritanie|mauritanien(?:ne)?s?", r"nouakchott"),
    ("Senegal", "Senegalese", r"s[ée]n[ée]gal|senegalese|s[ée]n[ée]galais(?:es?)?", r"dakar"),
    ("Côte d'Ivoire", "Ivorian", r"c[oô]te d'ivoire|ivory coast|ivorians?|ivoirien(?:ne)?s?", r"abidjan|yamoussoukro"),
    ("Guinea", "Guinean", r"guinea(?!-)|guin[ée]e(?!-)|guineans?|guin[ée]en(?:ne)?s?", r"conakry"),
    ("Ghana", "Ghanaian", r"ghana|ghanaians?|ghan[ée]en(?:ne)?s?", r"accra"),
    ("Togo", "Togolese", r"togo|togolese|togolais(?:es?)?", r"lom[ée]"),
    ("Benin", "Beninese", r"b[ée]nin|beninese|b[ée]ninois(?:es?)?", r"cotonou|porto-novo"),
    ("Cameroon", "Cameroonian", r"cameroon|cameroun|cameroonians?|camerounais(?:es?)?", r"yaound[ée]"),
    ("Central African Republic", "Central African", r"central african republic|centrafrique|centrafricain(?:e)?s?", r"bangui"),
    ("Algeria", "Algerian", r"alg[ée]ria|alg[ée]rie|algerians?|alg[ée]rien(?:ne)?s?", r"algiers|alger"),
    ("Libya", "Libyan", r"libya|libye|libyans?|libyen(?:ne)?s?", r"tripoli"),
    ("Uganda", "Ugandan", r"uganda|ouganda|ugandans?|ougandais(?:es?)?", r"kampala"),
    ("Burundi", "Burundian", r"burundi|burundians?|burundais(?:es?)?", r"bujumbura|gitega"),
    ("Ethiopia", "Ethiopian", r"ethiopia|[ée]thiopie|ethiopians?|[ée]thiopien(?:ne)?s?", r"addis ababa"),
    ("Somalia", "Somali", r"somalia|somalie|somalis?|somalien(?:ne)?s?", r"mogadishu|mogadiscio"),
    ("Kenya", "Kenyan", r"kenya|kenyans?|k[ée]nyan(?:e)?s?", r"nairobi"),
    ("Morocco", "Moroccan", r"morocco|maroc|moroccans?|marocain(?:e)?s?", r"rabat"),
    ("France", "French", r"france|french|fran[çc]ais(?:es?)?", r"paris|[ée]lys[ée]e|quai d'orsay"),
    ("Russia", "Russian", r"russia|russie|russians?|russes?", r"moscow|moscou|kremlin"),
    ("United States", "US", r"united states|[ée]tats-unis|americans?|am[ée]ricain(?:e)?s?", r"washington|white house"),
    ("United Kingdom", "British", r"united kingdom|britain|royaume-uni|british|britanniques?", r"london|londres"),
    ("China", "Chinese", r"china|chine|chinese|chinois(?:es?)?", r"beijing|p[ée]kin"),
    ("Turkey", "Turkish", r"turkey|turquie|t[üu]rkiye|turkish|turcs?|turques?", r"ankara"),
    ("Ukraine", "Ukrainian", r"ukraine|ukrainians?|ukrainien(?:ne)?s?", r"kyiv|kiev"),
)
# Frequently datelined towns: they tell us the article's country but are not metonyms for a government.
PLACES = {"Mali": r"kidal|gao|timbuktu|tombouctou|mopti|m[ée]naka|kati|s[ée]gou|l[ée]r[ée]|boulkessi|tessalit",
           "Burkina Faso": r"djibo|dori|kaya|fada n'gourma|ouahigouya|barsalogho",
           "Niger": r"tillab[ée]ri|diffa|agadez|tahoua", "Nigeria": r"maiduguri|borno",
           "DR Congo": r"goma|bukavu|beni|bunia|uvira|kivu|ituri|masisi|rutshuru",
           "Sudan": r"el[- ]fasher|darfur|omdurman|port sudan"}
COUNTRY_CS = {"United States": r"US|U\.S\.?|USA", "United Kingdom": r"UK|U\.K\."}


# Facilities a control or damage claim names: surface words (accents folded) -> canonical place.
FACILITIES = [
    (r"military airport|military airfield|air ?base|airbase|base aerienne|aeroport militaire|military air base",
     "military airport"),
    (r"(?:international |civilian |commercial )?airport|airfield|aeroport|aerodrome", "airport"),
    (r"gendarmerie (?:training )?school|training school|military (?:training )?(?:academy|school|complex|camp)|"
     r"ecole (?:de gendarmerie|militaire)|academie militaire|police school", "training school"),
    (r"(?:army |military )?(?:base|camp|garrison|barracks)|caserne|camp militaire", "base"),
    (r"border (?:post|crossing)|poste frontiere|frontiere", "border crossing"),
    (r"city cent(?:re|er)|centre-ville|downtown", "city centre"),
    (r"presidential palace|presidency|palais presidentiel|presidence", "presidency"),
    (r"radio station|television station|state broadcaster|radio|television", "broadcaster"),
]
# Towns the control frame compares by name (accents folded; frames.places).
TOWNS = ("goma", "bamako", "bukavu", "kidal", "gao", "timbuktu", "tombouctou", "menaka", "sake", "minova", "rubaya",
         "tahoua", "niamey", "ouagadougou", "kaya", "dori", "djibo", "khartoum", "el fasher", "kati", "mopti",
         "sevare", "bunia", "butembo", "nyiragongo", "kinshasa", "kigali", "faladie", "senou")
