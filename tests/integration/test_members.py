"""The directory: profiles, capabilities and CPV search, references, the certificate vault."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tenders.clock import utcnow
from tenders.members.tables import Certificate
from tenders.storage import placeholder_pdf
from tenders.storage.tables import StoredFile
from tests.support import api, csrf, login, post_form, text

PDF = placeholder_pdf("Attestation de vigilance", ["Document de test"])


async def _upload(
    client: Any, org: int, content: bytes, name: str = "urssaf.pdf", **form: str
) -> Any:
    """Post ``content`` as the file ``name``: an URSSAF paper issued ten days ago unless the
    ``form`` fields say otherwise."""
    issued_on = (utcnow().date() - timedelta(days=10)).isoformat()
    return await client.post(
        f"/api/organisations/{org}/certificates",
        data={"kind": "urssaf", "issued_on": issued_on, **form},
        files={"file": (name, content, "application/pdf")},
        headers={"x-csrftoken": await csrf(client)},
    )


async def test_member_edits_own_profile_but_not_another(
    client: Any, make_account: Any, make_organisation: Any
) -> None:
    member = await make_account()
    other = await make_organisation("Autre structure")
    await login(client, member.email)
    response = await post_form(
        client,
        f"/structures/{member.organisation_id}/modifier",
        {
            "name": "Poinfor Formation",
            "kind": "ei",
            "legal_form": "Association loi 1901",
            "siret": "732 829 320 00074",
            "naf_code": "8899b",
            "postal_code": "59300",
            "town": "Valenciennes",
            "turnover_year": ["2025", "2024", "2023"],
            "turnover_amount": ["125 000,50", "110000", ""],
            "headcount_permanent": "12",
            "vat_regime": "exoneree",
        },
    )
    assert response.url.path == f"/structures/{member.organisation_id}"
    page = text(response)
    assert "Exonérée de TVA (article 261 du code général des impôts)" in page
    assert "La fiche est enregistrée." in page
    assert "73282932000074" in page and "732829320" in page  # SIREN derived
    assert "88.99B" in page
    assert "125\u202f000,50\u00a0€" in page
    org = (await client.get(f"/api/organisations/{member.organisation_id}")).json()
    assert org["departement"] == "59" and org["vat_regime"] == "exoneree"
    assert [t["year"] for t in org["turnover"]] == [2025, 2024]
    unknown = await api(
        client, "PATCH", f"/api/organisations/{member.organisation_id}", {"vat_regime": "20"}
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "vat_regime"

    forbidden = await post_form(client, f"/structures/{other}/modifier", {"name": "Piraté"})
    assert forbidden.status_code == 403
    api_forbidden = await api(client, "PATCH", f"/api/organisations/{other}", {"name": "X"})
    assert api_forbidden.status_code == 403
    assert (await client.get(f"/api/organisations/{other}")).json()["name"] == "Autre structure"


async def test_invalid_siret_names_the_field_and_a_taken_one_conflicts(
    client: Any, make_account: Any, make_organisation: Any
) -> None:
    coordinator = await make_account("coordinator")
    first, second = await make_organisation(), await make_organisation()
    await login(client, coordinator.email)
    bad = await api(client, "PATCH", f"/api/organisations/{first}", {"siret": "73282932000079"})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "siret"
    assert "clé de contrôle" in bad.json()["errors"][0]["message"]
    ok = await api(client, "PATCH", f"/api/organisations/{first}", {"siret": "73282932000074"})
    assert ok.status_code == 200 and ok.json()["siren"] == "732829320"
    taken = await api(client, "PATCH", f"/api/organisations/{second}", {"siret": "73282932000074"})
    assert taken.status_code == 409


async def test_capability_cpv_codes_are_checked_and_found_by_ancestor_and_descendant(
    client: Any, make_account: Any, make_organisation: Any
) -> None:
    coordinator = await make_account("coordinator")
    garden, builder, far = (
        await make_organisation("Jardins"),
        await make_organisation("Bâtisseurs"),
        await make_organisation("Lointaine"),
    )
    await login(client, coordinator.email)

    async def add(org: int, title: str, codes: list[str], deps: list[str]) -> Any:
        body = {"title": title, "kind": "services", "cpv_codes": codes, "departements": deps}
        return await api(client, "POST", f"/api/organisations/{org}/capabilities", body)

    wrong = await add(garden, "Espaces verts", ["77310000-5"], ["59"])
    assert wrong.status_code == 422
    assert "77310000-6" in wrong.json()["errors"][0]["message"]
    for org, title, codes, deps in (
        (garden, "Espaces verts", ["77310000-6"], ["59"]),
        (builder, "Rénovation", ["45453000"], ["59", "62"]),
        (far, "Rénovation lointaine", ["45453000"], ["13"]),
    ):
        response = await add(org, title, codes, deps)
        assert response.status_code == 201, response.text

    async def names(**params: str) -> list[str]:
        body = (await client.get("/api/organisations", params=params)).json()
        return sorted(o["name"] for o in body["organisations"])

    assert await names(cpv="45000000") == ["Bâtisseurs", "Lointaine"]  # descendants
    assert await names(cpv="45000000", departement="62") == ["Bâtisseurs"]
    assert await names(cpv="77311000") == ["Jardins"]  # an ancestor code covers it
    assert await names(cpv="90910000") == []
    assert await names(departement="13") == ["Lointaine"]
    bad = await client.get("/api/organisations", params={"cpv": "4500"})
    assert bad.status_code == 422
    page = await client.get("/structures", params={"cpv": "45000000-7", "departement": "59"})
    assert "1 structure correspond à la recherche." in text(page)


async def test_references_of_others_show_only_what_may_be_shown(
    client: Any, other_client: Any, make_account: Any
) -> None:
    owner, outsider = await make_account(), await make_account()
    await login(client, owner.email)
    for shareable in (True, False):
        response = await api(
            client,
            "POST",
            f"/api/organisations/{owner.organisation_id}/references",
            {
                "buyer": "Ville de Valenciennes",
                "title": "Nettoyage",
                "year": 2024,
                "amount": "35000.00",
                "contact": "M. Dupont",
                "shareable": shareable,
            },
        )
        assert response.status_code == 201
    assert (
        len((await client.get(f"/api/organisations/{owner.organisation_id}/references")).json())
        == 2
    )
    await login(other_client, outsider.email)
    seen = (await other_client.get(f"/api/organisations/{owner.organisation_id}/references")).json()
    assert len(seen) == 1 and seen[0]["contact"] == ""


async def test_certificate_upload_history_download_and_status_at_a_date(
    client: Any, log_in_as: Any
) -> None:
    org = (await log_in_as()).organisation_id
    issued = utcnow().date() - timedelta(days=10)
    first = await _upload(
        client, org, PDF, "Attestation URSSAF – été.pdf", issued_on=issued.isoformat()
    )
    assert first.status_code == 201, first.text
    body = first.json()
    from tenders.members.certificates import add_months

    assert body["valid_until"] == (add_months(issued, 6) - timedelta(days=1)).isoformat()
    assert body["status"] == "valide"
    second_pdf = placeholder_pdf("Attestation de vigilance", ["Nouvelle version"])
    second = await _upload(client, org, second_pdf, issued_on=utcnow().date().isoformat())
    assert second.status_code == 201

    current = (await client.get(f"/api/organisations/{org}/certificates")).json()
    assert [c["id"] for c in current] == [second.json()["id"]]
    history = (
        await client.get(f"/api/organisations/{org}/certificates", params={"history": "true"})
    ).json()
    assert len(history) == 2 and history[1]["replaced_at"] is not None

    in_a_year = (utcnow().date() + timedelta(days=365)).isoformat()
    later = (
        await client.get(f"/api/organisations/{org}/certificates", params={"at": in_a_year})
    ).json()
    assert later[0]["status"] == "expiree"

    download = await client.get(f"/api/organisations/{org}/certificates/{body['id']}/file")
    assert download.status_code == 200
    assert download.content == PDF
    assert download.headers["content-type"] == "application/pdf"
    disposition = download.headers["content-disposition"]
    assert disposition.startswith("attachment;") and "/" not in disposition.split(";")[1]
    page = await client.get(f"/structures/{org}/attestations", params={"date": in_a_year})
    assert "Expirée" in text(page)


async def test_executable_renamed_pdf_and_oversized_file_are_refused_and_nothing_stored(
    client: Any, log_in_as: Any
) -> None:
    org = (await log_in_as()).organisation_id
    files_before = await StoredFile.count()
    fake = b"MZ\x90\x00" + b"\x00" * 2000 + b"This program cannot be run in DOS mode"
    refused = await _upload(client, org, fake, "attestation.pdf")
    assert refused.status_code == 422
    assert "programme" in refused.json()["detail"]
    too_big = await _upload(client, org, b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024))
    assert too_big.status_code == 413
    assert await StoredFile.count() == files_before
    assert await Certificate.count().where(Certificate.organisation == org) == 0

    page = await client.post(
        f"/structures/{org}/attestations",
        data={
            "kind": "urssaf",
            "issued_on": date.today().isoformat(),
            "_csrf_token": await csrf(client),
        },
        files={"file": ("attestation.pdf", fake, "application/pdf")},
    )
    assert page.status_code == 422
    assert "programme" in text(page)


async def test_another_member_sees_neither_certificates_nor_private_figures(
    client: Any, other_client: Any, make_account: Any
) -> None:
    owner, outsider = await make_account(), await make_account()
    org = owner.organisation_id
    await login(client, owner.email)
    uploaded = (await _upload(client, org, PDF)).json()
    await api(
        client,
        "PATCH",
        f"/api/organisations/{org}",
        {"turnover": [{"year": 2024, "amount": "99000"}], "insurer": "MAIF"},
    )
    await login(other_client, outsider.email)
    assert (await other_client.get(f"/api/organisations/{org}/certificates")).status_code == 403
    assert (
        await other_client.get(f"/api/organisations/{org}/certificates/{uploaded['id']}/file")
    ).status_code == 403
    assert (
        await other_client.get(f"/structures/{org}/attestations/{uploaded['id']}/fichier")
    ).status_code == 403
    profile = (await other_client.get(f"/api/organisations/{org}")).json()
    assert profile["turnover"] is None and profile["insurer"] is None
    page = text(await other_client.get(f"/structures/{org}"))
    assert "99\u202f000" not in page and "MAIF" not in page


async def test_completeness_tells_what_is_missing_and_changes(client: Any, log_in_as: Any) -> None:
    org = (await log_in_as()).organisation_id
    before = (await client.get(f"/api/organisations/{org}/completeness")).json()
    texts = [i["text"] for i in before["items"] if not i["ok"]]
    assert "Renseignez le SIRET de la structure." in texts
    assert "Déposez : Attestation de vigilance URSSAF." in texts
    await _upload(client, org, PDF)
    after = (await client.get(f"/api/organisations/{org}/completeness")).json()
    assert after["percent"] > before["percent"]
    assert "Déposez : Attestation de vigilance URSSAF." not in [
        i["text"] for i in after["items"] if not i["ok"]
    ]
    # At a date after its end of validity the same paper is reported expired.
    later = (utcnow().date() + timedelta(days=400)).isoformat()
    at_deadline = (
        await client.get(f"/api/organisations/{org}/completeness", params={"at": later})
    ).json()
    assert any(
        "Attestation de vigilance URSSAF : plus valable depuis" in i["text"]
        for i in at_deadline["items"]
    )
    dashboard = await client.get("/tableau-de-bord")
    assert f"Fiche complète à {after['percent']} %" in text(dashboard)


async def test_cpv_codes_are_found_by_words(client: Any, log_in_as: Any) -> None:
    await log_in_as()
    found = (await client.get("/api/cpv", params={"q": "velo"})).json()
    assert any(item["code"] == "34430000-0" for item in found)
    page = await client.get("/cpv", params={"q": "espaces verts"})
    assert "77310000-6" in text(page)


def test_the_official_cpv_list_is_imported_by_command(tmp_path: Any) -> None:
    from tests.fixtures import run_python

    xml = tmp_path / "cpv_2008.xml"
    xml.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><CPV_CODE>'
        '<CPV CODE="77310000-6"><TEXT LANG="EN">Planting</TEXT>'
        '<TEXT LANG="FR">Services de plantation et d\'entretien des espaces verts</TEXT></CPV>'
        '<CPV CODE="77310000-5"><TEXT LANG="FR">Clé fausse</TEXT></CPV>'
        "</CPV_CODE>",
        encoding="utf-8",
    )
    result = run_python("-m", "tenders", "import-cpv", str(xml), timeout=60)
    assert result.returncode == 0, result.stderr
    assert "1 code importé" in result.stdout and "1 ligne refusée" in result.stdout


async def test_member_texts_over_their_limit_are_refused_not_cut(
    client: Any, make_account: Any
) -> None:
    from tenders.members.tables import Capability, Certificate

    director = await make_account("member")
    org = director.organisation_id
    await login(client, director.email)
    communes = [f"Commune {n}" for n in range(101)]
    body = {
        "title": "Entretien",
        "kind": "services",
        "cpv_codes": ["77310000"],
        "communes": communes,
    }
    capability = await api(client, "POST", f"/api/organisations/{org}/capabilities", body)
    assert capability.status_code == 422
    assert capability.json()["errors"] == [
        {
            "field": "communes",
            "message": "Vous avez indiqué 101 communes pour 100 au plus : indiquez plutôt "
            "les départements ou un rayon.",
        }
    ]
    paper = await _upload(client, org, PDF, kind="label", title="Qualiopi " * 30)
    assert paper.status_code == 422
    assert paper.json()["errors"][0]["field"] == "title"
    assert await Capability.count() == 0 and await Certificate.count() == 0


async def test_a_profile_with_a_misread_figure_or_an_overlong_text_is_refused(
    client: Any, log_in_as: Any
) -> None:
    org = (await log_in_as()).organisation_id
    response = await api(
        client,
        "PATCH",
        f"/api/organisations/{org}",
        {
            "town": "Saint-" * 30,
            "headcount_permanent": -1,
            "turnover": [{"year": 2024, "amount": "125000.505"}],
        },
    )
    assert response.status_code == 422
    assert {e["field"]: e["message"] for e in response.json()["errors"]} == {
        "town": "Ce texte compte 180 caractères pour 120 au plus : raccourcissez-le.",
        "headcount_permanent": "Indiquez un nombre positif, sans signe moins.",
        "turnover": "Chiffre d'affaires 2024 : Indiquez un montant en euros avec au plus 2 "
        "décimales, par exemple 12 500,50.",
    }
    page = await post_form(
        client,
        f"/structures/{org}/modifier",
        {
            "name": "Poinfor Formation",
            "kind": "ei",
            "turnover_year": ["2024"],
            "turnover_amount": ["1_000"],
        },
    )
    assert page.status_code == 422
    assert "« 1_000 » n'est pas un montant" in text(page)
    saved = (await client.get(f"/api/organisations/{org}")).json()
    assert saved["town"] == "Valenciennes" and saved["turnover"] == []


async def test_the_rc_pro_paper_keeps_its_insurer_and_amount_and_each_version_asks_again(
    client: Any, log_in_as: Any
) -> None:
    from decimal import Decimal

    org = (await log_in_as()).organisation_id
    rc_pro = {"kind": "rc_pro", "insurer": "MAIF", "insured_amount": "1 500 000"}
    first = await _upload(client, org, PDF, "rc.pdf", **rc_pro)
    assert first.status_code == 201, first.text
    assert (first.json()["insurer"], first.json()["insured_amount"]) == ("MAIF", "1500000.00")
    page = text(await client.get(f"/structures/{org}"))
    assert "Assurée auprès de MAIF pour 1\u202f500\u202f000,00\xa0€ par sinistre" in page
    assert "Assurée auprès de MAIF" in text(await client.get(f"/structures/{org}/attestations"))

    # A new version is a new paper: what the old one said is not carried over.
    second = await _upload(client, org, PDF, "rc-2027.pdf", kind="rc_pro")
    assert (second.json()["insurer"], second.json()["insured_amount"]) == ("", None)
    history = (
        await client.get(f"/api/organisations/{org}/certificates", params={"history": "true"})
    ).json()
    assert [(c["insurer"], c["insured_amount"]) for c in history] == [
        ("", None),
        ("MAIF", "1500000.00"),
    ]
    # The form asks for them again, with cents this time.
    posted = await client.post(
        f"/structures/{org}/attestations",
        data={
            "kind": "rc_pro",
            "issued_on": date.today().isoformat(),
            "insurer": "Mutuelle Just",
            "insured_amount": "2 000 000,50",
            "_csrf_token": await csrf(client),
        },
        files={"file": ("rc.pdf", PDF, "application/pdf")},
    )
    assert posted.status_code == 200
    assert "Attestation d'assurance responsabilité civile déposée" in text(posted)
    assert "Assurée auprès de Mutuelle Just pour 2\u202f000\u202f000,50\xa0€" in text(posted)
    current = await Certificate.select().where(
        (Certificate.organisation == org) & Certificate.replaced_at.is_null()
    )
    assert [(c["insurer"], Decimal(str(c["insured_amount"]))) for c in current] == [
        ("Mutuelle Just", Decimal("2000000.50"))
    ]
    # Other papers say nothing of insurance, whatever is sent.
    urssaf = await _upload(client, org, PDF, insurer="MAIF", insured_amount="12")
    assert (urssaf.json()["insurer"], urssaf.json()["insured_amount"]) == ("", None)


async def test_a_wrong_insured_amount_is_refused_in_french_and_nothing_is_kept(
    client: Any, log_in_as: Any
) -> None:
    org = (await log_in_as()).organisation_id
    files_before = await StoredFile.count()
    refused = await _upload(client, org, PDF, kind="rc_pro", insured_amount="1,5 million")
    assert refused.status_code == 422
    error = refused.json()["errors"][0]
    assert error["field"] == "insured_amount"
    assert error["message"].startswith("Montant garanti : « 1,5 million » n'est pas un montant")
    negative = await _upload(client, org, PDF, kind="rc_pro", insured_amount="-1 000")
    assert negative.json()["errors"][0]["message"] == (
        "Montant garanti : indiquez un montant en euros positif, sans signe moins."
    )
    page = await client.post(
        f"/structures/{org}/attestations",
        data={
            "kind": "rc_pro",
            "issued_on": date.today().isoformat(),
            "insurer": "MAIF",
            "insured_amount": "1 500 000,001",
            "_csrf_token": await csrf(client),
        },
        files={"file": ("rc.pdf", PDF, "application/pdf")},
    )
    assert page.status_code == 422
    shown = text(page)
    assert "Montant garanti : indiquez un montant en euros avec au plus 2 décimales" in shown
    assert 'value="MAIF"' in shown  # what was typed is shown again
    assert await StoredFile.count() == files_before
    assert await Certificate.count().where(Certificate.organisation == org) == 0
