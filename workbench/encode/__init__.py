"""Stage 3 — encode: sentence vectors. The model (``embed``; ``onnx`` for the int8 runtime), the
vectors stored in claims.db (``vectors``) and the FAISS index built from them (``index``).
"""
