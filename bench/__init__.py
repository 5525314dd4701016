"""Benchmarks of the portal at CAST scale (`make bench`): the dataset generator, one module per figure.

Not part of the test suite and not imported by the portal itself; the `bench_dataset` management command
(core/management/commands) and tests/bench import bench.dataset.
"""
