import os

from piccolo.conf.apps import AppConfig

from tenders.members.tables import (
    Capability,
    CapabilityArea,
    CapabilityCpv,
    Certificate,
    Organisation,
    Reference,
    Turnover,
)

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="members",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "migrations"),
    table_classes=[
        Organisation,
        Turnover,
        Capability,
        CapabilityCpv,
        CapabilityArea,
        Reference,
        Certificate,
    ],
    migration_dependencies=[],
    commands=[],
)
