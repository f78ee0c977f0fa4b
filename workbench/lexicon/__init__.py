"""Data only: the words the analysers look for, kept apart from the code that uses them (the
spaCy ``lang/`` idea).  Each table mixes English and French forms of one entry, so that an English
and a French report name the same actor or place with one canonical name."""
