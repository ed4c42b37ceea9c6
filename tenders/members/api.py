"""JSON API of the directory: organisations, capabilities, references, certificates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from litestar import Controller, Response, delete, get, patch, post, put
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT

from tenders.accounts.directors import with_director_count, with_directors
from tenders.clock import utcnow
from tenders.fields import given
from tenders.members import capabilities, certificates, completeness, directory, references
from tenders.members import service as organisations
from tenders.members.schemas import (
    CapabilityIn,
    CapabilityOut,
    CertificateOut,
    Completeness,
    OrganisationCreate,
    OrganisationOut,
    OrganisationUpdate,
    ReferenceIn,
    ReferenceOut,
    ValidityIn,
)
from tenders.web.deps import LoggedIn
from tenders.web.downloads import download
from tenders.web.forms import upload_limit

ORGANISATION = "/{organisation_id:int}"
CAPABILITY = "/{capability_id:int}"
REFERENCE = "/{reference_id:int}"
CERTIFICATE = "/{certificate_id:int}"
Id = FromPath[int]  # an identifier in the address
AtDate = Annotated[date | None, QueryParameter()]


@dataclass
class CertificateUpload:
    """A certificate sent as multipart/form-data."""

    file: UploadFile
    kind: str
    issued_on: date
    title: str = ""
    valid_until: date | None = None
    insurer: str = ""  # on the RC Pro paper: who insures…
    insured_amount: str = ""  # …and the amount guaranteed per claim, « 1 500 000,00 »


class OrganisationApi(Controller):
    path = "/api/organisations"
    tags = ["Structures"]

    @get(
        "/",
        summary="Annuaire : recherche par nom, code CPV (et ses descendants), département, "
        "type et label",
    )
    async def list_organisations(
        self,
        q: Annotated[str, QueryParameter(max_length=200)] = "",
        cpv: Annotated[str, QueryParameter(max_length=20)] = "",
        departement: Annotated[str, QueryParameter(max_length=3)] = "",
        kind: Annotated[str, QueryParameter(max_length=20)] = "",
        label: Annotated[str, QueryParameter(max_length=40)] = "",
        page: Annotated[int, QueryParameter(ge=1, le=10_000)] = 1,
    ) -> directory.DirectoryPage:
        query = directory.DirectoryQuery(q, cpv, departement, kind, label, page)
        found = await directory.search(query)
        await with_directors(found.organisations)
        return found

    @post("/", summary="Ajouter une structure (coordination)")
    async def create_organisation(
        self, data: JSONBody[OrganisationCreate], user: LoggedIn
    ) -> OrganisationOut:
        org = await organisations.create_organisation(user, data)
        return await with_director_count(org)

    @get(ORGANISATION, summary="Une structure")
    async def get_organisation(self, organisation_id: Id, user: LoggedIn) -> OrganisationOut:
        org = await organisations.get_organisation(organisation_id, user)
        return await with_director_count(org)

    @patch(ORGANISATION, summary="Modifier la fiche (seuls les champs envoyés changent)")
    async def update_organisation(
        self, organisation_id: Id, data: JSONBody[OrganisationUpdate], user: LoggedIn
    ) -> OrganisationOut:
        org = await organisations.update_organisation(user, organisation_id, given(data))
        return await with_director_count(org)

    @get(
        f"{ORGANISATION}/completeness",
        summary="Ce qui manque ou expire dans la fiche, à une date donnée",
    )
    async def get_completeness(
        self, organisation_id: Id, user: LoggedIn, at: AtDate = None
    ) -> Completeness:
        return await completeness.completeness(user, organisation_id, at or utcnow().date())


class CapabilityApi(Controller):
    path = "/api/organisations/{organisation_id:int}/capabilities"
    tags = ["Structures"]

    @get("/", summary="Savoir-faire d'une structure")
    async def list_capabilities(self, organisation_id: Id) -> list[CapabilityOut]:
        return await capabilities.list_capabilities(organisation_id)

    @post("/", summary="Ajouter un savoir-faire")
    async def create_capability(
        self, organisation_id: Id, data: JSONBody[CapabilityIn], user: LoggedIn
    ) -> CapabilityOut:
        return await capabilities.add_capability(user, organisation_id, data)

    @get(CAPABILITY, summary="Un savoir-faire")
    async def get_capability(self, organisation_id: Id, capability_id: Id) -> CapabilityOut:
        return await capabilities.get_capability(organisation_id, capability_id)

    @put(CAPABILITY, summary="Remplacer un savoir-faire")
    async def update_capability(
        self, organisation_id: Id, capability_id: Id, data: JSONBody[CapabilityIn], user: LoggedIn
    ) -> CapabilityOut:
        return await capabilities.update_capability(user, organisation_id, capability_id, data)

    @delete(CAPABILITY, summary="Supprimer un savoir-faire", status_code=HTTP_204_NO_CONTENT)
    async def delete_capability(
        self, organisation_id: Id, capability_id: Id, user: LoggedIn
    ) -> None:
        await capabilities.delete_capability(user, organisation_id, capability_id)


class ReferenceApi(Controller):
    path = "/api/organisations/{organisation_id:int}/references"
    tags = ["Structures"]

    @get("/", summary="Références (les autres structures ne voient que celles montrables)")
    async def list_references(self, organisation_id: Id, user: LoggedIn) -> list[ReferenceOut]:
        return await references.list_references(organisation_id, user)

    @post("/", summary="Ajouter une référence")
    async def create_reference(
        self, organisation_id: Id, data: JSONBody[ReferenceIn], user: LoggedIn
    ) -> ReferenceOut:
        return await references.add_reference(user, organisation_id, data)

    @put(REFERENCE, summary="Remplacer une référence")
    async def update_reference(
        self, organisation_id: Id, reference_id: Id, data: JSONBody[ReferenceIn], user: LoggedIn
    ) -> ReferenceOut:
        return await references.update_reference(user, organisation_id, reference_id, data)

    @delete(REFERENCE, summary="Supprimer une référence", status_code=HTTP_204_NO_CONTENT)
    async def delete_reference(self, organisation_id: Id, reference_id: Id, user: LoggedIn) -> None:
        await references.delete_reference(user, organisation_id, reference_id)


class CertificateApi(Controller):
    path = "/api/organisations/{organisation_id:int}/certificates"
    tags = ["Attestations"]

    @get("/", summary="Attestations en vigueur (ou tout l'historique), statut à une date donnée")
    async def list_certificates(
        self,
        organisation_id: Id,
        user: LoggedIn,
        at: AtDate = None,
        history: FromQuery[bool] = False,
    ) -> list[CertificateOut]:
        return await certificates.list_certificates(user, organisation_id, at, history)

    @post(
        "/",
        summary="Déposer une attestation (PDF, PNG ou JPEG, 10 Mo au plus)",
        request_max_body_size=upload_limit(certificates.MAX_CERTIFICATE_BYTES),
    )
    async def upload_certificate(
        self,
        organisation_id: Id,
        data: Annotated[CertificateUpload, Body(media_type=RequestEncodingType.MULTI_PART)],
        user: LoggedIn,
    ) -> CertificateOut:
        return await certificates.upload_certificate(
            user,
            organisation_id,
            kind=data.kind,
            title=data.title,
            issued_on=data.issued_on,
            valid_until=data.valid_until,
            filename=data.file.filename or "",
            data=await data.file.read(),
            insurer=data.insurer,
            insured_amount=data.insured_amount,
        )

    @get(
        f"{CERTIFICATE}/file",
        summary="Télécharger le fichier d'une attestation",
        media_type="application/octet-stream",
    )
    async def download_certificate(
        self, organisation_id: Id, certificate_id: Id, user: LoggedIn
    ) -> Response[bytes]:
        content, paper = await certificates.certificate_file(user, organisation_id, certificate_id)
        return download(content, paper.filename, paper.content_type)

    @patch(CERTIFICATE, summary="Corriger la fin de validité", status_code=HTTP_200_OK)
    async def update_certificate_validity(
        self, organisation_id: Id, certificate_id: Id, data: JSONBody[ValidityIn], user: LoggedIn
    ) -> CertificateOut:
        return await certificates.update_validity(
            user, organisation_id, certificate_id, data.valid_until
        )
