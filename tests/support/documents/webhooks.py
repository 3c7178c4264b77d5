"""GraphQL documents of webhooks used by more than one test module."""

ENDPOINT_FIELDS = "id url description events enabled disabledReason createdAt"

CREATE = f"""
mutation($input: CreateWebhookEndpointInput!) {{
  createWebhookEndpoint(input: $input) {{
    endpoint {{ {ENDPOINT_FIELDS} }}
    secret
    userErrors {{ field message code }}
  }}
}}"""

UPDATE = f"""
mutation($input: UpdateWebhookEndpointInput!) {{
  updateWebhookEndpoint(input: $input) {{
    endpoint {{ {ENDPOINT_FIELDS} }}
    userErrors {{ field message code }}
  }}
}}"""
