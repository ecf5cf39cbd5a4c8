"""Readers and writers: vector files, Excel/CSV tables, coordinate systems."""
