"""« En savoir plus » pages: how a result is computed, in easy-to-read French (FALC).

Each page is a static template under ``templates/guides/``, one rule per topic so that
every one of them is walked by the browser layer (axe, phone width) like any page.
Pages link here where a result uses a word a resident may not know."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

bp = Blueprint("guides", __name__, url_prefix="/comment-ca-marche")

# endpoint -> (address, template)
TOPICS = {
    "budget": ("budget-participatif", "guides/budget.html"),
    "draw": ("tirage-au-sort", "guides/draw.html"),
    "fingerprint": ("empreinte-numerique", "guides/fingerprint.html"),
    "votation": ("resultat-d-une-votation", "guides/votation.html"),
}


def _page(template: str) -> Callable[[], ResponseReturnValue]:
    def show() -> ResponseReturnValue:
        return render_template(template)

    return show


for _endpoint, (_address, _template) in TOPICS.items():
    bp.add_url_rule(f"/{_address}", endpoint=_endpoint, view_func=_page(_template))
