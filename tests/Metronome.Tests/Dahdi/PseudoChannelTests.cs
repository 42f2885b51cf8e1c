using Metronome.Tooling.Dahdi;
using Metronome.Timing.DahdiAbi;

namespace Metronome.Tests.Dahdi;

public class PseudoChannelTests
{
    [Fact]
    public void Given_the_default_block_When_127_ticks_pass_Then_nothing_is_readable_and_the_128th_makes_one_block()
    {
        var channel = new PseudoChannel();
        for (int i = 0; i < 127; i++) channel.OnTick();

        Assert.Equal(0, channel.TryTake(8192));

        channel.OnTick();
        Assert.Equal(1024, channel.TryTake(8192));
        Assert.Equal(0, channel.TryTake(8192));
    }

    [Fact]
    public void Given_a_reader_that_stops_for_a_second_When_it_reads_again_Then_it_gets_two_blocks_and_the_rest_are_lost()
    {
        var channel = new PseudoChannel();
        for (int i = 0; i < 1000; i++) channel.OnTick(); // 8000 samples: 7 full blocks, 2 kept

        Assert.Equal(2, channel.ReadyBlocks);
        Assert.Equal(5, channel.LostBlocks);
        Assert.Equal(1024, channel.TryTake(8192));
        Assert.Equal(1024, channel.TryTake(8192));
        Assert.Equal(0, channel.TryTake(8192));
    }

    [Fact]
    public void Given_chan_dahdis_block_size_of_160_When_set_Then_reads_return_160_samples_every_20_ticks()
    {
        var channel = new PseudoChannel();

        Assert.True(channel.TrySetBlockSize(160));
        for (int i = 0; i < 20; i++) channel.OnTick();
        Assert.Equal(160, channel.TryTake(8192));
    }

    [Theory]
    [InlineData(15)]
    [InlineData(8193)]
    [InlineData(-1)]
    public void Given_a_block_size_out_of_range_When_set_Then_it_is_refused_and_kept(int samples)
    {
        var channel = new PseudoChannel();

        Assert.False(channel.TrySetBlockSize(samples));
        Assert.Equal(1024, channel.BlockSize);
    }

    [Fact]
    public void Given_a_short_read_When_a_block_is_ready_Then_it_gets_what_fits_and_the_block_is_consumed()
    {
        var channel = new PseudoChannel();
        for (int i = 0; i < 128; i++) channel.OnTick();

        Assert.Equal(100, channel.TryTake(100));
        Assert.Equal(0, channel.ReadyBlocks);
    }

    [Fact]
    public void Given_any_block_When_its_bytes_are_served_Then_they_are_all_mu_law_silence()
    {
        Assert.Equal(DahdiWire.MaxBlockSize, PseudoChannel.SilenceBlock.Length);
        Assert.True(PseudoChannel.SilenceBlock.IndexOfAnyExcept((byte)0xFF) < 0);
    }
}
