namespace Metronome.Tooling.Fuse;

/// <summary>The FUSE connection could not be made or broke; the message is one line for the user.</summary>
internal sealed class FuseException(string message) : Exception(message);
