"""Compiling the bid package of a 17-member consortium, against docxtpl alone.

Builds its own database (an SQLite file in a temporary folder, or, when TENDERS_DATABASE_URL
names PostgreSQL, a fresh database "<name>_bench" beside it), loads the demo collective, fills
the bid file of its 17 structures and puts them all in one consortium on a new 3-lot tender,
with six validated mémoire parts. Then times, in the same process:
- the package: ``request_compile`` + ``run_job`` (database reads, pre-flight, DC1, annex,
  17 DC2, mémoire, convention, 68 certificates, each member's DUME (XML per lot and its
  summary), ZIP, storing);
- the baseline: the same 21 documents rendered with docxtpl alone, one after the other.
PDF copies are switched off: LibreOffice is optional and the baseline has no counterpart.
On PostgreSQL the figures are taken with a small connection pool, as the Celery task runs
(``db.pooled``); a last timing without one shows what the pool saves.
Last line: ``compile_ratio: <package median ÷ baseline median>``.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO
from typing import TYPE_CHECKING, Any

from _collective import _configure, _recreate_postgres, migrate, start_pool, stop_pool

if TYPE_CHECKING:
    from tenders.accounts.schemas import CurrentUser
    from tenders.packages.assemble import PlannedDocument

RUNS = 5
UNPOOLED_RUNS = 2
LOTS = (
    ("1", "Entretien des parcs et jardins", "77310000", "180000"),
    ("2", "Entretien des cimetières et espaces naturels", "77313000", "120000"),
    ("3", "Propreté des abords des équipements", "90910000", "90000"),
)
PARTS: list[tuple[str, str]] = [
    (
        "Compréhension du besoin",
        "# Enjeux de la consultation\n\n"
        "La communauté d'agglomération souhaite confier l'entretien de ses parcs, de ses "
        "cimetières et des abords de ses équipements à des structures capables d'assurer une "
        "**qualité de service constante** tout au long de l'année, y compris pendant les pics "
        "d'activité du printemps.\n\n"
        "Le groupement a visité les sites, relevé les surfaces et identifié les contraintes "
        "propres à chacun : accès restreints, horaires d'ouverture au public, présence "
        "d'espèces protégées sur les espaces naturels.\n\n"
        "Nos priorités pour ce marché :\n"
        "- la sécurité des usagers et des équipes ;\n"
        "- la gestion différenciée des espaces ;\n"
        "- la continuité du service en cas d'intempéries ;\n"
        "- un compte rendu mensuel clair à l'acheteur.",
    ),
    (
        "Organisation du groupement",
        "# Un mandataire, dix-sept structures\n\n"
        "Le mandataire coordonne l'ensemble des prestations et reste l'**interlocuteur "
        "unique** de l'acheteur. Il réunit les membres chaque mois, consolide les plannings "
        "et suit les indicateurs de qualité.\n\n"
        "Chaque membre intervient sur son territoire, au plus près des sites, ce qui réduit "
        "les déplacements et permet d'intervenir sous quarante-huit heures en cas "
        "d'urgence.\n\n"
        "## Circuit de décision\n\n"
        "- le chef de chantier signale l'anomalie ;\n"
        "- le référent du membre qualifie l'intervention ;\n"
        "- le mandataire valide et informe l'acheteur.\n\n"
        "Les membres se remplacent mutuellement en cas d'absence ou de surcroît d'activité, "
        "selon les règles fixées par la convention de groupement.",
    ),
    (
        "Moyens humains et matériels",
        "# Des équipes encadrées\n\n"
        "Chaque équipe de cinq à huit salariés est encadrée par un **encadrant technique "
        "d'insertion** diplômé, présent en permanence sur le chantier. Les chefs d'équipe "
        "sont titulaires du CACES et des habilitations nécessaires.\n\n"
        "Le parc de matériel du groupement comprend des tondeuses autoportées, des "
        "débroussailleuses et des souffleurs, dont plus de la moitié fonctionnent sur "
        "batterie. Un garage solidaire en assure l'entretien et la réparation.\n\n"
        "- 42 véhicules utilitaires, dont 12 électriques ;\n"
        "- 9 tondeuses autoportées ;\n"
        "- 60 outils portatifs sur batterie.",
    ),
    (
        "Insertion professionnelle et accompagnement",
        "# Des parcours vers l'emploi durable\n\n"
        "Chaque salarié en parcours bénéficie d'un **accompagnement socioprofessionnel** "
        "individualisé : levée des freins périphériques (mobilité, logement, santé), "
        "construction du projet professionnel et mise en relation avec les employeurs du "
        "territoire.\n\n"
        "Le marché représente environ 38 000 heures d'insertion sur sa durée. Les salariés "
        "suivent des formations qualifiantes en entretien des espaces verts et peuvent "
        "préparer un titre professionnel d'ouvrier du paysage.\n\n"
        "- entretiens mensuels avec un conseiller ;\n"
        "- périodes de mise en situation en milieu professionnel ;\n"
        "- bilan de compétences à mi-parcours.",
    ),
    (
        "Démarche environnementale",
        "# Gestion différenciée\n\n"
        "Le groupement applique le **zéro produit phytosanitaire** sur l'ensemble des sites. "
        "Les tontes sont espacées sur les prairies, les déchets verts sont broyés et "
        "réutilisés en paillage sur place.\n\n"
        "Les déplacements sont organisés par secteur pour limiter les kilomètres parcourus ; "
        "le matériel thermique est remplacé progressivement par du matériel électrique.\n\n"
        "- fauche tardive sur les espaces naturels ;\n"
        "- paillage des massifs ;\n"
        "- réemploi des pièces détachées au garage solidaire.",
    ),
    (
        "Suivi de la qualité",
        "# Indicateurs et contrôles\n\n"
        "Un contrôle contradictoire est proposé à l'acheteur chaque trimestre. Les "
        "interventions sont tracées dans un registre partagé, consultable à tout moment, et "
        "les réclamations sont traitées **sous cinq jours ouvrés**.\n\n"
        "Le mandataire remet chaque mois un tableau de bord : heures réalisées, heures "
        "d'insertion, incidents, consommations de carburant et d'électricité.\n\n"
        "- taux de réalisation du planning ;\n"
        "- délai moyen de traitement des réclamations ;\n"
        "- sorties vers l'emploi des salariés en parcours.",
    ),
]


async def _admin() -> CurrentUser:
    from tenders.accounts.schemas import CurrentUser
    from tenders.accounts.tables import User
    from tenders.demo.data import ACCOUNTS

    rows = await User.select(User.id, User.email, User.full_name).where(
        User.email == ACCOUNTS[0].email
    )
    return CurrentUser(**rows[0], role="admin", organisation_id=None, organisation_name=None)


async def _consortium(actor: CurrentUser) -> int:
    """The 17 demo structures, every bid file filled, on a new 3-lot tender."""
    from tenders.clock import utcnow
    from tenders.demo.bid_loader import fill_bid_file, ready_consortium
    from tenders.demo.data import ORGANISATIONS
    from tenders.members.tables import Organisation
    from tenders.procurement.schemas import LotIn, TenderIn
    from tenders.procurement.service import create_tender

    slugs = [org.slug for org in ORGANISATIONS]
    rows = await Organisation.select(Organisation.id, Organisation.slug).where(
        Organisation.slug.is_in(slugs)
    )
    by_slug = {r["slug"]: r["id"] for r in rows}
    ids = [by_slug[slug] for slug in slugs]
    today = date.today()
    # Numbers from 101: the demo consortium already holds the invented SIRETs of 1 to 3.
    for n, org in enumerate(ids, start=101):
        await fill_bid_file(actor, org, n, today)
    tender = await create_tender(
        actor,
        TenderIn(
            title="Entretien des espaces verts et propreté des équipements (banc d'essai)",
            reference="BENCH-2027-017",
            buyer_name="Communauté d'agglomération de démonstration",
            procedure="ouvert",
            kind="services",
            duration_months=36,
            departements=["59"],
            offers_deadline=utcnow() + timedelta(days=30),
            lots=[
                LotIn(
                    key=key,
                    title=title,
                    cpv_codes=[cpv],
                    departements=["59"],
                    estimated_value=Decimal(value),
                )
                for key, title, cpv, value in LOTS
            ],
        ),
    )
    return await ready_consortium(actor, tender.id, ids, PARTS)


async def _package(actor: CurrentUser, consortium_id: int) -> float:
    """Seconds from the request to the stored package, as the worker compiles it."""
    from tenders.jobs import RecordingJobQueue
    from tenders.packages import service
    from tenders.settings import get_settings

    settings = get_settings()
    start = time.perf_counter()
    job = await service.request_compile(actor, consortium_id, RecordingJobQueue())
    status = await service.run_job(job.id, settings)
    elapsed = time.perf_counter() - start
    if status != "done":
        sys.exit(f"compile job {job.id} ended {status!r}")
    return elapsed


def _baseline(planned: list[PlannedDocument], templates: dict[str, bytes]) -> float:
    """Seconds to render the same documents with docxtpl alone, in one loop."""
    from docxtpl import DocxTemplate

    from tenders.documents.render import with_subdocs

    start = time.perf_counter()
    for doc in planned:
        document = DocxTemplate(BytesIO(templates[doc.kind]))
        # docxtpl's default environment; autoescape as in the app, without which a « & » or
        # « < » in a name or a section would make the document XML invalid.
        document.render(with_subdocs(document, doc.context), autoescape=True)
        output = BytesIO()
        document.save(output)
    return time.perf_counter() - start


async def _measure() -> dict[str, Any]:
    from piccolo.engine.postgres import PostgresEngine

    from tenders.clock import utcnow
    from tenders.db import engine
    from tenders.demo.loader import load_demo
    from tenders.packages import service
    from tenders.packages.assemble import plan_documents
    from tenders.packages.context import load_package_data
    from tenders.packages.templates import templates_in_use

    await load_demo()
    actor = await _admin()
    consortium_id = await _consortium(actor)
    data = await load_package_data(consortium_id, utcnow())
    planned = plan_documents(data)
    templates = await templates_in_use()

    await _package(actor, consortium_id)  # warm-up
    _baseline(planned, templates)  # warm-up
    package, baseline = [], []
    for _ in range(RUNS):
        package.append(await _package(actor, consortium_id))
        baseline.append(_baseline(planned, templates))
    unpooled = []
    if isinstance(engine(), PostgresEngine):
        # workers/tasks.py runs ``run_job`` in ``asyncio.run`` without a pool: every query
        # opens its own connection.
        await stop_pool()
        unpooled = [await _package(actor, consortium_id) for _ in range(UNPOOLED_RUNS)]

    newest = (await service.list_packages(actor, consortium_id))[0]
    _, archive = await service.package_zip(actor, consortium_id, newest.version)
    return {
        "members": len(data.members),
        "documents": len(planned),
        "certificates": len(data.certificates),
        "blocking": newest.blocking,
        "zip_bytes": len(archive),
        "package": package,
        "baseline": baseline,
        "unpooled": unpooled,
    }


async def _run() -> dict[str, Any]:
    await start_pool()
    try:
        return await _measure()
    finally:
        await stop_pool()


def main() -> None:
    started = time.perf_counter()
    pg_url = _configure()
    os.environ["TENDERS_COMPILE_PDF"] = "no"
    os.environ["TENDERS_COMPILE_STEP_DELAY_MS"] = "0"
    if pg_url:
        asyncio.run(_recreate_postgres(pg_url))
    migrate()
    result = asyncio.run(_run())
    package_ms = statistics.median(result["package"]) * 1000
    baseline_ms = statistics.median(result["baseline"]) * 1000
    print(
        f"engine: {'PostgreSQL' if pg_url else 'SQLite'}; {result['members']} members, "
        f"{result['documents']} documents + {result['certificates']} certificates "
        f"({result['blocking']} blocking pre-flight points); "
        f"total run {time.perf_counter() - started:.1f} s"
    )
    print(
        f"package (request_compile + run_job), {RUNS} runs: median {package_ms:.0f} ms, "
        f"min {min(result['package']) * 1000:.0f} ms, max {max(result['package']) * 1000:.0f} ms"
    )
    print(
        f"baseline (docxtpl alone, same documents), {RUNS} runs: median {baseline_ms:.0f} ms, "
        f"min {min(result['baseline']) * 1000:.0f} ms, "
        f"max {max(result['baseline']) * 1000:.0f} ms"
    )
    if result["unpooled"]:
        print(
            f"package without a connection pool (a connection per query), "
            f"{UNPOOLED_RUNS} runs: median {statistics.median(result['unpooled']) * 1000:.0f} ms"
        )
    print(f"ZIP: {result['zip_bytes'] / 1024:.0f} KiB ({result['zip_bytes']} bytes)")
    print(f"compile_ratio: {package_ms / baseline_ms:.2f}")


if __name__ == "__main__":
    main()
