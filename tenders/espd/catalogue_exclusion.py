"""The exclusion criteria of ESPD-EDM 4.1.0 as its ESPD-criterion.xml defines them.

Each criterion: identifier (UUID, or code for the « other » criteria), type code, the prefix of
its property identifiers, English name and description (as the specification gives them), and
its groups of properties in the notation of tenders/espd/structure.py.
tests/unit/test_espd_criteria.py checks every one against the specification file."""

from __future__ import annotations

from tenders.espd.structure import Criterion, parse_groups

_SHAPE_1 = parse_groups(
    """
QG1 ON*
  Q QG1/Q1 INDICATOR: Your answer
  QG1/QSG1 ONTRUE
    Q QG1/QSG1/Q1 DATE: Date of conviction
    Q QG1/QSG1/Q2 DESCRIPTION: Reason
    Q QG1/QSG1/Q3 DESCRIPTION: Who has been convicted
    Q QG1/QSG1/Q4 PERIOD: Length of the period of exclusion
    QG1/QSG1/QSG1 ON*
      Q QG1/QSG1/QSG1/Q1 INDICATOR: Have you taken measures to demonstrate your reliability
        > (Self-Cleaning)?
      QG1/QSG1/QSG1/QSG1 ONTRUE
        Q QG1/QSG1/QSG1/QSG1/Q1 DESCRIPTION: Please describe them
QG2 ON*
  Q QG2/Q1 INDICATOR: Is this information available electronically?
  QG2/QSG1 ONTRUE
    Q QG2/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
"""
)

_SHAPE_2 = parse_groups(
    """
RG1 ON*
  R RG1/RQ1/R1 MINIMUM_AMOUNT: Minimum Amount Threshold
  R RG1/RQ2/R1 DESCRIPTION: Additional Information
  RG1/QSG1 ON*
    Q RG1/QSG1/Q1 INDICATOR: Your answer
    RG1/QSG1/QSG1 ONTRUE
      Q RG1/QSG1/QSG1/Q1 CODE_COUNTRY: Country or member state concerned
      Q RG1/QSG1/QSG1/Q2 AMOUNT: Amount concerned
      RG1/QSG1/QSG1/QSG1 ON*
        Q RG1/QSG1/QSG1/QSG1/Q1 INDICATOR: Has this breach of obligations been established by means
          > other than a judicial or administrative decision?
        RG1/QSG1/QSG1/QSG1/QSG1 ONTRUE
          Q RG1/QSG1/QSG1/QSG1/QSG1/Q1 DESCRIPTION: Please describe which means were used
        RG1/QSG1/QSG1/QSG1/QSG2 ONFALSE
          Q RG1/QSG1/QSG1/QSG1/QSG2/Q1 INDICATOR: If this breach of obligations was established
            > through a judicial or administrative decision, was this decision final and binding?
          RG1/QSG1/QSG1/QSG1/QSG2/QSG1 ONTRUE
            Q RG1/QSG1/QSG1/QSG1/QSG2/QSG1/Q1 DATE: Please indicate the date of conviction or
              > decision
            Q RG1/QSG1/QSG1/QSG1/QSG2/QSG1/Q2 PERIOD: In case of a conviction insofar as established
              > directly therein, the length of the period of exclusion
        RG1/QSG1/QSG1/QSG1/QSG3 ON*
          Q RG1/QSG1/QSG1/QSG1/QSG3/Q1 INDICATOR: Has the economic operator fulfilled its
            > obligations by paying or entering into a binding arrangement with a view to paying the
            > taxes contributions due, including, where applicable, any interest accrued or fines?
          RG1/QSG1/QSG1/QSG1/QSG3/QSG1 ONTRUE
            Q RG1/QSG1/QSG1/QSG1/QSG3/QSG1/Q1 DESCRIPTION: Please describe them
QG1 ON*
  Q QG1/Q1 INDICATOR: Is this information available electronically?
  QG1/QSG1 ONTRUE
    Q QG1/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
"""
)

_SHAPE_3 = parse_groups(
    """
RG1 ON*
  R RG1/RQ1/R1 MINIMUM_AMOUNT: Minimum Amount Threshold
  R RG1/RQ2/R1 DESCRIPTION: Additional Information
  RG1/QSG1 ON*
    Q RG1/QSG1/Q1 INDICATOR: Your answer
    RG1/QSG1/QSG1 ONTRUE
      Q RG1/QSG1/QSG1/Q1 CODE_COUNTRY: Country or member state concerned
      Q RG1/QSG1/QSG1/Q2 AMOUNT: Amount concerned
      RG1/QSG1/QSG1/QSG1 ON*
        Q RG1/QSG1/QSG1/QSG1/Q1 INDICATOR: Has this breach of obligations been established by means
          > other than a judicial or administrative decision?
        RG1/QSG1/QSG1/QSG1/QSG1 ONTRUE
          Q RG1/QSG1/QSG1/QSG1/QSG1/Q1 DESCRIPTION: Please describe which means were used
        RG1/QSG1/QSG1/QSG1/QSG2 ONFALSE
          Q RG1/QSG1/QSG1/QSG1/QSG2/Q1 INDICATOR: If this breach of obligations was established
            > through a judicial or administrative decision, was this decision final and binding?
          RG1/QSG1/QSG1/QSG1/QSG2/QSG1 ONTRUE
            Q RG1/QSG1/QSG1/QSG1/QSG2/QSG1/Q1 DATE: Please indicate the date of conviction or
              > decision
            Q RG1/QSG1/QSG1/QSG1/QSG2/QSG1/Q2 PERIOD: In case of a conviction insofar as established
              > directly therein, the length of the period of exclusion
        RG1/QSG1/QSG1/QSG1/QSG3 ON*
          Q RG1/QSG1/QSG1/QSG1/QSG3/Q1 INDICATOR: Has the economic operator fulfilled its
            > obligations by paying or entering into a binding arrangement with a view to paying the
            > social security contributions due, including, where applicable, any interest accrued
            > or fines?
          RG1/QSG1/QSG1/QSG1/QSG3/QSG1 ONTRUE
            Q RG1/QSG1/QSG1/QSG1/QSG3/QSG1/Q1 DESCRIPTION: Please describe them
QG1 ON*
  Q QG1/Q1 INDICATOR: Is this information available electronically?
  QG1/QSG1 ONTRUE
    Q QG1/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
"""
)

_SHAPE_4 = parse_groups(
    """
QG1 ON*
  Q QG1/Q1 INDICATOR: Your answer
  QG1/QSG1 ONTRUE
    Q QG1/QSG1/Q1 INDICATOR: Have you taken measures to demonstrate your reliability
      > (Self-Cleaning)?
    QG1/QSG1/QSG1 ONTRUE
      Q QG1/QSG1/QSG1/Q1 DESCRIPTION: Please describe them
QG2 ON*
  Q QG2/Q1 INDICATOR: Is this information available electronically?
  QG2/QSG1 ONTRUE
    Q QG2/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
"""
)

_SHAPE_5 = parse_groups(
    """
QG1 ON*
  Q QG1/Q1 INDICATOR: Your answer
  QG1/QSG1 ONTRUE
    Q QG1/QSG1/Q1 DESCRIPTION: Please describe them
    Q QG1/QSG1/Q2 DESCRIPTION: Indicate reasons for being nevertheless to perform the contract
QG2 ON*
  Q QG2/Q1 INDICATOR: Is this information available electronically?
  QG2/QSG1 ONTRUE
    Q QG2/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
"""
)

_SHAPE_6 = parse_groups(
    """
QG1 ON*
  Q QG1/Q1 INDICATOR: Your answer
  QG1/QSG1 ONTRUE
    Q QG1/QSG1/Q1 DESCRIPTION: Please describe them
    QG1/QSG1/QSG1 ON*
      Q QG1/QSG1/QSG1/Q1 INDICATOR: Have you taken measures to demonstrate your reliability
      QG1/QSG1/QSG1/QSG1 ONTRUE
        Q QG1/QSG1/QSG1/QSG1/Q1 DESCRIPTION: Please describe them
QG2 ON*
  Q QG2/Q1 INDICATOR: Is this information available electronically?
  QG2/QSG1 ONTRUE
    Q QG2/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
"""
)

_SHAPE_7 = parse_groups(
    """
QG1 ON*
  Q QG1/Q1 INDICATOR: Your answer
  QG1/QSG1 ONTRUE
    Q QG1/QSG1/Q1 DESCRIPTION: Please describe them
QG2 ON*
  Q QG2/Q1 INDICATOR: Is this information available electronically?
  QG2/QSG1 ONTRUE
    Q QG2/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
"""
)

_SHAPE_8 = parse_groups(
    """
QG1 ON*
  Q QG1/Q1 INDICATOR: Your answer
  QG1/QSG1 ONTRUE
    Q QG1/QSG1/Q1 DESCRIPTION: Please describe them
    QG1/QSG1/QSG1 ON*
      Q QG1/QSG1/QSG1/Q1 INDICATOR: Have you taken measures to demonstrate your reliability
        > (Self-Cleaning)?
      QG1/QSG1/QSG1/QSG1 ONTRUE
        Q QG1/QSG1/QSG1/QSG1/Q1 DESCRIPTION: Please describe them
QG2 ON*
  Q QG2/Q1 INDICATOR: Is this information available electronically?
  QG2/QSG1 ONTRUE
    Q QG2/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
"""
)

_SHAPE_9 = parse_groups(
    """
QG1 ON*
  Q QG1/Q1 INDICATOR: Your answer
QG2 ON*
  Q QG2/Q1 INDICATOR: Is this information available electronically?
  QG2/QSG1 ONTRUE
    Q QG2/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
"""
)

_SHAPE_10 = parse_groups(
    """
QG1 ON*
  C QG1/CA1 NONE:
  QG1/QSG1 ON*
    C QG1/QSG1/CA1 NONE: [Text describing the national criterion]
    C QG1/QSG1/CA2 NONE: [Type of evidence from e-Certis]
    Q QG1/QSG1/Q1 INDICATOR: Your answer?
QG2 ON*
  Q QG2/Q1 INDICATOR: Is this information available electronically?
  QG2/QSG1 ONTRUE
    Q QG2/QSG1/Q1 EVIDENCE_IDENTIFIER: Evidence Supplied
"""
)

CRITERIA = (
    Criterion(
        uuid="005eb9ed-1347-4ca3-bb29-9bc0db64e1ab",
        code="crime-org",
        prefix="C1_EG_crime-org",
        kind="exclusion",
        name="Participation in a criminal organisation",
        description=(
            "Has the economic operator itself or any person who is a member of its "
            "administrative, management or supervisory body or has powers of representation, "
            "decision or control therein been the subject of a conviction by final judgment "
            "for participation in a criminal organisation, by a conviction rendered at the "
            "most five years ago or in which an exclusion period set out directly in the "
            "conviction continues to be applicable? As defined in Article 2 of Council "
            "Framework Decision 2008/841/JHA of 24 October 2008 on the fight against "
            "organised crime (OJ L 300, 11.11.2008, p. 42)."
        ),
        groups=_SHAPE_1,
        lot_bound=False,
    ),
    Criterion(
        uuid="c27b7c4e-c837-4529-b867-ed55ce639db5",
        code="corruption",
        prefix="C2_EG_corruption",
        kind="exclusion",
        name="Corruption",
        description=(
            "Has the economic operator itself or any person who is a member of its "
            "administrative, management or supervisory body or has powers of representation, "
            "decision or control therein been the subject of a conviction by final judgment "
            "for corruption, by a conviction rendered at the most five years ago or in which "
            "an exclusion period set out directly in the conviction continues to be "
            "applicable? As defined in Article 3 of the Convention on the fight against "
            "corruption involving officials of the European Communities or officials of "
            "Member States of the European Union, OJ C 195, 25.6.1997, p. 1, and in Article "
            "2(1) of Council Framework Decision 2003/568/JHA of 22 July 2003 on combating "
            "corruption in the private sector (OJ L 192, 31.7.2003, p. 54). This exclusion "
            "ground also includes corruption as defined in the national law of the "
            "contracting authority (contracting entity) or the economic operator."
        ),
        groups=_SHAPE_1,
        lot_bound=False,
    ),
    Criterion(
        uuid="297d2323-3ede-424e-94bc-a91561e6f320",
        code="fraud",
        prefix="C3_EG_fraud",
        kind="exclusion",
        name="Fraud",
        description=(
            "Has the economic operator itself or any person who is a member of its "
            "administrative, management or supervisory body or has powers of representation, "
            "decision or control therein been the subject of a conviction by final judgment "
            "for fraud, by a conviction rendered at the most five years ago or in which an "
            "exclusion period set out directly in the conviction continues to be applicable? "
            "Within the meaning of Article 1 of the Convention on the protection of the "
            "European Communities financial interests (OJ C 316, 27.11.1995, p. 48)."
        ),
        groups=_SHAPE_1,
        lot_bound=False,
    ),
    Criterion(
        uuid="d486fb70-86b3-4e75-97f2-0d71b5697c7d",
        code="terr-offence",
        prefix="C4_EG_terr-offence",
        kind="exclusion",
        name="Terrorist offences or offences linked to terrorist activities",
        description=(
            "Has the economic operator itself or any person who is a member of its "
            "administrative, management or supervisory body or has powers of representation, "
            "decision or control therein been the subject of a conviction by final judgment "
            "for terrorist offences or offences linked to terrorist activities, by a "
            "conviction rendered at the most five years ago or in which an exclusion period "
            "set out directly in the conviction continues to be applicable? As defined in "
            "Articles 1 and 3 of Council Framework Decision of 13 June 2002 on combating "
            "terrorism (OJ L 164, 22.6.2002, p. 3). This exclusion ground also includes "
            "inciting or aiding or abetting or attempting to commit an offence, as referred "
            "to in Article 4 of that Framework Decision."
        ),
        groups=_SHAPE_1,
        lot_bound=False,
    ),
    Criterion(
        uuid="47112079-6fec-47a3-988f-e561668c3aef",
        code="finan-laund",
        prefix="C5_EG_finan-laund",
        kind="exclusion",
        name="Money laundering or terrorist financing",
        description=(
            "Has the economic operator itself or any person who is a member of its "
            "administrative, management or supervisory body or has powers of representation, "
            "decision or control therein been the subject of a conviction by final judgment "
            "for money laundering or terrorist financing, by a conviction rendered at the "
            "most five years ago or in which an exclusion period set out directly in the "
            "conviction continues to be applicable? As defined in Article 1 of Directive "
            "2005/60/EC of the European Parliament and of the Council of 26 October 2005 on "
            "the prevention of the use of the financial system for the purpose of money "
            "laundering and terrorist financing (OJ L 309, 25.11.2005, p. 15)."
        ),
        groups=_SHAPE_1,
        lot_bound=False,
    ),
    Criterion(
        uuid="d789d01a-fe03-4ccd-9898-73f9cfa080d1",
        code="human-traffic",
        prefix="C6_EG_human-traffic",
        kind="exclusion",
        name="Child labour and other forms of trafficking in human beings",
        description=(
            "Has the economic operator itself or any person who is a member of its "
            "administrative, management or supervisory body or has powers of representation, "
            "decision or control therein been the subject of a conviction by final judgment "
            "for child labour and other forms of trafficking in human beings, by a conviction"
            " rendered at the most five years ago or in which an exclusion period set out "
            "directly in the conviction continues to be applicable? As defined in Article 2 "
            "of Directive 2011/36/EU of the European Parliament and of the Council of 5 April"
            " 2011 on preventing and combating trafficking in human beings and protecting its"
            " victims, and replacing Council Framework Decision 2002/629/JHA (OJ L 101, "
            "15.4.2011, p. 1)."
        ),
        groups=_SHAPE_1,
        lot_bound=False,
    ),
    Criterion(
        uuid="b61bbeb7-690e-4a40-bc68-d6d4ecfaa3d4",
        code="tax-pay",
        prefix="C7_EG_tax-pay",
        kind="exclusion",
        name="Payment of taxes",
        description=(
            "Has the economic operator breached its obligations relating to the payment of "
            "taxes, both in the country in which it is established and in Member State of the"
            " contracting authority or contracting entity if other than the country of "
            "establishment?"
        ),
        groups=_SHAPE_2,
        lot_bound=False,
    ),
    Criterion(
        uuid="7d85e333-bbab-49c0-be8d-c36d71a72f5e",
        code="socsec-pay",
        prefix="C8_EG_socsec-pay",
        kind="exclusion",
        name="Payment of social security contributions",
        description=(
            "Has the economic operator breached its obligations relating to the payment of "
            "social security contributions, both in the country in which it is established "
            "and in Member State of the contracting authority or contracting entity if other "
            "than the country of establishment?"
        ),
        groups=_SHAPE_3,
        lot_bound=False,
    ),
    Criterion(
        uuid="a80ddb62-d25b-4e4e-ae22-3968460dc0a9",
        code="envir-law",
        prefix="C9_EG_envir-law",
        kind="exclusion",
        name="Breaching of obligations in the fields of environmental law",
        description=(
            "Has the economic operator, to its knowledge, breached its obligations in the "
            "fields of environmental law? As referred to for the purposes of this procurement"
            " in national law, in the relevant notice or the procurement documents or in "
            "Article 18(2) of Directive 2014/24/EU."
        ),
        groups=_SHAPE_4,
        lot_bound=False,
    ),
    Criterion(
        uuid="a261a395-ed17-4939-9c75-b9ff1109ca6e",
        code="socsec-law",
        prefix="C10_EG_socsec-law",
        kind="exclusion",
        name="Breaching of obligations in the fields of social law",
        description=(
            "Has the economic operator, to its knowledge, breached its obligations in the "
            "fields of social law? As referred to for the purposes of this procurement in "
            "national law, in the relevant notice or the procurement documents or in Article "
            "18(2) of Directive 2014/24/EU."
        ),
        groups=_SHAPE_4,
        lot_bound=False,
    ),
    Criterion(
        uuid="a34b70d6-c43d-4726-9a88-8e2b438424bf",
        code="labour-law",
        prefix="C11_EG_labour-law",
        kind="exclusion",
        name="Breaching of obligations in the fields of labour law",
        description=(
            "Has the economic operator, to its knowledge, breached its obligations in the "
            "fields of labour law? As referred to for the purposes of this procurement in "
            "national law, in the relevant notice or the procurement documents or in Article "
            "18(2) of Directive 2014/24/EU."
        ),
        groups=_SHAPE_4,
        lot_bound=False,
    ),
    Criterion(
        uuid="d3732c09-7d62-4edc-a172-241da6636e7c",
        code="bankruptcy",
        prefix="C12_EG_bankruptcy",
        kind="exclusion",
        name="Bankruptcy",
        description=(
            "Is the economic operator bankrupt? This information needs not be given if "
            "exclusion of economic operators in this case has been made mandatory under the "
            "applicable national law without any possibility of derogation where the economic"
            " operator is nevertheless able to perform the contract."
        ),
        groups=_SHAPE_5,
        lot_bound=False,
    ),
    Criterion(
        uuid="396f288a-e267-4c20-851a-ed4f7498f137",
        code="insolvency",
        prefix="C13_EG_insolvency",
        kind="exclusion",
        name="Insolvency",
        description=(
            "Is the economic operator the subject of insolvency or winding-up? This "
            "information needs not be given if exclusion of economic operators in this case "
            "has been made mandatory under the applicable national law without any "
            "possibility of derogation where the economic operator is nevertheless able to "
            "perform the contract."
        ),
        groups=_SHAPE_5,
        lot_bound=False,
    ),
    Criterion(
        uuid="68918c7a-f5bc-4a1a-a62f-ad8983600d48",
        code="cred-arran",
        prefix="C14_EG_cred-arran",
        kind="exclusion",
        name="Arrangement with creditors",
        description=(
            "Is the economic operator in arrangement with creditors? This information needs "
            "not be given if exclusion of economic operators in this case has been made "
            "mandatory under the applicable national law without any possibility of "
            "derogation where the economic operator is nevertheless able to perform the "
            "contract."
        ),
        groups=_SHAPE_5,
        lot_bound=False,
    ),
    Criterion(
        uuid="daffa2a9-9f8f-4568-8be8-7b8bf306d096",
        code="bankr-nat",
        prefix="C15_EG_bankr-nat",
        kind="exclusion",
        name="Analogous situation like bankruptcy under national law",
        description=(
            "Is the economic operator in any analogous situation like bankruptcy arising from"
            " a similar procedure under national laws and regulations? This information needs"
            " not be given if exclusion of economic operators in this case has been made "
            "mandatory under the applicable national law without any possibility of "
            "derogation where the economic operator is nevertheless able to perform the "
            "contract."
        ),
        groups=_SHAPE_5,
        lot_bound=False,
    ),
    Criterion(
        uuid="8fda202a-0c37-41bb-9d7d-de3f49edbfcb",
        code="liq-admin",
        prefix="C16_EG_liq-admin",
        kind="exclusion",
        name="Assets being administered by liquidator",
        description=(
            "Are the assets of the economic operator being administered by a liquidator or by"
            " the court? This information needs not be given if exclusion of economic "
            "operators in this case has been made mandatory under the applicable national law"
            " without any possibility of derogation where the economic operator is "
            "nevertheless able to perform the contract."
        ),
        groups=_SHAPE_5,
        lot_bound=False,
    ),
    Criterion(
        uuid="166536e2-77f7-455c-b018-70582474e4f6",
        code="susp-act",
        prefix="C17_EG_susp-act",
        kind="exclusion",
        name="Business activities are suspended",
        description=(
            "Are the business activities of the economic operator suspended? This information"
            " needs not be given if exclusion of economic operators in this case has been "
            "made mandatory under the applicable national law without any possibility of "
            "derogation where the economic operator is nevertheless able to perform the "
            "contract."
        ),
        groups=_SHAPE_5,
        lot_bound=False,
    ),
    Criterion(
        uuid="514d3fde-1e3e-4dcd-b02a-9f984d5bbda3",
        code="prof-misconduct",
        prefix="C18_EG_prof-misconduct",
        kind="exclusion",
        name="Guilty of grave professional misconduct",
        description=(
            "Is the economic operator guilty of grave professional misconduct? Where "
            "applicable, see definitions in national law, the relevant notice or the "
            "procurement documents."
        ),
        groups=_SHAPE_6,
        lot_bound=False,
    ),
    Criterion(
        uuid="56d13e3d-76e8-4f23-8af6-13e60a2ee356",
        code="distorsion",
        prefix="C19_EG_distorsion",
        kind="exclusion",
        name="Agreements with other economic operators aimed at distorting competition",
        description=(
            "Has the economic operator entered into agreements with other economic operators "
            "aimed at distorting competition?"
        ),
        groups=_SHAPE_6,
        lot_bound=False,
    ),
    Criterion(
        uuid="b1b5ac18-f393-4280-9659-1367943c1a2e",
        code="partic-confl",
        prefix="C20_EG_partic-confl",
        kind="exclusion",
        name="Conflict of interest due to its participation in the procurement procedure",
        description=(
            "Is the economic operator aware of any conflict of interest, as indicated in "
            "national law, the relevant notice or the procurement documents due to its "
            "participation in the procurement procedure?"
        ),
        groups=_SHAPE_7,
        lot_bound=False,
    ),
    Criterion(
        uuid="61874050-5130-4f1c-a174-720939c7b483",
        code="prep-confl",
        prefix="C21_EG_prep-confl",
        kind="exclusion",
        name="Direct or indirect involvement in the preparation of this procurement procedure",
        description=(
            "Has the economic operator or an undertaking related to it advised the "
            "contracting authority or contracting entity or otherwise been involved in the "
            "preparation of the procurement procedure?"
        ),
        groups=_SHAPE_7,
        lot_bound=False,
    ),
    Criterion(
        uuid="3293e92b-7f3e-42f1-bee6-a7641bb04251",
        code="sanction",
        prefix="C22_EG_sanction",
        kind="exclusion",
        name="Early termination, damages or other comparable sanctions",
        description=(
            "Has the economic operator experienced that a prior public contract, a prior "
            "contract with a contracting entity or a prior concession contract was terminated"
            " early, or that damages or other comparable sanctions were imposed in connection"
            " with that prior contract?"
        ),
        groups=_SHAPE_8,
        lot_bound=False,
    ),
    Criterion(
        uuid="696a75b2-6107-428f-8b74-82affb67e184",
        code="misrepresent",
        prefix="C23_EG_misrepresent",
        kind="exclusion",
        name=(
            "Guilty of misrepresentation, withheld information, unable to provide required "
            "documents and obtained confidential information of this procedure"
        ),
        description=(
            "Can the economic operator confirm that: a) It has been guilty of serious "
            "misrepresentation in supplying the information required for the verification of "
            "the absence of grounds for exclusion or the fulfilment of the selection "
            "criteria, b) It has withheld such information, c) It has not been able, without "
            "delay, to submit the supporting documents required by a contracting authority or"
            " contracting entity, and d) It has undertaken to unduly influence the decision "
            "making process of the contracting authority or contracting entity, to obtain "
            "confidential information that may confer upon it undue advantages in the "
            "procurement procedure or to negligently provide misleading information that may "
            "have a material influence on decisions concerning exclusion, selection or award?"
        ),
        groups=_SHAPE_9,
        lot_bound=False,
    ),
    Criterion(
        uuid="63adb07d-db1b-4ef0-a14e-a99785cf8cf6",
        code="nati-ground",
        prefix="C24_EG_nati-ground",
        kind="exclusion",
        name="Purely national exclusion grounds",
        description=(
            "[Other exclusion grounds that may be foreseen in the national legislation of the"
            " contracting authority's or contracting entity's Member State. Has the economic "
            "operator breached its obligations relating to the purely national grounds of "
            "exclusion, which are specified in the relevant notice or in the procurement "
            "documents?]"
        ),
        groups=_SHAPE_10,
        lot_bound=False,
    ),
)
