"""Text helpers shared by the analysers: folding and fast patterns (``patterns``)."""
