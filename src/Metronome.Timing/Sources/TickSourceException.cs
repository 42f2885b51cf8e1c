namespace Metronome.Timing.Sources;

/// <summary>A source could not open or failed while ticking; the message is one line for the operator.</summary>
internal sealed class TickSourceException(string message) : Exception(message);
