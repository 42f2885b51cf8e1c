using Metronome.Tooling.Fuse;

namespace Metronome.Tests.Fakes;

/// <summary>A FUSE channel that only counts messages and bytes, so a test can measure allocations around it.</summary>
internal sealed class CountingChannel : IFuseChannel
{
    public long Messages { get; private set; }
    public long Bytes { get; private set; }

    public void Send(ReadOnlySpan<byte> header, ReadOnlySpan<byte> body)
    {
        Messages++;
        Bytes += header.Length + body.Length;
    }
}
