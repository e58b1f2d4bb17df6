# One image for every Sargas service: API (`sargas serve`), Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    OMP_THREAD_LIMIT=1 \
    SARGAS_DATA_DIR=/data \
    PATH=/opt/sargas/bin:$PATH

RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      tesseract-ocr tesseract-ocr-eng tesseract-ocr-lit tesseract-ocr-lav tesseract-ocr-rus \
      fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --system --uid 10001 --home-dir /data sargas \
 && mkdir -p /data && chown sargas /data

WORKDIR /app
COPY pyproject.toml README.md LICENSE ./
COPY redactor ./redactor
COPY sargas ./sargas
COPY intake_api ./intake_api
COPY forms ./forms
COPY retention ./retention
# the same mechanism as .ci/install / .ci/run: a virtual environment, a regular (non-editable) install
RUN python -m venv /opt/sargas \
 && /opt/sargas/bin/pip install --no-cache-dir '.[scale]' \
 && rm -rf build ./*.egg-info

USER sargas
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"
CMD ["sargas", "serve", "--host", "0.0.0.0", "--port", "8000"]
