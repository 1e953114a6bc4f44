"""The gunicorn settings both sites run with in `make bench` (the same for both)."""

workers = 2
worker_class = "sync"
timeout = 300
accesslog = None
errorlog = "-"
loglevel = "warning"
