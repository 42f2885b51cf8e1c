namespace Metronome.Timing.DahdiAbi;

/// <summary>The DAHDI ioctl numbers the emulated devices answer (dahdi/user.h, reference/dahdi.md).</summary>
internal static class DahdiIoctl
{
    /// <summary>_IOW(0xDA, 1, int): the read block size in samples.</summary>
    public const uint SetBlockSize = 0x4004DA01;

    /// <summary>_IOR(0xDA, 1, int).</summary>
    public const uint GetBlockSize = 0x8004DA01;

    /// <summary>_IOR(0xDA, 8, int): the next event (timer: expired or ping).</summary>
    public const uint GetEvent = 0x8004DA08;

    /// <summary>_IOW(0xDA, 47, int): the timer period in samples (8 per ms).</summary>
    public const uint TimerConfig = 0x4004DA2F;

    /// <summary>_IOW(0xDA, 48, int): acknowledge expirations (&lt; 1 or more than pending: all).</summary>
    public const uint TimerAck = 0x4004DA30;

    /// <summary>_IO(0xDA, 52).</summary>
    public const uint TimerPing = 0xDA34;

    /// <summary>_IO(0xDA, 53).</summary>
    public const uint TimerPong = 0xDA35;

    public const int EventNone = 0;
    public const int EventTimerExpired = 15;
    public const int EventTimerPing = 16;
}
