"""Evidence: what the loader reads of a project's work records, the working-day calendar, deadline
rules and the metrics computed from records. Monitoring and the self-evaluation form, built on
them, are stages of their own in :mod:`jixiao.forms` (map: ../docs.md)."""
