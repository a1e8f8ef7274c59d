"""marketdesk.check: find the numeric market claims in an article, recompute each, give verdicts."""

from __future__ import annotations

from .api import check
from .model import ArticleDate, CheckResult, Claim, ClaimPeriod, SummaryPoint, Verdict

__all__ = ["check", "CheckResult", "Claim", "ClaimPeriod", "Verdict", "SummaryPoint", "ArticleDate"]
