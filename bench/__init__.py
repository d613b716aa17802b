"""`make bench`: accuracy against baselines, latency, training time and memory, printed and written."""
