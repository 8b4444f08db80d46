using System.Text.Json;
using Flamenco.Plugins.JobTypes;

namespace Flamenco.Plugins.Abstractions.Tests.JobTypes;

public sealed class GoJsonWriterTests
{
    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(24.0, "24")]
    [InlineData(-3.0, "-3")]
    [InlineData(0.5, "0.5")]
    [InlineData(23.976, "23.976")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e-7, "1e-07")]
    [InlineData(-2.5e-9, "-2.5e-09")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1.5e300, "1.5e+300")]
    [InlineData(9007199254740993.0, "9007199254740992")]
    public void FormatNumber_Value_MatchesGoEncodingJson(double number, string expected)
    {
        Assert.Equal(expected, GoJsonWriter.FormatNumber(number));
    }

    [Theory]
    [InlineData(0.000001, "0.000001")]
    [InlineData(0.00001, "0.00001")]
    [InlineData(1.5e20, "150000000000000000000")]
    [InlineData(0.000123, "0.000123")]
    [InlineData(-0.0000015, "-0.0000015")]
    [InlineData(123.456, "123.456")]
    public void FormatNumber_GoStillUsesPlainNotation_MatchesGoEncodingJson(double number, string expected)
    {
        Assert.Equal(expected, GoJsonWriter.FormatNumber(number));
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("a<b>c&d", "\"a\\u003cb\\u003ec\\u0026d\"")]
    [InlineData("line\u2028para\u2029", "\"line\\u2028para\\u2029\"")]
    [InlineData("q\"b\\", "\"q\\\"b\\\\\"")]
    [InlineData("\n\r\t", "\"\\n\\r\\t\"")]
    [InlineData("\u0001\u001f", "\"\\u0001\\u001f\"")]
    [InlineData("ünicode Д €", "\"ünicode Д €\"")]
    public void String_SpecialCharacters_EscapedAsGoDoes(string value, string expected)
    {
        var json = new GoJsonWriter().String(value).ToString();

        Assert.Equal(expected, json);
    }

    [Fact]
    public void Value_Object_SortsKeysAndWritesCompactly()
    {
        using var document = JsonDocument.Parse("""{ "max": 32, "min": 0, "a": [1.0, "x", true, null, {"z": 1, "b": 2}] }""");

        var json = new GoJsonWriter().Value(document.RootElement).ToString();

        Assert.Equal("""{"a":[1,"x",true,null,{"b":2,"z":1}],"max":32,"min":0}""", json);
    }

    [Fact]
    public void Property_Sequence_SeparatesMembersWithCommas()
    {
        var json = new GoJsonWriter()
            .BeginObject()
            .Property("a").Bool(false)
            .Property("b").BeginArray().String("x").String("y").EndArray()
            .EndObject()
            .ToString();

        Assert.Equal("""{"a":false,"b":["x","y"]}""", json);
    }
}
