# Colliding Logics: a slim image that runs as a non-root user and keeps its data in /data.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY app ./app
COPY scenarios ./scenarios
COPY roles ./roles
COPY templates ./templates
COPY static ./static
COPY babel.cfg ./
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
# Pango and a font for the PDF report (WeasyPrint); nothing else is needed at run time.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 game && mkdir /data && chown game /data
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
USER game
WORKDIR /home/game
ENV CL_DATA_DIR=/data PYTHONUNBUFFERED=1
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"]
CMD ["colliding-logics", "serve", "--host", "0.0.0.0"]
