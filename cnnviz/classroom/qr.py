"""The join link as a QR code for the projector, drawn by segno (pure Python, no dependencies, PNG without Pillow).

Why segno rather than qrcode: it has no dependencies at all (qrcode draws PNGs through Pillow or
pypng), writes PNG and SVG itself, follows ISO/IEC 18004:2015, and is maintained and typed. A link of
a class is short (under 100 characters), so error correction level M and a quiet zone of 4 modules
(the standard's) keep it readable from the back of a classroom.
"""
from __future__ import annotations

import io


def qr_png(text: str, scale: int = 10) -> bytes:
    """`text` (the join link) as a black-on-white PNG, each module `scale` pixels."""
    import segno

    out = io.BytesIO()
    segno.make(text, error="m", micro=False).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def qr_matrix(text: str) -> list[list[bool]]:
    """The modules of the code, dark = True, without the quiet zone (tests read the code back from it)."""
    import segno

    return [[bool(v) for v in row] for row in segno.make(text, error="m", micro=False).matrix]
