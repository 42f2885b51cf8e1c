using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using Metronome.Tooling.Host;
using Metronome.Tooling.Host.Facts;
using Metronome.Tests.Support;

namespace Metronome.Tests.Host;

/// <summary>--collect and --root: the snapshot holds what the probes read, names its host and time, and a hostile archive is refused before it is written out.</summary>
public class SnapshotTests
{
    private static readonly DateTimeOffset Collected = new(2026, 11, 20, 14, 2, 37, TimeSpan.Zero);

    [Theory]
    [InlineData("bare-metal-hpet")]
    [InlineData("kvm-firecracker-docker")]
    [InlineData("vmware")]
    public void Given_a_host_When_collected_and_read_back_Then_every_fact_is_the_same_and_the_report_names_the_host_and_time(string host)
    {
        string root = Fixtures.Host(host);
        var live = JsonSerializer.Deserialize(File.ReadAllText(Path.Combine(root, LiveFacts.FileName)), LiveFactsJsonContext.Default.LiveFacts)!
            with { Hostname = "pbx-3", CollectedAt = Collected };
        string archive = Path.Combine(Path.GetTempPath(), $"metronome-test-{Guid.NewGuid():N}.tar.gz");
        string? extracted = null;
        try
        {
            SnapshotCollector.Collect(archive, root, live, KernelLog.Read(new HostRoot(root)));
            var direct = HostInspector.InspectSnapshot(root);
            var collected = HostInspector.InspectSnapshot(SnapshotArchive.Open(archive, out extracted));

            // Everything the probes read came along, though the collector lists no path of its own.
            Assert.Equal(FactSheet.From(direct).Select(f => (f.Name, f.Value)), FactSheet.From(collected).Select(f => (f.Name, f.Value)));
            Assert.Equal("host pbx-3, collected 2026-11-20 14:02 UTC", collected.Subject);
            var report = new StringWriter();
            var findings = DoctorRules.Evaluate(collected, null);
            Metronome.Cli.Output.DoctorReportWriter.Write(report, Verdict.From(findings), findings, collected, colour: false);
            Assert.Contains(": host pbx-3, collected 2026-11-20 14:02 UTC can", report.ToString().Split('\n')[0]);
        }
        finally
        {
            File.Delete(archive);
            if (extracted is not null) Directory.Delete(extracted, recursive: true);
        }
    }

    [Fact]
    public void Given_a_snapshot_without_its_host_When_read_Then_it_is_the_snapshot_not_this_host()
    {
        var inspection = HostInspector.InspectSnapshot(Fixtures.Host("xen"));

        Assert.Equal("the snapshot", inspection.Subject);
    }

    public static TheoryData<string, int, long, string> Hostile() => new()
    {
        { "many-files", 10_001, 0, "refused: more than 10,000 files" },
        { "large", 2, 33L << 20, "refused: its files add up to more than 64 MiB" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Given_an_archive_over_the_limits_When_opened_Then_it_is_refused_in_one_line_before_anything_is_written(string name, int files, long size, string message)
    {
        string archive = Path.Combine(Path.GetTempPath(), $"metronome-{name}-{Guid.NewGuid():N}.tar.gz");
        try
        {
            using (var file = File.Create(archive))
            using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
            using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
                for (int i = 0; i < files; i++)
                    tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"f{i}") { DataStream = size > 0 ? new ZeroStream(size) : null });
            var before = SnapshotDirectories();

            var e = Assert.Throws<InvalidDataException>(() => SnapshotArchive.Open(archive, out _));

            Assert.Equal($"{archive}: {message} (a snapshot {(files > 2 ? "holds a few hundred" : "is well under 1 MiB")})", e.Message);
            Assert.DoesNotContain('\n', e.Message);
            Assert.Equal(before, SnapshotDirectories());
        }
        finally
        {
            File.Delete(archive);
        }
    }

    [Fact]
    public void Given_an_archive_over_the_limits_When_doctored_Then_it_exits_1_with_that_line()
    {
        string archive = Path.Combine(Path.GetTempPath(), $"metronome-many-{Guid.NewGuid():N}.tar.gz");
        try
        {
            using (var file = File.Create(archive))
            using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
            using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
                for (int i = 0; i <= SnapshotArchive.MaxEntries; i++) tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, $"d{i}/"));

            var (code, stdout, stderr) = CliRun.Run("doctor", "--root", archive);

            Assert.Equal(1, code);
            Assert.Equal("", stdout);
            Assert.Equal($"metronome: {archive}: refused: more than 10,000 files (a snapshot holds a few hundred)\n", stderr.Replace("\r", ""));
        }
        finally
        {
            File.Delete(archive);
        }
    }

    [Theory]
    [InlineData(null, "steal 0.50% during the measuring window")]
    [InlineData("sampled over 1 s (--no-measure)", "steal 0.50% sampled over 1 s (--no-measure)")]
    public void Given_steal_read_over_a_window_When_judged_Then_the_finding_says_what_it_was_read_over(string? window, string observed)
    {
        var xen = HostInspector.InspectSnapshot(Fixtures.Host("xen"));
        var inspection = xen with { Facts = xen.Facts with { Steal = new StealFacts(0.5, window) } };

        Assert.Equal(observed, DoctorRules.Evaluate(inspection, null).Single(f => f.Id == FindingId.Steal).Observed);
    }

    private static string[] SnapshotDirectories() =>
        Directory.EnumerateDirectories(Path.GetTempPath(), "metronome-snapshot-*").Order(StringComparer.Ordinal).ToArray();

    /// <summary>A stream of zeros of a given length, so a large entry costs no memory.</summary>
    private sealed class ZeroStream(long length) : Stream
    {
        private long _position;
        public override bool CanRead => true;
        public override bool CanSeek => true; // TarWriter needs the length up front
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => _position = value; }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = (int)Math.Min(count, length - _position);
            Array.Clear(buffer, offset, n);
            _position += n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => _position = origin switch
        {
            SeekOrigin.Begin => offset, SeekOrigin.Current => _position + offset, _ => length + offset,
        };
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
