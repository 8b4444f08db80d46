using Flamenco.Plugins.Commands.Misc;
using Flamenco.Plugins.Testing;

namespace Flamenco.Plugins.Commands.Tests.Misc;

/// <summary><c>echo</c>: worker-and-shaman.md §2.1, cases T20–T21.</summary>
public sealed class EchoCommandTests
{
    private readonly FakeCommandContext _context = new();

    [Fact]
    public async Task Run_UnicodeMessage_LogsItQuotedAsIs()
    {
        await new EchoCommand().RunAsync("""{"message": "понављај за мном"}""", _context);

        Assert.Equal(["echo: \"понављај за мном\""], _context.Listener.Logs);
    }

    [Fact]
    public async Task Run_NoMessage_FailsAsMissingWithoutLogging()
    {
        var error = await Assert.ThrowsAsync<CommandException>(() => new EchoCommand().RunAsync("{}", _context));

        Assert.Equal("echo: mandatory parameter \"message\" is missing: map[]", error.Message);
        Assert.Empty(_context.Listener.Calls);
    }

    [Theory]
    [InlineData("47", "47")]
    [InlineData("0.327", "0.327")]
    [InlineData("-0.5", "-0.5")]
    [InlineData("123456", "123456")]
    [InlineData("1000000", "1e+06")]
    [InlineData("1234567", "1.234567e+06")]
    [InlineData("0.0001", "0.0001")]
    [InlineData("0.00001", "1e-05")]
    [InlineData("1.5e-7", "1.5e-07")]
    [InlineData("1e100", "1e+100")]
    [InlineData("true", "true")]
    [InlineData("null", "<nil>")]
    [InlineData("""[1, "a", [true]]""", "[1 a [true]]")]
    [InlineData("""{"b": 1, "a": "x"}""", "map[a:x b:1]")]
    public async Task Run_NonStringMessage_LogsGoValueFormatting(string messageJson, string expected)
    {
        await new EchoCommand().RunAsync($$"""{"message": {{messageJson}}}""", _context);

        Assert.Equal([$"echo: \"{expected}\""], _context.Listener.Logs);
    }

    [Theory]
    [InlineData(@"say ""hi"" \ there", @"say \""hi\"" \\ there")]
    [InlineData("tab\tnew\nline\r", @"tab\tnew\nline\r")]
    [InlineData("\u001b[1mbold\u007f\u0007", @"\x1b[1mbold\x7f\a")]
    [InlineData("no\u00a0break\u200bwidth", @"no\u00a0break\u200bwidth")]
    [InlineData("émoji 🎬 ok", "émoji 🎬 ok")]
    public async Task Run_SpecialCharacters_EscapesThemAsGoQuoting(string message, string expectedInsideQuotes)
    {
        await new EchoCommand().RunAsync(System.Text.Json.JsonSerializer.Serialize(new { message }), _context);

        Assert.Equal([$"echo: \"{expectedInsideQuotes}\""], _context.Listener.Logs);
    }
}
