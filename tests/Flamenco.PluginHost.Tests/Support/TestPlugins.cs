namespace Flamenco.PluginHost.Tests.Support;

/// <summary>Sources of the plugins the tests load. Each command answers with the plugin's version, so a test sees which code ran.</summary>
internal static class TestPlugins
{
    /// <summary>
    /// A plugin with one worker command, <paramref name="commandName"/>, that logs "<paramref name="version"/>" plus the
    /// <c>Suffix</c> setting of its configuration section. The command takes a logger, the clock and the plugin context,
    /// so loading it proves those are provided. With <paramref name="disposal"/> "sync" or "async" the command is
    /// <c>IDisposable</c> or only <c>IAsyncDisposable</c>, and disposing it appends "disposed &lt;version&gt;" to the file
    /// named by its <c>DisposeLog</c> setting.
    /// </summary>
    public static string Command(string id, string version = "1.0.0", string commandName = "probe",
        string? targetAbi = null, string constructorBody = "", string configureServicesBody = "", bool withAttribute = true, string? disposal = null) => $$"""
        using System;
        using System.Reflection;
        using System.Threading;
        using System.Threading.Tasks;
        using Flamenco.Plugins;
        using Flamenco.Plugins.Commands;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Logging;

        {{(withAttribute ? $"[assembly: FlamencoPlugin(\"{id}\", Name = \"Test plugin {id}\"{(targetAbi is null ? "" : $", TargetAbi = \"{targetAbi}\"")})]" : "")}}
        [assembly: AssemblyInformationalVersion("{{version}}")]

        namespace TestPlugin;

        public sealed class ProbeCommand : IWorkerCommand{{disposal switch { "sync" => ", IDisposable", "async" => ", IAsyncDisposable", _ => "" }}}
        {
            private readonly IPluginContext _context;

            public ProbeCommand(ILogger<ProbeCommand> logger, TimeProvider time, IPluginContext context)
            {
                _context = context;
                {{constructorBody}}
                logger.LogInformation("probe {{version}} created at {Now}", time.GetUtcNow());
            }

            public string Name => "{{commandName}}";

            public async Task ExecuteAsync(CommandInvocation invocation, ICommandContext context, CancellationToken cancellationToken) =>
                await context.Listener.LogAsync("{{version}}" + _context.Configuration["Suffix"], cancellationToken);

            private void AppendDisposed() => System.IO.File.AppendAllText(_context.Configuration["DisposeLog"]!, "disposed {{version}}\n");

            {{disposal switch {
                "sync" => "public void Dispose() => AppendDisposed();",
                "async" => "public async ValueTask DisposeAsync() { await Task.Yield(); AppendDisposed(); }",
                _ => "" }}}
        }

        public sealed class Plugin : IFlamencoPlugin
        {
            public void ConfigureServices(IServiceCollection services, IPluginContext context)
            {
                {{configureServicesBody}}
            }
        }
        """;

    /// <summary>A plugin with one job compiler and no commands.</summary>
    public static string JobCompiler(string id) => $$"""
        using System;
        using System.Collections.Generic;
        using Flamenco.Plugins;
        using Flamenco.Plugins.JobTypes;

        [assembly: FlamencoPlugin("{{id}}")]

        namespace TestPlugin;

        public sealed class TestJobCompiler : IJobCompiler
        {
            public IReadOnlyCollection<string> FileExtensions { get; } = new[] { ".test" };

            public IJobType Load(JobTypeSource source) => throw new NotSupportedException("test compiler");
        }
        """;
}
