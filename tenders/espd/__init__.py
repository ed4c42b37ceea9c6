"""The DUME (ESPD, European Single Procurement Document) as ESPD-EDM 4.1.0 exchanges it: what a
member of a consortium answers (``response.build_response``), read from a buyer's ESPD Request
(``request.read_request``), over the criteria the specification defines (``criteria``).

A pure package: no database, no web framework; the XML goes in and out as bytes."""
