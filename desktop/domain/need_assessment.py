"""The assessment of need of the special social services (services.md §16-17, seed 002).

The regulations' third step: the executor examines the documents (the medical card with the
conclusion of the chairman of the medical advisory commission, ВКК, on contraindications) and
drafts the result within 13 working days (in a medical-social institution) or 10 (home care).
Item 3 gives the one ground of a reasoned refusal: unreliable information or documents. Kömek
records the executor's assessment with the step: whether the person needs the special social
services, whether the ВКК states contraindications, whether the information is reliable, and
the executor's conclusion; the draft is to arrange the documents only when the need is
confirmed, nothing contradicts it and the information is reliable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop.domain.text import Text

__all__ = ["MAX_CONCLUSION", "NeedAssessment", "need_assessment_problems"]

MAX_CONCLUSION = 1000


@dataclass(frozen=True, slots=True)
class NeedAssessment:
    """Акт (заключение) о нуждаемости: what the executor established."""

    need_confirmed: bool
    contraindications: bool  # the ВКК conclusion states medical contraindications
    information_reliable: bool
    conclusion: str  # the executor's conclusion, in words

    @property
    def arrange(self) -> bool:
        """Whether the draft is to arrange the documents (else a reasoned refusal)."""
        return self.need_confirmed and not self.contraindications and self.information_reliable

    def to_data(self) -> dict[str, Any]:
        return {"need_confirmed": self.need_confirmed,
                "contraindications": self.contraindications,
                "information_reliable": self.information_reliable,
                "conclusion": " ".join(self.conclusion.split())}


def need_assessment_problems(assessment: NeedAssessment) -> dict[str, Text]:
    """What is wrong with an assessment as entered, by field, in the user's words."""
    problems: dict[str, Text] = {}
    conclusion = " ".join(assessment.conclusion.split())
    if not conclusion:
        problems["conclusion"] = Text("Write the conclusion of the assessment of need.")
    elif len(conclusion) > MAX_CONCLUSION:
        problems["conclusion"] = Text("At most {count} characters.", count=MAX_CONCLUSION)
    return problems
