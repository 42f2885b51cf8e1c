namespace Metronome.Ticking;

/// <summary>
/// No precise tick source opens on this host (not Linux, a seccomp filter, an old kernel), and the
/// options did not allow the best-effort fallback. The message says why, one reason per source tried.
/// </summary>
public sealed class TickerUnavailableException : Exception
{
    public TickerUnavailableException() { }

    public TickerUnavailableException(string message) : base(message) { }

    public TickerUnavailableException(string message, Exception innerException) : base(message, innerException) { }
}
