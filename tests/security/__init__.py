"""Hostile and broken inputs: term sheets, templates, PDF resources and output folders."""
