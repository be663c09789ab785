"""Built-in audit checks, one module each; every module defines ``CHECK``."""
