namespace Metronome.Tooling.Load;

/// <summary>What the load workers did: operations of each kind and over how long.</summary>
internal sealed record LoadReport(double Seconds, LoadProfile Profile, long CpuLoops, long MemoryBytes, long IoSyncs, long SwitchRoundTrips);
