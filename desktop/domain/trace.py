"""The explanation of an assessment: steps with their inputs, figures and legal references."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.domain.text import Text

# A figure's value: amounts are ``Money``; dates, quarters (as Text), counts and texts as is.
FigureValue = object


@dataclass(frozen=True, slots=True)
class Figure:
    """One labelled value of a step, e.g. «Per-capita income: 10 000,00 ₸»."""

    label: Text
    value: FigureValue


@dataclass(frozen=True, slots=True)
class TraceStep:
    """One step of the calculation as the review page and the calculation sheet show it.

    ``code`` is stable (for tests, the printed sheet's layout and the JSON output);
    ``result`` is the sentence that says what the step concluded; ``legal_reference``
    names the article or regulation item it applies.
    """

    code: str
    title: Text
    figures: tuple[Figure, ...]
    result: Text
    legal_reference: Text
