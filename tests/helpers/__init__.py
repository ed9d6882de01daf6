"""Helpers shared by the exercise and progress tests (fixtures and subprocess scripts)."""
