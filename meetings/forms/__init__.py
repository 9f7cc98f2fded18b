"""The meetings app's forms, one module per concept."""
