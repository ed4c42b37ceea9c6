# One image for web, worker, beat and migrate (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    TENDERS_DATA_DIR=/data \
    TENDERS_TEMPLATES_DIR=/app/templates_docx

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
