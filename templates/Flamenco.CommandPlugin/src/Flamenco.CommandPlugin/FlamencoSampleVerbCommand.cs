using System.Globalization;
using System.Text.Json;
using Flamenco.Plugins.Commands;

namespace Flamenco.CommandPlugin;

/// <summary>
/// <c>flamenco-sample-verb</c>: runs <c>exe</c> with <c>args</c> (a list of strings, optional), without a shell, in the
/// Worker's working directory. Every line the program prints goes to the task log as <c>pid=N &gt; line</c>; a
/// non-zero exit code fails the task.
/// </summary>
/// <example>
/// In a job type: <c>author.Command("flamenco-sample-verb", {exe: "oidnDenoise", args: ["--hdr", "frame.exr"]})</c>.
/// </example>
/// <remarks>
/// The host creates one instance for the plugin's lifetime and may run it for several tasks at once: keep per-run
/// state in locals, not in fields. A public parameterless or DI-constructed class is all it takes; the host finds
/// every public <see cref="IWorkerCommand"/> of the assembly.
/// </remarks>
public sealed class FlamencoSampleVerbCommand : IWorkerCommand
{
    public string Name => "flamenco-sample-verb";

    public async Task ExecuteAsync(CommandInvocation invocation, ICommandContext context, CancellationToken cancellationToken)
    {
        // Validate everything before starting anything: a bad parameter fails the task with a message naming it.
        var exe = RequiredString(invocation, "exe");
        var args = OptionalStringList(invocation, "args");

        await context.Listener.LogAsync($"{Name}: running {exe} {string.Join(' ', args)}".TrimEnd(), cancellationToken);

        var pid = "?";
        int exitCode;
        try
        {
            // Always through context.Processes: the Worker kills the whole process tree when the task is cancelled,
            // and tests replace it to check the command line without running anything.
            exitCode = await context.Processes.RunAsync(new ProcessSpec
            {
                FileName = exe,
                Arguments = args,
                OnStarted = processId =>
                {
                    pid = processId.ToString(CultureInfo.InvariantCulture);
                    return ValueTask.CompletedTask;
                },
                OnOutputLine = line => context.Listener.LogAsync($"pid={pid} > {line}", cancellationToken),
            }, cancellationToken);
        }
        catch (Exception e) when (e is not (OperationCanceledException or CommandException))
        {
            // The program could not be started (not installed, not executable): that is the task's failure reason.
            throw new CommandException($"{Name}: cannot run {exe}: {e.Message}", e);
        }

        if (exitCode != 0) throw new CommandException($"{Name}: {exe} exited with code {exitCode}");
    }

    private string RequiredString(CommandInvocation invocation, string parameter)
    {
        if (invocation.Parameters.ValueKind == JsonValueKind.Object
            && invocation.Parameters.TryGetProperty(parameter, out var value)
            && value.ValueKind == JsonValueKind.String
            && value.GetString() is { Length: > 0 } text)
        {
            return text;
        }
        throw new CommandException($"{Name}: parameter \"{parameter}\" is missing or not a non-empty string");
    }

    private string[] OptionalStringList(CommandInvocation invocation, string parameter)
    {
        if (invocation.Parameters.ValueKind != JsonValueKind.Object
            || !invocation.Parameters.TryGetProperty(parameter, out var value)
            || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(item => item.ValueKind != JsonValueKind.String))
        {
            throw new CommandException($"{Name}: parameter \"{parameter}\" must be a list of strings, not {value.GetRawText()}");
        }
        return [.. value.EnumerateArray().Select(item => item.GetString()!)];
    }
}
