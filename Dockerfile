# Production image: Debian 12 with the apt packages WeasyPrint and Chinese PDFs need.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y --no-install-recommends \
      gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-wqy-zenhei curl postgresql-client \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml ./
RUN pip install --no-cache-dir -e ".[s3]"
COPY . .
RUN DJANGO_SECRET_KEY=build DJANGO_DEBUG=true python manage.py compilemessages -v0 \
    && DJANGO_SECRET_KEY=build PORTAL_EMBEDDED=true python manage.py collectstatic --noinput -v0
RUN useradd --system --home /app portal && mkdir -p /app/var/media && chown -R portal /app/var
USER portal
EXPOSE 8000
