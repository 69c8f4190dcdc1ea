# Breedbeeld: a small image, configured only by environment variables (see README).
# Build: docker build -t breedbeeld .   Run: docker run -p 3978:3978 --env-file .env breedbeeld

FROM python:3.13-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY dialogs ./dialogs
COPY domain ./domain
COPY questions ./questions
COPY bench ./bench
RUN python -m venv /opt/breedbeeld \
 && /opt/breedbeeld/bin/pip install --no-cache-dir --upgrade pip \
 && /opt/breedbeeld/bin/pip install --no-cache-dir .

FROM python:3.13-slim
RUN useradd --create-home --uid 10001 breedbeeld
COPY --from=build /opt/breedbeeld /opt/breedbeeld
ENV PATH="/opt/breedbeeld/bin:$PATH" \
    PYTHONUNBUFFERED=1 \
    PORT=3978 \
    DATABASE_URL=sqlite:////data/breedbeeld.db
RUN mkdir /data && chown breedbeeld /data
VOLUME ["/data"]
USER breedbeeld
WORKDIR /home/breedbeeld
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\", \"3978\")}/healthz', timeout=4)"
CMD ["breedbeeld", "serve"]
