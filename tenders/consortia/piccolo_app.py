import os

from piccolo.conf.apps import AppConfig

from tenders.consortia.tables import (
    Consortium,
    ConsortiumMember,
    ConsortiumShare,
    Section,
    SectionComment,
    SectionVersion,
)

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="consortia",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "migrations"),
    table_classes=[
        Consortium,
        ConsortiumMember,
        ConsortiumShare,
        Section,
        SectionVersion,
        SectionComment,
    ],
    migration_dependencies=["tenders.members.piccolo_app", "tenders.procurement.piccolo_app"],
    commands=[],
)
