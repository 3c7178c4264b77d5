"""Third-party apps: API clients (a token with scopes) that act for a firm."""
