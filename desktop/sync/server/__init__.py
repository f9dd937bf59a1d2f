"""The district server: an ASGI service over PostgreSQL where the desks of a district meet."""
