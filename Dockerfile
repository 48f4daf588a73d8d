# The platform with LibreOffice (Word → PDF) and the Noto CJK fonts, served by gunicorn.
# Used by compose.yaml (PostgreSQL, the web server and the document worker): docker compose up
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    SKILLAWARD_DATA=/data \
    SKILLAWARD_LOG_FILE=/data/skillaward-errors.log

RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libreoffice-writer-nogui fonts-noto-cjk fontconfig postgresql-client \
 && rm -rf /var/lib/apt/lists/*
# 宋体/仿宋 → Noto Serif CJK SC, 黑体 → Noto Sans CJK SC (the official forms print in serif).
COPY deploy/65-skillaward-cjk.conf /etc/fonts/conf.d/65-skillaward-cjk.conf
RUN fc-cache -f

WORKDIR /app
COPY pyproject.toml README.md ./
COPY skillaward ./skillaward
RUN pip install --no-cache-dir . \
 && useradd --system --home-dir /data --create-home skillaward
USER skillaward
VOLUME /data
EXPOSE 8000
CMD ["sh", "-c", "skillaward manage migrate --noinput && skillaward manage collectstatic --noinput --verbosity 0 && exec gunicorn --bind 0.0.0.0:8000 --workers 3 --timeout 120 skillaward.web.wsgi:application"]
