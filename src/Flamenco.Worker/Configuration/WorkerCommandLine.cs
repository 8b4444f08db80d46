using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Flamenco.Worker.Configuration;

/// <summary>
/// Flamenco's worker flags (reference §4.2), Go style: <c>-flag</c> or <c>--flag</c>, values as <c>-flag value</c>
/// or <c>-flag=value</c>. Besides those, <c>--&lt;configuration key&gt; value</c> overrides any configuration key,
/// as the Manager's command line does (<c>--worker_name render-07</c>).
/// </summary>
internal sealed record WorkerCommandLine
{
    public const string Usage = """
        Usage: flamenco-worker [flags]

          -manager URL            the Manager to use (overrides manager_url; "host" means http://host/)
          -restart-exit-code N    exit code when the Manager asks for a restart (N != 0 makes the worker restartable)
          -flush                  deliver the queued task updates, sign off and exit
          -find-manager           not supported: set manager_url or -manager
          -quiet | -debug | -trace  log only warnings | debug | trace messages
          -version                print the version and exit
          -register               accepted for compatibility; has no effect
          --<key> VALUE           override any flamenco-worker.yaml key, e.g. --worker_name render-07

        Environment: FLAMENCO_HOME (credentials and queue folder), FLAMENCO_WORKER_NAME (name when none is
        configured), FLAMENCO_<KEY> (overrides a configuration key, e.g. FLAMENCO_MANAGER_URL).
        """;

    public bool ShowVersion { get; init; }

    public bool ShowHelp { get; init; }

    public bool FlushOnly { get; init; }

    public bool FindManager { get; init; }

    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>Configuration keys set on the command line; they override the file and the environment.</summary>
    public IReadOnlyDictionary<string, string?> Overrides { get; init; } = new Dictionary<string, string?>();

    /// <exception cref="FormatException">An unknown flag, a missing value or a value that does not parse.</exception>
    public static WorkerCommandLine Parse(IReadOnlyList<string> args)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        bool version = false, help = false, flush = false, find = false, quiet = false, debug = false, trace = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-') || arg is "-" or "--") throw new FormatException($"unexpected argument \"{arg}\"");
            var doubleDash = arg.StartsWith("--", StringComparison.Ordinal);
            var body = arg[(doubleDash ? 2 : 1)..];
            var equals = body.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? body : body[..equals];
            var inlineValue = equals < 0 ? null : body[(equals + 1)..];

            string Value()
            {
                if (inlineValue is not null) return inlineValue;
                if (i + 1 >= args.Count) throw new FormatException($"flag -{name} needs a value");
                return args[++i];
            }

            bool Switch() => inlineValue is null || (bool.TryParse(inlineValue, out var on)
                ? on
                : throw new FormatException($"flag -{name} takes true or false, not \"{inlineValue}\""));

            switch (name)
            {
                case "version": version = Switch(); break;
                case "help" or "h": help = Switch(); break;
                case "flush": flush = Switch(); break;
                case "find-manager": find = Switch(); break;
                case "quiet": quiet = Switch(); break;
                case "debug": debug = Switch(); break;
                case "trace": trace = Switch(); break;
                case "register": Switch(); break;
                case "manager":
                    var text = Value();
                    overrides["manager_url"] = ManagerUrl.FromCommandLine(text) ?? throw new FormatException($"-manager \"{text}\" names no host");
                    break;
                case "restart-exit-code":
                    var code = Value();
                    if (!int.TryParse(code, NumberStyles.Integer, CultureInfo.InvariantCulture, out var exitCode))
                    {
                        throw new FormatException($"-restart-exit-code takes a number, not \"{code}\"");
                    }
                    // Upstream: 0 means "not given", so it does not clear a configured restart_exit_code.
                    if (exitCode != 0) overrides["restart_exit_code"] = code;
                    break;
                case var key when doubleDash && key.Length > 0:
                    overrides[key] = Value();
                    break;
                default:
                    throw new FormatException($"unknown flag \"{arg}\"");
            }
        }
        return new WorkerCommandLine
        {
            ShowVersion = version,
            ShowHelp = help,
            FlushOnly = flush,
            FindManager = find,
            LogLevel = trace ? LogLevel.Trace : debug ? LogLevel.Debug : quiet ? LogLevel.Warning : LogLevel.Information,
            Overrides = overrides,
        };
    }
}
