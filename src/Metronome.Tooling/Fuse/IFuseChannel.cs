namespace Metronome.Tooling.Fuse;

/// <summary>
/// Where replies and notifications go: /dev/fuse in a mount, a recorder in tests. One call is one
/// message (header then body, written together); implementations must accept calls from any thread.
/// </summary>
internal interface IFuseChannel
{
    void Send(ReadOnlySpan<byte> header, ReadOnlySpan<byte> body);
}
