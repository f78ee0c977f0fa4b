"""French words the analysers look for: data only, one module a stage (numbers, speech, figures)."""
