"""Evidence: work records, the working-day calendar, deadline rules and metrics computed from
records; in-year monitoring and the self-evaluation form built on them (map: ../docs.md)."""
