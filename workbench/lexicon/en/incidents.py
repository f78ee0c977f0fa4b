"""Words by which a report says it tells of a *new* incident of a story already running.

A second kidnapping at a school of the same district, a second breakout from the same prison: the
reporter says so in the headline or the lead ("a second school", "another attack", "struck
again").  Follow-ups on the first incident say "after", "since", "a year on" instead.
"""
ORDINALS = r"""second third fourth fifth another fresh new latest renewed"""
# what happens again, and where it happens again: "second school", "another attack"
INCIDENTS = r"""attacks? raids? kidnappings? abductions? assaults? explosions? blasts? breakouts? escapes? jailbreaks?
    floods? flooding landslides? collapses? fires? blazes? ambush(?:es)? massacres? shootings? bombings? outbreaks?
    riots? clashes mutin(?:y|ies) earthquakes? quakes? spills? crash(?:es)? sinkings? capsizings? stampedes? strikes?"""
SITES = r"""schools? prisons? jails? mines? villages? camps? markets? churches? mosques? bases? towns? plants?
    factor(?:y|ies) dormitor(?:y|ies) convoys? bus(?:es)? boats? ferr(?:y|ies) hospitals? barracks? checkpoints?"""
AGAIN = r"""struck again|strikes again|attacked again|hit again|escaped again|again attacked|again struck"""


# A lead can tell of a fresh happening without saying "second": "A landslide buried three houses
# above Pont-Ravel at about 6.30 a.m."  Regular expressions over folded text, one per entry.
# What happened, told as news:
HAPPENED = (r"landslides?", r"mudslides?", r"derail(?:ed|ment|s)?", r"collid(?:ed|es)", r"collisions?", r"collaps(?:ed|es)",
            r"explosions?", r"explod(?:ed|es)", r"blasts?", r"fires?", r"blazes?", r"sank", r"sinks", r"capsiz(?:ed|es)",
            r"flood(?:ed|s|ing)?", r"swept", r"buri(?:ed|es)", r"struck", r"attack(?:ed|s)?", r"ambush(?:ed)?", r"storm(?:ed|s)",
            r"abduct(?:ed|s)", r"kidnapp(?:ed|s)", r"arrest(?:ed|s)?", r"detain(?:ed|s)", r"seiz(?:ed|es)", r"shot",
            r"escaped", r"evacuat(?:ed|es|ion)", r"stampedes?", r"crash(?:ed|es)?", r"broke out", r"erupt(?:ed|s)",
            r"killed", r"kills")
# when, in the words of a report filed the same day or the next
RECENT = (r"monday", r"tuesday", r"wednesday", r"thursday", r"friday", r"saturday", r"sunday", r"yesterday",
          r"overnight", r"tonight", r"today", r"(?:this|early|late) (?:morning|afternoon|evening)",
          r"at (?:about |around )?\d{1,2}[.:]\d\d ?(?:a\.m|p\.m)")
# what makes a lead a follow-up of an incident already covered, however fresh its own news
FOLLOW_UP = (r"inquiry", r"inquest", r"investigation", r"report", r"findings", r"commission", r"hearing", r"trial",
             r"court", r"verdict", r"judges?", r"sentenced", r"convicted", r"acquitted", r"charged", r"accused",
             r"suspects?", r"suspected", r"ringleader", r"in connection with", r"anniversary", r"compensation",
             r"(?:death )?tolls?", r"aftermath",
             # "after the floods", not the happening's own moments: "moments after taking off", "shortly after midnight"
             r"(?<!moments )(?<!minutes )(?<!seconds )(?<!hours )(?<!shortly )(?<!just )(?<!soon )after(?! \w+ing\b)",
             r"since", r"(?:months?|weeks?|a year) (?:on|later|ago)",
             r"memorial", r"funerals?", r"mourning")
# a roundup's turn to another, unrelated happening, at the start of a paragraph: "Elsewhere in the
# province, a coach overturned…", "In a separate incident, …"
# ("separately" is not one: "Separately, the ministry said…" goes on with the same story)
ASIDE = (r"elsewhere in", r"in other news", r"in (?:a|an) (?:separate|unrelated|other) (?:incident|accident)",
         r"in another (?:incident|accident)")
