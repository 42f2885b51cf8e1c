using System.Runtime.InteropServices;

namespace Metronome.Timing.Linux;

/// <summary>struct timespec on 64-bit Linux.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Timespec
{
    public long Seconds;
    public long Nanoseconds;

    public static Timespec FromNs(long ns) => new() { Seconds = ns / 1_000_000_000, Nanoseconds = ns % 1_000_000_000 };

    public readonly long ToNs() => Seconds * 1_000_000_000 + Nanoseconds;
}

/// <summary>struct itimerspec: the interval, then the first expiry.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ITimerspec
{
    public Timespec Interval;
    public Timespec Value;
}

/// <summary>struct rusage; only the two CPU times are read, the rest is padding of the right size.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct RUsage
{
    public Timespec UserTime;   // struct timeval {tv_sec, tv_usec}: same layout, microseconds
    public Timespec SystemTime;
    public fixed long Rest[14];

    public readonly long CpuNs => (UserTime.Seconds + SystemTime.Seconds) * 1_000_000_000
                                  + (UserTime.Nanoseconds + SystemTime.Nanoseconds) * 1_000;
}
