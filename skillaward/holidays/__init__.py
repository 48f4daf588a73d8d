"""Holiday schedules the office uploads for years the ``chinese-calendar`` package does not know
(issue 13 §5): the State Council's notice of each year's days off and make-up working days, kept
in the database and used wherever working days are counted (publicity periods)."""
