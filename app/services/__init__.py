"""Services layer: one transaction per command, queries for pages, and the scheduler."""
