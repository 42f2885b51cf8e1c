namespace Metronome.Tooling.Fuse;

/// <summary>
/// Where the answer to one request goes: the /dev/fuse descriptor the request was read from (each clone
/// keeps its own list of requests in processing, so a reply written to another would not find its
/// request) and the request's unique id.
/// </summary>
internal readonly record struct FuseReplyTo(IFuseChannel Channel, ulong Unique);
