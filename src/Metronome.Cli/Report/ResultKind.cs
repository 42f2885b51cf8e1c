namespace Metronome.Cli.Report;

/// <summary>The kinds of saved result the report reads, each told by its shape (<see cref="ResultShape"/>).</summary>
internal enum ResultKind
{
    Test,
    Compare,
    Doctor,
}
