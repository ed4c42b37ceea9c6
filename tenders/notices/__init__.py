"""Reading a public procurement notice into a neutral draft: no database, no web.

Accepted, recognised by content: eForms contract notices (XML, as on TED), BOAMP open-data
records (JSON) and OCDS releases or packages (JSON).
"""

from tenders.notices.errors import MAX_NOTICE_BYTES, NoticeError
from tenders.notices.reader import read_notice
from tenders.notices.schema import LotDraft, NoticeDraft

__all__ = ["MAX_NOTICE_BYTES", "LotDraft", "NoticeDraft", "NoticeError", "read_notice"]
