"""gunicorn's settings in production (README, "En production") and in the benchmark (bench/run):
``gunicorn -c config/gunicorn.py config.wsgi --bind HOST:PORT``."""

import gc

workers = 3  # on 2 cores: one per core, and one more to take a request while another waits on PostgreSQL
# One request at a time per worker, as the sync worker does, but on the gthread worker: measured on the volume data,
# a page with long select lists (200 buyers in the contract list's filter, /rapports/) costs twice the CPU under the
# sync worker (~85 ms against ~45 for the contract list, mostly in the kernel mapping and unmapping memory).
worker_class = "gthread"
threads = 1
# ...and one connection at a time, closed after its response (as the sync worker does; behind the HTTPS proxy, its
# connections to gunicorn are short anyway): a worker busy with a PDF no longer accepts a connection while another
# worker is idle, and a kept-alive connection no longer ties a user to one worker. Measured at scale 1: by default,
# the benchmark's three warm-up users all landed on one worker, the others met their first pages during the
# measures (the facilitator's home: p95 ~330 ms against p50 ~135).
worker_connections = 1
keepalive = 0
timeout = 120  # the longest PDF reports, under load

# config/wsgi.py freezes what start-up loaded; a worker's first requests load as much again that lives as long as it
# does (compiled templates, translations, drawn charts, WeasyPrint for the PDFs). Left in the garbage collector's
# oldest generation, it was walked by every full collection: ~35 ms once every eight requests on the company page at
# scale 1, its p95. After its 1st, 2nd, 4th, 8th… request a worker collects then freezes what is left, so later full
# collections walk only what later requests leave: frequent while it warms up, then ever rarer.


def post_request(worker, req, environ, resp):
    """After the response is sent: the client does not wait for the collection."""
    if worker.nr & (worker.nr - 1) == 0:  # a power of two
        gc.collect()
        gc.freeze()
