namespace Metronome.Timing;

/// <summary>
/// No precise tick source opens on this host (not Linux, a seccomp filter, an old kernel), and the
/// options did not allow the best-effort fallback. The message says why, one reason per source tried.
/// </summary>
public sealed class TickerUnavailableException : Exception
{
    /// <summary>Without a reason (the usual exception constructors, for completeness).</summary>
    public TickerUnavailableException() { }

    /// <summary>With the reason, one line.</summary>
    public TickerUnavailableException(string message) : base(message) { }

    /// <summary>With the reason and the source's own error.</summary>
    public TickerUnavailableException(string message, Exception innerException) : base(message, innerException) { }
}
