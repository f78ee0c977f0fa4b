"""Data only: the words the analysers look for, kept apart from the code that uses them (the
spaCy ``lang/`` idea).

``en/`` and ``fr/`` hold what belongs to one language — number words, speech verbs and the small
words around them, hedges, the words around a figure — and the analysers join the two, so one
rule reads an English and a French report alike.  ``places`` and ``organisations`` are bilingual
by nature: each entry gives the English and French forms of one place or actor, so that both
reports name it with one canonical name.
"""
