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
