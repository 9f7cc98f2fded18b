"""English dates in the British order, as the Danish ones: "14 January 2027", "Thursday 14 January 2027".

Formats not set here fall back to Django's English ones (input formats, separators).
"""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
WEEKDAY_DATE_FORMAT = "l j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_MONTH_DAY_FORMAT = "j M"
SHORT_MONTH_FORMAT = "M"
