using System.Runtime.InteropServices;

namespace Metronome.Cli;

/// <summary>
/// How every verb answers SIGINT, SIGTERM and SIGHUP. The default action (terminate) is always
/// cancelled, so the caller decides what each means: stop and report what it has (as dahdi_test does),
/// reopen a log (as daemons do on SIGHUP), or nothing at all.
/// </summary>
internal static class StopSignals
{
    /// <summary>SIGINT, SIGTERM and SIGHUP all run <paramref name="stop"/>.</summary>
    public static CompositeDisposable Register(Action stop) => Register(stop, hangup: stop);

    /// <summary>SIGINT and SIGTERM run <paramref name="stop"/>; SIGHUP runs <paramref name="hangup"/>.</summary>
    public static CompositeDisposable Register(Action stop, Action hangup) => new([
        Handle(PosixSignal.SIGINT, stop),
        Handle(PosixSignal.SIGTERM, stop),
        Handle(PosixSignal.SIGHUP, hangup),
    ]);

    /// <summary>All three are ignored: the process ends some other way.</summary>
    public static CompositeDisposable Ignore() => Register(stop: static () => { }, hangup: static () => { });

    private static PosixSignalRegistration Handle(PosixSignal signal, Action action) =>
        PosixSignalRegistration.Create(signal, context =>
        {
            context.Cancel = true;
            action();
        });
}
