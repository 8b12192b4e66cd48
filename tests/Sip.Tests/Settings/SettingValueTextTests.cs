using Sip.Settings;

namespace Sip.Tests.Settings;

public class SettingValueTextTests
{
    public static TheoryData<Type, object?, string> Examples => new()
    {
        { typeof(int), -7, "-7" },
        { typeof(long), 5_000_000_000L, "5000000000" },
        { typeof(double), 3e-4, "0.0003" },
        { typeof(double), 0.1 + 0.2, "0.30000000000000004" },
        { typeof(float), 0.1f, "0.1" },
        { typeof(bool), true, "true" },
        { typeof(SampleSchedule), SampleSchedule.LinearWarmup, "linearWarmup" },
        { typeof(int?), null, "null" },
        { typeof(string[]), new[] { "a.jsonl", "b.jsonl" }, "a.jsonl,b.jsonl" },
        { typeof(string[]), new[] { "a,b", "c" }, """["a,b","c"]""" },
        { typeof(int[]), new[] { 1, 2 }, "1,2" },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void Format_WritesTheCommandLineForm_AndTryParseReadsItBack(Type type, object? value, string text)
    {
        Assert.Equal(text, SettingValueText.Format(value));
        Assert.True(SettingValueText.TryParse(type, acceptsNull: value is null, text, out object? parsed, out string error), error);
        Assert.Equal(value, parsed);
    }

    [Fact]
    public void TryParse_NullOnNonNullableString_IsTheLiteralText()
    {
        Assert.True(SettingValueText.TryParse(typeof(string), acceptsNull: false, "null", out object? value, out _));
        Assert.Equal("null", value);
    }

    [Fact]
    public void TryParse_BadArrayItem_SaysWhichItem()
    {
        Assert.False(SettingValueText.TryParse(typeof(int[]), false, "1,two,3", out _, out string error));
        Assert.Equal("item 2: 'two' is not an integer", error);
    }

    [Theory]
    [InlineData(typeof(int), "int")]
    [InlineData(typeof(ulong?), "int")]
    [InlineData(typeof(float), "number")]
    [InlineData(typeof(bool), "bool")]
    [InlineData(typeof(string[]), "string,...")]
    [InlineData(typeof(SampleSchedule), "constant|cosine|linearWarmup")]
    public void TypeName_IsShortAndReadable(Type type, string expected) => Assert.Equal(expected, SettingValueText.TypeName(type));

    [Theory]
    [InlineData(typeof(Dictionary<string, double>), false)]
    [InlineData(typeof(List<string>), false)]
    [InlineData(typeof(int[][]), false)]
    [InlineData(typeof(double?), true)]
    [InlineData(typeof(SampleSchedule[]), true)]
    public void IsSupported_CoversScalarsNullablesAndFlatArrays(Type type, bool expected) =>
        Assert.Equal(expected, SettingValueText.IsSupported(type));
}
