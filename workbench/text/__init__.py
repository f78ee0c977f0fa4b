"""Text helpers: folding and fast patterns for the analysers (``patterns``), and the one repair that
makes every stored value valid Unicode without control characters (``valid``)."""
