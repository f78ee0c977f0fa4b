"""Who says so, and how: per-sentence claim attribution for English and French news.

A fact-checker's first question about any sentence is whose claim it is
("JNIM asserted…", "the army said…", "a security source…", or the outlet in
its own voice) and whether it is hedged.  This module answers that with small,
auditable regular-expression rules instead of a parser, so every decision can
be explained and the module has no dependencies beyond ``re``.

Decisions worth knowing:
* The earliest attribution marker in a sentence wins ("The army said that,
  according to witnesses, …" -> the army); a passive responsibility claim
  ("claimed by X", "revendiquée par X") counts as a marker like any other.
* Reporting an *absence* ("The government has not released any official
  numbers") is the outlet's own voice, hedged: nobody is quoted.
* Negated, passive, modal or infinitive verbs ("has not confirmed", "was
  reported", "declined to say") are not attributions.
* A speaker that is the outlet itself becomes speaker_kind "outlet", verb None;
  other media ("Reuters", "Multiple news outlets") are "named" speakers.
* Coordinated verbs take the clause subject: "Authorities in Niger have
  verified the attack and blamed …" -> Nigerien government, blamed.
* Without article context, 'the army' is qualified only by a country the
  sentence is *set in* ("near Timbuktu", "de Bamako", "Malian"), never by one
  that is an object ("accused Rwanda of …").
* "selon nos informations" / "according to our reporting" is the outlet's voice.
* Anonymity markers ("speaking anonymously", "sous couvert d'anonymat") make
  the speaker anonymous but keep its description ("Malian security forces").
* Unresolvable pronouns stay as the pronoun with kind "anonymous".
* Input beyond ``MAX_SENTENCE`` characters is ignored; all patterns are linear.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Sequence

from ..lexicon.en import speech as en_speech
from ..lexicon.fr import speech as fr_speech
from ..text.patterns import Caseless, by_first_character, fold, strip_accents
from .actors import (DEMONYMS, INSTITUTION_WORDS, SAME_SOURCE, Actor, clean, find_mentions, location_country,
                     main_country, normalise, organisations_named)

SPEAKER_KINDS = ("named", "official", "anonymous", "outlet")
MAX_SENTENCE = 5000
MAX_ARTICLE = 200_000
_MAX_VERBS = 25

# --- verbs: surface form -> canonical English label (lexicon.en.speech, lexicon.fr.speech) --------
def _forms(stems: dict[str, str]) -> dict[str, str]:
    """Participle, 3sg and 3pl present and imperfect of regular -er verbs from their stems (a report
    retells what was said before in the imperfect: « l'ONG affirmait que… »)."""
    return {stem + tail: label for stem, label in stems.items() for tail in ("é", "e", "ent", "ait", "aient")}


_FR = {**fr_speech.VERBS, **_forms(fr_speech.VERB_STEMS), **fr_speech.ACTS, **_forms(fr_speech.ACT_STEMS)}
_EN = {**en_speech.VERBS, **en_speech.ACTS}
# a finding verb makes a speaker only of a document or an institution: "the inquiry found", not "rescuers found"
_FINDING_FORMS = {**en_speech.FINDINGS, **fr_speech.FINDINGS, **_forms(fr_speech.FINDING_STEMS)}
_FR.update({form: label for form, label in _FINDING_FORMS.items() if form not in _EN})
_EN.update(en_speech.FINDINGS)
def _heads(*words: str) -> re.Pattern:
    """Any of the space-separated head nouns (singular or plural), as a word."""
    return re.compile(r"\b(?:" + "|".join(" ".join(words).split()) + r")s?\b", re.I)


_DOCUMENT = _heads(en_speech.DOCUMENTS, fr_speech.DOCUMENTS)
_FINDER = _heads(en_speech.FINDERS, fr_speech.FINDERS)
_OWN_VOICE = re.compile(f"{en_speech.OWN_VOICE}|{fr_speech.OWN_VOICE}", re.I)
VERB_FORMS = {**_FR, **_EN}
_FINDING_LABELS = frozenset(_FINDING_FORMS.values())
VERB_LABELS = tuple(sorted(set(VERB_FORMS.values()) | {"according to"}))
_NOUN_DETERMINERS = frozenset(en_speech.BEFORE_NOUNS + fr_speech.BEFORE_NOUNS)
_ALSO_NOUNS = en_speech.ALSO_NOUNS | fr_speech.ALSO_NOUNS
_NOUN_BEFORE = re.compile(r"(?:(?<![\w'’])(?:" + "|".join(sorted(_NOUN_DETERMINERS, key=len, reverse=True)) + r")|\d)\s+$",
                          re.I)
_VERB_RE = Caseless(r"(?<![\w'-])(" + by_first_character(sorted(map(re.escape, VERB_FORMS), key=len, reverse=True))
                     + r")(?![\w-])")
_FR_INVERTED = re.compile(r"(?<![\w'-])(?:(?:a-t|ont|avait|avaient)-(il|elle|ils|elles)\s+([\w\u00C0-\u017F]+)"
                          r"|([\w\u00C0-\u017F]+?)(?:-t)?-(il|elle|ils|elles)(?![\w-]))", re.I)
_CLAIMED_OBJ = re.compile(r"\s+(?:the |an |a |last \w+'s |\w+'s )?(?:deadly |twin |suicide )?"
                          r"(?:attacks?|assaults?|ambush(?:es)?|bombings?|raids?|killings?|kidnappings?|strikes?)\b", re.I)
# needles: every match contains one of them (see Caseless)
_NOT_A_SOURCE = re.compile(r"(?<!\w)(?:" + "|".join(en_speech.NOT_A_SOURCE + fr_speech.NOT_A_SOURCE) + r")(?!\w)", re.I)
_TOLL_RE = Caseless(f"(?<![\\w'-])(?:{en_speech.TOLL_SETTING}|{fr_speech.TOLL_SETTING})",
                    needles=(*en_speech.TOLL_NEEDLES, *fr_speech.TOLL_NEEDLES))
_CLAIMED_BY = Caseless(r"(?<!\w)(?:claimed|revendiqu[ée]e?s?)\s+(?:by|par)\s+", needles=("claimed", "revendiqu"))
_ACCORDING = Caseless(r"(?<!\w)(?:according to|selon|d'apr[èe]s)\s+(?!(?:lequel|laquelle|lesquels|lesquelles|"
                      r"qui|que|toute|moi|nous|nos|our|plan)\b)(?!(?:its|their|son|sa|leur)\s+(?:acronym|"
                      r"acronyme|sigle|abr[ée]viation|initials|initiales|name|nom)\b)",
                      needles=("according to", "selon", "d'apr"))
_DE_SOURCE = re.compile(r"(?<!\w)de (sources?) (s[ée]curitaires?|militaires?|locales?|diplomatiques?|m[ée]dicales?"
                        r"|hospitali[èe]res?|humanitaires?|concordantes|administratives?|onusiennes?)(?!\w)", re.I)
_STATEMENT_BY = Caseless(r"(?<!\w)(?:statement|communiqu[ée]|video|vid[ée]o)\s+(?:released|issued|published|"
                         r"publi[ée]e?|diffus[ée]e?|sign[ée]e?)\s+(?:by|par)\s+",
                         needles=("statement", "communiqu", "vid"))
_ANONYMITY = Caseless(
    r"speaking anonymously|spoke anonymously|(?:on|under) (?:the )?condition(?:s)? of anonymity|requested anonymity"
    r"|asked (?:not to be|that (?:he|she|they) not be) (?:named|identified)|declined to be (?:named|identified)"
    r"|not authori[sz]ed to (?:speak|talk)|sous (?:le )?couvert (?:de l'|d')anonymat|(?:requis|demand[ée]|souhait[ée]"
    r"|gard[ée]r?) (?:l'|garder l')anonymat|sans (?:vouloir )?(?:être|etre) (?:nomm|identifi)",
    needles=("anonym", "asked", "declined", "authori", "sans"))

# --- hedges ---------------------------------------------------------------------------------
# All hedges start at a word boundary: one \b in front fails fast inside words.
_HEDGES = Caseless(r"\b(?:" + "|".join(rf"(?:{p})" for p in en_speech.HEDGES + fr_speech.HEDGES) + ")")

# words that may sit between subject and verb; some of them disqualify the verb
_AUX = en_speech.BETWEEN_SUBJECT_AND_VERB | fr_speech.BETWEEN_SUBJECT_AND_VERB
_SUBJECT_PRONOUNS = en_speech.SUBJECT_PRONOUNS | fr_speech.SUBJECT_PRONOUNS
_TITLE_FOLD = en_speech.LOWER_IN_NAMES | fr_speech.LOWER_IN_NAMES
_PREPOSITION = re.compile(r"(?:on|in|at(?! least)|by|for|with|from|to|after|before|during|over|sur|dans|en|par|pour|avec"
                          r"|apr[èe]s|avant|lors|pendant)\b", re.I)
_DISQUALIFY = en_speech.NOT_AN_ATTRIBUTION | fr_speech.NOT_AN_ATTRIBUTION
_SEG_SPLIT = re.compile(r"[,;:()\"\[\]]|\s-\s|--")
_RELATIVE = re.compile(r"(?<!\w)(?:that|which|who|qui|que|qu')(?:\s+|$)|(?<!\w)qu'", re.I)
_APPOSITIVE = re.compile(r"^(?:a|an|the|un|une|le|la|l'|its|their|his|her|son|sa|leur|\w+'s|(?:[\w.-]+\s+){1,3}[\w-]+'s"
                         r"|one of|l'une? des|une? des"  # "One of the two gunmen captured, Alassane T.-B., said"
                         r"|spokes\w+|porte-parole"
                         r"|head|leader|chief|chef|commander|commandant|minister|ministre|president|pr[ée]sident"
                         r"|director|directeur|coordinator|coordinateur|secretary|secr[ée]taire)\b", re.I)
_QUANTITY = re.compile(r"(?:\d|at least|more than|nearly|about|some \d|au moins|plus de|environ)", re.I)
_CLAUSE_VERB = re.compile(r"\s(?:is|are|was|were|has|have|had|will|would|est|sont|a|ont|avait|avaient|\w+ed)\s", re.I)
_ASIDE = re.compile(r"(?:speaking|who|which|citing|quoted|including|notably|dont|y compris|notamment|in a|on "
                    r"|(?:also )?known (?:as|by)|(?:aussi|[ée]galement) (?:appel|connu|nomm)"  # another name
                    r"|published|released|issued|dated|presented|submitted|titled|entitled|handed|made public"
                    r"|publi[ée]|dat[ée]|remis|rendu public"  # "The report, published on Monday,"
                    r"|for (?:its|his|her|their) part|however|meanwhile|though|also|too|later|earlier"
                    r"|pour (?:sa|leur) part|de (?:son|leur) c[ôo]t[ée]|quant|sous couvert|on condition|dans un|qui"
                    r"|joints?|reached|contacted"
                    # a participle in apposition: "The FLL, named by the government as the author, denied";
                    # « Le FLL, désigné par le gouvernement comme l'auteur de l'attaque, a démenti »
                    r"|(?:d[ée]sign|accus|cit|vis|soup[çc]onn|mis en cause|pr[ée]sent|consid[ée]r|d[ée]cri)[ée]e?s?\b"
                    r"|(?:named|accused|blamed|described|seen|considered|suspected|identified|held responsible)\b"
                    # how a body came to be: "The association, formed last week, says"; « Le collectif, créé en mai, »
                    r"|(?:formed|founded|created|set up|based|run|led|headed|backed|funded|chaired|appointed)\b"
                    r"|(?:cr[ée]{2}|fond[ée]|form[ée]|bas[ée]|dirig[ée]|charg[ée]|pr[ée]sid[ée]|nomm[ée])e?s?\b"
                    r"|(?:replaced|dismissed|suspended|remplac[ée]|limog[ée]|suspendu)e?s?\b"  # « remplacé en juillet »
                    # what it does: « La Fédération, organisatrice de la finale, s'en tient… »
                    r"|(?:organi[sz]ers?|organisat(?:eur|rice)s?|operators?|exploitant|gestionnaire|owners?"
                    r"|propri[ée]taire)\b"
                    r"|(?:elle|lui|eux|elles)$)",  # « La SCPA, elle, affirme »: the subject said again
                    re.I)
_FINITE = re.compile(r"(?<!\w)(?:is|are|was|were|has|have|had|will|would|est|sont|[ée]tait|[ée]taient|ont"
                     r"|a (?:pu|[ée]t[ée]|d[ûu]|fait|eu))(?!\w)", re.I)  # « Le Courrier a pu consulter… »: a clause
_POST_LEAD = re.compile(r"^\s*(?:(?:à|au|aux|to)\s+(?:l'|la\s+|le\s+|les\s+)?[\w.-]+\s+|(?:on\s+|ce\s+)?(?:monday|tuesday"
                        r"|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi"
                        r"|dimanche)(?:\s+(?:soir|matin))?\s+|in a statement\s+|dans un communiqu[ée]\s+)+", re.I)


@dataclass(frozen=True)
class Attribution:
    """Who a sentence's claim belongs to, how it was reported, and whether it is hedged."""
    speaker: str
    speaker_kind: str
    attribution_verb: str | None
    hedged: bool
    hedges: tuple[str, ...] = ()

    def __post_init__(self):
        if self.speaker_kind not in SPEAKER_KINDS:
            raise ValueError(f"speaker_kind must be one of {SPEAKER_KINDS}, got {self.speaker_kind!r}")

    def to_dict(self) -> dict:
        """JSON-ready dict (hedges as a list)."""
        d = asdict(self)
        d["hedges"] = list(self.hedges)
        return d


@dataclass
class ArticleContext:
    """What earlier sentences tell us: the main country and the antecedents for pronouns.

    Mutable on purpose: :func:`attribute_article` feeds it sentence by sentence;
    :func:`attribute` only reads it.
    """
    country: str | None = None
    last_actor: Actor | None = None
    last_group: Actor | None = None
    last_person: Actor | None = None
    last_speaker: Actor | None = None  # « selon la même source »: the source last quoted, not the last name
    last_body: Actor | None = None  # the last body (an institution, a document, an organisation) spoken of
    people: dict[str, Actor] = field(default_factory=dict)  # surname -> the person first named in full
    named: list[Actor] = field(default_factory=list)  # organisations and institutions named so far, in order
    # (names only: a bare description, "the ministry", is what ``antecedent`` resolves, never an antecedent)

    def full_name(self, actor: Actor) -> Actor:
        """'Mr Nkodo-Massard', « Mme Dimbé-Carrel », 'Ankaré-Vidal' -> the person the report named in
        full before: one actor, however a later sentence shortens the name."""
        short = _HONORIFIC.sub("", actor.name).strip()
        if " " in short or not short:
            return actor
        return self.people.get(short.lower(), actor)

    def antecedent(self, actor: Actor) -> Actor:
        """'the ministry', « la commission », « le bureau » -> the institution of that kind the report named
        last ("the Ministry of Water Resources", « la Commission nationale des droits humains »): one
        actor, however a later sentence refers to it.  Anything else, or nothing named before, stays."""
        family = _description_family(actor.name)
        if family is None:
            return actor
        words = en_speech.FAMILY_WORDS[family]
        return next((earlier for earlier in reversed(self.named)
                     if any(word in strip_accents(earlier.name.lower()) for word in words)), actor)

    def resolve(self, pronoun: str, finding: bool = False) -> Actor | None:
        """'the group' -> last armed group; 'he'/'she' -> last person; anything else -> last actor.
        A French « elle » or « il » that concludes, estimates or counts (``finding``) stands for a body
        as often as a person (« la commission… Elle conclut que… »): the last body spoken of, if any."""
        if pronoun == "the group":
            return self.last_group or self.last_actor
        if finding and pronoun in ("il", "elle", "ils", "elles", "they") and self.last_body is not None:
            return self.last_body
        if pronoun in ("he", "she", "him", "his", "her", "il", "elle", "lui"):
            return self.last_person or self.last_actor
        if pronoun == SAME_SOURCE:
            return self.last_speaker
        return self.last_actor

    def observe(self, sentence: str, speaker: Actor | None) -> None:
        """Remember this sentence's speaker (or, in outlet voice, its first-mentioned actor)."""
        mentions = find_mentions(sentence[:MAX_SENTENCE], self.country)
        if speaker is not None and speaker.category != "pronoun":
            self.last_actor = self.last_speaker = speaker
        elif mentions:
            self.last_actor = mentions[0]
        for actor in mentions + ([speaker] if speaker else []):
            if actor.category == "group":
                self.last_group = actor
            if actor.category in ("org", "state", "group") or (actor.kind == "official" and actor.category != "person"):
                self.last_body = actor
        subject = _LEADING_SUBJECT.match(sentence[:MAX_SENTENCE])
        if speaker is None and subject and _names_a_body(subject.group(1)):
            # « La commission … a rendu public son rapport. » — the « elle » that concludes next
            self.last_body = normalise(subject.group(1), self.country) or self.last_body
        self.named += [actor for actor in mentions + organisations_named(sentence[:MAX_SENTENCE])
                       + ([speaker] if speaker is not None else [])
                       if actor.category in _NAMED_CATEGORIES and _description_family(actor.name) is None]
        if speaker is not None and speaker.category == "person":
            self.last_person = speaker
        elif not _BYLINE.match(sentence):  # "Marta Ilunga, a survivor, clung to a jerrycan." — the next "she"
            self.last_person = _person_named(sentence) or self.last_person
        for person in _people_named(sentence) + ([speaker] if speaker is not None and speaker.category == "person" else []):
            words = _HONORIFIC.sub("", person.name).split()
            if len(words) > 1:
                self.people.setdefault(words[-1].lower(), person)


_NAME_WORDS = (r"[A-ZÀ-Ý][\w'’-]+(?:\s+(?:(?:de|da|dos|ben|bin|ould|ag|van|von)\s+)?"
               r"[A-ZÀ-Ý][\w'’-]+){{1,{more}}}")  # a capitalised word, then up to ``more`` others
_PERSON_NAME = re.compile(r"(?<![\w'’-])" + _NAME_WORDS.format(more=2))


_HONORIFIC = re.compile(r"^(?:(?:Mr|Mrs|Ms|Miss|M|Mme|Mlle|Me|Ma[îi]tre|Dr|Prof|Pr|Judge|Juge|President|Pr[ée]sident"
                        r"|General|G[ée]n[ée]ral|Gen|Colonel|Col|Captain|Capitaine|Commander|Commandant|Minister|Ministre)"
                        r"\.?\s+)+", re.I)


_NAME_RUN = re.compile(r"(?<![\w'’-])" + _NAME_WORDS.format(more=5))
# the head of a role ("Government spokesman", "Communication Minister"), whatever comes before it
_ROLE_HEADS = (r"(?:spokes(?:man|woman|person)|minister|ministre|president|pr[ée]sident|prefect|pr[ée]fet|governor"
               r"|gouverneur|mayor|maire|director|directeur|directrice|commissioner|commissaire|judge|juge|prosecutor"
               r"|procureur|secretary|secr[ée]taire|chief|chef|commander|commandant|colonel|general|g[ée]n[ée]ral"
               r"|captain|capitaine|porte-parole|ambassador|ambassadeur|principal|proviseure?)")
_ROLE_HEAD = re.compile(rf"(?<!\w){_ROLE_HEADS}$", re.I)


def _name_after_titles(run: str) -> str:
    """'Communication Minister Grégoire Atanga-Mercier' -> 'Grégoire Atanga-Mercier': the person, not the role."""
    words = run.split()
    last_title = max((i for i, word in enumerate(words) if _ROLE_HEAD.fullmatch(word)), default=-1)
    return " ".join(words[last_title + 1:]) if len(words) - last_title - 1 >= 2 else run


def _people_named(sentence: str) -> list[Actor]:
    """The people a sentence names in full (two or three capitalised words the normaliser takes for one)."""
    found = []
    for m in _NAME_RUN.finditer(sentence[:MAX_SENTENCE]):
        run = _name_after_titles(m.group())
        if len(run.split()) > 3:
            continue
        actor = normalise(run)
        if actor is not None and actor.category == "person" and not INSTITUTION_WORDS.search(run):
            found.append(actor)
    return found


def _person_named(sentence: str) -> Actor | None:
    """The first person a sentence names."""
    people = _people_named(sentence)
    return people[0] if people else None


# --- candidate finders: each returns (position, Actor, verb label) or None -------------------
def _key(word: str) -> str:
    """Case-sensitive on purpose ('UN' is not the French article 'un'); 'The'/'Monday' fold to lower case."""
    return word.lower() if word.istitle() and word.lower() in _TITLE_FOLD else word


_SKIPPABLE = _AUX | _DISQUALIFY


_QUOTED_WORD = re.compile(r"\s*(?:«\s*[\w'’-]+\s*»|“\s*[\w'’-]+\s*”|\"\s*[\w'’-]+\s*\")$")
# adverbs of two or three words: « a de nouveau écarté », « a pour sa part évoqué », « a de son côté démenti »,
# "has for its part denied"
_AGAIN_FR = re.compile(r"\s+(?:(?:de|à)\s+nouveau|pour\s+(?:sa|leur)\s+part|de\s+(?:son|leur)\s+côté"
                       r"|for\s+(?:its|his|her|their)\s+part)$", re.I)


def _strip_aux(pre: str) -> tuple[str, list[str]]:
    """Peel auxiliaries/adverbs/day names off the end of the text before a verb (nearest first)."""
    pre = _AGAIN_FR.sub("", pre.rstrip())  # « a de nouveau écarté »: one adverb of several words
    pre = _QUOTED_WORD.sub("", pre)  # « a « catégoriquement » rejeté »: a quoted adverb is no subject
    words, dropped = pre.split(" "), []
    while words and _key(words[-1]) in _SKIPPABLE:
        dropped.append(_key(words.pop()))
    return " ".join(words), dropped


def _coordinated_subject(pre: str) -> str:
    """'Authorities in Niger have verified the attack and [blamed]' -> 'Authorities in Niger'."""
    clause = _SEG_SPLIT.split(pre)[-1]
    m = _CLAUSE_VERB.search(clause)
    return clause[:m.start()] if m else ""


def _relative_subject(segment: str) -> str | None:
    """'videos that it' -> 'it'; 'militants who attacked the camp' -> 'militants'; bare 'which' -> None."""
    marks = list(_RELATIVE.finditer(segment))
    if not marks:
        return segment
    after = segment[marks[-1].end():].strip()
    if not after:
        return None
    if len(after.split()) <= 4 and not after[0].islower() or after.lower() in _SUBJECT_PRONOUNS:
        return after
    return segment[:marks[0].start()]


def _valid_subject(np: str) -> bool:
    """A speaker is a short noun phrase: no finite verb, not ending in a determiner or a verb."""
    words = np.split()
    noun_after_determiner = len(words) > 1 and words[-2].lower() in _NOUN_DETERMINERS  # "The note", « la note »
    return (0 < len(words) <= 14 and not _FINITE.search(np) and words[-1] not in _DISQUALIFY
            and (words[-1].lower() not in VERB_FORMS or noun_after_determiner) and not _PREPOSITION.match(np)
            and not re.search(r"'s?$", words[-1]))  # "the army's claims": a noun, not a verb


def _post_np(post: str, country: str | None) -> Actor | None:
    """Speaker after an inverted verb: '…, said Col. Maïga' / '…, a déclaré à l'AFP le porte-parole'."""
    post = _POST_LEAD.sub("", post[:300])
    segs = [s.strip() for s in _SEG_SPLIT.split(post)]
    if not segs or re.match(r"(?:that|que|qu'|n['’]|ne\b|to\b|de\b|d['’])", segs[0], re.I) or _QUANTITY.match(segs[0]):
        return None  # '…, said that …' / '…, said at least 20 soldiers died' are not inversions
    if not _valid_subject(clean(segs[0])):
        return None
    if len(segs) > 1:  # '…, said the group's director, Liliane Ekotto-Hart.': the person, not the role
        named = _role_then_name([segs[0], segs[1].rstrip(".!? ")], country)
        if named is not None:
            return named
    if len(segs) > 1 and re.search(r"spokes|porte-parole", segs[1], re.I):
        return normalise(segs[1], country) or normalise(segs[0], country)
    return normalise(segs[0], country)


ROLE_WORDS = 12  # "the minister of communication and government spokesman, X,": a role this long still names X
NAME_WORDS = 9  # "The Movement for Justice in the Highlands (MJHT), an armed group…, claimed": a name this long
_TITLE = (r"(?:Dr|Me|Mr|Mrs|Ms|Mme|M\.|Prof|Pr|Gen|General|Général|Col|Colonel|Captain|Capitaine|Major|Lieutenant"
          r"|Commandant|Commander|Commissioner|Commissaire|Maître|Judge|Juge|Docteur|Professeur|Inspecteur|Inspector)")
_NAME_BODY = _NAME_WORDS.format(more=2)
# « le colonel Stanislas Mbaye-Lorrain », "the doctor…": a title may be lower case after an article
_TITLED_NAME = re.compile(r"(?:(?:the|le|la|The|Le|La)\s+(?=[a-z]))?(?:(?i:" + _TITLE + r")\.?\s+)*" + _NAME_BODY)
# "Government spokesman Lucien Abessolo-Marchand", "Communication Minister Grégoire Atanga-Mercier": role, then name
_ROLE_PREFIXED = re.compile(r"^(?P<role>(?:[\w'’-]+\s+){1,5}?)(?P<name>" + _NAME_BODY + r")$")


def _role_then_name(segs: list[str], country: str | None) -> Actor | None:
    """'The governor of Haut-Sirou, Emmanuel Tchoua, said': the person named, with the role's kind.

    The role comes first and the name in apposition — the commonest way a report introduces a
    speaker — so the speaker is the name (the role alone would merge every governor), an
    official when the role says so."""
    if len(segs) < 2 or len(segs[-2].split()) > ROLE_WORDS or not _APPOSITIVE.match(segs[-2]):
        return None
    if not _TITLED_NAME.fullmatch(segs[-1]) or INSTITUTION_WORDS.search(segs[-1]):
        return None
    person, role = normalise(_DETS_TITLES.sub("", segs[-1]), country), normalise(segs[-2], country)
    if person is None or person.category != "person":
        return None
    official = role is not None and role.kind == "official"
    return Actor(person.name, "official" if official else person.kind, "person")


def _titled_apposition(segs: list[str], country: str | None) -> Actor | None:
    """"The government spokesman, Communication Minister X, said": a role, then the person with a title
    of their own in apposition; the person speaks."""
    if len(segs) < 2 or len(segs[-2].split()) > ROLE_WORDS or not _APPOSITIVE.match(segs[-2]):
        return None
    m = _ROLE_THEN_NAME.match(segs[-1])
    person = normalise(m.group("name"), country) if m else None
    if person is None or person.category != "person":
        return None
    return Actor(person.name, "official" if _OFFICIAL_ROLE.search(m.group("role")) else person.kind, "person")


_ROLE_THEN_NAME = re.compile(rf"^(?P<role>(?:[\w'’-]+\s+){{0,5}}?(?i:{_ROLE_HEADS}))\s+(?P<name>{_NAME_BODY})$")


def _description_then_name(segs: list[str], country: str | None) -> Actor | None:
    """'The national weather office, Météo-Ostravelle, said': the body's name after its description,
    as _role_then_name takes a person's after a role."""
    if len(segs) < 2 or len(segs[-2].split()) > ROLE_WORDS or not _APPOSITIVE.match(segs[-2]):
        return None
    body = normalise(segs[-1], country) if segs[-1][:1].isupper() else None
    return body if body is not None and body.category in ("org", "state", "group") else None


_BARE_TITLE = re.compile(rf"(?:the|le|la|{_TITLE}|{_ROLE_HEADS})\.?", re.I)
_OFFICIAL_ROLE = re.compile(r"minist|pr[ée]f|gouvern|govern|mayor|maire|judge|juge|procur|prosecut|presid|pr[ée]sid",
                            re.I)
_DETS_TITLES = re.compile(r"^(?:the|le|la)\s+(?=[a-z])(?:(?i:" + _TITLE + r")\.?\s+)*", re.I)


def _role_prefixed(subject: str, country: str | None) -> Actor | None:
    """'Government spokesman Lucien Abessolo-Marchand said': the person, an official when the role
    says so (normalising the whole phrase would give the government, and merge every spokesman)."""
    m = _ROLE_PREFIXED.match(subject)
    if not m or not _ROLE_HEAD.search(m.group("role").strip()) or INSTITUTION_WORDS.search(m.group("name")):
        return None
    qualifiers = [word for word in m.group("role").split() if not _BARE_TITLE.fullmatch(word)]
    if not qualifiers:
        return None  # « Le colonel Moussa Diarra », "President X": a title, which the normaliser keeps
    person, role = normalise(m.group("name"), country), normalise(m.group("role"), country)
    if person is None or person.category != "person":
        return None
    official = role is not None and role.kind == "official" or bool(_OFFICIAL_ROLE.search(m.group("role")))
    return Actor(person.name, "official" if official else person.kind, "person")


def _pre_np(pre: str, country: str | None) -> Actor | None:
    """Subject before the verb, handling 'X, a spokesman for Y, said' and relative clauses."""
    if re.search(r'[»”"]\s*,\s*$', pre):
        return None  # « … », a déclaré X: a quotation before the verb, its speaker after it
    ends_with_comma = pre.rstrip(" \"").endswith(",")
    segs = [s.strip(" '\"") for s in _SEG_SPLIT.split(pre)]
    segs = [s for s in segs if s]
    if not segs:
        return None
    if ends_with_comma and len(segs) >= 2 and _ASIDE.match(segs[-1]):
        segs, ends_with_comma = segs[:-1], False  # 'A source, speaking anonymously, said'
    if ends_with_comma:
        named = (_role_then_name(segs, country) or _description_then_name(segs, country)
                 or _titled_apposition(segs, country))
        if named is not None:
            return named
        if (len(segs) < 2 or not _APPOSITIVE.match(segs[-1]) or _FINITE.search(segs[-1])
                or len(segs[-2].split()) > NAME_WORDS):
            return None
        spokes = re.search(r"spokes|porte-parole", segs[-1], re.I)
        return normalise(segs[-1] if spokes else segs[-2], country)
    subject = segs[-1] if not re.fullmatch(r"which|who|qui", segs[-1], re.I) else (segs[-2] if len(segs) > 1 else None)
    subject = clean(_relative_subject(subject) or "") if subject else ""
    if not _valid_subject(subject):
        return None
    return _role_prefixed(subject, country) or normalise(subject, country)


def _verb_label(text: str, m: re.Match) -> str | None:
    form = text[m.start(1):m.end(1)].lower()
    label = VERB_FORMS.get(form)
    after = text[m.end():m.end() + 60]
    if label in ("said", "reported") and re.match(r"\s+to\s", after):
        return None  # 'said to be' is a hedge, not a quotation
    if label == "claimed" and _CLAIMED_OBJ.match(after):
        return "claimed responsibility"
    if form in _ALSO_NOUNS and _NOUN_BEFORE.search(text, max(0, m.start() - 20), m.start()):
        return None  # "convicted on both counts", « selon la note »: the noun, not "the ministry counts"
    return label


def _verb_candidate(text: str, country: str | None):
    """First verb with a plausible subject before it (or, after a comma, an inverted subject after it)."""
    for i, m in enumerate(_VERB_RE.finditer(text)):
        if i >= _MAX_VERBS:
            break
        label = _verb_label(text, m)
        inside = _inside_quotes(text, m.start())
        opens_quote = inside and _QUOTE_OPENS.search(text, max(0, m.start() - 3), m.start()) is not None
        if label is None or (inside and not opens_quote):
            continue  # « Aucune alerte précise… », affirme le ministère: words inside a quote are not who says it
        # but « Le GHRA « conteste tout lien » »: a quotation that opens on the verb is still the subject's
        before = text[max(0, m.start() - 300):m.start()]
        pre, dropped = _strip_aux(_QUOTE_OPENS.sub("", before) if opens_quote else before)
        coordinated = bool(dropped) and dropped[-1] in ("and", "et")
        if set(dropped[:-1] if coordinated else dropped) & _DISQUALIFY:
            continue
        actor = _pre_np(_coordinated_subject(pre) if coordinated else pre, country)
        if actor is None and pre.rstrip(" \"").endswith(",") and label not in _NEVER_INVERTED:
            actor = _post_np(text[m.end():], country)
        if (actor is not None and text[m.start(1):m.end(1)].lower() in _FINDING_FORMS and not _can_find(pre, actor)
                and not _holds_view(text, m.end(), actor)):
            continue
        if actor is not None:
            return m.start(), actor, label
    return None


# "…, claimed the attack in a message": what follows such a verb is its object, never its subject
_NEVER_INVERTED = {"claimed responsibility", "declined"}


def _toll_candidate(text: str, country: str | None):
    """'The union put the number of trapped miners at 35', « Le gouvernement arrête le bilan à 21 morts »:
    the subject of a verb that sets a figure is its source, as much as one that says it."""
    for m in _TOLL_RE.finditer(text):
        pre, dropped = _strip_aux(text[max(0, m.start() - 300):m.start()])
        if set(dropped) & _DISQUALIFY:
            continue
        head = " ".join(_SEG_SPLIT.split(pre)[-1].split()[:3])  # "Heavy rain on", not "…inquiry into the collapse"
        if _NOT_A_SOURCE.search(head):
            continue
        actor = _pre_np(pre, country)
        if actor is None:
            continue
        if actor.category != "anonymous" or _names_a_body(pre[-80:]):
            return m.start(), actor, "reported"
    return None


_QUOTE_OPENS = re.compile(r"[«“\"]\s*$")


def _inside_quotes(text: str, at: int) -> bool:
    """Whether a position lies within a quotation (« … », “ … ” or "…") still open there."""
    before = text[:at]
    return (before.count("«") > before.count("»") or before.count("\u201c") > before.count("\u201d")
            or before.count('"') % 2 == 1)


def _can_find(subject: str, actor: Actor) -> bool:
    """A document, an institution, an organisation or an official can report a finding (and 'it'
    may stand for one); a crowd or a rescuer cannot.  ``subject``: the words before the verb, or
    after it when the subject is inverted (« …, relève le rapport »)."""
    return (_names_a_body(f"{subject[-80:]} {actor.name}") or actor.kind == "official"
            or actor.category in ("org", "pronoun") or _OFFICIAL_ROLE.search(actor.name) is not None)


def _names_a_body(words: str) -> bool:
    """A document, a state institution or another body that counts and finds ("the regulator")."""
    return bool(_DOCUMENT.search(words) or INSTITUTION_WORDS.search(words) or _FINDER.search(words))


_THAT = re.compile(r"\s+(?:que|qu['’]|that)\b", re.I)


def _holds_view(text: str, verb_end: int, actor: Actor) -> bool:
    """A named person "estimates that" / « estime que »: an opinion told, not a finding, and theirs."""
    return actor.category == "person" and _THAT.match(text, verb_end) is not None


def _inverted_fr(text: str, country: str | None):
    """'…, a-t-il déclaré.' / '…, affirme-t-elle.' -> pronoun speaker, resolved later."""
    if "-" not in text:  # every inversion has one; skip the scan
        return None
    for m in _FR_INVERTED.finditer(text):
        pronoun, verb = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        label = VERB_FORMS.get(verb.lower())
        if label:
            return m.start(), Actor(pronoun.lower(), "anonymous", "pronoun"), label
    return None


def _according_candidate(text: str, country: str | None):
    """'according to X' / 'selon X' / "d'après X" / 'de source sécuritaire'."""
    for m in _ACCORDING.finditer(text):
        actor = _post_np(text[m.end():], country)
        if actor is not None:
            return m.start(), actor, "according to"
    m = _DE_SOURCE.search(text)
    if m:
        det = "des" if m.group(1).lower().endswith("s") else "une"
        actor = normalise(f"{det} {m.group(1)} {m.group(2)}", country)
        return (m.start(), actor, "according to") if actor else None
    return None


def _claimed_by(text: str, country: str | None):
    """Passive responsibility claims: 'was claimed by JNIM' / 'revendiquée par le GSIM'."""
    m = _CLAIMED_BY.search(text)
    actor = _post_np(text[m.end():], country) if m else None
    if actor is None or actor.kind == "anonymous":
        return None
    return m.start(), actor, "claimed responsibility"


def _statement_by(text: str, country: str | None):
    """Last resort: 'in a statement released by X' with no reporting verb -> 'stated'."""
    m = _STATEMENT_BY.search(text)
    author = _SEG_SPLIT.split(text[m.end():m.end() + 200])[0] if m else ""
    if len(author.split()) > 6:
        return None  # "la vidéo diffusée par le groupe montre des hommes armés…": no author's name ends it
    actor = _post_np(text[m.end():], country) if m else None
    return (m.start(), actor, "stated") if actor else None


def _find_speaker(text: str, country: str | None):
    """Pick one (Actor, verb) among the candidate rules: earliest marker wins (see module doc)."""
    finders = (_claimed_by, _verb_candidate, _inverted_fr, _according_candidate, _toll_candidate)
    found = [c for c in (f(text, country) for f in finders) if c is not None]
    if found:
        return min(found, key=lambda c: c[0])[1:]
    fallback = _statement_by(text, country)
    return fallback[1:] if fallback else None


# --- public API -------------------------------------------------------------------------------
def find_hedges(sentence: str) -> tuple[str, ...]:
    """Hedge phrases, as they appear in the sentence, in order, without overlaps."""
    original = sentence[:MAX_SENTENCE]
    return _hedges(original, fold(original))


def _hedges(original: str, text: str) -> tuple[str, ...]:
    """find_hedges for a sentence already cut to MAX_SENTENCE and folded (same offsets)."""
    out, end = [], -1
    for m in _HEDGES.finditer(text):
        if m.start() >= end:
            out.append(original[m.start():m.end()])
            end = m.end()
    return tuple(out)


def _same_outlet(name: str, outlet: str) -> bool:
    """'The Times' in a New York Times story is the outlet speaking for itself."""
    a, b = (re.sub(r"^the\s+", "", s.strip().lower()) for s in (name, outlet))
    return bool(a) and (a == b or (len(a) > 3 and b.endswith(" " + a)))


def _analyse(sentence: str, outlet: str, ctx: ArticleContext | None) -> tuple[Attribution, Actor | None, str]:
    """Attribution plus the resolved Actor (None in outlet voice) so the context can learn from it,
    and the folded sentence, so it is folded only once."""
    sentence = sentence if isinstance(sentence, str) else str(sentence or "")
    outlet = (outlet if isinstance(outlet, str) else str(outlet or "")).strip() or "outlet"
    original = sentence[:MAX_SENTENCE]
    text = fold(original)
    hedges = _hedges(original, text)
    own_voice = Attribution(outlet, "outlet", None, bool(hedges), hedges)
    country = (ctx.country if ctx else None) or location_country(text)
    found = _find_speaker(_blank_asides(text), country)
    if found is None:
        return own_voice, None, text
    actor, verb = found
    if _OWN_VOICE.search(actor.name):
        return own_voice, None, text  # "according to a tally kept by this newspaper"
    if actor.category == "pronoun":
        resolved = ctx.resolve(actor.name, finding=verb in _FINDING_LABELS) if ctx else None
        actor = resolved or Actor(_unresolved(actor.name), "anonymous", "anonymous")
    elif ctx is not None:
        actor = ctx.antecedent(ctx.full_name(actor))
    if _same_outlet(actor.name, outlet):
        return own_voice, None, text
    kind = "anonymous" if _ANONYMITY.search(text) else actor.kind
    return Attribution(actor.name, kind, verb, bool(hedges), hedges), actor, text


_PARENTHESIS = re.compile(r"\([^()]{1,120}\)")


def _blank_asides(text: str) -> str:
    """Blank short parentheses ("(JNIM, selon son acronyme arabe)"), keeping offsets: an aside is
    never the subject, and its commas and "selon" must not look like an attribution."""
    return _PARENTHESIS.sub(lambda m: " " * len(m.group()), text) if "(" in text else text


_NAMED_CATEGORIES = ("org", "state", "group")
# a sentence's subject, up to its verb's auxiliary: "The commission of inquiry has published…",
# « La commission … a rendu »
_LEADING_SUBJECT = re.compile(r"((?:The|A|An|La|Le|L['’]|Les|Un|Une)\s*[^,;:«“\"]{3,100}?)\s+"
                              r"(?:a|ont|avait|avaient|est|sont|has|have|had|is|are|was|were|will)\s")
_BYLINE = re.compile(r"(?:Par|By)\s+(?:\S+\s+){0,3}\S+\s*$")  # « Par Ruth Ilunga »: the writer, never the next « elle »
_GENERIC_MODIFIERS = {strip_accents(word) for word in en_speech.GENERIC_MODIFIERS | fr_speech.GENERIC_MODIFIERS}
_DESCRIPTIONS = {strip_accents(head): family for head, family in {**en_speech.DESCRIPTIONS, **fr_speech.DESCRIPTIONS}.items()}
_DEMONYM_WORDS = {strip_accents(word.lower()) for demonym in DEMONYMS.values() for word in demonym.split()}
_DESCRIPTION_WORDS = {"the", "le", "la", "l'", "les", "ce", "cette", "this"} | _DEMONYM_WORDS


def _description_family(name: str) -> str | None:
    """The family of a bare definite description ('ministry', 'Congolese ministry', « l'agence onusienne »,
    'the UN agency'), or None for a name ('health ministry', « Ligue riveraine… »): a description is its
    head with nothing but determiners, a demonym or a word that names no one (GENERIC_MODIFIERS)."""
    words = [word for word in strip_accents(name.lower()).replace("l'", "l' ").split() if word not in _DESCRIPTION_WORDS]
    if not words or words[0] not in _DESCRIPTIONS and words[-1] not in _DESCRIPTIONS:
        return None
    head = words[0] if words[0] in _DESCRIPTIONS else words[-1]
    if any(word != head and word not in _GENERIC_MODIFIERS for word in words):
        return None
    return _DESCRIPTIONS[head]


def _unresolved(pronoun: str) -> str:
    """Display name for an anaphor with no antecedent: honest about not knowing who."""
    return {"statement": "a statement", "spokesman": "a spokesman", "porte-parole": "a spokesman",
            SAME_SOURCE: "the same source"}.get(pronoun, pronoun)


def attribute(sentence: str, outlet: str, context: ArticleContext | None = None) -> Attribution:
    """One sentence on its own (context optional, read-only)."""
    return _analyse(sentence, outlet, context)[0]


def attribute_article(sentences: Sequence[str], outlet: str, article_text: str | None = None) -> list[Attribution]:
    """All sentences of one article in order, resolving pronouns and qualifying 'the army' by country."""
    sentences = [s if isinstance(s, str) else str(s or "") for s in (sentences or ())]
    budget, joined = MAX_ARTICLE, []
    for s in sentences:  # avoid building a huge string just to find the country
        joined.append(s[:budget])
        budget -= len(joined[-1])
        if budget <= 0:
            break
    ctx = ArticleContext(country=main_country(article_text if isinstance(article_text, str) and article_text
                                              else " ".join(joined), MAX_ARTICLE))
    out = []
    for sentence in sentences:
        attribution, actor, text = _analyse(sentence, outlet, ctx)
        ctx.observe(text, actor)
        out.append(attribution)
    return out
