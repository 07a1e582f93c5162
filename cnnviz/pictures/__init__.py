"""Drawing shared by every view: colour scales, fonts, JPEG bytes, and the charts more than one page shows."""
