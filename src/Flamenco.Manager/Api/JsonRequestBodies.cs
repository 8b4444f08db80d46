using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace Flamenco.Manager.Api;

/// <summary>
/// Reads every JSON request body of every endpoint (FastEndpoints' request deserializer), so that each class of bad body
/// is answered in this one place:
/// <list type="bullet">
/// <item>no body at all, as some HTTP clients send with <c>Content-Type: application/json</c> even on a GET, is no
/// body: the request is bound as if the header were absent, not refused as broken JSON;</item>
/// <item>bytes that are not UTF-8 are refused before parsing. System.Text.Json checks UTF-8 only when it turns a string
/// into .NET text, so a bad byte inside a value kept as a <see cref="JsonElement"/> (a job's <c>settings</c>) slipped
/// through and failed later, deep in the job compiler, as a 500;</item>
/// <item>a body larger than Kestrel's request limit, or one that stops arriving, fails while it is read here; the
/// <see cref="BadRequestAnswers"/> middleware turns that into 413 or 408.</item>
/// </list>
/// The body is read whole first (it is bounded by Kestrel's request limit, <c>max_request_body_size</c>): parsing
/// from a buffer also keeps a truncated body a JSON error rather than a half-read stream.
/// </summary>
internal static class JsonRequestBodies
{
    public static Func<HttpRequest, Type, JsonSerializerContext?, CancellationToken, ValueTask<object?>> Deserializer(JsonSerializerOptions options) =>
        async (request, type, _, ct) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, ct);
            var body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
            if (body.Span.Trim(" \t\r\n"u8).IsEmpty) return null;
            if (!Utf8.IsValid(body.Span))
            {
                throw new JsonException($"it contains bytes that are not UTF-8 (the first at byte {FirstInvalidUtf8(body.Span)}); JSON text must be UTF-8");
            }
            return JsonSerializer.Deserialize(body.Span, type, options);
        };

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        // Utf8.IsValid says only whether; the transcoder's stopping point says where.
        var chars = new char[1024];
        var offset = 0;
        while (true)
        {
            var status = Utf8.ToUtf16(bytes[offset..], chars, out var read, out _, replaceInvalidSequences: false);
            offset += read;
            if (status != System.Buffers.OperationStatus.DestinationTooSmall) return offset;
        }
    }
}
