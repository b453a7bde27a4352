"""Rendering answers and every text shown to a member."""
