# One image for every process of frivillig: web (gunicorn), Celery worker and beat, and migrate.
# docker-compose.yml shows how they are run together.

# --- Front-end packages from the npm registry -------------------------------------------------------
FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
# Only the runtime packages: the dev ones (vnu-jar, the HTML checker for the tests) would download a Java
# runtime in their install script and end up in the image.
RUN npm ci --omit=dev --no-audit --no-fund

# --- The application -------------------------------------------------------------------------------
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VAR_DIR=/app/var \
    MEDIA_ROOT=/app/var/media

# The PostgreSQL major version of docker-compose.yml's `postgres` service: `manage.py backup` and `restore`
# run pg_dump and pg_restore, which must not be older than the server. Debian bookworm ships only 15, so
# the client comes from the PostgreSQL project's own apt repository (apt.postgresql.org), set up by the
# script and signing key that Debian's postgresql-common package ships.
ARG PG_MAJOR=16

# WeasyPrint's native libraries (Pango, HarfBuzz) and fonts for the PDFs; the PostgreSQL client.
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get update \
    && apt-get install -y --no-install-recommends postgresql-common \
    && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
        fonts-dejavu-core fonts-liberation2 \
        postgresql-client-${PG_MAJOR} \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 1000 frivillig \
    && useradd --system --uid 1000 --gid frivillig --home-dir /app --no-create-home frivillig

WORKDIR /app
COPY requirements.txt ./
RUN pip install -r requirements.txt

# The application as a whole: .dockerignore leaves out what the image must not hold (.venv, var/, tests,
# local settings, caches, node_modules, ...). tests/system/test_image.py rebuilds this tree without Docker.
COPY . .
COPY --from=assets /build/node_modules/ node_modules/

# Static files are collected into the image and served by WhiteNoise. The build needs no real key.
RUN FRIVILLIG_ALLOW_INSECURE_KEY=1 python manage.py collectstatic --noinput -v0 \
    && mkdir -p /app/var/media \
    && chown -R frivillig:frivillig /app/var

USER frivillig
EXPOSE 8000
CMD ["gunicorn", "frivillig.wsgi", "-b", "0.0.0.0:8000", "-w", "3", "--access-logfile", "-"]
