"""Rendering: every highlight has a colour AND a text label; the article is HTML-escaped."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from marketdesk.check import check
from marketdesk.check.report import rows, to_html, to_json, to_markdown
from marketdesk.desk import Desk


@pytest.fixture(scope="module")
def result(loaded_db):
    text = ("<b>Stocks</b> & bonds: On Nov. 6, 2024, the Russell 2000 jumped 5.8% to 2,392.92, "
            "and the S&P 500 fell 2.5%. The S&P 500 could rise 3.3% next year.")
    with Desk(loaded_db, read_only=True) as desk:
        return check(text, as_of=dt.date(2024, 11, 6), desk=desk)


def test_rows_and_json(result):
    statuses = [r["status"] for r in rows(result)]
    assert statuses == ["supported", "supported", "contradicted", "not_checkable"]
    assert json.loads(to_json(result))["counts"]["contradicted"] == 1


def test_html_escapes_and_labels(result):
    out = to_html(result)
    assert "<b>Stocks</b>" not in out and "&lt;b&gt;Stocks&lt;/b&gt; &amp; bonds" in out
    assert out.count('<mark class="claim') == 4
    assert "✘ contradicted" in out and "? not checkable" in out


def test_markdown_marks_claims(result):
    assert "**5.8%** [✔ supported]" in to_markdown(result)


def test_context_is_the_lead_up_to_the_claims_sentence():
    """A claim's context holds what came before it in its paragraph (where its subject and date
    were read), never a later sentence, which has claims of its own; a short sentence brings
    the next one along."""
    from marketdesk.check.model import lead_of

    first = "Stocks slid on Monday as the Dow Jones Industrial Average lost 1.2% in heavy trading."
    second = "The Nasdaq fell 2%."
    third = "Bond yields rose while the dollar was little changed against the yen."
    text = f"Headline here\n\n{first} {second} {third}\n\nNext paragraph."
    assert lead_of(text, text.index("1.2%"), first) == first
    assert lead_of(text, text.index("2%."), second) == f"{first} {second} {third}"
    assert lead_of(text, text.index("Headline"), "Headline here") == "Headline here"
