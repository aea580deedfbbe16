"""Tools above the console: seeding synthetic stores, the benchmark and the memory run."""
