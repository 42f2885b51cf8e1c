namespace Metronome.Tooling.Load;

/// <summary>A load could not be started; the message is one line for the operator.</summary>
internal sealed class LoadException(string message) : Exception(message);
