"""The other criteria of ESPD-EDM 4.1.0 as its ESPD-criterion.xml defines them.

Each criterion: identifier (UUID, or code for the « other » criteria), type code, the prefix of
its property identifiers, English name and description (as the specification gives them), and
its groups of properties in the notation of tenders/espd/structure.py.
tests/unit/test_espd_criteria.py checks every one against the specification file."""

from __future__ import annotations

from tenders.espd.structure import Criterion, parse_groups

_SHAPE_28 = parse_groups(
    """
QG1 ON*
  Q QG1/Q1 INDICATOR: Your answer?
  QG1/QSG1 ONTRUE
    Q QG1/QSG1/Q1 PERCENTAGE: What is the corresponding percentage of disabled or disadvantaged
      > workers?
    Q QG1/QSG1/Q2 DESCRIPTION: If required, please provide details on whether the employees
      > concerned belong to a specific category of disabled or disadvantaged workers?
QG2 ON*
  Q QG2/Q1 INDICATOR: Is this information available electronically?
  QG2/QSG1 ONTRUE
    Q QG2/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
"""
)

_SHAPE_29 = parse_groups(
    """
QG1 ON*
  Q QG1/Q1 INDICATOR: Your answer?
  QG1/QSG1 ONTRUE
    Q QG1/QSG1/Q1 INDICATOR: Is the economic operator registered on an official list of approved
      > economic operators or does it have an equivalent certificate?
    QG1/QSG1/QSG1 ONTRUE
      Q QG1/QSG1/QSG1/Q1 DESCRIPTION: Please provide the name of the list or certificate and the
        > relevant registration or certification number, if applicable
      Q QG1/QSG1/QSG1/Q2 URL: If the certificate of registration or certification is available
        > electronically, please state where
      Q QG1/QSG1/QSG1/Q3 DESCRIPTION: Please state the references on which the registration or
        > certification is based, and, where applicable, the classification obtained in the official
        > list
      QG1/QSG1/QSG1/QSG1 ON*
        Q QG1/QSG1/QSG1/QSG1/Q1 INDICATOR: Does the registration or certification cover all of the
          > required selection criteria?
    QG1/QSG1/QSG2 ONFALSE
      Q QG1/QSG1/QSG2/Q1 INDICATOR: Will the economic operator be able to provide a certificate with
        > regard to the payment of social security contributions and taxes or provide information
        > enabling the contracting authority or contracting entity to obtaining it directly by
        > accessing a national database in any Member State that is available free of charge?
  QG1/QSG2 ONFALSE
    C QG1/QSG2/CA1 NONE: The country of the economic operator does not have an official list of
      > approved economic operators or an equivalent certificate (e.g. under a national
      > (pre)qualification system).
QG2 ON*
  Q QG2/Q1 INDICATOR: Is this information available electronically?
  QG2/QSG1 ONTRUE
    Q QG2/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
"""
)

_SHAPE_30 = parse_groups(
    """
QG1 ON*
  Q QG1/Q1 INDICATOR: Your answer?
  QG1/QSG1 ONTRUE
    Q QG1/QSG1/Q1 CODE: Please indicate the role of the economic operator in the group (leader,
      > responsible for specific tasks...)
    Q QG1/QSG1/Q2 DESCRIPTION: Please identify the other economic operators participating in the
      > procurement procedure together
    Q QG1/QSG1/Q3 DESCRIPTION: Where applicable, name of the participating group:
QG2 ON*
  Q QG2/Q1 INDICATOR: Is this information available electronically?
  QG2/QSG1 ONTRUE
    Q QG2/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
"""
)

_SHAPE_31 = parse_groups(
    """
QG1 ON*
  Q QG1/Q1 INDICATOR: Your answer?
  QG1/QSG1 ONTRUE
    Q QG1/QSG1/Q1 DESCRIPTION: Name of the entity
    Q QG1/QSG1/Q2 ECONOMIC_OPERATOR_IDENTIFIER: ID of the entity
QG2 ON*
  Q QG2/Q1 INDICATOR: Is this information available electronically?
  QG2/QSG1 ONTRUE
    Q QG2/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
"""
)

_SHAPE_32 = parse_groups(
    """
QG1 ON*
  Q QG1/Q1 INDICATOR: Your answer?
  QG1/QSG1 ONTRUE
    Q QG1/QSG1/Q1 DESCRIPTION: Name of the entity
    Q QG1/QSG1/Q2 ECONOMIC_OPERATOR_IDENTIFIER: ID of the subcontractor
QG2 ON*
  Q QG2/Q1 INDICATOR: Is this information available electronically?
  QG2/QSG1 ONTRUE
    Q QG2/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
"""
)

_SHAPE_33 = parse_groups(
    """
QG1 ON*
  Q QG1/Q1 INDICATOR: Your answer?
  QG1/QSG1 ONTRUE
    Q QG1/QSG1/Q1 DESCRIPTION: Please describe them
QG2 ON*
  Q QG2/Q1 INDICATOR: Is this information available electronically?
  QG2/QSG1 ONTRUE
    Q QG2/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
"""
)

_SHAPE_34 = parse_groups(
    """
QG1 ON*
  Q QG1/Q1 INDICATOR: Your answer?
  QG1/QSG1 ONTRUE
    Q QG1/QSG1/Q1 QUANTITY_INTEGER: Number of employees
    Q QG1/QSG1/Q2 AMOUNT: Turnover
QG2 ON*
  Q QG2/Q1 INDICATOR: Is this information available electronically?
  QG2/QSG1 ONTRUE
    Q QG2/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
"""
)

CRITERIA = (
    Criterion(
        uuid="C57_OT_shelt-worksh",
        code="shelt-worksh",
        prefix="C57_OT_shelt-worksh",
        kind="other",
        name="Economic operator is a sheltered workshop",
        description=(
            "Only in case the procurement is reserved: is the economic operator a sheltered "
            "workshop, a 'social business' or will it provide for the performance of the "
            "contract in the context of sheltered employment programmes?"
        ),
        groups=_SHAPE_28,
        lot_bound=False,
    ),
    Criterion(
        uuid="C58_OT_registered",
        code="registered",
        prefix="C58_OT_registered",
        kind="other",
        name="Economic operator registered in a pre qualification system",
        description=(
            "Does the country of the economic operator have an official list of approved "
            "economic operators or an equivalent certificate (e.g. under a national "
            "(pre)qualification system)?"
        ),
        groups=_SHAPE_29,
        lot_bound=False,
    ),
    Criterion(
        uuid="C59_OT_eo-group",
        code="eo-group",
        prefix="C59_OT_eo-group",
        kind="other",
        name="Economic Operator together with others",
        description=(
            "Is the economic operator participating in the procurement procedure together "
            "with others?"
        ),
        groups=_SHAPE_30,
        lot_bound=False,
    ),
    Criterion(
        uuid="C60_OT_relied",
        code="relied",
        prefix="C60_OT_relied",
        kind="other",
        name="Relied on entities",
        description=(
            "Does the economic operator rely on the capacities of other entities in order to "
            "meet the selection criteria set out under Part IV and the criteria and rules (if"
            " any) set out under Part V below?"
        ),
        groups=_SHAPE_31,
        lot_bound=False,
    ),
    Criterion(
        uuid="C61_OT_subco-ent",
        code="subco-ent",
        prefix="C61_OT_subco-ent",
        kind="other",
        name="Subcontracted entities",
        description=(
            "Does the economic operator intend to subcontract any share of the contract to "
            "third parties?"
        ),
        groups=_SHAPE_32,
        lot_bound=False,
    ),
    Criterion(
        uuid="C63_OT_staff-red",
        code="staff-red",
        prefix="C63_OT_staff-red",
        kind="other",
        name="Reduction of the number of qualified candidates",
        description=(
            "The economic operator declares that It meets the objective and non "
            "discriminatory criteria or rules to be applied in order to limit the number of "
            "candidates in the following way: in case certain certificates or other forms of "
            "documentary evidence are required, please indicate for each whether the economic"
            " operator has the required documents."
        ),
        groups=_SHAPE_33,
        lot_bound=False,
    ),
    Criterion(
        uuid="C65_OT_sme",
        code="sme",
        prefix="C65_OT_sme",
        kind="other",
        name="Economic Operator Micro, Small or Medium-sized Enterprise",
        description="Is the economic operator a Micro, a Small or Medium-sized Enterprise?",
        groups=_SHAPE_34,
        lot_bound=False,
    ),
)
