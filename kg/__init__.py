"""kg: a knowledge-graph builder for Ofsted inspections of English children's services."""
__version__ = "0.1.0"
