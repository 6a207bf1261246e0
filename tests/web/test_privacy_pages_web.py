"""What a person is told about their data, and the accessibility statement: the full
notice at /donnees-personnelles, the short one on the forms, the admin's register and
its CSV, and /accessibilite; both linked from every page's footer."""

from __future__ import annotations

import csv
import html
import io

from flask import Flask
from flask.testing import FlaskClient

from civic import privacy
from tests.conftest import People


def text(client: FlaskClient, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def test_the_full_notice_names_the_controller_the_dpo_each_processing_and_the_cnil(
    app: Flask, client: FlaskClient
) -> None:
    app.config.update(
        PRIVACY_CONTROLLER="Commune de Sens",
        PRIVACY_CONTROLLER_ADDRESS="Hôtel de ville, 100 rue de la République, 89100 Sens",
        PRIVACY_DPO_CONTACT="dpo@mairie-sens.fr",
    )
    page = text(client, "/donnees-personnelles")
    assert "Commune de Sens, Hôtel de ville, 100 rue de la République" in page
    assert "Délégué à la protection des données : dpo@mairie-sens.fr." in page
    assert "réclamation à la Commission nationale de l'informatique et des libertés" in page
    with app.test_request_context():
        for p in privacy.registered():
            assert f'id="{p.key}"' in page
            assert str(p.purpose) in html.unescape(page)
    # Periods are said in words, from the declarations and the settings.
    assert "Signatures : noms, adresses, lien au compte, empreinte IP : 6 mois après la " in page
    assert "Liste d'émargement : tant que les résultats sont publiés ; conservée" in html.unescape(
        page
    )
    app.config["PETITION_ANONYMISE_AFTER_MONTHS"] = 9
    assert "empreinte IP : 9 mois après" in text(client, "/donnees-personnelles")


def test_without_settings_the_controller_is_the_commune(app: Flask, client: FlaskClient) -> None:
    page = text(client, "/donnees-personnelles")
    assert f"Commune de {app.config['COMMUNE_NAME']}" in page
    assert "écrivez à la mairie, qui transmet" in page


def test_the_registration_form_carries_the_short_notice_with_its_link(
    app: Flask, client: FlaskClient
) -> None:
    app.config["PRIVACY_DPO_CONTACT"] = "dpo@mairie-sens.fr"
    page = text(client, "/auth/register")
    assert 'id="privacy-notice"' in page
    assert "Comptes des habitants et habitantes" in page
    assert 'href="/donnees-personnelles#accounts"' in page
    assert "Délégué à la protection des données : dpo@mairie-sens.fr." in page
    assert "CNIL" in page


def test_a_page_without_such_a_form_has_no_notice_but_both_footer_links(
    client: FlaskClient,
) -> None:
    page = text(client, "/")
    assert 'id="privacy-notice"' not in page
    assert 'href="/donnees-personnelles"' in page
    assert 'href="/accessibilite">Accessibilité : non conforme</a>' in page


def test_the_accessibility_statement_follows_the_rgaa_model(
    app: Flask, client: FlaskClient
) -> None:
    app.config["ACCESSIBILITY_CONTACT_EMAIL"] = "accessibilite@mairie-sens.fr"
    page = text(client, "/accessibilite")
    assert "article 47 de la loi n° 2005-102 du 11 février 2005" in page
    assert "est non conforme avec le référentiel général" in page
    assert "Aucun audit de conformité au RGAA n'a encore été réalisé" in page
    assert "axe-core" in page and "clavier seul" in page and "sans JavaScript" in page
    assert "Contenus non accessibles" in page
    assert "Écrivez à accessibilite@mairie-sens.fr." in page
    assert "Défenseur des droits" in page


def test_an_audit_sets_the_state_everywhere(app: Flask, client: FlaskClient) -> None:
    app.config["ACCESSIBILITY_AUDIT"] = {"date": "1 mars 2027", "auditor": "Access42", "rate": 87.5}
    page = text(client, "/accessibilite")
    assert "est partiellement conforme avec le référentiel" in page
    assert "réalisé le 1 mars 2027 par Access42 révèle que 87.5 % des critères" in page
    assert "Accessibilité : partiellement conforme" in text(client, "/")


def test_the_admin_reads_and_exports_the_register(
    app: Flask, client: FlaskClient, people: People
) -> None:
    people.make("admin", roles=("admin",))
    people.login("admin")
    page = text(client, "/admin/registre-des-traitements")
    assert "Registre des activités de traitement" in page
    assert "Pétitions : signatures en ligne et sur papier" in page
    assert "PRIVACY_DPO_CONTACT" in page  # not set yet: the admin is told
    response = client.get("/admin/registre-des-traitements.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:3] == ["Traitement", "Finalité", "Base légale"]
    with app.test_request_context():
        assert len(rows) == 1 + len(privacy.registered())
    signatures = next(r for r in rows if r[0] == "Pétitions : signatures en ligne et sur papier")
    assert "art. 9.2.a" in signatures[2]
    assert "signatures" in signatures[-1]


def test_the_register_is_the_admins_only(client: FlaskClient, people: People) -> None:
    people.make("agent", roles=("clerk",))
    people.login("agent")
    assert client.get("/admin/registre-des-traitements").status_code == 403
    assert client.get("/admin/registre-des-traitements.csv").status_code == 403
