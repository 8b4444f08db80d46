using Flamenco.Plugins.Authoring;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Runtime;
using Jint.Runtime.Interop;
using Microsoft.Extensions.Logging;

namespace Flamenco.Plugins.JobCompilers.JavaScript.Runtime;

/// <summary>
/// Installs the globals a Flamenco job-type script sees: <c>print</c>, <c>alert</c>, <c>frameChunker</c>,
/// <c>frameCount</c>, <c>formatTimestampLocal</c>, <c>shellSplit</c>, <c>author</c>, <c>path</c>, <c>process</c>
/// and <c>require</c>, plus a <c>console</c> that Flamenco lacks (harmless, and what people type by habit).
/// Errors thrown here become JavaScript errors at the script's call site.
/// </summary>
internal static class ScriptGlobals
{
    public static void Install(ScriptSession session)
    {
        var engine = session.Engine;
        var logger = session.Context.Logger;
        var jobType = session.Source.Name;

        var print = Function(engine, "print", (_, args) => Log(logger, LogLevel.Information, jobType, engine, args));
        var alert = Function(engine, "alert", (_, args) => Log(logger, LogLevel.Warning, jobType, engine, args));
        engine.SetValue("print", print);
        engine.SetValue("alert", alert);
        engine.SetValue("console", Object(engine, ("log", print), ("info", print), ("warn", alert), ("error", alert)));

        engine.SetValue("frameChunker", Function(engine, "frameChunker", (_, args) =>
            Strings(engine, FrameChunker.Chunk(StringArgument(args, 0), IntegerArgument(args, 1), session.Context.MaxTasks, session.HostCancellation))));
        engine.SetValue("frameCount", Function(engine, "frameCount", (_, args) =>
            JsNumber.Create(FrameChunker.Count(StringArgument(args, 0)))));
        engine.SetValue("shellSplit", Function(engine, "shellSplit", (_, args) =>
            Strings(engine, ShellSplit.Split(StringArgument(args, 0)))));
        engine.SetValue("formatTimestampLocal", Function(engine, "formatTimestampLocal", (_, args) =>
            new JsString(TimestampFormat.FormatLocal(Timestamp(args.At(0)), session.Context.TimeZone))));

        session.Author = AuthorModule.Create(session);
        session.PathModule = Object(engine,
            ("basename", Function(engine, "basename", (_, args) => new JsString(CrossPath.Basename(StringArgument(args, 0))))),
            ("dirname", Function(engine, "dirname", (_, args) => new JsString(CrossPath.Dirname(StringArgument(args, 0))))),
            ("join", Function(engine, "join", (_, args) => new JsString(CrossPath.Join([.. args.Select(a => TypeConverter.ToString(a))])))),
            ("stem", Function(engine, "stem", (_, args) => new JsString(CrossPath.Stem(StringArgument(args, 0))))));
        session.ProcessModule = Object(engine,
            ("platform", new JsString(session.Context.Platform)),
            ("cwd", Function(engine, "cwd", (_, _) => new JsString(Environment.CurrentDirectory))));
        engine.SetValue("author", session.Author);
        engine.SetValue("path", session.PathModule);
        engine.SetValue("process", session.ProcessModule);
        engine.SetValue("require", session.Modules.RequireFunction(""));
    }

    public static ClrFunction Function(Engine engine, string name, Func<JsValue, JsValue[], JsValue> body) => new(engine, name, body);

    public static JsObject Object(Engine engine, params (string Name, JsValue Value)[] members)
    {
        var result = new JsObject(engine);
        foreach (var (name, value) in members) result.CreateDataProperty(name, value);
        return result;
    }

    public static JsArray Strings(Engine engine, IReadOnlyList<string> values)
    {
        var items = new JsValue[values.Count];
        for (var i = 0; i < items.Length; i++) items[i] = new JsString(values[i]);
        return new JsArray(engine, items);
    }

    /// <summary>A string argument; <c>undefined</c> and <c>null</c> read as empty, as Go's zero value.</summary>
    public static string StringArgument(JsValue[] args, int index)
    {
        var value = args.At(index);
        return value.IsNullish() ? "" : TypeConverter.ToString(value);
    }

    /// <summary>An integer argument: the number truncated toward zero, as a Go int conversion does.</summary>
    public static int IntegerArgument(JsValue[] args, int index)
    {
        var number = TypeConverter.ToNumber(args.At(index));
        if (double.IsNaN(number)) return 0;
        return (int)Math.Clamp(Math.Truncate(number), int.MinValue, int.MaxValue);
    }

    private static DateTimeOffset Timestamp(JsValue value)
    {
        double milliseconds = value switch
        {
            JsDate date => date.DateValue,
            _ when value.IsNumber() => value.AsNumber(),
            _ => throw new ArgumentException("formatTimestampLocal(t): t must be a Date, such as job.created"),
        };
        if (!double.IsFinite(milliseconds)) throw new ArgumentException("formatTimestampLocal(t): t is an invalid date");
        return DateTimeOffset.FromUnixTimeMilliseconds((long)milliseconds);
    }

    private static JsValue Log(ILogger logger, LogLevel level, string jobType, Engine engine, JsValue[] args)
    {
        if (!logger.IsEnabled(level)) return JsValue.Undefined;
        var text = string.Join(' ', args.Select(a => Display(engine, a)));
        logger.Log(level, "Job type {JobType}: {Message}", jobType, text);
        return JsValue.Undefined;
    }

    /// <summary>Strings as they are, objects and arrays as JSON, everything else as JavaScript prints it.</summary>
    private static string Display(Engine engine, JsValue value)
    {
        if (value.IsString()) return value.AsString();
        if (value.IsObject() && !value.IsDate() && value is not Jint.Native.Function.Function)
        {
            try
            {
                var json = new JsonSerializer(engine).Serialize(value);
                if (!json.IsUndefined()) return json.AsString();
            }
            catch (JavaScriptException)
            {
                // Cyclic or otherwise unserialisable: fall back to the plain string form.
            }
        }
        return TypeConverter.ToString(value);
    }
}
