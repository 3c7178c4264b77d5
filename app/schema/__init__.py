"""The GraphQL schema: Strawberry types per domain area, assembled in `app.schema.root`."""
