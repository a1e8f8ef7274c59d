"""marketdesk.check: find the numeric market claims in an article, recompute each, give verdicts."""

from __future__ import annotations

from .api import check
from .article import article_date, html_to_text, read_article
from .model import ArticleDate, CheckResult, Claim, ClaimPeriod, SummaryPoint, Verdict
from .report import rows, to_html, to_json, to_markdown

__all__ = ["check", "read_article", "html_to_text", "article_date", "rows", "to_json",
           "to_markdown", "to_html", "CheckResult", "Claim", "ClaimPeriod", "Verdict", "SummaryPoint", "ArticleDate"]
