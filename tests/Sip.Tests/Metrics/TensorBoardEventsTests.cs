using Sip.Metrics;

namespace Sip.Tests.Metrics;

public class TensorBoardEventsTests
{
    [Fact]
    public void ScalarsEvent_OneScalar_MatchesHandEncodedProtobuf()
    {
        byte[] expected =
        [
            0x09, 0, 0, 0, 0, 0, 0, 0, 0,  // wall_time (1, fixed64) = 0.0
            0x10, 0x01,                     // step (2, varint) = 1
            0x2A, 0x0A,                     // summary (5, bytes), 10 bytes
            0x0A, 0x08,                     //   value (1, bytes), 8 bytes
            0x0A, 0x01, (byte)'a',          //     tag (1) = "a"
            0x15, 0x00, 0x00, 0x80, 0x3F,   //     simple_value (2, fixed32) = 1.0f
        ];
        Assert.Equal(expected, TensorBoardEvents.ScalarsEvent(0.0, 1, [new("a", 1.0)]));
    }

    [Fact]
    public void ScalarsEvent_NegativeStep_IsTenByteTwosComplementVarint()
    {
        var bytes = TensorBoardEvents.ScalarsEvent(0.0, -1, []);
        Assert.Equal([0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], bytes[9..20]);
    }

    [Fact]
    public void FileVersionEvent_CarriesBrainEvent2()
    {
        byte[] expected = [0x09, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0x1A, 13, .. "brain.Event:2"u8.ToArray()];
        Assert.Equal(expected, TensorBoardEvents.FileVersionEvent(1.0));
    }
}
