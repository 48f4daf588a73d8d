"""The ground floor of the platform: what every Django app shares and nothing else.

The refusal every service raises (:mod:`errors`), the Beijing clock (:mod:`clock`) and the
base form (:mod:`forms`). It imports only Django and :mod:`skillaward.core`.
"""
