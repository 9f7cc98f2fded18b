"""Danish dates and times as Danish writers set them: "14. januar 2027", "1. dec. 2026", "torsdag den
14. januar 2027", "kl. 10.00".

The short month names ("N") are Django's Danish abbreviations: lower case with a period where the
name is shortened ("jan.", "dec."), the name in full where it is short already ("maj", "juni").
Formats not set here fall back to Django's Danish ones (input formats, separators).
"""

DATE_FORMAT = "j. F Y"
SHORT_DATE_FORMAT = "j. N Y"
WEEKDAY_DATE_FORMAT = r"l \d\e\n j. F Y"
DATETIME_FORMAT = r"j. F Y \k\l. H.i"
SHORT_DATETIME_FORMAT = "j. N Y H.i"
TIME_FORMAT = "H.i"  # shown; the time fields (<input type=time>) send 10:00 whatever the language
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j. F"
SHORT_MONTH_DAY_FORMAT = "j. N"
SHORT_MONTH_FORMAT = "N"
