"""Load benchmark: websocket fan-out latency, capacity, memory and command latency.

Run ``python -m bench --quick`` for a smoke run or ``python -m bench`` for the full one; both
measure a bare Starlette broadcast server (``bench.baseline``) in the same run, so the app's
figures always come with a reference taken on the same machine at the same moment.
"""
