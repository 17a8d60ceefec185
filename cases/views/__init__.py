"""Pages of the register and of disputes."""
