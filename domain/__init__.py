"""The shop's entities, value objects and rules, in plain Python."""
