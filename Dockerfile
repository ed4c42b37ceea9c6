# One image for web, worker, beat and migrate (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    TENDERS_DATA_DIR=/data \
    TENDERS_TEMPLATES_DIR=/app/templates_docx

# pg_dump / pg_restore for « tenders backup » and « tenders restore » (the client's major
# version must match the server's: PostgreSQL 15 here and in docker-compose.yml).
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY tenders ./tenders
COPY workers ./workers
COPY templates_docx ./templates_docx
RUN pip install . && useradd --create-home --uid 1000 cordee && mkdir -p /data \
    && chown cordee:cordee /data

USER cordee
EXPOSE 8000
CMD ["tenders", "serve", "--host", "0.0.0.0", "--port", "8000", "--no-local-worker"]
