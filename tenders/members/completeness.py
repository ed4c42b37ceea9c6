"""What is missing or expiring in an organisation's file, in plain French."""

from __future__ import annotations

from datetime import date

from tenders.formatting import date_fr
from tenders.members import capabilities, certificates, references
from tenders.members.access import Person, ensure_manages
from tenders.members.fiscal import closed_years
from tenders.members.schemas import (
    CertificateOut,
    Completeness,
    CompletenessItem,
    OrganisationOut,
)
from tenders.members.service import get_organisation
from tenders.members.vocabulary import CERTIFICATE_KINDS


class _Lines:
    """The lines of the file, each under its topic."""

    def __init__(self) -> None:
        self.items: list[CompletenessItem] = []

    def check(self, topic: str, ok: bool, done: str, todo: str, link: str) -> None:
        self.items.append(
            CompletenessItem(ok=ok, text=done if ok else todo, link=link, topic=topic)
        )


def _identity(lines: _Lines, org: OrganisationOut, edit: str) -> None:
    lines.check(
        "dc2", bool(org.siret), "SIRET renseigné.", "Renseignez le SIRET de la structure.", edit
    )
    lines.check(
        "dc2",
        bool(org.legal_form and org.kind),
        "Forme juridique et type de structure renseignés.",
        "Indiquez la forme juridique et le type de structure.",
        edit,
    )
    lines.check(
        "dc2",
        bool(org.representative_name and org.representative_title),
        "Représentant légal renseigné.",
        "Indiquez le nom et la qualité du représentant légal (DC1, DC2, signatures).",
        edit,
    )
    lines.check(
        "contact",
        bool(org.address and org.postal_code and org.town),
        "Adresse renseignée.",
        "Indiquez l'adresse, le code postal et la commune.",
        edit,
    )
    lines.check(
        "contact",
        bool(org.contact_name and org.contact_email and org.contact_phone),
        "Contact renseigné.",
        "Indiquez une personne à contacter, son e-mail et son téléphone (DC1, rubrique E).",
        edit,
    )


def _figures(lines: _Lines, org: OrganisationOut, at: date, edit: str) -> None:
    """Headcount, turnover of the closed years and insurance (DC2)."""
    lines.check(
        "dc2",
        org.headcount_permanent is not None,
        "Effectifs renseignés.",
        "Indiquez les effectifs (salariés permanents et en insertion).",
        edit,
    )
    known = {t.year for t in org.turnover or []}
    if not org.fiscal_year_end:
        lines.check(
            "dc2",
            False,
            "",
            "Indiquez la date de clôture de l'exercice (par exemple 31/12) : le DC2 donne les "
            "trois derniers exercices clos.",
            edit,
        )
    else:
        missing = [
            fy for fy in closed_years(org.fiscal_year_end, at, known) if fy.year not in known
        ]
        lines.check(
            "dc2",
            not missing,
            "Chiffre d'affaires des trois derniers exercices clos renseigné.",
            "Indiquez le chiffre d'affaires de l'exercice "
            + " et de l'exercice ".join(f"{fy.year} ({fy.label})" for fy in missing)
            + " (DC2, rubrique F1).",
            edit,
        )
    if not org.insurer or org.insurance_expiry is None:
        lines.check(
            "dc2",
            False,
            "",
            "Indiquez votre assureur et la date de fin de votre contrat d'assurance.",
            edit,
        )
    else:
        lines.check(
            "dc2",
            org.insurance_expiry >= at,
            f"Assurance valable jusqu'au {date_fr(org.insurance_expiry)}.",
            f"Votre contrat d'assurance a pris fin le {date_fr(org.insurance_expiry)} : "
            "indiquez le nouveau.",
            edit,
        )


async def _directory(lines: _Lines, viewer: Person, organisation_id: int, base: str) -> None:
    """What the directory and the matching read: capabilities and references."""
    caps = await capabilities.list_capabilities(organisation_id)
    lines.check(
        "directory",
        bool(caps),
        f"{len(caps)} savoir-faire décrit{'s' if len(caps) > 1 else ''}.",
        "Décrivez au moins un savoir-faire avec ses codes CPV.",
        f"{base}/savoir-faire/nouveau",
    )
    refs = await references.list_references(organisation_id, viewer)
    lines.check(
        "directory",
        bool(refs),
        f"{len(refs)} référence{'s' if len(refs) > 1 else ''} renseignée"
        f"{'s' if len(refs) > 1 else ''}.",
        "Ajoutez au moins une référence (un marché déjà réalisé).",
        f"{base}/references/nouvelle",
    )


def _papers(lines: _Lines, papers: list[CertificateOut], vault: str) -> None:
    """Each required paper: missing, expired, expiring soon (a warning) or valid."""
    by_kind = {c.kind: c for c in papers}
    for kind, rule in CERTIFICATE_KINDS.items():
        if not rule.required:
            continue
        paper = by_kind.get(kind)
        if paper is None:
            lines.check("certificate", False, "", f"Déposez : {rule.label}.", vault)
        elif paper.status == "expiree":
            # One rule, here and in the pre-flight: a paper counts if it is valid at ``at``.
            lines.check(
                "certificate",
                False,
                "",
                f"{rule.label} : plus valable depuis le "
                f"{date_fr(paper.valid_until)}. Déposez-en une nouvelle version.",
                vault,
            )
        elif paper.status == "expire_bientot":
            lines.items.append(
                CompletenessItem(
                    ok=True,
                    warning=True,
                    text=f"{rule.label} : valable jusqu'au {date_fr(paper.valid_until)} "
                    "seulement. Pensez à en déposer une nouvelle version.",
                    link=vault,
                    topic="certificate",
                )
            )
        else:
            until = (
                f"valable jusqu'au {date_fr(paper.valid_until)}"
                if paper.valid_until
                else "sans limite de validité"
            )
            lines.check("certificate", True, f"{rule.label} : {until}.", "", vault)


async def completeness(
    viewer: Person,
    organisation_id: int,
    at: date,
    topics: frozenset[str] | None = None,
) -> Completeness:
    """Every line, or only those of ``topics`` (the directory's are then not even looked
    up)."""
    ensure_manages(viewer, organisation_id)
    org = await get_organisation(organisation_id, viewer)
    base = f"/structures/{organisation_id}"
    lines = _Lines()
    _identity(lines, org, f"{base}/modifier")
    _figures(lines, org, at, f"{base}/modifier")
    if topics is None or "directory" in topics:
        await _directory(lines, viewer, organisation_id, base)
    _papers(
        lines,
        await certificates.list_certificates(viewer, organisation_id, at),
        f"{base}/attestations",
    )
    items = lines.items
    done = sum(1 for item in items if item.ok)
    return Completeness(
        organisation_id=organisation_id, at=at, percent=round(100 * done / len(items)), items=items
    )
