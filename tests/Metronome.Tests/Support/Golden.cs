namespace Metronome.Tests.Support;

/// <summary>
/// Golden files under tests/Metronome.Tests, read in place. A mismatch fails with the first differing line;
/// METRONOME_UPDATE_GOLDEN=1 rewrites the file instead (then review the diff before committing it).
/// </summary>
internal static class Golden
{
    public static void Check(string relativePath, string actual)
    {
        string path = Repository.Path("tests", "Metronome.Tests", relativePath);
        if (Environment.GetEnvironmentVariable("METRONOME_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"{path} is missing: run the test with METRONOME_UPDATE_GOLDEN=1 once and review it");
        string expected = File.ReadAllText(path);
        if (expected == actual) return;
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        int i = 0;
        while (i < e.Length && i < a.Length && e[i] == a[i]) i++;
        Assert.Fail($"{relativePath} differs at line {i + 1}:\n  expected: {(i < e.Length ? e[i] : "<end>")}\n  actual:   {(i < a.Length ? a[i] : "<end>")}");
    }
}
