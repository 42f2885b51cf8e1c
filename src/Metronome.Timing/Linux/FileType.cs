namespace Metronome.Timing.Linux;

/// <summary>What kind of file a path is, as statx(2) sees it without following a final symlink.</summary>
internal static class FileType
{
    /// <summary>0 with the S_IFMT bits in <paramref name="type"/>, or the errno statx gave (ENOTCONN for a dead FUSE mount).</summary>
    /// <param name="fresh">Ask the file system, not the kernel's cache: FUSE otherwise answers from attributes it cached while its server was alive.</param>
    public static unsafe int Probe(string path, bool fresh, out int type)
    {
        StatxBuffer st;
        int flags = LibC.AT_SYMLINK_NOFOLLOW | (fresh ? LibC.AT_STATX_FORCE_SYNC : 0);
        bool ok = LibC.Statx(LibC.AT_FDCWD, path, flags, LibC.STATX_TYPE, &st) == 0;
        type = ok ? st.Mode & LibC.S_IFMT : 0;
        return ok ? 0 : LibC.LastError;
    }

    public static bool IsCharacterDevice(string path) => Probe(path, fresh: false, out int type) == 0 && type == LibC.S_IFCHR;
}
