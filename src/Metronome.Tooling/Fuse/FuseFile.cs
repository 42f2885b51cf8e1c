namespace Metronome.Tooling.Fuse;

/// <summary>A regular file in the root directory: its name and inode number (2 and up; 1 is the root).</summary>
internal sealed record FuseFile(string Name, ulong Id);
