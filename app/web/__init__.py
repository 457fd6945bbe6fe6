"""Web layer: the FastAPI application, its thin routers and the pages."""
