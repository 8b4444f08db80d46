using System.Net.Sockets;
using System.Text;

namespace Flamenco.Manager.Tests.Support;

/// <summary>
/// HTTP/1.1 by hand over a socket, for what HttpClient will not send: bodies shorter than their Content-Length,
/// malformed chunks, bodies that stall halfway.
/// </summary>
public static class RawHttp
{
    /// <summary>An answer: its status and body (0 and empty when the server closed the connection without one).</summary>
    public sealed record Answer(int Status, string ContentType, string Body);

    /// <summary>
    /// Sends <paramref name="head"/> (request line and headers, without the blank line; <c>Connection: close</c> is
    /// added), then <paramref name="body"/>, optionally waits <paramref name="stall"/> with the connection open and then
    /// closes the sending side when <paramref name="endSending"/>, and reads the answer until the server closes.
    /// Write errors are ignored: a server may answer and close before it has read everything.
    /// </summary>
    public static async Task<Answer> SendAsync(Uri server, string head, byte[] body, TimeSpan stall = default, bool endSending = false, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, cancel.Token);
        var stream = client.GetStream();
        var reading = ReadToEndAsync(stream, cancel.Token);
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head.TrimEnd() + "\r\nConnection: close\r\n\r\n"), cancel.Token);
            for (var offset = 0; offset < body.Length && !reading.IsCompleted; offset += 64 * 1024)
            {
                await stream.WriteAsync(body.AsMemory(offset, Math.Min(64 * 1024, body.Length - offset)), cancel.Token);
            }
            if (stall > TimeSpan.Zero) await Task.WhenAny(reading, Task.Delay(stall, cancel.Token));
            if (endSending) client.Client.Shutdown(SocketShutdown.Send);
        }
        catch (IOException)
        {
        }
        catch (SocketException)
        {
        }
        return Parse(await reading);
    }

    private static async Task<byte[]> ReadToEndAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        using var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0) received.Write(buffer, 0, read);
        }
        catch (IOException)
        {
            // A reset after the answer: what arrived is the answer.
        }
        return received.ToArray();
    }

    private static Answer Parse(byte[] response)
    {
        var text = Encoding.UTF8.GetString(response);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0) return new Answer(0, "", "");
        var lines = text[..end].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        string Header(string name) => lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            .Select(p => p[1].Trim()).FirstOrDefault() ?? "";
        var body = text[(end + 4)..];
        if (Header("Transfer-Encoding").Equals("chunked", StringComparison.OrdinalIgnoreCase)) body = Unchunk(body);
        return new Answer(status, Header("Content-Type"), body);
    }

    private static string Unchunk(string chunked)
    {
        var body = new StringBuilder();
        var position = 0;
        while (position < chunked.Length)
        {
            var lineEnd = chunked.IndexOf("\r\n", position, StringComparison.Ordinal);
            if (lineEnd < 0) break;
            var size = Convert.ToInt32(chunked[position..lineEnd].Split(';')[0], 16);
            if (size == 0) break;
            body.Append(chunked.AsSpan(lineEnd + 2, Math.Min(size, chunked.Length - lineEnd - 2)));
            position = lineEnd + 2 + size + 2;
        }
        return body.ToString();
    }
}
