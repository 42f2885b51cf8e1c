namespace Metronome.Tooling.Fuse;

/// <summary>Owner and permission bits of the served files, and the time their attributes show.</summary>
internal sealed record FuseServerOptions(uint Uid, uint Gid, uint FileMode, long TimeSeconds);
