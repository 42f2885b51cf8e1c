using System.Text.Json;
using Metronome.Tooling.Measuring.Stalls;

namespace Metronome.Tooling.Monitoring;

/// <summary>
/// Stalls as JSON lines (<see cref="StallJson"/>) in a file that never grows past its cap: when a line
/// would take it over, the file becomes FILE.1 (replacing the previous one) and a new FILE starts.
/// <see cref="Reopen"/> opens the path again, for logrotate's SIGHUP. Opened in the constructor, so an
/// unwritable path fails before anything is measured. Thread-safe.
/// </summary>
internal sealed class StallLog : IDisposable
{
    public const long DefaultMaxBytes = 10 * 1024 * 1024;

    private readonly object _gate = new();
    private readonly MemoryStream _line = new();
    private FileStream _file;

    /// <exception cref="IOException">The file cannot be opened for appending.</exception>
    /// <exception cref="UnauthorizedAccessException">Not allowed to write it.</exception>
    public StallLog(string path, long maxBytes = DefaultMaxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1024);
        Path = System.IO.Path.GetFullPath(path);
        MaxBytes = maxBytes;
        _file = Open(Path);
    }

    public string Path { get; }
    public long MaxBytes { get; }
    public int Rotations { get; private set; }

    public void Write(in Stall stall)
    {
        lock (_gate)
        {
            _line.SetLength(0);
            using (var writer = new Utf8JsonWriter(_line)) StallJson.Write(writer, stall);
            _line.WriteByte((byte)'\n');
            if (_file.Length > 0 && _file.Length + _line.Length > MaxBytes) Rotate();
            _line.WriteTo(_file);
            _file.Flush();
        }
    }

    /// <summary>Closes the file and opens the path again (after logrotate moved it away).</summary>
    public void Reopen()
    {
        lock (_gate)
        {
            var next = Open(Path);
            _file.Dispose();
            _file = next;
        }
    }

    private void Rotate()
    {
        _file.Dispose();
        File.Move(Path, Path + ".1", overwrite: true);
        _file = Open(Path);
        Rotations++;
    }

    private static FileStream Open(string path) =>
        new(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);

    public void Dispose()
    {
        lock (_gate) _file.Dispose();
    }
}
