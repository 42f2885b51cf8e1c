namespace Metronome.Tooling.Dahdi;

/// <summary>The DAHDI devices cannot be served; the message is one line for the user.</summary>
internal sealed class DahdiException(string message) : Exception(message);
