"""``build_response``: a member's ESPD Response (UBL QualificationApplicationResponse 2.3,
ESPD-EDM 4.1.0) as XML bytes, deterministic: the same data gives the same bytes, every
identifier derived from the data (the document's UUID from the procedure, the member, the lot
and the date of issue), the date passed in.

ESPD-EDM 4.1.0 lets a response name one lot only (rule BR-LOT-10): a member tendering for two
lots has two responses, ``build_responses`` gives them all.
"""

from __future__ import annotations

import copy
import uuid

from lxml import etree

from tenders.espd import criteria
from tenders.espd.answers import answers_for
from tenders.espd.emit import write_answers, write_criterion
from tenders.espd.errors import MISSING_ANSWER, UNKNOWN_LOT, EspdError
from tenders.espd.model import Expected, ResponseData
from tenders.espd.parties import write_buyer, write_operator
from tenders.espd.xml import CAC, CBC, RESPONSE_NS, SPEC_ID, VERSION, cac, cbc

NO_LOTS = "LOT-0000"
_NAMESPACE = uuid.UUID("0b8f6f2e-5d7c-4a43-9a52-7c0e4d1f3a10")


class Structures:
    """The criteria's structures already written (a criterion's groups and properties, with
    the buyer's values and the lot: the same for every member), copied into each response
    rather than written again. For the responses built one after the other in one thread (an
    lxml tree is not shared between threads)."""

    def __init__(self) -> None:
        self._written: dict[tuple[object, ...], etree._Element] = {}

    def write(
        self,
        root: etree._Element,
        criterion: criteria.Criterion,
        name: str,
        lot: str,
        expected: dict[str, Expected],
    ) -> None:
        key = (criterion.uuid, name, lot, tuple(expected.items()))
        written = self._written.get(key)
        if written is None:
            holder = etree.Element(root.tag, nsmap=root.nsmap)
            write_criterion(holder, criterion, name, lot, expected)
            written = self._written[key] = holder[0]
        root.append(copy.deepcopy(written))


def build_responses(data: ResponseData) -> dict[str, bytes]:
    """One response per lot the member tenders for, by lot identifier."""
    structures = Structures()
    return {lot: build_response(data, lot, structures) for lot in data.lots}


def build_response(
    data: ResponseData, lot: str | None = None, structures: Structures | None = None
) -> bytes:
    """The member's response for ``lot`` (its only lot when None); ``structures`` shares the
    criteria's structures between the responses built one after the other."""
    if structures is None:
        structures = Structures()
    if lot is None:
        lot = data.lots[0]
    lots = data.request.lots if data.request else data.procedure.lots
    if lot not in lots:
        message = UNKNOWN_LOT.format(lot=lot, lots=", ".join(lots))
        raise EspdError(MISSING_ANSWER.format(member=data.operator.name, what=message))
    namespaces: dict[str | None, str] = {None: RESPONSE_NS, "cac": CAC, "cbc": CBC}
    root = etree.Element(f"{{{RESPONSE_NS}}}QualificationApplicationResponse", nsmap=namespaces)
    _write_header(root, data, lot)
    write_buyer(root, data)
    write_operator(root, data)
    project = cac(root, "ProcurementProject")
    cbc(project, "Name", data.procedure.title)
    cbc(cac(root, "ProcurementProjectLot"), "ID", lot, **SPEC_ID)
    chosen = _criteria(data, lot)
    for criterion, name, expected in chosen:
        structures.write(root, criterion, name, lot, expected)
    for criterion, _, _ in chosen:
        answers = answers_for(criterion, data)
        write_answers(root, criterion, answers, lot, data.operator.name)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def document_uuid(data: ResponseData, lot: str) -> str:
    key = "|".join((data.procedure.reference, data.operator.siret, lot, data.issued_at.isoformat()))
    return str(uuid.uuid5(_NAMESPACE, key))


def _write_header(root: etree._Element, data: ResponseData, lot: str) -> None:
    cbc(root, "UBLVersionID", "2.3", schemeAgencyID="OASIS-UBL-TC")
    cbc(
        root,
        "ProfileExecutionID",
        f"ESPD-EDMv{VERSION}",
        schemeAgencyID="OP",
        schemeVersionID=VERSION,
    )
    identifier = document_uuid(data, lot)
    cbc(root, "ID", f"ESPDRESP-CORDEE-{identifier}", schemeAgencyID="CORDEE")
    cbc(root, "CopyIndicator", "false")
    cbc(
        root,
        "UUID",
        identifier,
        schemeID="ISO/IEC 9834-8:2008 - 4UUID",
        schemeAgencyID="CORDEE",
        schemeVersionID=VERSION,
    )
    cbc(root, "ContractFolderID", data.procedure.reference, schemeAgencyID="BUYER")
    issued = data.issued_at
    cbc(root, "IssueDate", issued.date().isoformat())
    cbc(root, "IssueTime", issued.timetz().isoformat(timespec="seconds"))
    if data.group_name and data.role.value in ("group-lead", "group-mem"):
        cbc(root, "EconomicOperatorGroupName", data.group_name)
    cbc(root, "VersionID", VERSION, schemeAgencyID="OP", schemeVersionID=VERSION)
    cbc(
        root,
        "ProcedureCode",
        data.procedure.procedure_code,
        listID="http://publications.europa.eu/resource/authority/procurement-procedure-type",
        listAgencyID="OP",
        listVersionID="20250924-0",
    )


def _criteria(
    data: ResponseData, lot: str
) -> list[tuple[criteria.Criterion, str, dict[str, Expected]]]:
    """The criteria this response answers: those of the buyer's request that apply to the lot,
    or Cordée's default ones, each with the name to show and the buyer's requirement values."""
    if data.request is None:
        return [
            (criteria.BY_CODE[code], criteria.BY_CODE[code].name, {})
            for code in criteria.default_codes(data)
        ]
    chosen = []
    for asked in data.request.criteria:
        criterion = criteria.BY_UUID[asked.uuid]
        # « LOT-0000 » is ESPD-EDM's « no lots »: such a requirement applies to every lot.
        everywhere = not asked.lots or NO_LOTS in asked.lots
        if criterion.lot_bound and not everywhere and lot not in asked.lots:
            continue
        expected = {value.property_id: value for value in asked.values}
        chosen.append((criterion, asked.name or criterion.name, expected))
    return chosen
