# Two commands do everything on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
BOT_VENV := .venv-bot
RASA_VENV := .venv-rasa
BOT_PY := $(BOT_VENV)/bin/python
RASA_PY := $(RASA_VENV)/bin/python
export RASA_TELEMETRY_ENABLED := false
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run chat telegram line serve test test-fast fuzz check-content lint train nlu-data i18n i18n-extract bench \
        setup setup-bot setup-rasa setup-redis validate-nlu cross-validate compose-config clean

# With TELEGRAM_BOT_TOKEN and/or the two LINE_* settings, `serve` runs those channels in one process.
run: setup train i18n
	@if [ -n "$$TELEGRAM_BOT_TOKEN" ] || grep -qs '^TELEGRAM_BOT_TOKEN=.' .env \
		|| [ -n "$$LINE_CHANNEL_ACCESS_TOKEN" ] || grep -qs '^LINE_CHANNEL_ACCESS_TOKEN=.' .env; then \
		exec $(BOT_PY) -m bot serve; \
	else \
		echo "No TELEGRAM_BOT_TOKEN set: starting the console chat (Ctrl-C or /quit to stop)."; \
		exec $(BOT_PY) -m bot chat; \
	fi

chat: setup train i18n
	$(BOT_PY) -m bot chat

telegram: setup train i18n
	$(BOT_PY) -m bot telegram

line: setup train i18n
	$(BOT_PY) -m bot line

serve: setup train i18n
	$(BOT_PY) -m bot serve

setup: setup-bot setup-rasa

# The Redis tests run against a real redis-server (Debian's package).
setup-redis:
	@command -v redis-server >/dev/null || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; \
		else echo "redis-server is missing: sudo apt-get install redis-server"; exit 1; fi; }

# The stamp files make setup a no-op until the requirements change.
setup-bot: $(BOT_VENV)/.installed
$(BOT_VENV)/.installed: pyproject.toml
	@py=$$(scripts/find-python.sh 3.12 || scripts/find-python.sh 3.11) || { echo "Python 3.11+ not found"; exit 1; }; \
	[ -x $(BOT_PY) ] || $$py -m venv $(BOT_VENV)
	$(BOT_PY) -m pip install -q --upgrade pip
	$(BOT_PY) -m pip install -q -e '.[dev]'
	@touch $@

setup-rasa: $(RASA_VENV)/.installed
$(RASA_VENV)/.installed: requirements-rasa.txt
	@py=$$(scripts/find-python.sh 3.10) || { echo "Python 3.10 not found (Rasa 3.6 needs 3.8-3.10)"; exit 1; }; \
	[ -x $(RASA_PY) ] || $$py -m venv $(RASA_VENV)
	$(RASA_PY) -m pip install -q --upgrade pip wheel
	$(RASA_PY) -m pip install -q -r requirements-rasa.txt
	@touch $@

check-content: setup-bot
	$(BOT_PY) -m bot.content check

nlu-data: setup-bot
	$(BOT_PY) -m bot nlu build

# Trains only when the training data, config.yml or the tokenizer changed (keyed on their hash).
train: setup nlu-data
	$(BOT_PY) -m bot nlu train

validate-nlu: setup nlu-data
	$(BOT_PY) -m bot nlu validate

# `rasa test nlu --cross-validation` from the root (3 folds, about 3 trainings); reports in
# var/cross-validation/. Not part of `make test`: it takes about as long as three trainings.
cross-validate: setup nlu-data
	$(BOT_PY) -m bot nlu cross-validate --folds 3

i18n: setup-bot
	$(BOT_PY) -m bot i18n compile

i18n-extract: setup-bot
	$(BOT_PY) -m bot i18n extract

lint: setup-bot
	$(BOT_VENV)/bin/ruff check bot nlu tests bench
	$(BOT_VENV)/bin/ruff format --check bot nlu tests bench
	$(BOT_VENV)/bin/mypy

# Two pytest workers (each with its own Rasa server, ~1 GB): CI's two cores, in about half the time.
PYTEST_WORKERS ?= 2
test: setup setup-redis check-content compose-config validate-nlu train i18n lint
	$(BOT_PY) -m pytest -q -n $(PYTEST_WORKERS) --durations=10

test-fast: setup-bot i18n
	$(BOT_PY) -m pytest -q -m "not rasa"

# The fuzz test at full length (make test sends 2,500 updates): about 5 minutes.
fuzz: setup train i18n setup-redis
	FUZZ_UPDATES=10000 $(BOT_PY) -m pytest -q -s tests/e2e/test_fuzz.py

bench: setup train i18n
	$(BOT_PY) -m bench

# No Docker engine runs here; Debian's docker-compose still validates the file.
compose-config:
	@command -v docker-compose >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null; }
	TELEGRAM_BOT_TOKEN=validate RASA_TOKEN=validate docker-compose -f docker-compose.yml config -q
	@echo "docker-compose.yml is valid"

clean:
	rm -rf models nlu/generated .rasa results var
