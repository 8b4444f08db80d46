using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace Flamenco.Plugins.JobCompilers.JavaScript.Runtime;

/// <summary>
/// Converts a command's parameters from JavaScript to JSON the way Flamenco exports them: strings, booleans, whole
/// numbers as integers (so <c>24.0</c> is stored as <c>24</c>), other numbers as doubles, arrays and objects kept,
/// <c>undefined</c> and <c>null</c> as null. Values JSON cannot hold (functions, symbols, NaN) are refused with an
/// error naming the parameter, where Flamenco would fail later when storing the job.
/// </summary>
internal sealed class ParameterWriter
{
    private const int MaxDepth = 64;

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;

    public ParameterWriter()
    {
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>The parameters as compact UTF-8 JSON; a missing parameters argument gives an empty object.</summary>
    public byte[] Write(JsValue parameters)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        if (parameters.IsNullish())
        {
            _writer.WriteStartObject();
            _writer.WriteEndObject();
        }
        else if (parameters is ObjectInstance obj and not Jint.Native.Function.Function && !parameters.IsArray())
        {
            WriteObject(obj, "", 0);
        }
        else
        {
            throw new ArgumentException("author.Command(name, parameters): parameters must be an object");
        }
        _writer.Flush();
        return _buffer.WrittenSpan.ToArray();
    }

    private void WriteValue(JsValue value, string path, int depth)
    {
        switch (value)
        {
            case var _ when value.IsNullish():
                _writer.WriteNullValue();
                break;
            case JsString:
                _writer.WriteStringValue(value.AsString());
                break;
            case JsBoolean:
                _writer.WriteBooleanValue(value.AsBoolean());
                break;
            case JsNumber:
                WriteNumber(value.AsNumber(), path);
                break;
            case JsBigInt:
                _writer.WriteRawValue(TypeConverter.ToString(value), skipInputValidation: true);
                break;
            case JsDate date:
                // Go exports a Date as time.Time, which JSON writes as RFC 3339.
                _writer.WriteStringValue(date.ToDateTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
                break;
            case JsArray array:
                WriteArray(array, path, depth);
                break;
            case Jint.Native.Function.Function:
                throw Unstorable(path, "a function");
            case ObjectInstance obj when obj.IsArray():
                WriteArray(obj, path, depth);
                break;
            case ObjectInstance obj:
                WriteObject(obj, path, depth);
                break;
            default:
                throw Unstorable(path, $"a {value.Type.ToString().ToLowerInvariant()}");
        }
    }

    private void WriteNumber(double number, string path)
    {
        if (!double.IsFinite(number)) throw Unstorable(path, number.ToString(CultureInfo.InvariantCulture));
        // Whole numbers that fit Go's int64 are integers; everything else stays a double.
        if (number == Math.Floor(number) && Math.Abs(number) < 9.2e18) _writer.WriteNumberValue((long)number);
        else _writer.WriteNumberValue(number);
    }

    private void WriteArray(ObjectInstance array, string path, int depth)
    {
        CheckDepth(path, depth);
        _writer.WriteStartArray();
        var length = (long)TypeConverter.ToLength(array.Get("length"));
        for (var i = 0L; i < length; i++)
        {
            WriteValue(array.Get(i), $"{path}[{i}]", depth + 1);
        }
        _writer.WriteEndArray();
    }

    private void WriteObject(ObjectInstance obj, string path, int depth)
    {
        CheckDepth(path, depth);
        _writer.WriteStartObject();
        foreach (var key in obj.GetOwnPropertyKeys(Types.String))
        {
            var descriptor = obj.GetOwnProperty(key);
            if (!descriptor.Enumerable) continue;
            var name = key.AsString();
            var value = obj.Get(key);
            // JSON has no undefined; Flamenco keeps the key with a null value.
            _writer.WritePropertyName(name);
            WriteValue(value, path.Length == 0 ? name : $"{path}.{name}", depth + 1);
        }
        _writer.WriteEndObject();
    }

    private static void CheckDepth(string path, int depth)
    {
        if (depth > MaxDepth) throw new ArgumentException($"author.Command(name, parameters): parameter {path} is nested more than {MaxDepth} levels deep (does it contain itself?)");
    }

    private static ArgumentException Unstorable(string path, string what) =>
        new($"author.Command(name, parameters): parameter {path} is {what}, which cannot be stored in a job");
}
