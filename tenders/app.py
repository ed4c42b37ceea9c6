"""The application factory: routes, middleware, templates, errors and lifespan."""

from __future__ import annotations

import gc
import logging.config
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from functools import partial
from pathlib import Path

from litestar import Controller, Litestar, Router
from litestar.middleware import DefineMiddleware
from litestar.openapi.config import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig
from litestar.types import Middleware
from piccolo.engine.postgres import PostgresEngine

from tenders import db
from tenders.accounts.api import PasswordApi, SessionApi, UserApi
from tenders.accounts.pages import AccountPages, AuthPages, UserPages
from tenders.audit.api import AuditApi
from tenders.audit.pages import AuditPages
from tenders.consortia.api import ConsortiumApi
from tenders.consortia.pages import ConsortiumPages
from tenders.consortia.section_api import SectionApi
from tenders.consortia.section_pages import SectionPages
from tenders.cpv.api import CpvApi
from tenders.cpv.pages import CpvPages
from tenders.dume.api import EspdRequestApi
from tenders.dume.pages import DumePages
from tenders.home.pages import HealthController, HomePages
from tenders.jobs import CeleryJobQueue, JobQueue, broker_health
from tenders.library.api import LibraryApi
from tenders.library.pages import LibraryPages, PassageCopyPages
from tenders.members.api import CapabilityApi, CertificateApi, OrganisationApi, ReferenceApi
from tenders.members.certificate_pages import CertificatePages
from tenders.members.item_pages import CapabilityPages, ReferencePages
from tenders.members.pages import OrganisationPages
from tenders.observability import logging_dict
from tenders.outcomes.api import OutcomeApi
from tenders.outcomes.pages import CollectivePages, OutcomePages
from tenders.packages.api import PackageApi, TemplateApi
from tenders.packages.pages import PackagePages, TemplatePages
from tenders.procurement.api import TenderApi, TenderFileApi
from tenders.procurement.matching_api import MatchingApi
from tenders.procurement.matching_pages import MatchingPages
from tenders.procurement.pages import TenderPages
from tenders.reminders.api import ReminderApi
from tenders.reminders.pages import (
    CalendarFeed,
    DeadlinePages,
    ReminderPages,
    SentReminderPages,
)
from tenders.settings import Settings, get_settings
from tenders.watch.api import WatchApi
from tenders.watch.news_api import WatchNewsApi
from tenders.watch.news_pages import WatchNewsPages
from tenders.watch.pages import WatchPages
from tenders.watch.run_api import WatchRunApi
from tenders.watch.run_pages import WatchRunPages
from tenders.web.api_docs import SwaggerDocsPlugin, operation_id
from tenders.web.auth import authorize, reject_impossible_ids
from tenders.web.csrf import SessionCsrfMiddleware
from tenders.web.deps import dependencies
from tenders.web.errors import EXCEPTION_HANDLERS
from tenders.web.hosts import AllowedHostsMiddleware
from tenders.web.input import CleanInputMiddleware, CleanRequest
from tenders.web.metrics import MetricsController
from tenders.web.observability import RequestIdMiddleware
from tenders.web.openapi_errors import document_errors
from tenders.web.rendering import make_environment
from tenders.web.security import add_security_headers, secure_cookies

STATIC_DIR = Path(__file__).parent / "web" / "static"


PAGES: list[type[Controller]] = [
    HomePages,
    HealthController,
    MetricsController,
    AuthPages,
    AccountPages,
    UserPages,
    OrganisationPages,
    CapabilityPages,
    ReferencePages,
    CertificatePages,
    AuditPages,
    CpvPages,
    TenderPages,
    DumePages,
    MatchingPages,
    ConsortiumPages,
    SectionPages,
    PackagePages,
    TemplatePages,
    DeadlinePages,
    CalendarFeed,
    ReminderPages,
    SentReminderPages,
    LibraryPages,
    PassageCopyPages,
    OutcomePages,
    CollectivePages,
    WatchPages,
    WatchRunPages,
    WatchNewsPages,
]
APIS: list[type[Controller]] = [
    SessionApi,
    PasswordApi,
    UserApi,
    OrganisationApi,
    CapabilityApi,
    ReferenceApi,
    CertificateApi,
    CpvApi,
    TenderApi,
    TenderFileApi,
    EspdRequestApi,
    MatchingApi,
    ConsortiumApi,
    SectionApi,
    PackageApi,
    TemplateApi,
    ReminderApi,
    LibraryApi,
    OutcomeApi,
    WatchApi,
    WatchRunApi,
    WatchNewsApi,
    AuditApi,
]


def _lifespan(settings: Settings) -> Callable[[Litestar], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        engine = db.engine()
        pooled = engine if isinstance(engine, PostgresEngine) else None
        if pooled and settings.db_pool_size > 0:
            await pooled.start_connection_pool(min_size=1, max_size=settings.db_pool_size)
        # Everything loaded so far lives as long as the process: keep it out of the garbage
        # collector's sweeps, whose pauses otherwise show in the slowest answers.
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            if pooled and pooled.pool:
                await pooled.close_connection_pool()

    return lifespan


def _middleware(settings: Settings) -> list[Middleware]:
    return [
        RequestIdMiddleware,
        DefineMiddleware(AllowedHostsMiddleware, allowed_hosts=settings.allowed_hosts),
        DefineMiddleware(
            SessionCsrfMiddleware,
            secret=settings.secret_key,
            cookie_secure=settings.cookie_secure,
        ),
        CleanInputMiddleware,
    ]


def _openapi() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="Cordée API",
        version="0.1.0",
        path="/api/schema",
        description="API de Cordée. Authentification par cookie de session "
        "(POST /api/session) ; les requêtes qui modifient des données "
        "portent l'en-tête X-CSRFToken égal au cookie cordee_csrf. Ce jeton vaut pour "
        "la session qui l'a reçu : après la connexion ou la déconnexion, relisez le "
        "cookie cordee_csrf (la réponse en pose un nouveau).",
        operation_id_creator=operation_id,
        render_plugins=[SwaggerDocsPlugin(), JsonRenderPlugin()],
        openapi_router=Router(path="/api/schema", route_handlers=[], opt={"public": True}),
    )


def create_app(settings: Settings | None = None, jobs: JobQueue | None = None) -> Litestar:
    settings = settings or get_settings()
    settings.check()
    logging.config.dictConfig(logging_dict(settings.log_format))
    job_queue: JobQueue = jobs or CeleryJobQueue(settings)
    static_files = create_static_files_router(
        path="/static",
        directories=[STATIC_DIR],
        opt={"public": True, "sessionless": True},
        include_in_schema=False,
    )
    app = Litestar(
        route_handlers=[*PAGES, *APIS, static_files],
        guards=[authorize],
        before_request=reject_impossible_ids,
        after_request=secure_cookies(settings.cookie_secure),
        before_send=[add_security_headers(settings.production)],
        dependencies=dependencies(),
        exception_handlers=EXCEPTION_HANDLERS,
        template_config=TemplateConfig(
            engine=JinjaTemplateEngine.from_environment(make_environment())
        ),
        middleware=_middleware(settings),
        request_class=CleanRequest,
        openapi_config=_openapi(),
        request_max_body_size=settings.max_body_size,
        logging_config=None,
        lifespan=[_lifespan(settings)],
        debug=False,
    )
    document_errors(app)
    app.state.settings = settings
    app.state.jobs = job_queue
    app.state.broker_health = partial(broker_health, settings)
    return app
