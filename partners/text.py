import unicodedata


def fold(text: str) -> str:
    """Lower-case text without accents, to search names whatever the accents and case typed."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()
