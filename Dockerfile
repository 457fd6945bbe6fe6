# Colliding Logics: a slim image that runs as a non-root user and keeps its data in /data.
# The base is pinned to a full version tag. To pin its digest as well, look it up where you
# build (docker buildx imagetools inspect python:3.11.14-slim-bookworm) and pass
# --build-arg PYTHON_IMAGE=python:3.11.14-slim-bookworm@sha256:<digest>.
# Every Python package comes from requirements/ (make lock), its hash checked.
ARG PYTHON_IMAGE=python:3.11.14-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
WORKDIR /src
COPY requirements/build.txt ./requirements/
RUN pip install --no-cache-dir --require-hashes -r requirements/build.txt
COPY pyproject.toml README.md ./
COPY app ./app
COPY scenarios ./scenarios
COPY roles ./roles
COPY templates ./templates
COPY static ./static
COPY babel.cfg ./
RUN pip wheel --no-cache-dir --no-deps --no-build-isolation --wheel-dir /wheels .

FROM ${PYTHON_IMAGE}
# Pango and a font for the PDF report (WeasyPrint); nothing else is needed at run time.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 game && mkdir -m 700 /data && chown game /data
COPY requirements/run.txt /tmp/requirements.txt
RUN pip install --no-cache-dir --require-hashes -r /tmp/requirements.txt && rm /tmp/requirements.txt
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir --no-deps /wheels/*.whl && pip check && rm -rf /wheels
USER game
WORKDIR /home/game
ENV CL_DATA_DIR=/data PYTHONUNBUFFERED=1
VOLUME ["/data"]
EXPOSE 8000
# Healthy means ready (/readyz: the database, its schema and the broadcast backend answer), on
# the port serve listens on: CL_PORT (set it, rather than passing --port, to move the port).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/readyz' % (os.environ.get('CL_PORT') or 8000), timeout=4)"]
CMD ["colliding-logics", "serve", "--host", "0.0.0.0"]
