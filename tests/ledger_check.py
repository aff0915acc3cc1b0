"""An independent reading of what is numeric in a text, to check the pipeline's ledger.

Deliberately simple and separate from the pipeline's parser: every digit, and every
number word of a short list (two to ninety, in English, Spanish, Portuguese and French,
leaving out words that are also common small words, such as "dos" in Portuguese or
"once" in English). A number the pipeline's ledger does not hold is one it dropped.
"""

from __future__ import annotations

import re

from pipeline.models import Ledger

NUMBER_WORDS = [
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "tres",
    "cuatro",
    "cinco",
    "siete",
    "ocho",
    "nueve",
    "diez",
    "doce",
    "quince",
    "veinte",
    "treinta",
    "cuarenta",
    "cincuenta",
    "três",
    "quatro",
    "sete",
    "oito",
    "nove",
    "dez",
    "vinte",
    "trinta",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "huit",
    "neuf",
    "vingt",
    "trente",
]
_WORDS = re.compile(rf"(?<![\w-])(?:{'|'.join(NUMBER_WORDS)})(?![\w-])", re.IGNORECASE)


def numeric_offsets(text: str, language_words: bool = True) -> list[tuple[int, int]]:
    """The spans of every digit and every number word of ``text``."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"\d", text)]
    if language_words:
        spans += [m.span() for m in _WORDS.finditer(text)]
    return sorted(spans)


def unaccounted(text: str, ledger: Ledger) -> list[str]:
    """Each numeric span of ``text`` no ledger token covers, or whose token is still open,
    shown with the words around it."""
    tokens = sorted((t.start, t.end, t.fate) for t in ledger.tokens)
    missing = []
    index = 0
    for start, end in numeric_offsets(text):
        while index < len(tokens) and tokens[index][1] <= start:
            index += 1
        holder = next(
            (t for t in tokens[max(0, index - 1) : index + 2] if t[0] <= start and end <= t[1]),
            None,
        )
        if holder is None or holder[2] == "open":
            around = " ".join(text[max(0, start - 30) : end + 30].split())
            missing.append(f"{text[start:end]!r} ({'open' if holder else 'no token'}): {around}")
    return missing
