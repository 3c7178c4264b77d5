"""What an operator sees: log lines without secrets, a request id and one access line per
request, and Prometheus metrics."""
