using Serilog;
using Serilog.Events;

namespace Flamenco.Manager.Hosting;

/// <summary>The Manager's log levels and its one line per request.</summary>
internal static class ManagerLogging
{
    /// <summary>Flamenco's level names (zerolog's), and Serilog's own for those who know them.</summary>
    public static LogEventLevel Level(string name) => name.Trim().ToLowerInvariant() switch
    {
        "trace" or "verbose" => LogEventLevel.Verbose,
        "debug" => LogEventLevel.Debug,
        "info" or "information" => LogEventLevel.Information,
        "warn" or "warning" => LogEventLevel.Warning,
        "error" => LogEventLevel.Error,
        _ => throw new InvalidOperationException($"log_level: unknown level \"{name}\"; one of trace, debug, info, warn, error"),
    };

    /// <summary>
    /// One line per request. A farm's log must show what people changed, not the traffic that keeps it running:
    /// worker-protocol requests (every worker polls every few seconds) and reads are debug lines; failures stand out.
    /// </summary>
    public static IApplicationBuilder UseManagerRequestLogging(this IApplicationBuilder app) => app.UseSerilogRequestLogging(o =>
    {
        // The host's own logger: Serilog's static one stays silent, so several Managers in one process log apart.
        o.Logger = app.ApplicationServices.GetRequiredService<Serilog.ILogger>();
        o.MessageTemplate = "HTTP {RequestMethod} {RequestPath} answered {StatusCode} in {Elapsed:0.0} ms";
        o.GetLevel = (context, _, exception) => exception is not null || context.Response.StatusCode >= 500 ? LogEventLevel.Error
            : context.Request.Path.StartsWithSegments("/api/v3/worker") ? LogEventLevel.Debug
            : HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) ? LogEventLevel.Debug
            : LogEventLevel.Information;
    });
}
