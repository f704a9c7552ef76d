"""Receivers: page-cache purges for what public pages show of the board."""
