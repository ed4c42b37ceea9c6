"""JSON API of the directory: organisations, capabilities, references, certificates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from litestar import Controller, Response, delete, get, patch, post, put
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT

from tenders.accounts.schemas import CurrentUser
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
from tenders.web.downloads import download

UPLOAD_LIMIT = certificates.MAX_CERTIFICATE_BYTES + 64 * 1024


@dataclass
class CertificateUpload:
    """A certificate sent as multipart/form-data."""

    file: UploadFile
    kind: str
    issued_on: date
    title: str = ""
    valid_until: date | None = None


class OrganisationApi(Controller):
    path = "/api/organisations"
    tags = ["Structures"]

    @get(
        "/",
        operation_id="listOrganisations",
        summary="Annuaire : recherche par nom, code CPV (et ses descendants), département, "
        "type et label",
    )
    async def index(
        self,
        q: Annotated[str, QueryParameter(max_length=200)] = "",
        cpv: Annotated[str, QueryParameter(max_length=20)] = "",
        departement: Annotated[str, QueryParameter(max_length=3)] = "",
        kind: Annotated[str, QueryParameter(max_length=20)] = "",
        label: Annotated[str, QueryParameter(max_length=40)] = "",
        page: Annotated[int, QueryParameter(ge=1, le=10_000)] = 1,
    ) -> directory.DirectoryPage:
        return await directory.search(
            directory.DirectoryQuery(
                q=q, cpv=cpv, departement=departement, kind=kind, label=label, page=page
            )
        )

    @post("/", operation_id="createOrganisation", summary="Ajouter une structure (coordination)")
    async def create(
        self,
        data: JSONBody[OrganisationCreate],
        user: NamedDependency[CurrentUser],
    ) -> OrganisationOut:
        return await organisations.create_organisation(
            user, data.name, data.kind, data.town, data.siret
        )

    @get("/{organisation_id:int}", operation_id="getOrganisation", summary="Une structure")
    async def show(
        self, organisation_id: FromPath[int], user: NamedDependency[CurrentUser]
    ) -> OrganisationOut:
        return await organisations.get_organisation(organisation_id, user)

    @patch(
        "/{organisation_id:int}",
        operation_id="updateOrganisation",
        summary="Modifier la fiche (seuls les champs envoyés changent)",
    )
    async def update(
        self,
        organisation_id: FromPath[int],
        data: JSONBody[OrganisationUpdate],
        user: NamedDependency[CurrentUser],
    ) -> OrganisationOut:
        return await organisations.update_organisation(user, organisation_id, given(data))

    @get(
        "/{organisation_id:int}/completeness",
        operation_id="getCompleteness",
        summary="Ce qui manque ou expire dans la fiche, à une date donnée",
    )
    async def completeness(
        self,
        organisation_id: FromPath[int],
        user: NamedDependency[CurrentUser],
        at: Annotated[date | None, QueryParameter()] = None,
    ) -> Completeness:
        return await completeness.completeness(user, organisation_id, at or utcnow().date())


class CapabilityApi(Controller):
    path = "/api/organisations/{organisation_id:int}/capabilities"
    tags = ["Structures"]

    @get("/", operation_id="listCapabilities", summary="Savoir-faire d'une structure")
    async def index(self, organisation_id: FromPath[int]) -> list[CapabilityOut]:
        return await capabilities.list_capabilities(organisation_id)

    @post("/", operation_id="createCapability", summary="Ajouter un savoir-faire")
    async def create(
        self,
        organisation_id: FromPath[int],
        data: JSONBody[CapabilityIn],
        user: NamedDependency[CurrentUser],
    ) -> CapabilityOut:
        return await capabilities.add_capability(user, organisation_id, data)

    @get("/{capability_id:int}", operation_id="getCapability", summary="Un savoir-faire")
    async def show(
        self, organisation_id: FromPath[int], capability_id: FromPath[int]
    ) -> CapabilityOut:
        return await capabilities.get_capability(organisation_id, capability_id)

    @put(
        "/{capability_id:int}", operation_id="updateCapability", summary="Remplacer un savoir-faire"
    )
    async def update(
        self,
        organisation_id: FromPath[int],
        capability_id: FromPath[int],
        data: JSONBody[CapabilityIn],
        user: NamedDependency[CurrentUser],
    ) -> CapabilityOut:
        return await capabilities.update_capability(user, organisation_id, capability_id, data)

    @delete(
        "/{capability_id:int}",
        operation_id="deleteCapability",
        summary="Supprimer un savoir-faire",
        status_code=HTTP_204_NO_CONTENT,
    )
    async def remove(
        self,
        organisation_id: FromPath[int],
        capability_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> None:
        await capabilities.delete_capability(user, organisation_id, capability_id)


class ReferenceApi(Controller):
    path = "/api/organisations/{organisation_id:int}/references"
    tags = ["Structures"]

    @get(
        "/",
        operation_id="listReferences",
        summary="Références (les autres structures ne voient que celles montrables)",
    )
    async def index(
        self, organisation_id: FromPath[int], user: NamedDependency[CurrentUser]
    ) -> list[ReferenceOut]:
        return await references.list_references(organisation_id, user)

    @post("/", operation_id="createReference", summary="Ajouter une référence")
    async def create(
        self,
        organisation_id: FromPath[int],
        data: JSONBody[ReferenceIn],
        user: NamedDependency[CurrentUser],
    ) -> ReferenceOut:
        return await references.add_reference(user, organisation_id, data)

    @put("/{reference_id:int}", operation_id="updateReference", summary="Remplacer une référence")
    async def update(
        self,
        organisation_id: FromPath[int],
        reference_id: FromPath[int],
        data: JSONBody[ReferenceIn],
        user: NamedDependency[CurrentUser],
    ) -> ReferenceOut:
        return await references.update_reference(user, organisation_id, reference_id, data)

    @delete(
        "/{reference_id:int}",
        operation_id="deleteReference",
        summary="Supprimer une référence",
        status_code=HTTP_204_NO_CONTENT,
    )
    async def remove(
        self,
        organisation_id: FromPath[int],
        reference_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> None:
        await references.delete_reference(user, organisation_id, reference_id)


class CertificateApi(Controller):
    path = "/api/organisations/{organisation_id:int}/certificates"
    tags = ["Attestations"]

    @get(
        "/",
        operation_id="listCertificates",
        summary="Attestations en vigueur (ou tout l'historique), statut à une date donnée",
    )
    async def index(
        self,
        organisation_id: FromPath[int],
        user: NamedDependency[CurrentUser],
        at: Annotated[date | None, QueryParameter()] = None,
        history: FromQuery[bool] = False,
    ) -> list[CertificateOut]:
        return await certificates.list_certificates(user, organisation_id, at, history)

    @post(
        "/",
        operation_id="uploadCertificate",
        summary="Déposer une attestation (PDF, PNG ou JPEG, 10 Mo au plus)",
        request_max_body_size=UPLOAD_LIMIT,
    )
    async def upload(
        self,
        organisation_id: FromPath[int],
        data: Annotated[CertificateUpload, Body(media_type=RequestEncodingType.MULTI_PART)],
        user: NamedDependency[CurrentUser],
    ) -> CertificateOut:
        content = await data.file.read()
        return await certificates.upload_certificate(
            user,
            organisation_id,
            kind=data.kind,
            title=data.title,
            issued_on=data.issued_on,
            valid_until=data.valid_until,
            filename=data.file.filename or "",
            data=content,
        )

    @get(
        "/{certificate_id:int}/file",
        operation_id="downloadCertificate",
        summary="Télécharger le fichier d'une attestation",
        media_type="application/octet-stream",
    )
    async def download(
        self,
        organisation_id: FromPath[int],
        certificate_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Response[bytes]:
        content, certificate = await certificates.certificate_file(
            user, organisation_id, certificate_id
        )
        return file_response(content, certificate)

    @patch(
        "/{certificate_id:int}",
        operation_id="updateCertificateValidity",
        summary="Corriger la fin de validité",
        status_code=HTTP_200_OK,
    )
    async def update(
        self,
        organisation_id: FromPath[int],
        certificate_id: FromPath[int],
        data: JSONBody[ValidityIn],
        user: NamedDependency[CurrentUser],
    ) -> CertificateOut:
        return await certificates.update_validity(
            user, organisation_id, certificate_id, data.valid_until
        )


def file_response(content: bytes, certificate: CertificateOut) -> Response[bytes]:
    return download(content, certificate.filename, certificate.content_type)
