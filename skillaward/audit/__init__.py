"""The audit trail of everything: one append-only entry per change, on the ground floor.

Every service that changes anything calls :func:`skillaward.audit.services.audit_record` in
its own transaction; pages and the command line read the trail through
:mod:`skillaward.audit.selectors`.
"""
