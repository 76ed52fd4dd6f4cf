"""Engines: the same statistics computed another way, above the statistics they compute.

- :mod:`toolkit.engines.streaming` (also ``toolkit.streaming``): a corpus in chunks, bounded memory;
- :mod:`toolkit.engines.dask_engine` (also ``toolkit.dask_engine``): on a Dask cluster.

An engine imports statistics, never the other way round: a statistic reaches an engine through
:mod:`toolkit.registry` (``frequency(tokens, engine="dask")``). The partial counts both engines
merge (:class:`toolkit.frequencies.FrequencyCounts`, :class:`toolkit.cooccurrences.CooccurrenceSum`)
are statistics and live with them.
"""
