"""The domain layer: the rules of the product, usable without GraphQL."""
