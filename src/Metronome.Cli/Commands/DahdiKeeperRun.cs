using System.Diagnostics;
using System.Runtime.InteropServices;
using Metronome.Timing.Linux;
using Metronome.Tooling.Dahdi;
using Metronome.Tooling.Fuse;

namespace Metronome.Cli.Commands;

/// <summary>
/// Plain `metronome dahdi`: a small keeper process that mounts, holds the /dev/fuse descriptors and the
/// channels' state page, and runs the serving process (this program again, with --serve-fds and
/// --state-fd), starting a new one whenever it dies, so that open timers and pseudo channels outlive it.
/// SIGINT or SIGTERM: stop the serving process, unmount, exit. SIGHUP: replace the serving process
/// (after an upgrade, the new binary serves the same mount).
/// </summary>
internal static class DahdiKeeperRun
{
    /// <summary>The serving process's exit code when it refused the state page (another version's layout) and reset it.</summary>
    public const int StateRefused = 4;

    /// <summary>A serving process that dies this many times in a row, each within <see cref="QuickDeath"/> of its start, is not restarted again.</summary>
    private const int MaxQuickDeaths = 5;
    private static readonly TimeSpan QuickDeath = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(8);

    private const int SIGHUP = 1;

    private enum Request { None, Stop, Replace }

    public static int Run(string mountPoint, bool force, int requestThreads, IReadOnlyList<string> arguments, TextWriter stdout, TextWriter stderr)
    {
        var request = Request.None;
        using var wake = new AutoResetEvent(false);
        void On(PosixSignalContext context, Request what)
        {
            context.Cancel = true;
            if (request != Request.Stop) request = what;
            wake.Set();
        }
        // Registered before the mount: a signal from now on must not kill the keeper with the mount behind it.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => On(c, Request.Stop));
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => On(c, Request.Stop));
        using var hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, c => On(c, Request.Replace));
        var notes = new List<string>();
        DahdiKeeper keeper;
        try
        {
            keeper = DahdiKeeper.Mount(mountPoint, force, requestThreads, notes);
        }
        catch (Exception e) when (e is DahdiException or FuseException or IOException)
        {
            foreach (var note in notes) stderr.WriteLine($"metronome: {note}");
            stderr.WriteLine($"metronome: {e.Message}");
            return MetronomeCli.Failure;
        }
        using (keeper)
        {
            foreach (var note in notes) stderr.WriteLine($"metronome: {note}");
            stdout.WriteLine($"Keeper process PID {Environment.ProcessId} holds {keeper.MountPoint}: a serving process that dies is replaced, open channels kept.");
            stdout.Flush();
            int code = Keep(keeper, arguments, wake, () => request, () => request = Request.None, stdout, stderr);
            keeper.Dispose();
            stdout.WriteLine($"Unmounted {keeper.MountPoint}.");
            return code;
        }
    }

    private static int Keep(DahdiKeeper keeper, IReadOnlyList<string> arguments, AutoResetEvent wake, Func<Request> request, Action handled,
        TextWriter stdout, TextWriter stderr)
    {
        int quickDeaths = 0;
        while (true)
        {
            using var server = Start(keeper, arguments);
            var started = DateTime.UtcNow;
            using var exited = new ManualResetEvent(false);
            server.EnableRaisingEvents = true;
            server.Exited += (_, _) => exited.Set();
            if (server.HasExited) exited.Set();
            while (WaitHandle.WaitAny([exited, wake]) == 1 && request() == Request.None) { }
            switch (request())
            {
                case Request.Stop:
                    return Stop(server, LibC.SIGTERM, stderr) ? MetronomeCli.Success : MetronomeCli.Failure;
                case Request.Replace:
                    handled();
                    // SIGHUP: the serving process hands over (it does not tell systemd that the service stops).
                    Stop(server, SIGHUP, stderr);
                    quickDeaths = 0;
                    continue;
            }
            int code = server.ExitCode;
            if (code == StateRefused)
            {
                var notes = new List<string>();
                keeper.Remount(notes);
                foreach (var note in notes) stderr.WriteLine($"metronome: {note}");
                continue;
            }
            if (code is MetronomeCli.Failure or MetronomeCli.Usage) return code;
            if (code == MetronomeCli.Success)
            {
                // Stopped by a signal of its own: Ctrl-C reaches the keeper too, an instant later.
                if (wake.WaitOne(TimeSpan.FromMilliseconds(300)) && request() == Request.Stop) return MetronomeCli.Success;
            }
            quickDeaths = DateTime.UtcNow - started < QuickDeath ? quickDeaths + 1 : 0;
            if (quickDeaths >= MaxQuickDeaths)
            {
                stderr.WriteLine($"metronome: the serving process died {quickDeaths} times in a row within {QuickDeath.TotalSeconds:0} s of its start; giving up");
                return MetronomeCli.Failure;
            }
            stderr.WriteLine($"metronome: serving process PID {server.Id} ended ({Ended(code)}); starting another on {keeper.MountPoint}");
        }
    }

    private static string Ended(int code) => code > 128 ? $"signal {code - 128}" : $"exit code {code}";

    private static Process Start(DahdiKeeper keeper, IReadOnlyList<string> arguments)
    {
        var self = SelfCommand.Get();
        var start = new ProcessStartInfo(self[0]) { UseShellExecute = false };
        foreach (string argument in self.Skip(1).Concat(arguments)) start.ArgumentList.Add(argument);
        start.ArgumentList.Add("--serve-fds");
        start.ArgumentList.Add(string.Join(',', keeper.FuseFds));
        start.ArgumentList.Add("--state-fd");
        start.ArgumentList.Add(keeper.Page.Fd.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return ChildStart.Start(start, [.. keeper.FuseFds, keeper.Page.Fd]) ?? throw new IOException("cannot start the serving process");
    }

    /// <summary>Signals the serving process and waits for it; one that does not end in time is killed. True if it ended with 0.</summary>
    private static bool Stop(Process server, int signal, TextWriter stderr)
    {
        if (!server.HasExited) LibC.Kill(server.Id, signal);
        if (server.WaitForExit(StopWait)) return server.ExitCode == MetronomeCli.Success;
        stderr.WriteLine($"metronome: serving process PID {server.Id} did not stop within {StopWait.TotalSeconds:0} s; killed");
        server.Kill();
        server.WaitForExit();
        return false;
    }
}
