# One image for web, worker, beat and migrate (see docker-compose.yml).
# The first stage builds the wheel (page templates, static files and the DOCX templates inside,
# as scripts/smoke-install checks in CI); the image installs that wheel and keeps no source tree,
# so what runs is exactly what `pip install` installed.
FROM python:3.11-slim AS wheel

ENV PIP_NO_CACHE_DIR=1
WORKDIR /src
COPY pyproject.toml setup.py MANIFEST.in README.md ./
COPY tenders ./tenders
COPY workers ./workers
COPY templates_docx ./templates_docx
RUN pip wheel --no-deps --wheel-dir /wheels .

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    TENDERS_DATA_DIR=/data

# pg_dump / pg_restore for « tenders backup » and « tenders restore » (the client's major
# version must match the server's: PostgreSQL 15 here and in docker-compose.yml).
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

COPY --from=wheel /wheels /tmp/wheels
RUN pip install /tmp/wheels/cordee-*.whl && rm -rf /tmp/wheels \
    && useradd --create-home --uid 1000 cordee && mkdir -p /data && chown cordee:cordee /data

USER cordee
WORKDIR /home/cordee
EXPOSE 8000
CMD ["tenders", "serve", "--host", "0.0.0.0", "--port", "8000", "--no-local-worker"]
