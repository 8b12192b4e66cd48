using System.Text;
using Sip.Metrics;

namespace Sip.Tests.Metrics;

public class Crc32CTests
{
    [Fact]
    public void Compute_CheckString_MatchesCastagnoliCheckValue() =>
        Assert.Equal(0xE3069283u, Crc32C.Compute(Encoding.ASCII.GetBytes("123456789")));

    [Fact]
    public void Compute_Empty_IsZero() => Assert.Equal(0u, Crc32C.Compute([]));

    // RFC 3720 (iSCSI) appendix B.4 test vectors.
    [Fact]
    public void Compute_ThirtyTwoZeros_MatchesRfc3720() => Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));

    [Fact]
    public void Compute_ThirtyTwoOnes_MatchesRfc3720() =>
        Assert.Equal(0x62A8AB43u, Crc32C.Compute(Enumerable.Repeat((byte)0xFF, 32).ToArray()));

    [Fact]
    public void Compute_IncreasingBytes_MatchesRfc3720() =>
        Assert.Equal(0x46DD794Eu, Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));

    [Fact]
    public void Mask_RotatesRightBy15AndAddsTheTfRecordDelta()
    {
        Assert.Equal(0xa282ead8u, Crc32C.Mask(0));
        // 1 rotated right by 15 is 1 << 17 = 0x00020000.
        Assert.Equal(0x00020000u + 0xa282ead8u, Crc32C.Mask(1));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(0xE3069283u)]
    [InlineData(0xFFFFFFFFu)]
    public void Unmask_UndoesMask(uint crc) => Assert.Equal(crc, Crc32C.Unmask(Crc32C.Mask(crc)));
}
