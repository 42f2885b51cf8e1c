using System.Text;
using Metronome.Tooling.Dahdi;
using Metronome.Tooling.Fuse;
using Metronome.Timing.Linux;
using Metronome.Tests.Fakes;

namespace Metronome.Tests.Fuse;

public class FuseServerTests
{
    private readonly RecordingChannel _channel = new();
    private readonly FuseServer _server;

    public FuseServerTests()
    {
        _server = new FuseServer(_channel, new DahdiDeviceHandler(_channel), new FuseServerOptions(107, 20, DahdiServerOptions.DefaultFileMode, 1_700_000_000));
    }

    [Theory]
    [InlineData(38u, 31u)]
    [InlineData(26u, 26u)]
    public void Given_the_kernels_init_When_answered_Then_it_agrees_on_protocol_7_and_the_lower_minor(uint kernelMinor, uint agreed)
    {
        _server.Handle(FuseRequests.Init(1, 7, kernelMinor));

        var reply = _channel.ReplyTo(1);
        Assert.Equal(0, reply.Error);
        Assert.Equal(16u + 64u, reply.Length);
        Assert.Equal(7u, reply.U32(0));
        Assert.Equal(agreed, reply.U32(4));
        Assert.Equal(131072u, reply.U32(8));  // max_readahead echoed
        Assert.Equal((uint)FuseProtocol.MaxWrite, reply.U32(20));
    }

    [Fact]
    public void Given_a_kernel_older_than_protocol_7_When_it_inits_Then_it_is_refused()
    {
        _server.Handle(FuseRequests.Init(1, 6, 0));

        Assert.Equal(-LibC.EPROTO, _channel.ReplyTo(1).Error);
    }

    [Fact]
    public void Given_the_root_When_pseudo_and_a_missing_name_are_looked_up_Then_one_is_a_0660_file_of_the_given_owner_and_group_and_the_other_ENOENT()
    {
        _server.Handle(FuseRequests.Lookup(5, "pseudo"));
        _server.Handle(FuseRequests.Lookup(6, "ctl"));

        var entry = _channel.ReplyTo(5);
        Assert.Equal(0, entry.Error);
        Assert.Equal(DahdiDeviceHandler.PseudoId, entry.U64(0));            // nodeid
        Assert.Equal((ulong)FuseReply.ValidSeconds, entry.U64(16)); // entry_valid
        Assert.Equal(DahdiDeviceHandler.PseudoId, entry.U64(40));           // attr.ino
        Assert.Equal(0x81B0u, entry.U32(40 + 60));                  // S_IFREG | 0660: not world-accessible
        Assert.Equal(107u, entry.U32(40 + 68));                     // attr.uid: the kernel checks opens against
        Assert.Equal(20u, entry.U32(40 + 72));                      // attr.gid  these (default_permissions)
        Assert.Equal(1_700_000_000ul, entry.U64(40 + 32));          // mtime
        Assert.Equal(-LibC.ENOENT, _channel.ReplyTo(6).Error);
    }

    [Fact]
    public void Given_the_root_When_its_attributes_are_asked_Then_it_is_a_0755_directory()
    {
        _server.Handle(FuseRequests.Make(FuseOpcode.GetAttr, 3, FuseProtocol.RootId, new byte[16]));

        var reply = _channel.ReplyTo(3);
        Assert.Equal(16u + 16u + 88u, reply.Length);
        Assert.Equal(0x41EDu, reply.U32(16 + 60));
    }

    [Theory]
    [InlineData(0ul, new[] { ".", "..", "pseudo", "timer" })]
    [InlineData(2ul, new[] { "pseudo", "timer" })]
    [InlineData(4ul, new string[0])]
    public void Given_a_listing_from_an_offset_When_read_Then_the_entries_from_there_come_back(ulong offset, string[] expected)
    {
        _server.Handle(FuseRequests.ReadDir(9, offset));

        Assert.Equal(expected, Dirents(_channel.ReplyTo(9).Body).Select(d => d.Name));
    }

    [Fact]
    public void Given_a_listing_buffer_too_small_for_all_When_read_Then_it_stops_at_a_whole_entry_and_the_offsets_resume()
    {
        _server.Handle(FuseRequests.ReadDir(9, 0, size: 64));

        var entries = Dirents(_channel.ReplyTo(9).Body);
        Assert.Equal([".", ".."], entries.Select(d => d.Name));
        Assert.Equal([1ul, 2ul], entries.Select(d => d.NextOffset));
    }

    [Fact]
    public void Given_requests_the_server_does_not_serve_When_sent_Then_ENOSYS_and_forgets_get_no_reply()
    {
        _server.Handle(FuseRequests.Make((FuseOpcode)8 /* MKNOD */, 7, FuseProtocol.RootId, new byte[16]));
        _server.Handle(FuseRequests.Make(FuseOpcode.Forget, 8, 2, FuseRequests.U64(1)));

        Assert.Equal(-LibC.ENOSYS, _channel.ReplyTo(7).Error);
        Assert.False(_channel.Answered(8));
    }

    [Fact]
    public void Given_a_read_whose_body_is_cut_short_When_handled_Then_it_gets_EIO_instead_of_a_crash()
    {
        _server.Handle(FuseRequests.Make(FuseOpcode.Read, 4, 2, new byte[12]));

        Assert.Equal(-LibC.EIO, _channel.ReplyTo(4).Error);
    }

    [Fact]
    public void Given_a_message_shorter_than_its_header_says_When_handled_Then_it_is_a_protocol_error()
    {
        var message = FuseRequests.Lookup(1, "pseudo");

        Assert.Throws<FuseException>(() => _server.Handle(message.AsSpan(0, message.Length - 3)));
    }

    [Fact]
    public void Given_the_kernel_says_destroy_When_handled_Then_it_is_answered_and_serving_ends()
    {
        Assert.True(_server.Handle(FuseRequests.Lookup(1, "timer")));
        Assert.False(_server.Handle(FuseRequests.Make(FuseOpcode.Destroy, 2, 0)));
        Assert.Equal(0, _channel.ReplyTo(2).Error);
    }

    private static List<(string Name, ulong NextOffset)> Dirents(byte[] body)
    {
        var entries = new List<(string, ulong)>();
        for (int at = 0; at < body.Length;)
        {
            var message = new RecordingChannel.Message(0, 0, 0, body[at..]);
            int length = (int)message.U32(16);
            entries.Add((Encoding.UTF8.GetString(body, at + 24, length), message.U64(8)));
            at += (24 + length + 7) & ~7;
        }
        return entries;
    }
}
