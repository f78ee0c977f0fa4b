"""Search: one query ranked over vectors, keywords and frames (``rank``); files of queries (``batch``).
"""
