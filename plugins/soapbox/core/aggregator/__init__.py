"""Around the web: the aggregator of related industry blogs (see model.py for the stages)."""
