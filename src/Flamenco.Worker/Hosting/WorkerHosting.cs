using Flamenco.PluginHost;
using Flamenco.Plugins.Commands;
using Flamenco.Worker.Configuration;
using Flamenco.Worker.Lifecycle;
using Flamenco.Worker.ManagerApi;
using Flamenco.Worker.Output;
using Flamenco.Worker.Processes;
using Flamenco.Worker.Registration;
using Flamenco.Worker.Tasks;
using Flamenco.Worker.Upstream;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Flamenco.Worker.Hosting;

/// <summary>The Worker's composition root: logging, the Manager client, the task machinery, the plugins, the lifecycle.</summary>
internal static class WorkerHosting
{
    /// <summary>Upstream force-stops a worker whose shutdown takes longer than this (reference §1.8).</summary>
    public static readonly TimeSpan ShutdownLimit = TimeSpan.FromSeconds(20);

    public static HostApplicationBuilder CreateBuilder(WorkerCommandLine commandLine, IConfiguration configuration, WorkerSettings settings)
    {
        // No defaults: they would read the command line the Microsoft way, which does not know Flamenco's -flags.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Configuration.AddConfiguration(configuration);
        builder.Logging
            .SetMinimumLevel(commandLine.LogLevel)
            // One line per HTTP request at information level would drown the worker's own story.
            .AddFilter("System.Net.Http.HttpClient", LogLevel.Warning)
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            });

        var services = builder.Services;
        services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownLimit);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(settings);
        services.AddSingleton(new WorkerRunMode(commandLine.FlushOnly));
        services.AddSingleton(new WorkerTimings { ManagerRequest = settings.RequestTimeout });
        services.AddSingleton<WorkerExit>();
        services.AddSingleton<Jitter>();
        services.AddManagerClient(settings.ManagerAddress);

        services.AddSingleton(sp => new CredentialsFile(settings.CredentialsPath, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<WorkerRegistrar>();
        services.AddSingleton(_ => new UpstreamQueue(settings.UpstreamQueuePath));
        services.AddSingleton<UpstreamBuffer>();
        services.AddSingleton(sp => new OomScoreAdjuster(settings.OomScoreAdjust, sp.GetRequiredService<ILogger<OomScoreAdjuster>>()));
        services.AddSingleton<IProcessRunner, ProcessTreeRunner>();

        services.AddFlamencoPlugins(o => o.Directory = settings.PluginsDirectory);
        services.AddSingleton<ICommandSource, PluginCommandSource>();
        services.AddSingleton<OutputUploader>();
        services.AddHostedService(sp => sp.GetRequiredService<OutputUploader>());
        services.AddSingleton<TaskExecutor>();
        services.AddSingleton<MayIRunMonitor>();
        services.AddSingleton<TaskRunner>();
        services.AddSingleton<AwakeLoop>();
        services.AddSingleton<AsleepLoop>();
        services.AddSingleton<WorkerStateMachine>();
        // Last, so it stops first: the worker signs off while the plugins and the uploader are still there.
        services.AddHostedService<WorkerService>();
        return builder;
    }

    /// <summary>
    /// The typed client for the Manager. Its users are singletons holding one client for the worker's life, so the
    /// connection pool, not the handler rotation, takes care of DNS changes.
    /// </summary>
    public static IServiceCollection AddManagerClient(this IServiceCollection services, Uri managerAddress)
    {
        services.AddSingleton<ManagerCredentials>();
        services.AddTransient<ManagerAuthenticationHandler>();
        services.AddHttpClient<ManagerClient>(client =>
            {
                client.BaseAddress = managerAddress;
                // ManagerClient has its own per-request limit, on the worker's clock.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddHttpMessageHandler<ManagerAuthenticationHandler>();
        return services;
    }
}
