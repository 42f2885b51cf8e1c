using System.Runtime.InteropServices;

namespace Metronome.Cli;

/// <summary>
/// SIGINT, SIGTERM and SIGHUP all mean "stop and report what you have", as they do for dahdi_test.
/// The default action (terminate) is cancelled, so the caller can print its summary.
/// </summary>
internal static class StopSignals
{
    public static CompositeDisposable Register(Action stop) => Register(_ => stop());

    /// <summary>As above, telling <paramref name="stop"/> which signal came.</summary>
    public static CompositeDisposable Register(Action<PosixSignal> stop) =>
        new([.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }
            .Select(signal => PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                stop(context.Signal);
            }))]);
}
