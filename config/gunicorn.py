"""gunicorn's settings in production (README, "En production") and in the benchmark (bench/run):
``gunicorn -c config/gunicorn.py config.wsgi --bind HOST:PORT``."""

workers = 3  # on 2 cores: one per core, and one more to take a request while another waits on PostgreSQL
# One request at a time per worker, as the sync worker does, but on the gthread worker: measured on the volume data,
# a page with long select lists (200 buyers in the contract list's filter, /rapports/) costs twice the CPU under the
# sync worker (~85 ms against ~45 for the contract list, mostly in the kernel mapping and unmapping memory).
worker_class = "gthread"
threads = 1
timeout = 120  # the longest PDF reports, under load
