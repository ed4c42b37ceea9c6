"""The selection criteria of ESPD-EDM 4.1.0 as its ESPD-criterion.xml defines them.

Each criterion: identifier (UUID, or code for the « other » criteria), type code, the prefix of
its property identifiers, English name and description (as the specification gives them), and
its groups of properties in the notation of tenders/espd/structure.py.
tests/unit/test_espd_criteria.py checks every one against the specification file."""

from __future__ import annotations

from tenders.espd.structure import Criterion, parse_groups

_SHAPE_11 = parse_groups(
    """
RG1 ON*
  R RG1/RQ1/R1/R1 LOT_IDENTIFIER: LOT Identifier
  RG1/RSG1 ON*
    R RG1/RSG1/RQ1/R1/R1/R1 CODE: occupation
    RG1/RSG1/QSG1 ON*
      Q RG1/RSG1/QSG1/Q1 INDICATOR: Does the EO fulfil the criteria by itself?
      RG1/RSG1/QSG1/QSG1 ONFALSE
        Q RG1/RSG1/QSG1/QSG1/Q1 INDICATOR: In the case of no – Relied upon or not
        RG1/RSG1/QSG1/QSG1/QSG1 ONTRUE
          Q RG1/RSG1/QSG1/QSG1/QSG1/Q1 DESCRIPTION: Name of the entity
          Q RG1/RSG1/QSG1/QSG1/QSG1/Q2 ECONOMIC_OPERATOR_IDENTIFIER: ID of the entity
    RG1/RSG1/QSG2 ON*
      Q RG1/RSG1/QSG2/Q1 INDICATOR: Your Answer
      RG1/RSG1/QSG2/QSG1 ONTRUE
        Q RG1/RSG1/QSG2/QSG1/Q1 DESCRIPTION: Registration number
      RG1/RSG1/QSG2/QSG2 ONFALSE
        Q RG1/RSG1/QSG2/QSG2/Q1 DESCRIPTION: Reasons why your are not registered
    RG1/RSG1/QSG3 ON*
      Q RG1/RSG1/QSG3/Q1 INDICATOR: Is this information available electronically?
      RG1/RSG1/QSG3/QSG1 ONTRUE
        Q RG1/RSG1/QSG3/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
"""
)

_SHAPE_12 = parse_groups(
    """
RG1 ON*
  R RG1/RQ1/R1/R1 LOT_IDENTIFIER: LOT Identifier
  RG1/RSG1 ON*
    R RG1/RSG1/RQ1/R1/R1/R1 DESCRIPTION: Register name
    R RG1/RSG1/RQ2/R1/R1/R1 URL: URL
    RG1/RSG1/QSG1 ON*
      Q RG1/RSG1/QSG1/Q1 INDICATOR: Does the EO fulfil the criteria by itself?
      RG1/RSG1/QSG1/QSG1 ONFALSE
        Q RG1/RSG1/QSG1/QSG1/Q1 INDICATOR: In the case of no – Relied upon or not
        RG1/RSG1/QSG1/QSG1/QSG1 ONTRUE
          Q RG1/RSG1/QSG1/QSG1/QSG1/Q1 DESCRIPTION: Name of the entity
          Q RG1/RSG1/QSG1/QSG1/QSG1/Q2 ECONOMIC_OPERATOR_IDENTIFIER: ID of the entity
    RG1/RSG1/QSG2 ON*
      Q RG1/RSG1/QSG2/Q1 INDICATOR: Your Answer
      RG1/RSG1/QSG2/QSG1 ONTRUE
        Q RG1/RSG1/QSG2/QSG1/Q1 DESCRIPTION: Registration number
      RG1/RSG1/QSG2/QSG2 ONFALSE
        Q RG1/RSG1/QSG2/QSG2/Q1 DESCRIPTION: Reasons why your are not registered
    RG1/RSG1/QSG3 ON*
      Q RG1/RSG1/QSG3/Q1 INDICATOR: Is this information available electronically?
      RG1/RSG1/QSG3/QSG1 ONTRUE
        Q RG1/RSG1/QSG3/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
"""
)

_SHAPE_13 = parse_groups(
    """
RG1 ON*
  R RG1/RQ1/R1/R1 LOT_IDENTIFIER: LOT Identifier
  RG1/RSG1 ON*
    R RG1/RSG1/RQ1/R1/R1/R1 QUANTITY_YEAR: Number of fiscal years
    R RG1/RSG1/RQ2/R1/R1/R1 CODE_BOOLEAN: Threshold per year
    R RG1/RSG1/RQ3/R1/R1/R1 MINIMUM_AMOUNT: Minimum amount requirement
    RG1/RSG1/QSG1 ON*
      Q RG1/RSG1/QSG1/Q1 INDICATOR: Does the EO fulfil the criteria by itself?
      RG1/RSG1/QSG1/QSG1 ONFALSE
        Q RG1/RSG1/QSG1/QSG1/Q1 INDICATOR: In the case of no – Relied upon or not
        RG1/RSG1/QSG1/QSG1/QSG1 ONTRUE
          Q RG1/RSG1/QSG1/QSG1/QSG1/Q1 DESCRIPTION: Name of the entity
          Q RG1/RSG1/QSG1/QSG1/QSG1/Q2 ECONOMIC_OPERATOR_IDENTIFIER: ID of the entity
    RG1/RSG1/QSG2 ON*
      Q RG1/RSG1/QSG2/Q1 PERIOD: Start date; End date
      Q RG1/RSG1/QSG2/Q2 AMOUNT: Amount
      RG1/RSG1/QSG2/QSG1 ON*
        Q RG1/RSG1/QSG2/QSG1/Q1 INDICATOR: Is this information available electronically?
        RG1/RSG1/QSG2/QSG1/QSG1 ONTRUE
          Q RG1/RSG1/QSG2/QSG1/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
    RG1/RSG1/QSG3 ON*
      Q RG1/RSG1/QSG3/Q1 DATE: In case the information concerning turnover (general or specific) is
        > not available for the entire period required, please state the date on which the economic
        > operator was set up or started trading:
      RG1/RSG1/QSG3/QSG1 ON*
        Q RG1/RSG1/QSG3/QSG1/Q1 INDICATOR: Is this information available electronically?
        RG1/RSG1/QSG3/QSG1/QSG1 ONTRUE
          Q RG1/RSG1/QSG3/QSG1/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
    RG1/RSG1/QSG4 ON*
      Q RG1/RSG1/QSG4/Q1 INDICATOR: Is this information available electronically?
      RG1/RSG1/QSG4/QSG1 ONTRUE
        Q RG1/RSG1/QSG4/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
"""
)

_SHAPE_14 = parse_groups(
    """
RG1 ON*
  R RG1/RQ1/R1/R1 LOT_IDENTIFIER: LOT Identifier
  RG1/RSG1 ON*
    R RG1/RSG1/RQ1/R1/R1 QUANTITY_YEAR: Number of fiscal years
    R RG1/RSG1/RQ2/R1/R1 MINIMUM_AMOUNT: Minimum amount requirement
    RG1/RSG1/QSG1 ON*
      Q RG1/RSG1/QSG1/Q1 INDICATOR: Does the EO fulfil the criteria by itself?
      RG1/RSG1/QSG1/QSG1 ONFALSE
        Q RG1/RSG1/QSG1/QSG1/Q1 INDICATOR: In the case of no – Relied upon or not
        RG1/RSG1/QSG1/QSG1/QSG1 ONTRUE
          Q RG1/RSG1/QSG1/QSG1/QSG1/Q1 DESCRIPTION: Name of the entity
          Q RG1/RSG1/QSG1/QSG1/QSG1/Q2 ECONOMIC_OPERATOR_IDENTIFIER: ID of the entity
    RG1/RSG1/QSG2 ON*
      Q RG1/RSG1/QSG2/Q1 AMOUNT: Average for the required period
      Q RG1/RSG1/QSG2/Q2 DESCRIPTION: Additional information
      RG1/RSG1/QSG2/QSG1 ON*
        Q RG1/RSG1/QSG2/QSG1/Q1 INDICATOR: Is this information available electronically?
        RG1/RSG1/QSG2/QSG1/QSG1 ONTRUE
          Q RG1/RSG1/QSG2/QSG1/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
    RG1/RSG1/QSG3 ON*
      Q RG1/RSG1/QSG3/Q1 DATE: In case the information concerning turnover (general or specific) is
        > not available for the entire period required, please state the date on which the economic
        > operator was set up or started trading:
      RG1/RSG1/QSG3/QSG1 ON*
        Q RG1/RSG1/QSG3/QSG1/Q1 INDICATOR: Is this information available electronically?
        RG1/RSG1/QSG3/QSG1/QSG1 ONTRUE
          Q RG1/RSG1/QSG3/QSG1/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
    RG1/RSG1/QSG4 ON*
      Q RG1/RSG1/QSG4/Q1 INDICATOR: Is this information available electronically?
      RG1/RSG1/QSG4/QSG1 ONTRUE
        Q RG1/RSG1/QSG4/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
"""
)

_SHAPE_15 = parse_groups(
    """
RG1 ON*
  R RG1/RQ1/R1/R1 LOT_IDENTIFIER: LOT Identifier
  RG1/RSG1 ON*
    R RG1/RSG1/RQ1/R1/R1 QUANTITY_YEAR: Number of fiscal years
    R RG1/RSG1/RQ2/R1/R1 DESCRIPTION: Business domain description
    R RG1/RSG1/RQ3/R1/R1 MINIMUM_AMOUNT: Minimum amount requirement
    RG1/RSG1/QSG1 ON*
      Q RG1/RSG1/QSG1/Q1 INDICATOR: Does the EO fulfil the criteria by itself?
      RG1/RSG1/QSG1/QSG1 ONFALSE
        Q RG1/RSG1/QSG1/QSG1/Q1 INDICATOR: In the case of no – Relied upon or not
        RG1/RSG1/QSG1/QSG1/QSG1 ONTRUE
          Q RG1/RSG1/QSG1/QSG1/QSG1/Q1 DESCRIPTION: Name of the entity
          Q RG1/RSG1/QSG1/QSG1/QSG1/Q2 ECONOMIC_OPERATOR_IDENTIFIER: ID of the entity
    RG1/RSG1/QSG2 ON*
      Q RG1/RSG1/QSG2/Q1 PERIOD: Start date; End date
      Q RG1/RSG1/QSG2/Q2 AMOUNT: Amount
      RG1/RSG1/QSG2/QSG1 ON*
        Q RG1/RSG1/QSG2/QSG1/Q1 INDICATOR: Is this information available electronically?
        RG1/RSG1/QSG2/QSG1/QSG1 ONTRUE
          Q RG1/RSG1/QSG2/QSG1/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
    RG1/RSG1/QSG3 ON*
      Q RG1/RSG1/QSG3/Q1 DATE: In case the information concerning turnover (general or specific) is
        > not available for the entire period required, please state the date on which the economic
        > operator was set up or started trading:
      RG1/RSG1/QSG3/QSG1 ON*
        Q RG1/RSG1/QSG3/QSG1/Q1 INDICATOR: Is this information available electronically?
        RG1/RSG1/QSG3/QSG1/QSG1 ONTRUE
          Q RG1/RSG1/QSG3/QSG1/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
    RG1/RSG1/QSG4 ON*
      Q RG1/RSG1/QSG4/Q1 INDICATOR: Is this information available electronically?
      RG1/RSG1/QSG4/QSG1 ONTRUE
        Q RG1/RSG1/QSG4/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
"""
)

_SHAPE_16 = parse_groups(
    """
RG1 ON*
  R RG1/RQ1/R1/R1 LOT_IDENTIFIER: LOT Identifier
  RG1/RSG1 ON*
    R RG1/RSG1/RQ1/R1/R1/R1 PERIOD: Select the periods applicable for all ratios
    RG1/RSG1/RSG1 ON*
      R RG1/RSG1/RSG1/RQ1/R1/R1/R1/R1 CODE: Ratio Type
      R RG1/RSG1/RSG1/RQ2/R1/R1/R1/R1 DESCRIPTION: Definition
      R RG1/RSG1/RSG1/RQ3/R1/R1/R1/R1 MINIMUM_QUANTITY: Minimum ratio requirement
    RG1/RSG1/QSG1 ON*
      Q RG1/RSG1/QSG1/Q1 INDICATOR: Does the EO fulfil the criteria by itself?
      RG1/RSG1/QSG1/QSG1 ONFALSE
        Q RG1/RSG1/QSG1/QSG1/Q1 INDICATOR: In the case of no – Relied upon or not
        RG1/RSG1/QSG1/QSG1/QSG1 ONTRUE
          Q RG1/RSG1/QSG1/QSG1/QSG1/Q1 DESCRIPTION: Name of the entity
          Q RG1/RSG1/QSG1/QSG1/QSG1/Q2 ECONOMIC_OPERATOR_IDENTIFIER: ID of the entity
    RG1/RSG1/QSG2 ON*
      Q RG1/RSG1/QSG2/Q1 QUANTITY: Please provide your ratio
    RG1/RSG1/QSG3 ON*
      Q RG1/RSG1/QSG3/Q1 INDICATOR: Is this information available electronically?
      RG1/RSG1/QSG3/QSG1 ONTRUE
        Q RG1/RSG1/QSG3/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
"""
)

_SHAPE_17 = parse_groups(
    """
RG1 ON*
  R RG1/RQ1/R1/R1 LOT_IDENTIFIER: LOT Identifier
  RG1/RSG1 ON*
    R RG1/RSG1/RQ1/R1/R1/R1 DESCRIPTION: Type of insurance
    R RG1/RSG1/RQ2/R1/R1/R1 MINIMUM_AMOUNT: Minimum amount
    RG1/RSG1/QSG1 ON*
      Q RG1/RSG1/QSG1/Q1 INDICATOR: Does the EO fulfil the criteria by itself?
      RG1/RSG1/QSG1/QSG1 ONFALSE
        Q RG1/RSG1/QSG1/QSG1/Q1 INDICATOR: In the case of no – Relied upon or not
        RG1/RSG1/QSG1/QSG1/QSG1 ONTRUE
          Q RG1/RSG1/QSG1/QSG1/QSG1/Q1 DESCRIPTION: Name of the entity
          Q RG1/RSG1/QSG1/QSG1/QSG1/Q2 ECONOMIC_OPERATOR_IDENTIFIER: ID of the entity
    RG1/RSG1/QSG2 ON*
      Q RG1/RSG1/QSG2/Q1 AMOUNT: Amount
      Q RG1/RSG1/QSG2/Q2 INDICATOR: As an EO I will commit to obtain the minimum amount required
      Q RG1/RSG1/QSG2/Q3 INDICATOR: I am exempt
    RG1/RSG1/QSG3 ON*
      Q RG1/RSG1/QSG3/Q1 INDICATOR: Is this information available electronically?
      RG1/RSG1/QSG3/QSG1 ONTRUE
        Q RG1/RSG1/QSG3/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
"""
)

_SHAPE_18 = parse_groups(
    """
RG1 ON*
  R RG1/RQ1/R1/R1 LOT_IDENTIFIER: LOT Identifier
  RG1/RSG1 ON*
    C RG1/RSG1/CA1 NONE:
    RG1/RSG1/RSG1 ON*
      R RG1/RSG1/RSG1/RQ1/R1/R1/R1 CODE_BOOLEAN: Select the type of requirement (Economic or
        > Financial; Rating; Descriptive)
      RG1/RSG1/RSG1/RSG1 Economic or Financial
        R RG1/RSG1/RSG1/RSG1/RQ1/R1/R1/R1/R1 DESCRIPTION: Description of the economic or financial
          > requirement
        R RG1/RSG1/RSG1/RSG1/RQ2/R1/R1/R1/R1 MINIMUM_AMOUNT: Minimum amount
        R RG1/RSG1/RSG1/RSG1/RQ3/R1/R1/R1/R1 PERIOD: Start date; End date
        RG1/RSG1/RSG1/RSG1/QSG1 ON*
          Q RG1/RSG1/RSG1/RSG1/QSG1/Q1 AMOUNT: Amount
          RG1/RSG1/RSG1/RSG1/QSG1/QSG1 ON*
            Q RG1/RSG1/RSG1/RSG1/QSG1/QSG1/Q1 INDICATOR: Is this information available
              > electronically?
            RG1/RSG1/RSG1/RSG1/QSG1/QSG1/QSG1 ONTRUE
              Q RG1/RSG1/RSG1/RSG1/QSG1/QSG1/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
      RG1/RSG1/RSG1/RSG2 Rating
        R RG1/RSG1/RSG1/RSG2/RQ1/R1/R1/R1 DESCRIPTION: Rating scheme description
        R RG1/RSG1/RSG1/RSG2/RQ2/R1/R1/R1 MINIMUM_QUANTITY: Minimum rating
        RG1/RSG1/RSG1/RSG2/QSG1 ON*
          Q RG1/RSG1/RSG1/RSG2/QSG1/Q1 QUANTITY: Rating
          RG1/RSG1/RSG1/RSG2/QSG1/QSG1 ON*
            Q RG1/RSG1/RSG1/RSG2/QSG1/QSG1/Q1 INDICATOR: Is this information available
              > electronically?
            RG1/RSG1/RSG1/RSG2/QSG1/QSG1/QSG1 ONTRUE
              Q RG1/RSG1/RSG1/RSG2/QSG1/QSG1/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
      RG1/RSG1/RSG1/RSG3 Descriptive
        R RG1/RSG1/RSG1/RSG3/RQ1/R1/R1/R1 DESCRIPTION: Descriptive requirement
        RG1/RSG1/RSG1/RSG3/QSG1 ON*
          Q RG1/RSG1/RSG1/RSG3/QSG1/Q1 DESCRIPTION: [Description]
          RG1/RSG1/RSG1/RSG3/QSG1/QSG1 ON*
            Q RG1/RSG1/RSG1/RSG3/QSG1/QSG1/Q1 INDICATOR: Is this information available
              > electronically?
            RG1/RSG1/RSG1/RSG3/QSG1/QSG1/QSG1 ONTRUE
              Q RG1/RSG1/RSG1/RSG3/QSG1/QSG1/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
"""
)

_SHAPE_19 = parse_groups(
    """
RG1 ON*
  R RG1/RQ1/R1/R1 LOT_IDENTIFIER: LOT Identifier
  RG1/RSG1 ON*
    R RG1/RSG1/RQ1/R1/R1 MINIMUM_QUANTITY_INTEGER: Minimum number of references
    RG1/RSG1/RSG1 ON*
      C RG1/RSG1/RSG1/CA1 NONE: [Description provided by the Buyer]
      RG1/RSG1/RSG1/RSG1 ON*
        R RG1/RSG1/RSG1/RSG1/RQ1/R1/R1 DESCRIPTION: Requirement
    RG1/RSG1/QSG1 ON*
      Q RG1/RSG1/QSG1/Q1 INDICATOR: Does the EO fulfil the criteria by itself?
      RG1/RSG1/QSG1/QSG1 ONFALSE
        Q RG1/RSG1/QSG1/QSG1/Q1 INDICATOR: In the case of no – Relied upon or not
        RG1/RSG1/QSG1/QSG1/QSG1 ONTRUE
          Q RG1/RSG1/QSG1/QSG1/QSG1/Q1 DESCRIPTION: Name of the entity
          Q RG1/RSG1/QSG1/QSG1/QSG1/Q2 ECONOMIC_OPERATOR_IDENTIFIER: ID of the entity
    RG1/RSG1/QSG2 ON*
      C RG1/RSG1/QSG2/CA1 NONE:
      RG1/RSG1/QSG2/QSG1 ON*
        Q RG1/RSG1/QSG2/QSG1/Q1 DESCRIPTION: Reference description
        Q RG1/RSG1/QSG2/QSG1/Q2 AMOUNT: Total amount
        Q RG1/RSG1/QSG2/QSG1/Q3 DESCRIPTION: Activity of the economic operator
        Q RG1/RSG1/QSG2/QSG1/Q4 AMOUNT: Specific amount
        Q RG1/RSG1/QSG2/QSG1/Q5 PERIOD: Period (Start and End dates)
        Q RG1/RSG1/QSG2/QSG1/Q6 INDICATOR: Confidential
        RG1/RSG1/QSG2/QSG1/QSG1 ON*
          Q RG1/RSG1/QSG2/QSG1/QSG1/Q1 DESCRIPTION: Recipient name
          Q RG1/RSG1/QSG2/QSG1/QSG1/Q2 DESCRIPTION: Contact person name
          Q RG1/RSG1/QSG2/QSG1/QSG1/Q3 DESCRIPTION: Contact email
          Q RG1/RSG1/QSG2/QSG1/QSG1/Q4 DESCRIPTION: Contact telephone
    RG1/RSG1/QSG3 ON*
      Q RG1/RSG1/QSG3/Q1 INDICATOR: Is this information available online?
      RG1/RSG1/QSG3/QSG1 ONTRUE
        Q RG1/RSG1/QSG3/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
"""
)

_SHAPE_20 = parse_groups(
    """
RG1 ON*
  R RG1/RQ1/R1/R1 LOT_IDENTIFIER: LOT Identifier
  RG1/RSG1 ON*
    C RG1/RSG1/CA1 NONE: [Additional information; e.g. no evidences online]
    RG1/RSG1/RSG1 ON*
      R RG1/RSG1/RSG1/RQ1/R1/R1/R1 DESCRIPTION: Requirement
      RG1/RSG1/RSG1/QSG1 ON*
        Q RG1/RSG1/RSG1/QSG1/Q1 INDICATOR: Does the EO fulfil the criteria by itself?
        RG1/RSG1/RSG1/QSG1/QSG1 ONFALSE
          Q RG1/RSG1/RSG1/QSG1/QSG1/Q1 INDICATOR: In the case of no – Relied upon or not
          RG1/RSG1/RSG1/QSG1/QSG1/QSG1 ONTRUE
            Q RG1/RSG1/RSG1/QSG1/QSG1/QSG1/Q1 DESCRIPTION: Name of the entity
            Q RG1/RSG1/RSG1/QSG1/QSG1/QSG1/Q2 ECONOMIC_OPERATOR_IDENTIFIER: ID of the entity
      RG1/RSG1/RSG1/QSG2 ON*
        C RG1/RSG1/RSG1/QSG2/CA1 NONE:
        RG1/RSG1/RSG1/QSG2/QSG1 ON*
          Q RG1/RSG1/RSG1/QSG2/QSG1/Q1 DESCRIPTION: First name
          Q RG1/RSG1/RSG1/QSG2/QSG1/Q2 DESCRIPTION: Last name
          Q RG1/RSG1/RSG1/QSG2/QSG1/Q3 DESCRIPTION: Profession
          Q RG1/RSG1/RSG1/QSG2/QSG1/Q4 DESCRIPTION: Experience
          Q RG1/RSG1/RSG1/QSG2/QSG1/Q5 DESCRIPTION: Other information
          Q RG1/RSG1/RSG1/QSG2/QSG1/Q6 QUANTITY_YEAR: How long with EO
          RG1/RSG1/RSG1/QSG2/QSG1/QSG1 ON*
            Q RG1/RSG1/RSG1/QSG2/QSG1/QSG1/Q1 INDICATOR: Is this information available online?
            RG1/RSG1/RSG1/QSG2/QSG1/QSG1/QSG1 ONTRUE
              Q RG1/RSG1/RSG1/QSG2/QSG1/QSG1/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence supplied
      RG1/RSG1/RSG1/QSG3 ON*
        C RG1/RSG1/RSG1/QSG3/CA1 NONE:
        RG1/RSG1/RSG1/QSG3/QSG1 ON*
          Q RG1/RSG1/RSG1/QSG3/QSG1/Q1 DESCRIPTION: Name
          Q RG1/RSG1/RSG1/QSG3/QSG1/Q2 DESCRIPTION: Experience area
          Q RG1/RSG1/RSG1/QSG3/QSG1/Q3 DESCRIPTION: Other information
          RG1/RSG1/RSG1/QSG3/QSG1/QSG1 ON*
            Q RG1/RSG1/RSG1/QSG3/QSG1/QSG1/Q1 INDICATOR: Is this information available online?
            RG1/RSG1/RSG1/QSG3/QSG1/QSG1/QSG1 ONTRUE
              Q RG1/RSG1/RSG1/QSG3/QSG1/QSG1/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
      RG1/RSG1/RSG1/QSG4 ON*
        Q RG1/RSG1/RSG1/QSG4/Q1 INDICATOR: Is this information available electronically?
        RG1/RSG1/RSG1/QSG4/QSG1 ONTRUE
          Q RG1/RSG1/RSG1/QSG4/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
"""
)

_SHAPE_21 = parse_groups(
    """
RG1 ON*
  R RG1/RQ1/R1/R1 LOT_IDENTIFIER: LOT Identifier
  RG1/RSG1 ON*
    C RG1/RSG1/CA1 NONE: [Additional information; e.g. no evidences online]
    RG1/RSG1/RSG1 ON*
      R RG1/RSG1/RSG1/RQ1/R1/R1/R1 DESCRIPTION: Requirement
      RG1/RSG1/RSG1/QSG1 ON*
        Q RG1/RSG1/RSG1/QSG1/Q1 INDICATOR: Does the EO fulfil the criteria by itself?
        RG1/RSG1/RSG1/QSG1/QSG1 ONFALSE
          Q RG1/RSG1/RSG1/QSG1/QSG1/Q1 INDICATOR: In the case of no – Relied upon or not
          RG1/RSG1/RSG1/QSG1/QSG1/QSG1 ONTRUE
            Q RG1/RSG1/RSG1/QSG1/QSG1/QSG1/Q1 DESCRIPTION: Name of the entity
            Q RG1/RSG1/RSG1/QSG1/QSG1/QSG1/Q2 ECONOMIC_OPERATOR_IDENTIFIER: ID of the entity
      RG1/RSG1/RSG1/QSG2 ON*
        Q RG1/RSG1/RSG1/QSG2/Q1 DESCRIPTION: Please describe them
      RG1/RSG1/RSG1/QSG3 ON*
        Q RG1/RSG1/RSG1/QSG3/Q1 INDICATOR: Is this information available electronically?
        RG1/RSG1/RSG1/QSG3/QSG1 ONTRUE
          Q RG1/RSG1/RSG1/QSG3/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
"""
)

_SHAPE_22 = parse_groups(
    """
RG1 ON*
  R RG1/RQ1/R1/R1 LOT_IDENTIFIER: LOT Identifier
  RG1/RSG1 ON*
    C RG1/RSG1/CA1 NONE: [Additional information; e.g. no evidences online]
    RG1/RSG1/RSG1 ON*
      R RG1/RSG1/RSG1/RQ1/R1/R1/R1 DESCRIPTION: Requirement
      RG1/RSG1/RSG1/QSG1 ON*
        Q RG1/RSG1/RSG1/QSG1/Q1 INDICATOR: Does the EO fulfil the criteria by itself?
        RG1/RSG1/RSG1/QSG1/QSG1 ONFALSE
          Q RG1/RSG1/RSG1/QSG1/QSG1/Q1 INDICATOR: In the case of no – Relied upon or not
          RG1/RSG1/RSG1/QSG1/QSG1/QSG1 ONTRUE
            Q RG1/RSG1/RSG1/QSG1/QSG1/QSG1/Q1 DESCRIPTION: Name of the entity
            Q RG1/RSG1/RSG1/QSG1/QSG1/QSG1/Q2 ECONOMIC_OPERATOR_IDENTIFIER: ID of the entity
      RG1/RSG1/RSG1/QSG2 ON*
        C RG1/RSG1/RSG1/QSG2/CA1 NONE:
        RG1/RSG1/RSG1/QSG2/QSG1 ON*
          Q RG1/RSG1/RSG1/QSG2/QSG1/Q1 DESCRIPTION: First name
          Q RG1/RSG1/RSG1/QSG2/QSG1/Q2 DESCRIPTION: Last name
          Q RG1/RSG1/RSG1/QSG2/QSG1/Q3 DESCRIPTION: Please describe the educational or professional
            > qualification
          Q RG1/RSG1/RSG1/QSG2/QSG1/Q4 URL: If possible please indicate the ESCO identifier for this
            > qualification
          Q RG1/RSG1/RSG1/QSG2/QSG1/Q5 DESCRIPTION: If possible please describe the ESCO
            > qualification
          Q RG1/RSG1/RSG1/QSG2/QSG1/Q6 DESCRIPTION: Qualification name
          Q RG1/RSG1/RSG1/QSG2/QSG1/Q7 QUAL_IDENTIFIER: Qualification number
          Q RG1/RSG1/RSG1/QSG2/QSG1/Q8 DATE: Qualification issuing date
          Q RG1/RSG1/RSG1/QSG2/QSG1/Q9 DESCRIPTION: Qualification issuing body
      RG1/RSG1/RSG1/QSG3 ON*
        Q RG1/RSG1/RSG1/QSG3/Q1 INDICATOR: Is this information available electronically?
        RG1/RSG1/RSG1/QSG3/QSG1 ONTRUE
          Q RG1/RSG1/RSG1/QSG3/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
"""
)

_SHAPE_23 = parse_groups(
    """
RG1 ON*
  R RG1/RQ1/R1/R1 LOT_IDENTIFIER: LOT Identifier
  RG1/RSG1 ON*
    R RG1/RSG1/RQ1/R1/R1/R1 DESCRIPTION: Requirement
    RG1/RSG1/QSG1 ON*
      Q RG1/RSG1/QSG1/Q1 INDICATOR: Does the EO fulfil the criteria by itself?
      RG1/RSG1/QSG1/QSG1 ONFALSE
        Q RG1/RSG1/QSG1/QSG1/Q1 INDICATOR: In the case of no – Relied upon or not
        RG1/RSG1/QSG1/QSG1/QSG1 ONTRUE
          Q RG1/RSG1/QSG1/QSG1/QSG1/Q1 DESCRIPTION: Name of the entity
          Q RG1/RSG1/QSG1/QSG1/QSG1/Q2 ECONOMIC_OPERATOR_IDENTIFIER: ID of the entity
    RG1/RSG1/QSG2 ON*
      Q RG1/RSG1/QSG2/Q1 INDICATOR: Do you allow checks?
    RG1/RSG1/QSG3 ON*
      Q RG1/RSG1/QSG3/Q1 INDICATOR: Is this information available electronically?
      RG1/RSG1/QSG3/QSG1 ONTRUE
        Q RG1/RSG1/QSG3/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
"""
)

_SHAPE_24 = parse_groups(
    """
RG1 ON*
  R RG1/RQ1/R1/R1 LOT_IDENTIFIER: LOT Identifier
  RG1/RSG1 ON*
    R RG1/RSG1/RQ1/R1/R1 MINIMUM_QUANTITY_YEAR: Minimum number of years
    R RG1/RSG1/RQ2/R1/R1 DESCRIPTION: Additional information
    RG1/RSG1/QSG1 ON*
      Q RG1/RSG1/QSG1/Q1 INDICATOR: Does the EO fulfil the criteria by itself?
      RG1/RSG1/QSG1/QSG1 ONFALSE
        Q RG1/RSG1/QSG1/QSG1/Q1 INDICATOR: In the case of no – Relied upon or not
        RG1/RSG1/QSG1/QSG1/QSG1 ONTRUE
          Q RG1/RSG1/QSG1/QSG1/QSG1/Q1 DESCRIPTION: Name of the entity
          Q RG1/RSG1/QSG1/QSG1/QSG1/Q2 ECONOMIC_OPERATOR_IDENTIFIER: ID of the entity
    RG1/RSG1/QSG2 ON*
      Q RG1/RSG1/QSG2/Q1 QUANTITY_YEAR: Year
      Q RG1/RSG1/QSG2/Q2 QUANTITY_INTEGER: Number
    RG1/RSG1/QSG3 ON*
      Q RG1/RSG1/QSG3/Q1 INDICATOR: Is this information available electronically?
      RG1/RSG1/QSG3/QSG1 ONTRUE
        Q RG1/RSG1/QSG3/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
"""
)

_SHAPE_25 = parse_groups(
    """
RG1 ON*
  R RG1/RQ1/R1/R1 LOT_IDENTIFIER: LOT Identifier
  RG1/QSG1 ON*
    Q RG1/QSG1/Q1 INDICATOR: Does the EO fulfil the criteria by itself?
    RG1/QSG1/QSG1 ONFALSE
      Q RG1/QSG1/QSG1/Q1 INDICATOR: In the case of no – Relied upon or not
      RG1/QSG1/QSG1/QSG1 ONTRUE
        Q RG1/QSG1/QSG1/QSG1/Q1 DESCRIPTION: Name of the entity
        Q RG1/QSG1/QSG1/QSG1/Q2 ECONOMIC_OPERATOR_IDENTIFIER: ID of the entity
  RG1/QSG2 ON*
    Q RG1/QSG2/Q1 DESCRIPTION: Please specify
  RG1/QSG3 ON*
    Q RG1/QSG3/Q1 INDICATOR: Is this information available electronically?
    RG1/QSG3/QSG1 ONTRUE
      Q RG1/QSG3/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
"""
)

_SHAPE_26 = parse_groups(
    """
RG1 ON*
  R RG1/RQ1/R1/R1 LOT_IDENTIFIER: LOT Identifier
  RG1/QSG1 ON*
    Q RG1/QSG1/Q1 INDICATOR: Does the EO fulfil the criteria by itself?
    RG1/QSG1/QSG1 ONFALSE
      Q RG1/QSG1/QSG1/Q1 INDICATOR: In the case of no – Relied upon or not
      RG1/QSG1/QSG1/QSG1 ONTRUE
        Q RG1/QSG1/QSG1/QSG1/Q1 DESCRIPTION: Name of the entity
        Q RG1/QSG1/QSG1/QSG1/Q2 ECONOMIC_OPERATOR_IDENTIFIER: ID of the entity
  RG1/QSG2 ON*
    Q RG1/QSG2/Q1 INDICATOR: Your answer?
  RG1/QSG3 ON*
    Q RG1/QSG3/Q1 INDICATOR: Is this information available electronically?
    RG1/QSG3/QSG1 ONTRUE
      Q RG1/QSG3/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
"""
)

_SHAPE_27 = parse_groups(
    """
RG1 ON*
  R RG1/RQ1/R1/R1 LOT_IDENTIFIER: LOT Identifier
  RG1/RSG1 ON*
    R RG1/RSG1/RQ1/R1/R1/R1 DESCRIPTION: Requirement
    RG1/RSG1/QSG1 ON*
      Q RG1/RSG1/QSG1/Q1 INDICATOR: Does the EO fulfil the criteria by itself?
      RG1/RSG1/QSG1/QSG1 ONFALSE
        Q RG1/RSG1/QSG1/QSG1/Q1 INDICATOR: In the case of no – Relied upon or not
        RG1/RSG1/QSG1/QSG1/QSG1 ONTRUE
          Q RG1/RSG1/QSG1/QSG1/QSG1/Q1 DESCRIPTION: Name of the entity
          Q RG1/RSG1/QSG1/QSG1/QSG1/Q2 ECONOMIC_OPERATOR_IDENTIFIER: ID of the entity
    RG1/RSG1/QSG2 ON*
      Q RG1/RSG1/QSG2/Q1 INDICATOR: Your answer?
      RG1/RSG1/QSG2/QSG1 ONFALSE
        Q RG1/RSG1/QSG2/QSG1/Q1 DESCRIPTION: If not, please explain why and state which other means
          > of proof can be provided:
    RG1/RSG1/QSG3 ON*
      Q RG1/RSG1/QSG3/Q1 INDICATOR: Is this information available electronically?
      RG1/RSG1/QSG3/QSG1 ONTRUE
        Q RG1/RSG1/QSG3/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
"""
)

CRITERIA = (
    Criterion(
        uuid="6ee55a59-6adb-4c3a-b89f-e62a7ad7be7f",
        code="prof-regist",
        prefix="C25_SC_prof-regist",
        kind="selection",
        name="Enrolment in a relevant professional register",
        description=(
            "It is enrolled in relevant professional registers kept in the Member State of "
            "its establishment as described in Annex XI of Directive 2014/24/EU; economic "
            "operators from certain Member States may have to comply with other requirements "
            "set out in that Annex."
        ),
        groups=_SHAPE_11,
        lot_bound=True,
    ),
    Criterion(
        uuid="87b3fa26-3549-4f92-b8e0-3fd8f04bf5c7",
        code="trade-regist",
        prefix="C26_SC_trade-regist",
        kind="selection",
        name="Enrolment in a trade register",
        description=(
            "It is enrolled in trade registers kept in the Member State of its establishment "
            "as described in Annex XI of Directive 2014/24/EU; economic operators from "
            "certain Member States may have to comply with other requirements set out in that"
            " Annex."
        ),
        groups=_SHAPE_12,
        lot_bound=True,
    ),
    Criterion(
        uuid="9eeb6d5c-0eb8-48e8-a4c5-5087a7c095a4",
        code="authorisation",
        prefix="C27_SC_authorisation",
        kind="selection",
        name="For service contracts: authorisation of particular organisation needed",
        description=(
            "Is a particular authorisation of a particular organisation needed in order to be"
            " able to perform the service in question in the country of establishment of the "
            "economic operator?"
        ),
        groups=_SHAPE_12,
        lot_bound=True,
    ),
    Criterion(
        uuid="73f10e36-ed7a-412e-995c-aa76463e3776",
        code="membership",
        prefix="C28_SC_membership",
        kind="selection",
        name="For service contracts: membership of particular organisation needed",
        description=(
            "Is a particular membership of a particular organisation needed in order to be "
            "able to perform the service in question in the country of establishment of the "
            "economic operator?"
        ),
        groups=_SHAPE_12,
        lot_bound=True,
    ),
    Criterion(
        uuid="499efc97-2ac1-4af2-9e84-323c2ca67747",
        code="gen-year-to",
        prefix="C29_SC_gen-year-to",
        kind="selection",
        name="General yearly turnover",
        description=(
            "The general yearly turnover for the number of financial years required in the "
            "relevant notice, the procurement documents is as follows:"
        ),
        groups=_SHAPE_13,
        lot_bound=True,
    ),
    Criterion(
        uuid="b16cb9fc-6cb7-4585-9302-9533b415cf48",
        code="aver-year-to",
        prefix="C30_SC_aver-year-to",
        kind="selection",
        name="Average yearly turnover",
        description=(
            "Its average yearly turnover for the number of years required in the relevant "
            "notice, the procurement documents or the ESPD is as follows:"
        ),
        groups=_SHAPE_14,
        lot_bound=True,
    ),
    Criterion(
        uuid="d3dfb714-f558-4512-bbc5-e456fa2339de",
        code="spec-aver-to",
        prefix="C31_SC_spec-aver-to",
        kind="selection",
        name="Specific average turnover",
        description=(
            "The specific average yearly turnover in the business area covered by the "
            "contract for the number of years required in the relevant notice, the "
            "procurement documents is as follows:"
        ),
        groups=_SHAPE_15,
        lot_bound=True,
    ),
    Criterion(
        uuid="074f6031-55f9-4e99-b9a4-c4363e8bc315",
        code="spec-year-to",
        prefix="C32_SC_spec-year-to",
        kind="selection",
        name="Specific yearly turnover",
        description=(
            "The specific yearly turnover in the business area covered by the contract for "
            "the number of financial years required in the relevant notice, the procurement "
            "documents is as follows:"
        ),
        groups=_SHAPE_15,
        lot_bound=True,
    ),
    Criterion(
        uuid="e4d37adc-08cd-4f4d-a8d8-32b62b0a1f46",
        code="finan-rat",
        prefix="C34_SC_finan-rat",
        kind="selection",
        name="Financial ratio",
        description=(
            "Concerning the financial ratios specified in the relevant notice, the "
            "procurement documents, the economic operator declares that the actual values for"
            " the required ratios are as follows:"
        ),
        groups=_SHAPE_16,
        lot_bound=True,
    ),
    Criterion(
        uuid="7604bd40-4462-4086-8763-a50da51a869c",
        code="indem-insu",
        prefix="C35_SC_indem-insu",
        kind="selection",
        name="Professional risk indemnity insurance",
        description=(
            "The insured amount in its professional risk indemnity insurance is the following:"
        ),
        groups=_SHAPE_17,
        lot_bound=True,
    ),
    Criterion(
        uuid="ab0e7f2e-6418-40e2-8870-6713123e41ad",
        code="finan-requ",
        prefix="C36_SC_finan-requ",
        kind="selection",
        name="Other economic or financial requirements",
        description=(
            "Concerning the other economic or financial requirements, if any, that may have "
            "been specified in the relevant notice or the procurement documents, the economic"
            " operator declares that:"
        ),
        groups=_SHAPE_18,
        lot_bound=True,
    ),
    Criterion(
        uuid="cdd3bb3e-34a5-43d5-b668-2aab86a73822",
        code="work-perform",
        prefix="C37_SC_work-perform",
        kind="selection",
        name="For works contracts: performance of works of the specified type",
        description=(
            "For public works contracts only: During the reference period, the economic "
            "operator has performed the following works of the specified type. Contracting "
            "authorities may require up to five years and allow experience dating from more "
            "than five years."
        ),
        groups=_SHAPE_19,
        lot_bound=True,
    ),
    Criterion(
        uuid="3a18a175-1863-4b1d-baef-588ce61960ca",
        code="supply-perform",
        prefix="C38_SC_supply-perform",
        kind="selection",
        name="For supply contracts: performance of deliveries of the specified type",
        description=(
            "For public supply contracts only: During the reference period, the economic "
            "operator has delivered the following principal deliveries of the type specified."
            " Contracting authorities may require up to three years and allow experience "
            "dating from more than three years."
        ),
        groups=_SHAPE_19,
        lot_bound=True,
    ),
    Criterion(
        uuid="5e506c16-26ab-4e32-bb78-b27f87dc0565",
        code="service-perform",
        prefix="C39_SC_service-perform",
        kind="selection",
        name="For service contracts: performance of services of the specified type",
        description=(
            "For public service contracts only: During the reference period, the economic "
            "operator has provided the following main services of the type specified. "
            "Contracting authorities may require up to three years and allow experience "
            "dating from more than three years."
        ),
        groups=_SHAPE_19,
        lot_bound=True,
    ),
    Criterion(
        uuid="3aaca389-4a7b-406b-a4b9-080845d127e7",
        code="qual-cont-tech",
        prefix="C40_SC_qual-cont-tech",
        kind="selection",
        name="Technicians or technical bodies for quality control",
        description=(
            "It can call upon the following technicians or technical bodies, especially those"
            " responsible for quality control. For technicians or technical bodies not "
            "belonging directly to the economic operator's undertaking but on whose "
            "capacities the economic operator relies as set out under Part II, Section C, "
            "separate ESPD forms must be filled in."
        ),
        groups=_SHAPE_20,
        lot_bound=True,
    ),
    Criterion(
        uuid="c599c130-b29f-461e-a187-4e16c7d40db7",
        code="work-tech",
        prefix="C41_SC_work-tech",
        kind="selection",
        name="For works contracts: technicians or technical bodies to carry out the work",
        description=(
            "In the case of public works contracts, the economic operator will be able to "
            "call on the following technicians or technical bodies to carry out the work:"
        ),
        groups=_SHAPE_20,
        lot_bound=True,
    ),
    Criterion(
        uuid="4bf996d9-439c-40c6-9ab9-980a48cb55a1",
        code="qual-facil",
        prefix="C42_SC_qual-facil",
        kind="selection",
        name="Technical facilities and measures for ensuring quality",
        description=(
            "It uses the following technical facilities and measures for ensuring quality and"
            " its study and research facilities are as follows:"
        ),
        groups=_SHAPE_21,
        lot_bound=True,
    ),
    Criterion(
        uuid="90a2e100-44cc-45d3-9970-69d6714f1596",
        code="research-fac",
        prefix="C43_SC_research-fac",
        kind="selection",
        name="Study and research facilities",
        description="It uses the following study and research facilities:",
        groups=_SHAPE_21,
        lot_bound=True,
    ),
    Criterion(
        uuid="dc12a151-7fdf-4733-a8f0-30f667292e66",
        code="chain-manage",
        prefix="C44_SC_chain-manage",
        kind="selection",
        name="Supply chain management",
        description=(
            "It will be able to apply the following supply chain management and tracking "
            "systems when performing the contract:"
        ),
        groups=_SHAPE_21,
        lot_bound=True,
    ),
    Criterion(
        uuid="9460457e-b43d-48a9-acd1-615de6ddd33e",
        code="envir-measure",
        prefix="C45_SC_envir-measure",
        kind="selection",
        name="Environmental management measures",
        description=(
            "The economic operator will be able to apply the following environmental "
            "management measures when performing the contract:"
        ),
        groups=_SHAPE_21,
        lot_bound=True,
    ),
    Criterion(
        uuid="cc18c023-211d-484d-a32e-52f3f970285f",
        code="tech-equip",
        prefix="C46_SC_tech-equip",
        kind="selection",
        name="Tools, plant or technical equipment",
        description=(
            "The following tools, plant or technical equipment will be available to it for "
            "performing the contract:"
        ),
        groups=_SHAPE_21,
        lot_bound=True,
    ),
    Criterion(
        uuid="07301031-2270-41af-8e7e-66fe0c777107",
        code="qualification",
        prefix="C47_SC_qualification",
        kind="selection",
        name="Educational and professional qualifications",
        description=(
            "The following educational and professional qualifications are held by the "
            "service provider or the contractor itself, and/or (depending on the requirements"
            " set out in the relevant notice or the procurement documents) by its managerial "
            "staff."
        ),
        groups=_SHAPE_22,
        lot_bound=True,
    ),
    Criterion(
        uuid="c8809aa1-29b6-4f27-ae2f-27e612e394db",
        code="spec-req-check",
        prefix="C48_SC_spec-req-check",
        kind="selection",
        name="Special requierements check",
        description=(
            "For complex products or services to be supplied or, exceptionally, for products "
            "or services which are required for a special purpose: The economic operator will"
            " allow checks to be conducted on the production capacities or the technical "
            "capacity of the economic operator and, where necessary, on the means of study "
            "and research which are available to it and on the quality control measures? The "
            "check is to be performed by the contracting authority or, in case the latter "
            "consents to this, on its behalf by a competent official body of the country in "
            "which the supplier or service provider is established."
        ),
        groups=_SHAPE_23,
        lot_bound=True,
    ),
    Criterion(
        uuid="6346959b-e097-4ea1-89cd-d1b4c131ea4d",
        code="manage-staff",
        prefix="C49_SC_manage-staff",
        kind="selection",
        name="Number of managerial staff",
        description=(
            "The economic operator’s number of managerial staff for the last three years were"
            " as follows:"
        ),
        groups=_SHAPE_24,
        lot_bound=True,
    ),
    Criterion(
        uuid="1f49b3f0-d50f-43f6-8b30-4bafab108b9b",
        code="year-manpower",
        prefix="C50_SC_year-manpower",
        kind="selection",
        name="Average annual manpower",
        description=(
            "The economic operator’s average annual manpower for the last three years were as"
            " follows:"
        ),
        groups=_SHAPE_24,
        lot_bound=True,
    ),
    Criterion(
        uuid="612a1625-118d-4ea4-a6db-413184e7c0a8",
        code="suncont-port",
        prefix="C51_SC_suncont-port",
        kind="selection",
        name="Subcontracting proportion",
        description=(
            "The economic operator intends possibly to subcontract the following proportion "
            "(i.e. percentage) of the contract. Please note that if the economic operator has"
            " decided to subcontract a part of the contract and relies on the subcontractor’s"
            " capacities to perform that part, then please fill in a separate ESPD for such "
            "subcontractors, see Part II, Section C above."
        ),
        groups=_SHAPE_25,
        lot_bound=True,
    ),
    Criterion(
        uuid="bdf0601d-2480-4250-b870-658d0ee95be6",
        code="wo-autent",
        prefix="C52_SC_wo-autent",
        kind="selection",
        name=(
            "For supply contracts: samples, descriptions or photographs without certification"
            " of authenticity"
        ),
        description=(
            "For public supply contracts: The economic operator will supply the required "
            "samples, descriptions or photographs of the products to be supplied, which do "
            "not need to be accompanied by certifications of authenticity."
        ),
        groups=_SHAPE_26,
        lot_bound=True,
    ),
    Criterion(
        uuid="7662b7a9-bcb8-4763-a0a7-7505d8e8470d",
        code="w-autent",
        prefix="C53_SC_w-autent",
        kind="selection",
        name=(
            "For supply contracts: samples, descriptions or photographs with certification of"
            " authenticity"
        ),
        description=(
            "For public supply contracts: The economic operator will supply the required "
            "samples, descriptions or photographs of the products to be supplied and will "
            "provide certifications of authenticity where applicable."
        ),
        groups=_SHAPE_26,
        lot_bound=True,
    ),
    Criterion(
        uuid="a7669d7d-9297-43e1-9d10-691a1660187c",
        code="qa-certif-inst",
        prefix="C54_SC_qa-certif-inst",
        kind="selection",
        name="For supply contracts: certificates by quality control institutes",
        description=(
            "Can the economic operator provide the required certificates drawn up by official"
            " quality control institutes or agencies of recognised competence attesting the "
            "conformity of products clearly identified by references to the technical "
            "specifications or standards, which are set out in the relevant notice or the "
            "procurement documents?"
        ),
        groups=_SHAPE_27,
        lot_bound=True,
    ),
    Criterion(
        uuid="d726bac9-e153-4e75-bfca-c5385587766d",
        code="qu-certif-indep",
        prefix="C55_SC_qu-certif-indep",
        kind="selection",
        name="Certificates by independent bodies about quality assurance standards",
        description=(
            "Will the economic operator be able to produce certificates drawn up by "
            "independent bodies attesting that the economic operator complies with the "
            "required quality assurance standards, including accessibility for disabled "
            "persons?"
        ),
        groups=_SHAPE_27,
        lot_bound=True,
    ),
    Criterion(
        uuid="8ed65e48-fd0d-444f-97bd-4f58da632999",
        code="envir-certif-indep",
        prefix="C56_SC_envir-certif-indep",
        kind="selection",
        name=(
            "Certificates by independent bodies about environmental management systems or standards"
        ),
        description=(
            "Will the economic operator be able to produce certificates drawn up by "
            "independent bodies attesting that the economic operator complies with the "
            "required environmental management systems or standards?"
        ),
        groups=_SHAPE_27,
        lot_bound=True,
    ),
)
