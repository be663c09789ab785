"""The forms: in-year monitoring (绩效运行监控) and the self-evaluation form (绩效自评表), each a stage
over a loaded project like scoring, and both written as xlsx or docx (map: ../docs.md)."""
