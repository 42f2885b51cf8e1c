using Metronome.Tooling.Fuse;

namespace Metronome.Tests.Fakes;

/// <summary>
/// A channel that holds the reply to one chosen request until released, as a request thread would
/// be held mid-reply (preempted, or its vCPU stopped) while it is inside a device.
/// </summary>
internal sealed class StallingChannel(IFuseChannel inner, ulong stallOn) : IFuseChannel, IDisposable
{
    private readonly ManualResetEventSlim _release = new(false);

    /// <summary>Set once the chosen reply is being held.</summary>
    public ManualResetEventSlim Stalled { get; } = new(false);

    public void Release() => _release.Set();

    public void Dispose()
    {
        _release.Dispose();
        Stalled.Dispose();
    }

    public void Send(ReadOnlySpan<byte> header, ReadOnlySpan<byte> body)
    {
        if (BitConverter.ToUInt64(header[8..16]) == stallOn)
        {
            Stalled.Set();
            _release.Wait();
        }
        inner.Send(header, body);
    }
}
