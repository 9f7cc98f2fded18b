"""Requests at the same moment, each on a database connection of its own (PostgreSQL tests)."""

import threading

from django.db import connections


def at_once(*requests):
    """Run the requests in threads released together, each on its own database connection; their
    responses' status codes, in order."""
    barrier = threading.Barrier(len(requests))
    statuses = [None] * len(requests)

    def run(index, request):
        try:
            barrier.wait()
            statuses[index] = request().status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, request)) for i, request in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses
