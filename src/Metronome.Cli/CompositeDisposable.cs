namespace Metronome.Cli;

/// <summary>Disposes several things as one (signal registrations, mostly).</summary>
internal sealed class CompositeDisposable(IDisposable[] items) : IDisposable
{
    public void Dispose()
    {
        foreach (var item in items) item.Dispose();
    }
}
