"""gunicorn's settings in production (README, "En production") and in the benchmark (bench/run):
``gunicorn -c config/gunicorn.py config.wsgi --bind HOST:PORT``."""

import gc

workers = 3  # on 2 cores: one per core, and one more to take a request while another waits on PostgreSQL
# One request at a time per worker, as the sync worker does, but on the gthread worker: measured on the volume data,
# a page with long select lists (200 buyers in the contract list's filter, /rapports/) costs twice the CPU under the
# sync worker (~85 ms against ~45 for the contract list, mostly in the kernel mapping and unmapping memory).
worker_class = "gthread"
threads = 1
timeout = 120  # the longest PDF reports, under load

# config/wsgi.py freezes what start-up loaded; a worker's first requests load as much again that lives as long as it
# does (compiled templates, translations, drawn charts, WeasyPrint for the PDFs). Left to the garbage collector, each
# full collection walked it: ~35 ms, once every eight requests on the company page at scale 1, its p95. After
# these requests, a collection then a freeze: later full collections walk only what later requests leave.
FREEZE_AFTER_REQUESTS = (10, 100, 1000)


def post_request(worker, req, environ, resp):
    """After the response is sent (the client does not wait for the collection)."""
    if worker.nr in FREEZE_AFTER_REQUESTS:
        gc.collect()
        gc.freeze()
