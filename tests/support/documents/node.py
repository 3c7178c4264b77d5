"""The node(id) query, used by more than one test module."""

NODE_TYPENAME = """
query($id: ID!) {
  node(id: $id) { id __typename }
}"""
