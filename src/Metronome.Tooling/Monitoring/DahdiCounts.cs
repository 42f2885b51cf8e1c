using Metronome.Tooling.Fuse;

namespace Metronome.Tooling.Monitoring;

/// <summary>What metronome dahdi's devices and request threads report at a publication (Monitoring does not know the devices: the caller reads them).</summary>
internal readonly record struct DahdiCounts(int PseudoChannels, int TimerChannels, long BlocksDelivered, long BlocksLost, long TimerEvents,
    FuseRequestTotals Requests);
