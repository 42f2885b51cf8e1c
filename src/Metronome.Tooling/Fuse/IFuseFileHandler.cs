namespace Metronome.Tooling.Fuse;

/// <summary>
/// What the files of a flat FUSE directory do when opened. Every call but <see cref="Interrupt"/> must
/// answer its request exactly once, now or later (a read may wait for data), to the reply address it
/// was given. Calls come from several request threads at once.
/// </summary>
internal interface IFuseFileHandler
{
    IReadOnlyList<FuseFile> Files { get; }

    void Open(FuseReplyTo reply, ulong nodeId, uint openFlags);

    /// <param name="fileFlags">The open file's flags now (O_NONBLOCK may have been set since open).</param>
    void Read(FuseReplyTo reply, ulong handle, uint size, uint fileFlags);

    void Write(FuseReplyTo reply, ulong handle, uint size);

    /// <summary>A restricted ioctl: the kernel copied <paramref name="input"/> in (_IOW) and copies up to <paramref name="outputSize"/> bytes back (_IOR).</summary>
    void Ioctl(FuseReplyTo reply, ulong handle, uint command, ReadOnlySpan<byte> input, uint outputSize);

    /// <param name="kernelHandle">When <paramref name="scheduleNotify"/>, the handle to name in a poll notification once readiness changes.</param>
    void Poll(FuseReplyTo reply, ulong handle, ulong kernelHandle, bool scheduleNotify, uint events);

    void Release(FuseReplyTo reply, ulong handle);

    /// <summary>The caller of request <paramref name="interruptedUnique"/> got a signal: a request still waiting may be ended with EINTR.</summary>
    void Interrupt(ulong interruptedUnique);
}
