# cnnviz for a class: one container, CPU TensorFlow, the app on port 8501.
FROM python:3.11-slim

# MALLOC_ARENA_MAX=2: glibc's per-thread malloc arenas fragment under TensorFlow's threads; two keep a
# training's memory flat (bench/flowers_memory.py: 449–454 MB instead of 470–501 MB for the flower photos).
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 TF_CPP_MIN_LOG_LEVEL=2 \
    CNNVIZ_MAX_TRAININGS=2 MALLOC_ARENA_MAX=2
WORKDIR /app
COPY requirements.txt .
# psycopg: the PostgreSQL driver, for several replicas sharing one database (deploy/docker-compose.yml).
RUN pip install --no-cache-dir -r requirements.txt "psycopg[binary]==3.3.9"
COPY . .
RUN useradd --create-home cnnviz && chown -R cnnviz /app
USER cnnviz

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)" || exit 1
CMD ["streamlit", "run", "app.py", "--server.port=8501", "--server.address=0.0.0.0"]
