import unicodedata


def fold(text: str) -> str:
    """Lower-case text without accents, to search names whatever the accents and case typed."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def is_ascii_digits(text: str) -> bool:
    """Only the digits 0 to 9: ``str.isdigit`` also accepts « ² » or « ١ », which ``int`` refuses or misreads."""
    return bool(text) and text.isascii() and text.isdecimal()
