"""Whether a notice the watch read fits what the collective watches. Pure: no database.

A notice is « hors profil » when, among what it states:

- its kind of contract is not one the profile watches (when the profile names kinds);
- none of its départements is one the profile watches (when the profile names some);
- the profile wants reserved contracts only and neither the notice nor any of its lots is
  reserved;
- its offers deadline leaves fewer days than the profile's minimum (counted in Paris days),
  or is already over; a notice without a deadline fits;
- the profile names CPV codes or keywords and the notice matches none of either: a profile
  code covers the codes below it (85300000 covers 85311300), the notice's codes being those of
  the notice and of its lots; keywords are looked for in the title, the description and the
  lots' titles and descriptions (``tenders.watch.keywords``). BOAMP records often carry no CPV
  code: the keywords decide then.

What the notice does not state (no kind, no département) never puts it out. An empty profile
lets everything in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tenders.cpv.codes import significant_prefix
from tenders.formatting import PARIS, date_fr
from tenders.notices import NoticeDraft
from tenders.procurement.vocabulary import KINDS
from tenders.watch.keywords import keyword_matches

NOT_RESERVED = "Marché non réservé : le profil ne suit que les marchés réservés."
NOTHING_MATCHES = "Ni mot-clé ni code CPV du profil dans l'avis."
NO_KEYWORD = "Aucun mot-clé du profil dans l'avis."
NO_CODE = "Aucun code CPV de l'avis n'est suivi par le profil."
NO_CODE_GIVEN = "L'avis ne donne aucun code CPV et ne contient aucun mot-clé du profil."
DEADLINE_PAST = "La date limite de remise des offres ({day}) est déjà passée."
TOO_SOON = (
    "Remise des offres le {day}, dans {days} jour{s} : le profil demande au moins {least} jours."
)
OTHER_KIND = "Nature hors profil : {kind} (le profil suit : {watched})."
OTHER_PLACE = "Lieu d'exécution hors profil : {places} (le profil suit : {watched})."


@dataclass(frozen=True)
class Profile:
    """What the collective watches (a ``watch_profile`` row), ready for ``judge``."""

    cpv_codes: tuple[str, ...] = ()
    departements: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    reserved_only: bool = False
    keywords: tuple[str, ...] = ()
    min_days_left: int = 0

    @classmethod
    def of_row(cls, row: dict[str, Any] | None) -> Profile:
        """From a ``watch_profile`` row read with ``load_json``; None: the empty profile."""
        if row is None:
            return cls()
        return cls(
            cpv_codes=tuple(row.get("cpv_codes") or ()),
            departements=frozenset(row.get("departements") or ()),
            kinds=frozenset(row.get("kinds") or ()),
            reserved_only=bool(row.get("reserved_only")),
            keywords=tuple(row.get("keywords") or ()),
            min_days_left=int(row.get("min_days_left") or 0),
        )


@dataclass(frozen=True)
class Fit:
    """``reason`` None: the notice fits; else why not, in French. ``keywords``: those of the
    profile the notice holds."""

    reason: str | None
    keywords: list[str] = field(default_factory=list)

    @property
    def fits(self) -> bool:
        return self.reason is None


def notice_text(draft: NoticeDraft) -> str:
    """The texts keywords are looked for in: title, description, lots' titles and
    descriptions."""
    parts = [draft.title, draft.description]
    for lot in draft.lots:
        parts += [lot.title, lot.description]
    return "\n".join(p for p in parts if p)


def notice_codes(draft: NoticeDraft) -> list[str]:
    """The CPV codes of the notice and of its lots, each once."""
    codes = [*draft.cpv_codes, *(c for lot in draft.lots for c in lot.cpv_codes)]
    return list(dict.fromkeys(codes))


def covered(codes: Iterable[str], watched: Iterable[str]) -> list[str]:
    """The codes of ``codes`` that one of the ``watched`` codes covers (itself or below)."""
    prefixes = [significant_prefix(code) for code in watched]
    return [code for code in codes if any(code.startswith(p) for p in prefixes)]


def _days_left(deadline: datetime, now: datetime) -> int:
    return (deadline.astimezone(PARIS).date() - now.astimezone(PARIS).date()).days


def _deadline(draft: NoticeDraft, profile: Profile, now: datetime) -> str | None:
    deadline = draft.offers_deadline
    if deadline is None:
        return None
    day = date_fr(deadline)
    days = _days_left(deadline, now)
    past = days < 0 if draft.offers_time_unknown else deadline <= now
    if past:
        return DEADLINE_PAST.format(day=day)
    if days < profile.min_days_left:
        s = "s" if days > 1 else ""
        return TOO_SOON.format(day=day, days=days, s=s, least=profile.min_days_left)
    return None


def _scope(draft: NoticeDraft, profile: Profile) -> str | None:
    """Kind, places and reservation, where the notice states them."""
    if profile.kinds and draft.kind and draft.kind not in profile.kinds:
        watched = ", ".join(KINDS[k].lower() for k in KINDS if k in profile.kinds)
        return OTHER_KIND.format(kind=KINDS.get(draft.kind, draft.kind).lower(), watched=watched)
    if (
        profile.departements
        and draft.departements
        and not profile.departements.intersection(draft.departements)
    ):
        return OTHER_PLACE.format(
            places=", ".join(draft.departements[:6]),
            watched=", ".join(sorted(profile.departements)[:6]),
        )
    reserved = draft.reserved != "none" or any(lot.reserved != "none" for lot in draft.lots)
    return NOT_RESERVED if profile.reserved_only and not reserved else None


def _subject(draft: NoticeDraft, profile: Profile, found: list[str]) -> str | None:
    """CPV codes and keywords: one of either is enough."""
    if not profile.cpv_codes and not profile.keywords:
        return None
    if found:
        return None
    codes = notice_codes(draft)
    if profile.cpv_codes and covered(codes, profile.cpv_codes):
        return None
    if not profile.cpv_codes:
        return NO_KEYWORD
    if not profile.keywords:
        return NO_CODE
    return NOTHING_MATCHES if codes else NO_CODE_GIVEN


def judge(draft: NoticeDraft, profile: Profile, now: datetime) -> Fit:
    """Whether ``draft`` fits ``profile`` at ``now``, with the profile's keywords it holds."""
    found = keyword_matches(notice_text(draft), profile.keywords) if profile.keywords else []
    reason = (
        _scope(draft, profile) or _deadline(draft, profile, now) or _subject(draft, profile, found)
    )
    return Fit(reason, found)
