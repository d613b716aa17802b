# The Rasa service: the official Rasa 3.6.21 image, plus what this project's pipeline imports
# (bm25s for nlu/components/keyword_fusion.py; jieba is already in the "full" image) and the
# trained model, so every replica starts from the same image. Build after `make train`.
FROM rasa/rasa:3.6.21-full
USER root
COPY requirements-rasa.txt /tmp/requirements-rasa.txt
# Only the additions: rasa itself is the image's own.
RUN grep -v '^rasa==' /tmp/requirements-rasa.txt | pip install --no-cache-dir -r /dev/stdin
WORKDIR /app
COPY config.yml endpoints.yml ./
COPY nlu ./nlu
COPY models ./models
ENV PYTHONPATH=/app RASA_TELEMETRY_ENABLED=false
USER 1001
