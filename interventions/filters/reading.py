"""Reading query parameters, the one way every surface does it, with one set of messages.

A ``ParameterReader`` reads the values of an address one parameter at a time and notes
each problem it meets. It has two modes:

- strict (the API, the downloads and the feed): ``check()`` raises ``UnusableParameters``
  naming every parameter that could not be used, for the caller to answer 400;
- forgiving (the HTML pages): an unusable value is left out, or the first of several is
  used, and ``notices`` says which value and why, for the page to show.

Both modes word a problem the same way. A ``Problem`` holds the reason, a clause such as
"There is no theme “bananas”", and what the forgiving reader did about it. Strict, the
message is the reason as a sentence, followed by advice when there is any:
"There is no theme “bananas”. Use one of: …". Forgiving, it is the reason and what was
done: "There is no theme “bananas”, so it was left out."

The reasons themselves are the functions below, and nowhere else.
"""

import unicodedata
from dataclasses import dataclass

from django.http import QueryDict
from django.utils.text import Truncator

NUL = "\x00"
# A message quotes at most this many of the values it is about.
QUOTED_VALUES_LIMIT = 5
# Beyond this many values of one parameter the rest of a long or hostile address is not read.
MAX_VALUES_READ = 100
# Longer runs of digits than this are larger than any page or age, whatever they say.
MAX_DIGITS = 18


# Tidying and quoting values -------------------------------------------------------------


def without_control_characters(text):
    """Replaces control characters (NUL included) with spaces; they mean nothing in a search."""
    return "".join(" " if unicodedata.category(char) == "Cc" else char for char in text)


def shown(value, limit=60):
    """A value as it can be safely quoted back to the reader."""
    return Truncator(" ".join(without_control_characters(value).split())).chars(limit)


def quoted(values):
    """“a”, “b” and 3 more."""
    named = ", ".join(f"“{shown(value)}”" for value in values[:QUOTED_VALUES_LIMIT])
    if len(values) > QUOTED_VALUES_LIMIT:
        named += f" and {len(values) - QUOTED_VALUES_LIMIT} more"
    return named


def either(values, one, several):
    return one if len(values) == 1 else several


# The reasons: every message a reader gives starts with one of these ---------------------


def null_characters():
    return "Null characters are not allowed"


def unknown_parameters(names):
    return f"The list has no filter {quoted(names)}"


def given_more_than_once(label, count):
    return f"The {label} was given {count} times"


def too_many_values(count, limit):
    return f"The address gave {count} values where at most {limit} are read"


def unknown_choice(label, values):
    return f"There is no {label} {quoted(values)}"


def not_a_whole_number(label, value, minimum, maximum=None):
    limit = f"from {minimum} to {maximum}" if maximum is not None else f"of at least {minimum}"
    return f"The {label} “{shown(value)}” is not a whole number {limit}"


def not_true_or_false(label, value):
    return f"The {label} “{shown(value)}” is not true or false"


def too_long(label, limit):
    return f"The {label} is longer than {limit} characters"


def too_many_words(label, limit):
    return f"The {label} has more than {limit} words"


def past_the_last_page(value, last):
    pages = "is only 1 page" if last == 1 else f"are only {last} pages"
    return f"There is no page {shown(value)}: there {pages} of results"


def more_than_allowed(limit, what):
    return f"Up to {limit} {what} at once"


# What the forgiving reader does about a problem.
LEFT_OUT = "it was left out"


def left_out(values):
    return either(values, "it was left out", "they were left out")


def first_used(value):
    return f"the first, “{shown(value)}”, was used"


# Problems and the reader ----------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One unusable part of an address: which parameter, why, and what was done instead."""

    parameter: str
    reason: str
    outcome: str = LEFT_OUT
    advice: str = ""

    @property
    def message(self):
        """As the strict reader says it: "There is no theme “x”. Use one of: …"."""
        return f"{self.reason}." + (f" {self.advice}" if self.advice else "")

    @property
    def notice(self):
        """As the forgiving reader says it: "There is no theme “x”, so it was left out."."""
        return f"{self.reason}, so {self.outcome}."


class UnusableParameters(Exception):
    """Raised by a strict reader; ``errors`` maps each parameter to its messages."""

    def __init__(self, problems):
        self.problems = list(problems)
        self.errors = {}
        for problem in self.problems:
            self.errors.setdefault(problem.parameter, []).append(problem.message)
        super().__init__(self.errors)


def as_query(data):
    """``data`` as a QueryDict: a request's, or a plain mapping of names to values or lists."""
    if isinstance(data, QueryDict):
        return data
    query = QueryDict(mutable=True)
    for name, value in (data or {}).items():
        query.setlist(name, list(value) if isinstance(value, list | tuple) else [value])
    return query


class ParameterReader:
    """Reads an address's parameters strictly or forgivingly; see the module's docstring.

    Blank values mean nothing and are skipped silently in both modes, as are parameters
    the reader is never asked about. Each ``read`` method returns what can be used.
    """

    def __init__(self, data, *, strict=False, advice=None):
        self.query = as_query(data)
        self.strict = strict
        # Strict only: what to add to a message about a parameter, e.g. where its values
        # are listed.
        self.advice = advice or {}
        self.problems = []
        self.refused = set()
        if strict:
            # No database column can store a NUL, so a strict reader refuses it anywhere,
            # in the name of a parameter it would otherwise ignore too.
            for name in self.query:
                values = self.query.getlist(name)
                if NUL in name or any(NUL in value for value in values):
                    self.refused.add(name)
                    self.add(shown(name, limit=40) or "parameter", null_characters())

    # Recording ------------------------------------------------------------------------

    def add(self, parameter, reason, outcome=LEFT_OUT, advice=""):
        self.problems.append(Problem(parameter, reason, outcome, advice))

    def _values_advice(self, name, known):
        """Where to find the values ``name`` takes: the caller's word for it, or the list."""
        return self.advice.get(name) or f"Use one of: {', '.join(known)}."

    @property
    def notices(self):
        return [problem.notice for problem in self.problems]

    def check(self):
        """Strict: raises UnusableParameters if anything could not be used."""
        if self.strict and self.problems:
            raise UnusableParameters(self.problems)

    # Reading --------------------------------------------------------------------------

    def values(self, name, separator=None):
        """The non-blank values given for ``name``, stripped; split at ``separator`` too."""
        if name in self.refused:
            return []
        given = self.query.getlist(name)
        if separator:
            given = [part for value in given for part in value.split(separator)]
        return [value.strip() for value in given if value.strip()]

    def _without_nul(self, name, label, values):
        """Forgiving: values holding a NUL are left out and named. (Strict refused them.)"""
        refused = [value for value in values if NUL in value]
        if refused:
            what = f"the {label} {quoted(refused)}"
            self.add(name, null_characters(), f"{what} {either(refused, 'was', 'were')} left out")
        return [value for value in values if NUL not in value]

    def one(self, name, label):
        """The one value of a parameter that takes one, or "" when none is given."""
        values = self.values(name)
        if len(values) > 1:
            self.add(
                name,
                given_more_than_once(label, len(values)),
                first_used(values[0]),
                "Give it once.",
            )
        values = self._without_nul(name, label, values[:1])
        return values[0] if values else ""

    def choices(self, name, label, known, *, separator=None, limit=MAX_VALUES_READ):
        """The values of ``name`` found in ``known``, each once, in the order given."""
        values = self.values(name, separator)
        if len(values) > limit:
            self.add(name, too_many_values(len(values), limit), "the rest were left out")
            values = values[:limit]
        values = list(dict.fromkeys(self._without_nul(name, label, values)))
        unknown = [value for value in values if value not in known]
        if unknown:
            self.add(
                name,
                unknown_choice(label, unknown),
                left_out(unknown),
                self._values_advice(name, known),
            )
        return [value for value in values if value in known]

    def choice(self, name, label, known, *, otherwise=LEFT_OUT):
        """One of ``known``, or "" when none or an unknown one is given."""
        value = self.one(name, label)
        if value and value not in known:
            self.add(
                name, unknown_choice(label, [value]), otherwise, self._values_advice(name, known)
            )
            return ""
        return value

    def whole_number(self, name, label, minimum, maximum=None, *, otherwise=LEFT_OUT):
        """A whole number from ``minimum`` to ``maximum``, or None when none usable is given.

        Digits only (no signs, decimals or other scripts' digits). A run of digits too long
        to mean anything counts as larger than ``maximum``."""
        text = self.one(name, label)
        if not text:
            return None
        number = whole_number(text)
        if number is None or number < minimum or (maximum is not None and number > maximum):
            self.add(name, not_a_whole_number(label, text, minimum, maximum), otherwise)
            return None
        return number

    def true_or_false(self, name, label):
        """True or False for true/false, yes/no, 1/0 or on/off; None otherwise."""
        text = self.one(name, label)
        if not text:
            return None
        lowered = text.lower()
        if lowered in TRUE:
            return True
        if lowered in FALSE:
            return False
        self.add(name, not_true_or_false(label, text))
        return None

    def text(self, name, label, max_length, *, words=None, max_words=None):
        """Free text with control characters and runs of spaces made one space.

        Longer than ``max_length`` is a problem; forgiving, the beginning is used. More words
        than ``max_words`` (counted by ``words``) is only a notice: both modes use the first.
        """
        text = " ".join(without_control_characters(self.one(name, label)).split())
        if len(text) > max_length:
            self.add(name, too_long(label, max_length), "only its beginning was used")
            text = text[:max_length].rstrip()
        if max_words and not self.strict and len(words(text)) > max_words:
            self.add(
                name, too_many_words(label, max_words), f"only the first {max_words} were used"
            )
        return text


TRUE = {"true", "yes", "1", "on"}
FALSE = {"false", "no", "0", "off"}


def whole_number(text):
    """The number ``text`` writes in ASCII digits, capped just above any real use, or None."""
    if not text.isascii() or not text.isdigit():
        return None
    if len(text.lstrip("0")) > MAX_DIGITS:
        return 10**MAX_DIGITS
    return int(text)
