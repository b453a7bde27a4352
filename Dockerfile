# unionbot: the union's Telegram Q&A bot (answers in Chinese from the union's own articles, with citations).
#
#   docker build -t unionbot .
#   docker run --rm unionbot ask "工会"                 # one cited answer, no token needed
#   docker run -d --name unionbot --read-only --tmpfs /tmp -v unionbot-data:/data \
#     -e TELEGRAM_BOT_TOKEN=123456:ABC... unionbot      # the bot (long polling)
#
# Stage 1 builds wheels for the project and every dependency; the final stage installs only those
# wheels (no compiler, no pip cache, no source tree), prebuilds jieba's dictionary cache and the index
# of the bundled knowledge under /app/.cache (root's, read-only), and runs as the numeric user 10001.
# The root file system may be read-only: state (the question log) goes to the /data volume, temp files
# and new caches to /tmp.

ARG PYTHON_IMAGE=python:3.12-slim

# ---------------------------------------------------------------- stage 1: wheels
FROM ${PYTHON_IMAGE} AS wheels
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
# Dependencies first (their own layer, rebuilt only when pyproject.toml or the constraints change).
# A constraints.txt next to pyproject.toml, when present, pins every version. EXTRA_PACKAGES adds
# optional requirements, e.g. --build-arg EXTRA_PACKAGES="psycopg[binary]" for DATABASE_URL=postgresql://.
ARG EXTRA_PACKAGES=""
COPY pyproject.toml constraints.tx[t] ./
RUN python -c "import os, tomllib; deps = tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']; \
deps += os.environ.get('EXTRA_PACKAGES', '').split(); open('requirements.txt', 'w').write(chr(10).join(deps) + chr(10))" \
 && if [ -f constraints.txt ]; then set -- --constraint constraints.txt; fi \
 && pip wheel --wheel-dir /wheels --requirement requirements.txt "$@"
# Then the project itself (README.md, pyproject's long description, is copied when it exists).
COPY pyproject.toml README.m[d] ./
COPY bot ./bot
RUN pip wheel --no-deps --wheel-dir /wheels . \
 && sha256sum /wheels/*.whl > /wheels/SHA256SUMS \
 && cat /wheels/SHA256SUMS

# ---------------------------------------------------------------- final stage
FROM ${PYTHON_IMAGE}
ARG PYTHON_IMAGE
ARG VERSION=0.1.0
ARG REVISION=unknown
ARG CREATED=unknown
ARG UID=10001
LABEL org.opencontainers.image.title="unionbot" \
      org.opencontainers.image.description="Telegram bot answering trade-union members' questions in Chinese from the union's own news articles, always citing the source" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.base.name="${PYTHON_IMAGE}"

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    UNIONBOT_CACHE_DIR=/app/.cache \
    KNOWLEDGE_DIR=/app/knowledge \
    DATA_DIR=/data

# The wheels are bind-mounted from stage 1, so they never become a layer of this image. Their
# checksums are copied first: some builders (buildah) leave a bind mount out of the cache key, and
# this small file makes any changed wheel (e.g. new code in bot/) re-run the install step.
COPY --from=wheels /wheels/SHA256SUMS /app/wheels.sha256
# pip compiles the .pyc files at install time; at run time nothing is written next to the code.
# The exact versions installed are listed in /app/requirements.lock (usable as a constraints.txt).
RUN --mount=type=bind,from=wheels,source=/wheels,target=/tmp/wheels \
    pip install --no-index --find-links /tmp/wheels /tmp/wheels/*.whl \
 && mkdir -p /app/.cache /data \
 && pip list --format=freeze --exclude unionbot --exclude pip > /app/requirements.lock \
 && groupadd --system --gid "${UID}" unionbot \
 && useradd --system --uid "${UID}" --gid "${UID}" --home-dir /app --no-create-home \
      --shell /usr/sbin/nologin unionbot \
 && chown "${UID}:${UID}" /data

WORKDIR /app
# The bundled knowledge (read-only, owned by root); mount your own over /app/knowledge to replace it.
# Permissions are normalised: files written by `bot build` may be private (0600) on the host.
COPY knowledge/ /app/knowledge/
COPY seeds/ /app/seeds/
RUN chmod -R u=rwX,go=rX /app/knowledge /app/seeds

# Warm-up, also a build-time self-test: check the knowledge, build jieba's dictionary cache and the
# index cache of the bundled knowledge in /app/.cache, and prove a cited answer comes back. It runs as
# root so that the caches are root's and read-only: the bot reads a cache only from a directory of its
# own user or of root that nobody else may write to (a cache is unpickled), so `docker run --user
# <any uid>` still uses them. New caches (another knowledge volume) go to /tmp/unionbot-<uid>.
RUN python -m bot check \
 && python -m bot ask "工会" \
 && python -m bot health \
 && chmod -R u=rwX,go=rX /app/.cache \
 && rm -rf /tmp/unionbot-* \
 && ls -l /app/.cache

USER ${UID}:${UID}
VOLUME ["/data"]
STOPSIGNAL SIGTERM
# Proves the bot can answer (loads the engine from the cache, asks one of the knowledge's own
# questions, requires a cited answer), not merely that the process exists.
# Each check is a short Python process (about 1-3 s of CPU), hence the two-minute interval.
HEALTHCHECK --interval=2m --timeout=60s --start-period=2m --retries=3 \
  CMD ["python", "-m", "bot", "health"]

ENTRYPOINT ["python", "-m", "bot"]
CMD ["run"]
