"""A generator for a realistic sample township (installed as ``gisgrid.sample_data``)."""
