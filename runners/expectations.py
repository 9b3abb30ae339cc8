"""conformance/expectations/<implementation>.txt: the behaviours an implementation is known not to pass.

One entry a line (conformance/expectations/README.md):

    BEHAVIOUR-ID | result | reason | evidence or issue

``result`` is ``fail`` or ``skip``. A test that cites no behaviour ID is named by its full GoogleTest name
(``Suite.Test``) instead. ``#`` starts a comment line; blank lines are ignored.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from pathlib import Path

from runners.junit import BEHAVIOUR_ID

# GoogleTest's Suite.Test, with the Prefix/ and /Row parts of parameterised tests.
_TEST_NAME = re.compile(r"^[A-Za-z0-9_/]+\.[A-Za-z0-9_/()-]+$")


class ExpectationsError(ValueError):
    """A malformed expectations file; the message starts with ``file:line:``."""


class Expected(str, enum.Enum):
    FAIL = "fail"
    SKIP = "skip"


@dataclass(frozen=True)
class Expectation:
    key: str  # a behaviour ID, or Suite.Test for a test without one
    result: Expected
    reason: str
    evidence: str
    where: str  # "conformance/expectations/wine.txt:12"


def parse_expectations(text: str, source: str = "<text>") -> dict[str, Expectation]:
    """Parses one expectations file; raises ExpectationsError naming the first bad line."""
    entries: dict[str, Expectation] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where = f"{source}:{number}"
        fields = [part.strip() for part in line.split("|", 3)]
        if len(fields) != 4:
            raise ExpectationsError(
                f"{where}: expected 'ID | result | reason | evidence' (4 fields separated by '|'), "
                f"found {len(fields)}: {line!r}")
        key, result, reason, evidence = fields
        if not (BEHAVIOUR_ID.match(key) or _TEST_NAME.match(key)):
            raise ExpectationsError(
                f"{where}: {key!r} is neither a behaviour ID (like FM-CREATE-004) nor a test name (Suite.Test)")
        try:
            expected = Expected(result)
        except ValueError:
            raise ExpectationsError(f"{where}: result {result!r} is not 'fail' or 'skip'") from None
        if not reason:
            raise ExpectationsError(f"{where}: {key}: the reason is empty; say why in a sentence")
        if not evidence:
            raise ExpectationsError(f"{where}: {key}: the evidence is empty; give an issue, a page or a test")
        if key in entries:
            raise ExpectationsError(f"{where}: {key} is listed twice (first at {entries[key].where})")
        entries[key] = Expectation(key, expected, reason, evidence, where)
    return entries


def load_expectations(path: Path, source: str | None = None) -> dict[str, Expectation]:
    """An implementation's expectations; none when it has no file."""
    if not path.exists():
        return {}
    return parse_expectations(path.read_text(encoding="utf-8"), source or str(path))
