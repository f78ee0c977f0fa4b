"""Stage 6 — relate: does one claim corroborate or conflict with another, and why (``stance``);
relations computed per event, frame-mates and the frame board (``per_event``).
"""
