namespace Metronome.IntegrationTests.Packaging;

/// <summary>
/// The packages as a developer meets them: a fresh `dotnet new console` project takes Metronome.Timing
/// from the local package folder and is published with NativeAOT; the CLI installs as a dotnet tool.
/// </summary>
public sealed class NuGetPackageTests : IDisposable
{
    private static readonly TimeSpan DotnetTimeout = TimeSpan.FromMinutes(8);
    private readonly string _work = Directory.CreateTempSubdirectory("metronome-package-").FullName;

    public NuGetPackageTests()
    {
        // build.sh packs the same version again after every change: a copy restored by an earlier run
        // would stand in for the package under test.
        string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                       ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in new[] { "metronome.timing", "metronome.timing.tool", "metronome.timing.tool.linux-x64" })
        {
            string cached = Path.Combine(cache, id);
            if (Directory.Exists(cached)) Directory.Delete(cached, recursive: true);
        }
    }

    private const string ConsumerProgram = """
        using System.Diagnostics;
        using Metronome.Timing;

        using var ticker = Ticker.Start(new TickerOptions { RateHz = 50 });
        var clock = Stopwatch.StartNew();
        long received = 0, missed = 0, last = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(2))
        {
            var tick = ticker.WaitNext();
            received++;
            missed += tick.Missed;
            last = tick.Index;
        }
        var stats = ticker.GetStatistics();
        Console.WriteLine($"source={ticker.SourceName} best_effort={ticker.IsBestEffort} received={received} missed={missed} last={last} timer_missed={stats.MissedByTimer} not_consumed={stats.NotConsumed} p99_us={stats.LatenessP99.TotalMicroseconds}");
        """;

    [Fact]
    public void Given_the_library_package_When_a_fresh_console_app_uses_it_under_NativeAOT_Then_it_ticks_100_times_in_2_s_and_accounts_for_every_tick()
    {
        string version = LocalPackages.Version("Metronome.Timing");
        string app = Path.Combine(_work, "consumer");
        Dotnet("new", "console", "-o", app, "--framework", "net10.0");
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local" value="{LocalPackages.Directory}" />
              </packageSources>
            </configuration>
            """);
        Dotnet("add", app, "package", "Metronome.Timing", "--version", version, "--source", LocalPackages.Directory);
        File.WriteAllText(Path.Combine(app, "Program.cs"), ConsumerProgram);
        string publish = Path.Combine(_work, "publish");
        var (_, published, _) = Dotnet("publish", app, "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-o", publish);
        Assert.DoesNotContain("warning IL", published, StringComparison.Ordinal);
        // The package depends on nothing: the app's restore graph holds Metronome.Timing and no package of the tool's.
        string assets = File.ReadAllText(Path.Combine(app, "obj", "project.assets.json"));
        Assert.Contains("\"Metronome.Timing/", assets, StringComparison.Ordinal);
        Assert.DoesNotContain("prometheus-net", assets, StringComparison.OrdinalIgnoreCase);

        var (code, stdout, stderr) = CliProcess.RunProgram(TimeSpan.FromSeconds(30), Path.Combine(publish, "consumer"));

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        var fields = stdout.Trim().Split(' ').Select(kv => kv.Split('=')).ToDictionary(kv => kv[0], kv => kv[1]);
        Assert.Equal("False", fields["best_effort"]);
        long received = long.Parse(fields["received"], System.Globalization.CultureInfo.InvariantCulture);
        long missed = long.Parse(fields["missed"], System.Globalization.CultureInfo.InvariantCulture);
        long last = long.Parse(fields["last"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(last, 97, 103);
        // Every tick of the schedule was either received or reported missed, and the ticker's own
        // counts of missed ticks add up to what the consumer was told.
        Assert.Equal(last, received + missed);
        Assert.Equal(missed, long.Parse(fields["timer_missed"], System.Globalization.CultureInfo.InvariantCulture)
                             + long.Parse(fields["not_consumed"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Given_the_library_package_When_its_nuspec_is_read_Then_it_declares_no_dependency()
    {
        string version = LocalPackages.Version("Metronome.Timing");
        using var package = System.IO.Compression.ZipFile.OpenRead(Path.Combine(LocalPackages.Directory, $"Metronome.Timing.{version}.nupkg"));
        var entry = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var reader = new StreamReader(entry.Open());
        var nuspec = System.Xml.Linq.XDocument.Parse(reader.ReadToEnd());

        Assert.Equal("Metronome.Timing", nuspec.Descendants().Single(e => e.Name.LocalName == "id").Value);
        Assert.DoesNotContain(nuspec.Descendants(), e => e.Name.LocalName == "dependency");
    }

    [Fact]
    public void Given_the_tool_package_When_it_is_installed_as_a_dotnet_tool_Then_metronome_runs_from_the_tool_path()
    {
        string version = LocalPackages.Version("Metronome.Timing.Tool");
        string toolPath = Path.Combine(_work, "tools");
        Dotnet("tool", "install", "--tool-path", toolPath, "--add-source", LocalPackages.Directory, "Metronome.Timing.Tool", "--version", version);
        string metronome = Path.Combine(toolPath, "metronome");

        var (versionCode, versionOut, _) = CliProcess.RunProgram(TimeSpan.FromSeconds(30), metronome, "--version");
        var (testCode, testOut, testErr) = CliProcess.RunProgram(TimeSpan.FromSeconds(60), metronome, "test", "-c", "1", "--no-rt");

        Assert.Equal(0, versionCode);
        Assert.StartsWith(version.Split('+')[0], versionOut.Trim(), StringComparison.Ordinal);
        Assert.True(testCode == 0, $"exit {testCode}\n{testOut}\n{testErr}");
        Assert.Contains("--- Results after 1 passes ---", testOut, StringComparison.Ordinal);
    }

    private static (int Code, string Stdout, string Stderr) Dotnet(params string[] args)
    {
        var result = CliProcess.RunProgram(DotnetTimeout, "dotnet", args);
        Assert.True(result.Code == 0, $"dotnet {string.Join(' ', args)} exited {result.Code}\n{result.Stdout}\n{result.Stderr}");
        return result;
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
