"""Settings for Compact Casework: base, local (the demo), test and production."""
