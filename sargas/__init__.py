"""The shared platform every Sargas package stands on: settings, database, clock, principal, the
tables used by more than one package, the outbox and blob storage.

It imports nothing of ours except the redactor's value types; ``retention``, ``forms`` and
``intake_api`` import it, never the other way round (``tests/test_layers.py`` checks).
"""
