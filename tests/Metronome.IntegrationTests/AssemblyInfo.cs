// Real timers and real processes: run one at a time so tests do not load the CPU under each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
