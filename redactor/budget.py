"""CPU-time budget of one document: the work done, not the machine's load, decides when to stop.

A document may use ``doc_cpu_base + doc_cpu_per_page * pages`` CPU seconds (see
:class:`redactor.limits.Limits`), counted for the redactor process and the OCR processes it ran
(``getrusage`` of the process and its waited-for children, from the moment the document started).
:meth:`CpuBudget.check` raises :class:`redactor.errors.CpuBudgetExceeded` when the budget is spent;
the engine calls it after every page and before each later stage, so a document that runs out of
budget fails closed with that typed error (nothing is returned). A busy machine makes the document
slower but never makes it fail: only wall-clock backstops of the caller guard against hangs.
"""

from __future__ import annotations

import resource

from redactor.errors import CpuBudgetExceeded
from redactor.limits import Limits


def cpu_seconds() -> float:
    """CPU seconds (user + system) of this process and its finished child processes."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def allowance(limits: Limits, pages: int) -> float:
    """CPU seconds a document of ``pages`` pages may use."""
    return limits.doc_cpu_base + limits.doc_cpu_per_page * max(1, pages)


class CpuBudget:
    """The CPU budget of one document, started when the document is opened."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.start = cpu_seconds()

    def used(self) -> float:
        return cpu_seconds() - self.start

    def check(self, pages: int, done: int | None = None) -> None:
        """Raise :class:`CpuBudgetExceeded` if the document used more than its allowance."""
        limit = allowance(self.limits, pages)
        if self.used() > limit:
            at = f" after {done} of {pages} pages" if done is not None and done < pages else ""
            raise CpuBudgetExceeded(
                f"The document needed more processing than is allowed for {pages} page(s) "
                f"({limit:.0f} CPU seconds) and was stopped{at}. Split it into smaller files "
                "and upload them one by one.")
