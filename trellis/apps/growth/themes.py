"""Recurring themes in what a learner writes under "what didn't work": plain text statistics an advisor can
check by eye, with no model and no outside service.

Each text is cut into words (letters only, lower case, accents kept), common words of English and Spanish
are dropped, and a plural is counted with its singular when both occur ("distractions" with
"distraction"). A theme is a word or a pair of words next to each other that occurs in at least two
entries; its count is the number of entries it occurs in (not how often), and it carries those entries, so
the board can show where it came from. A single word is left out when a pair that contains it occurs in
exactly the same entries (the pair says more).
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")

_ENGLISH = """
    a about above after again against all also am an and any are aren't as at be because been before being
    below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down
    during each few for from further get got had hadn't has hasn't have haven't having he her here hers
    herself him himself his how i i'd i'll i'm i've if in into is isn't it it's its itself just let's like
    lot lots me more most much my myself no nor not now of off on once only or other our ours ourselves out
    over own really same she should shouldn't so some still such than that that's the their theirs them
    themselves then there there's these they they're this those through to too today under until up us
    very was wasn't we we're were weren't what what's when where which while who whom why will with won't
    would wouldn't you you're your yours yourself yourselves thing things bit kind day went go going
    make made
    """
_SPANISH = """
    a al algo algunas algunos ante antes aquí así aun aunque bien cada como con contra cual cuando de del
    desde donde dos durante e el ella ellas ellos en entre era eran es esa esas ese eso esos esta estaba
    estaban estar este esto estos estoy está están fue fueron fui ha había han hasta hay hoy la las le les
    lo los me mi mis mucho muy más nada ni no nos nosotros o otra otro para pero poco por porque que qué
    se sea ser si sin sobre solo son su sus también tan te tengo tenía todo todos tu tus un una uno unos
    y ya yo él cosa cosas día
    """
STOP_WORDS_EN = frozenset(_ENGLISH.split())
STOP_WORDS_ES = frozenset(_SPANISH.split())
STOP_WORDS = STOP_WORDS_EN | STOP_WORDS_ES
MIN_ENTRIES = 2


@dataclass(frozen=True)
class Theme:
    """A word or pair of words, the number of entries it occurs in, and those entries (oldest first)."""

    term: str
    count: int
    entries: tuple[Hashable, ...]


def words(text: str) -> list[str]:
    """The text's words, lower case, with straight apostrophes."""
    return [w.replace("’", "'") for w in _WORD.findall(text.lower())]


def _terms(tokens: list[str], fold: dict[str, str]) -> set[str]:
    kept = [None if (t in STOP_WORDS or len(t) < 3) else fold.get(t, t) for t in tokens]
    found = {t for t in kept if t}
    found |= {f"{a} {b}" for a, b in itertools.pairwise(kept) if a and b and a != b}
    return found


def _plural_folds(vocabulary: set[str]) -> dict[str, str]:
    """Plural → singular, for plurals whose singular also occurs ("-s", and "-es" as in "distracciones")."""
    folds = {}
    for word in vocabulary:
        for suffix in ("es", "s"):
            if word.endswith(suffix) and word[: -len(suffix)] in vocabulary and len(word) > len(suffix) + 2:
                folds[word] = word[: -len(suffix)]
                break
    return folds


def recurring_themes(
    texts: Sequence[tuple[Hashable, str]], *, top: int = 5, min_entries: int = MIN_ENTRIES
) -> list[Theme]:
    """The `top` themes across these (entry id, text) pairs, most entries first (a pair before a single word
    at the same count, then alphabetical)."""
    tokenised = [(key, words(text)) for key, text in texts]
    vocabulary = {t for _key, tokens in tokenised for t in tokens if t not in STOP_WORDS}
    fold = _plural_folds(vocabulary)
    where: dict[str, list[Hashable]] = defaultdict(list)
    for key, tokens in tokenised:
        for term in _terms(tokens, fold):
            where[term].append(key)
    recurring = {term: keys for term, keys in where.items() if len(keys) >= min_entries}
    pairs = [term for term in recurring if " " in term]
    themes = [
        Theme(term, len(keys), tuple(keys))
        for term, keys in recurring.items()
        if " " in term or not any(term in p.split(" ") and recurring[p] == keys for p in pairs)
    ]
    themes.sort(key=lambda t: (-t.count, -t.term.count(" "), t.term))
    return themes[:top]


def themes_by_learner(rows: Iterable[tuple[int, Hashable, str]], *, top: int = 3) -> dict[int, list[Theme]]:
    """`recurring_themes` for each learner of (learner id, entry id, text) rows."""
    grouped: dict[int, list[tuple[Hashable, str]]] = defaultdict(list)
    for learner_id, key, text in rows:
        grouped[learner_id].append((key, text))
    return {learner_id: recurring_themes(texts, top=top) for learner_id, texts in grouped.items()}
