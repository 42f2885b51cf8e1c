using System.Runtime.CompilerServices;
using Metronome.Tooling.Dahdi;
using Metronome.Tooling.Fuse;
using Metronome.Timing.Linux;
using Metronome.Tests.Fakes;

namespace Metronome.Tests.Fuse;

/// <summary>The kernel's structs at the sizes linux/fuse.h gives them, and the one check of each request's size.</summary>
public class FuseKernelTests
{
    [Fact]
    public void Given_the_declared_structs_When_measured_Then_each_has_its_size_in_linux_fuse_h()
    {
        Assert.Equal(40, Unsafe.SizeOf<fuse_in_header>());
        Assert.Equal(16, Unsafe.SizeOf<fuse_out_header>());
        Assert.Equal(16, Unsafe.SizeOf<fuse_init_in>());   // FUSE_COMPAT_INIT_IN part
        Assert.Equal(64, Unsafe.SizeOf<fuse_init_out>());
        Assert.Equal(8, Unsafe.SizeOf<fuse_forget_in>());
        Assert.Equal(8, Unsafe.SizeOf<fuse_batch_forget_in>());
        Assert.Equal(16, Unsafe.SizeOf<fuse_getattr_in>());
        Assert.Equal(88, Unsafe.SizeOf<fuse_setattr_in>());
        Assert.Equal(8, Unsafe.SizeOf<fuse_open_in>());
        Assert.Equal(40, Unsafe.SizeOf<fuse_read_in>());
        Assert.Equal(40, Unsafe.SizeOf<fuse_write_in>());
        Assert.Equal(24, Unsafe.SizeOf<fuse_release_in>());
        Assert.Equal(24, Unsafe.SizeOf<fuse_flush_in>());
        Assert.Equal(16, Unsafe.SizeOf<fuse_fsync_in>());
        Assert.Equal(8, Unsafe.SizeOf<fuse_access_in>());
        Assert.Equal(8, Unsafe.SizeOf<fuse_interrupt_in>());
        Assert.Equal(32, Unsafe.SizeOf<fuse_ioctl_in>());
        Assert.Equal(16, Unsafe.SizeOf<fuse_ioctl_out>());
        Assert.Equal(24, Unsafe.SizeOf<fuse_poll_in>());
        Assert.Equal(8, Unsafe.SizeOf<fuse_poll_out>());
        Assert.Equal(8, Unsafe.SizeOf<fuse_write_out>());
        Assert.Equal(16, Unsafe.SizeOf<fuse_open_out>());
        Assert.Equal(88, Unsafe.SizeOf<fuse_attr>());
        Assert.Equal(128, Unsafe.SizeOf<fuse_entry_out>());
        Assert.Equal(104, Unsafe.SizeOf<fuse_attr_out>());
        Assert.Equal(80, Unsafe.SizeOf<fuse_statfs_out>());
        Assert.Equal(24, Unsafe.SizeOf<fuse_dirent>());
    }

    [Theory]
    [InlineData(FuseOpcode.Forget, 8)]
    [InlineData(FuseOpcode.GetAttr, 16)]
    [InlineData(FuseOpcode.SetAttr, 88)]
    [InlineData(FuseOpcode.Open, 8)]
    [InlineData(FuseOpcode.Read, 40)]
    [InlineData(FuseOpcode.Write, 40)]
    [InlineData(FuseOpcode.Release, 24)]
    [InlineData(FuseOpcode.Init, 16)]
    [InlineData(FuseOpcode.ReadDir, 40)]
    [InlineData(FuseOpcode.Interrupt, 8)]
    [InlineData(FuseOpcode.Ioctl, 32)]
    [InlineData(FuseOpcode.Poll, 24)]
    public void Given_a_request_one_byte_short_of_its_struct_When_handled_Then_it_gets_EIO_and_nothing_reads_it(object opcodeValue, int size)
    {
        // object, not FuseOpcode: the test method is public and the library's types are internal.
        var opcode = (FuseOpcode)opcodeValue;
        var channel = new RecordingChannel();
        var server = new FuseServer(channel, new DahdiDeviceHandler(channel), new FuseServerOptions(0, 0, DahdiServerOptions.DefaultFileMode, 0));

        Assert.Equal(size, FuseOpcodes.InputSize(opcode));
        Assert.True(server.Handle(FuseRequests.Make(opcode, 7, 2, new byte[size - 1])));
        Assert.Equal(-LibC.EIO, channel.ReplyTo(7).Error);
    }
}
