# One image for every process of frivillig: web (gunicorn), Celery worker and beat, and migrate.
# docker-compose.yml shows how they are run together.

# --- Front-end packages from the npm registry -------------------------------------------------------
FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# --- The application -------------------------------------------------------------------------------
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VAR_DIR=/app/var \
    MEDIA_ROOT=/app/var/media

# WeasyPrint's native libraries (Pango, HarfBuzz) and fonts for the PDFs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
        fonts-dejavu-core fonts-liberation2 \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 1000 frivillig \
    && useradd --system --uid 1000 --gid frivillig --home-dir /app --no-create-home frivillig

WORKDIR /app
COPY requirements.txt ./
RUN pip install -r requirements.txt

# Only what the app runs on (no .venv, var/, tests or local node_modules from the build context).
COPY manage.py ./
COPY frivillig/ frivillig/
COPY volunteers/ volunteers/
COPY meetings/ meetings/
COPY strategies/ strategies/
COPY agreements/ agreements/
COPY evaluation/ evaluation/
COPY templates/ templates/
COPY static/ static/
COPY locale/ locale/
COPY --from=assets /build/node_modules/ node_modules/

# Static files are collected into the image and served by WhiteNoise. The build needs no real key.
RUN FRIVILLIG_ALLOW_INSECURE_KEY=1 python manage.py collectstatic --noinput -v0 \
    && mkdir -p /app/var/media \
    && chown -R frivillig:frivillig /app/var

USER frivillig
EXPOSE 8000
CMD ["gunicorn", "frivillig.wsgi", "-b", "0.0.0.0:8000", "-w", "3", "--access-logfile", "-"]
