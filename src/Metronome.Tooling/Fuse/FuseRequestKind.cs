namespace Metronome.Tooling.Fuse;

/// <summary>The requests counted apart in the server's metrics; the rest are <see cref="Other"/>.</summary>
internal enum FuseRequestKind
{
    Lookup,
    GetAttr,
    Open,
    Read,
    Write,
    Ioctl,
    Poll,
    Release,
    Interrupt,
    Other,
}

internal static class FuseRequestKinds
{
    public const int Count = (int)FuseRequestKind.Other + 1;

    public static FuseRequestKind Of(FuseOpcode opcode) => opcode switch
    {
        FuseOpcode.Lookup => FuseRequestKind.Lookup,
        FuseOpcode.GetAttr => FuseRequestKind.GetAttr,
        FuseOpcode.Open => FuseRequestKind.Open,
        FuseOpcode.Read => FuseRequestKind.Read,
        FuseOpcode.Write => FuseRequestKind.Write,
        FuseOpcode.Ioctl => FuseRequestKind.Ioctl,
        FuseOpcode.Poll => FuseRequestKind.Poll,
        FuseOpcode.Release => FuseRequestKind.Release,
        FuseOpcode.Interrupt => FuseRequestKind.Interrupt,
        _ => FuseRequestKind.Other,
    };

    /// <summary>The label value: the opcode's name as linux/fuse.h spells it, lower case.</summary>
    public static string Label(FuseRequestKind kind) => kind switch
    {
        FuseRequestKind.Lookup => "lookup",
        FuseRequestKind.GetAttr => "getattr",
        FuseRequestKind.Open => "open",
        FuseRequestKind.Read => "read",
        FuseRequestKind.Write => "write",
        FuseRequestKind.Ioctl => "ioctl",
        FuseRequestKind.Poll => "poll",
        FuseRequestKind.Release => "release",
        FuseRequestKind.Interrupt => "interrupt",
        _ => "other",
    };
}
