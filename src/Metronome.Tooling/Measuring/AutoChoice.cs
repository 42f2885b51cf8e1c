namespace Metronome.Tooling.Measuring;

/// <summary>What `auto` chose: one tick thread per CPU of <paramref name="Cpus"/>, or one thread (null), and why, for the start line.</summary>
internal sealed record AutoChoice(IReadOnlyList<int>? Cpus, string Why);
