"""The scale benchmark of axisdb (``make bench-scale``): figures at 30,000 and 300,000 events, never pass/fail.

One job per module:

- ``database``: the throwaway database (created, migrated, always dropped);
- ``generate``: the synthetic data set, generated in SQL (and grown in place);
- ``servers``: axisdb and the baseline app under gunicorn, and their workers' memory;
- ``load``: HTTP load (wrk, or a small Python load generator);
- ``api``: the API paths measured and the check that both servers answer the same JSON;
- ``csvrate``: the API's CSV downloads against ``COPY ... TO STDOUT``;
- ``importrate``: ``manage.py import_fixtures`` against ``COPY ... FROM STDIN``;
- ``adminpages``: the admin changelists' server time and query counts (in-process);
- ``report``: the table of figures;
- ``__main__``: the run, in order.

Only URLs, table and column names and the fixture CSV format are assumed, so
that the harness keeps measuring while the application's internals change.
"""
