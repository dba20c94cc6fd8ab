"""The built-in catalog: one module per topic, each claim declared with ``@identity``."""
