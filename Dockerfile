# The bot: python-telegram-bot, pydantic 2, Babel; talks to the rasa service over HTTP.
FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md babel.cfg ./
COPY bot ./bot
COPY nlu ./nlu
RUN pip install --no-cache-dir . && python -m bot i18n compile
COPY content ./content
# Content is also mounted read-only by docker-compose, so edits go live without a rebuild.
ENV CONTENT_DIR=/app/content STATE_PATH=/data/state.sqlite3 RASA_AUTOSTART=false
# Not root: the bot needs no privilege, only its state volume.
RUN useradd --system --uid 10001 --home-dir /app bot && mkdir -p /data && chown bot /data
USER bot
VOLUME ["/data"]
CMD ["python", "-m", "bot", "serve"]
