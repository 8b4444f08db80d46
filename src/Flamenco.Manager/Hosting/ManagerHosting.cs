using Flamenco.Api;
using Flamenco.Hosting;
using Flamenco.Manager.Api;
using Flamenco.Manager.Events;
using Flamenco.Manager.Farm;
using Flamenco.Manager.Features.Configuration;
using Flamenco.Manager.Features.Jobs.Query;
using Flamenco.Manager.Features.Plugins.StartupLog;
using Flamenco.Manager.Features.Shaman;
using Flamenco.Manager.Features.Shaman.GarbageCollection;
using Flamenco.Manager.JobCompilation;
using Flamenco.Manager.LocalWorker;
using Flamenco.Manager.Jobs;
using Flamenco.Manager.Jobs.Deletion;
using Flamenco.Manager.Persistence;
using Flamenco.Manager.Scheduling;
using Flamenco.Manager.Variables;
using Flamenco.Manager.Workers;
using Flamenco.PluginHost;
using Flamenco.Plugins.Storage;
using FastEndpoints;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;
using Serilog;
using Serilog.Events;

namespace Flamenco.Manager.Hosting;

/// <summary>The Manager's composition root, top to bottom: configuration, services, HTTP pipeline.</summary>
public static class ManagerHosting
{
    public const string ConfigFileName = "flamenco-manager.yaml";

    /// <summary>
    /// Flamenco's configuration file (<c>flamenco-manager.yaml</c> in the working directory), then environment
    /// variables prefixed <c>FLAMENCO_</c>, then the command line (<c>--listen 127.0.0.1:8080</c>), each overriding the last.
    /// </summary>
    public static WebApplicationBuilder AddManagerConfiguration(this WebApplicationBuilder builder, string[] args)
    {
        // Ours: config_file (command line or environment) puts the file elsewhere, e.g. one per Manager in tests.
        var configFile = Path.GetFullPath(builder.Configuration["config_file"] ?? ConfigFileName);
        builder.Services.AddSingleton(new ConfigurationFileLocation(configFile));
        builder.Configuration
            .AddYamlFile(configFile, optional: true)
            .AddEnvironmentVariables("FLAMENCO_")
            .AddCommandLine(args, new Dictionary<string, string> { ["--log-level"] = "log_level", ["-log-level"] = "log_level" });
        builder.Services.Configure<ManagerOptions>(builder.Configuration);
        return builder;
    }

    public static WebApplicationBuilder AddManagerServices(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.Get<ManagerOptions>() ?? new ManagerOptions();
        Directory.CreateDirectory(options.DataFolderPath);
        Directory.CreateDirectory(options.UserJobTypesPath);

        builder.WebHost.UseUrls(ListenUrl(options.Listen));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodySize);
        // Each host keeps its own logger (not Serilog's static one): several Managers in one process log apart.
        var level = ManagerLogging.Level(options.LogLevel);
        builder.Services.AddSerilog(preserveStaticLogger: true, configureLogger: (services, logging) => logging
            .MinimumLevel.Is(level)
            // ASP.NET Core's own four lines per request give way to ManagerLogging's one.
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss} {Level:u3} {SourceContext}: {Message:lj}{NewLine}{Exception}")
            .WriteTo.File(Path.Combine(options.DataFolderPath, "logs", "flamenco-manager-.log"), rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14));

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new FlamencoDatabase(sp.GetRequiredService<IOptions<ManagerOptions>>().Value.DatabasePath));
        services.AddSingleton<IJobStore, LiteDbJobStore>();
        services.AddSingleton<JobStateMachine>();
        services.AddSingleton<SchedulingState>();
        services.AddSingleton<TaskDispatcher>();
        services.AddHostedService<SchedulerStartup>();
        services.AddHostedService<TaskTimeoutChecker>();
        services.AddSingleton<FarmStatusService>();
        services.AddHostedService(sp => sp.GetRequiredService<FarmStatusService>());
        services.AddSingleton<JobStatusService>();
        services.AddSingleton<JobDeleter>();
        services.AddHostedService(sp => sp.GetRequiredService<JobDeleter>());
        services.AddSingleton<JobDeletionRequests>();
        services.AddSingleton<IWorkerTaskRequeuer>(sp => sp.GetRequiredService<JobStatusService>());
        services.AddSingleton<IWorkerStore, LiteDbWorkerStore>();
        services.AddSingleton<WorkerPresence>();
        services.AddSingleton<WorkerAuthenticator>();
        services.AddSingleton<WorkerEvents>();
        services.AddSingleton<WorkerService>();
        services.AddSingleton<WorkerTagService>();
        services.AddSingleton<WorkerTimeoutChecker>();
        services.AddHostedService(sp => sp.GetRequiredService<WorkerTimeoutChecker>());
        services.AddSingleton<SleepScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<SleepScheduler>());
        services.AddHostedService<LocalWorkerService>();
        services.AddSingleton<EventBus>();
        services.AddHostedService<LifeCycleEvents>();
        services.AddHostedService<EventLogWriter>();
        services.AddManagerLocalStorage();
        services.AddSingleton<JobEvents>();
        services.AddSingleton<JobTypeCatalog>();
        services.AddSingleton<JobSubmissionService>();
        services.AddSingleton<ManagerVariables>();
        services.AddFlamencoPlugins(o =>
        {
            o.Directory = options.PluginsPath;
            // Storage backends keep their files where the Manager's {jobs} variable says jobs find them.
            o.SharedServices.Add(new StorageLocations { SharedStoragePath = options.SharedStoragePathFull, CheckoutRoot = options.ShamanCheckoutPath });
        });
        services.AddSingleton<ShamanBackend>();
        services.AddHostedService<ShamanGarbageCollection>();
        services.AddHostedService<JobTypeWarmUp>(); // after the plugin host: it needs the compiler plugins loaded
        services.AddHostedService<PluginStartupLog>();
        services.AddConfigurationEndpoints();

        services.ConfigureHttpJsonOptions(o => JsonSetup.Configure(o.SerializerOptions));
        services.AddFastEndpoints(o => o.Assemblies = [typeof(ManagerHosting).Assembly]);
        services.AddFlamencoOpenApi();
        return builder;
    }

    public static WebApplication UseManagerPipeline(this WebApplication app)
    {
        app.UseManagerRequestLogging();
        // A request that changed something answers only once its change is on disk; concurrent ones share one fsync.
        var database = app.Services.GetRequiredService<FlamencoDatabase>();
        app.Use((context, next) =>
        {
            var writes = FlamencoDatabase.TrackWrites();
            context.Response.OnStarting(() => writes.HasWritten ? database.WhenDurableAsync() : Task.CompletedTask);
            return next(context);
        });
        app.UseExceptionHandler(handler => handler.Run(context =>
        {
            context.Response.StatusCode = 500;
            return context.Response.WriteAsJsonAsync(new ApiError(500, "internal error in the Manager; its log has the details"));
        }));
        app.UseBadRequestAnswers();
        // Unknown routes and methods answer with Flamenco's error body too.
        app.UseStatusCodePages(async context =>
        {
            var response = context.HttpContext.Response;
            if (response.HasStarted || response.ContentLength > 0 || response.ContentType is not null) return;
            var message = response.StatusCode switch
            {
                404 => $"no such path: {context.HttpContext.Request.Path}",
                405 => $"{context.HttpContext.Request.Method} is not allowed on {context.HttpContext.Request.Path}",
                415 => $"{context.HttpContext.Request.Path} does not take a body of type \"{context.HttpContext.Request.ContentType ?? "(none)"}\"",
                _ => $"HTTP {response.StatusCode}",
            };
            await response.WriteAsJsonAsync(new ApiError(response.StatusCode, message));
        });

        app.UseJobFiles();
        // Routing after the one rewrite of a path (a jobs query sent to POST /api/v3/jobs); what follows knows the endpoint.
        app.UseJobsQueryRouting();
        app.UseRouting();
        app.UseMissingContentTypeAnswers();
        app.UseFastEndpoints(c =>
        {
            c.Serializer.Options.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            JsonSetup.Configure(c.Serializer.Options);
            c.Serializer.RequestDeserializer = JsonRequestBodies.Deserializer(c.Serializer.Options);
            c.Errors.ContentType = "application/json";
            c.Errors.ProducesMetadataType = typeof(ApiError);
            c.Errors.ResponseBuilder = (failures, _, statusCode) => new ApiError(statusCode, string.Join("; ", failures.Select(ErrorText)));
        });
        app.MapOpenApi("/api/v3/{documentName}.json");
        app.MapScalarApiReference("/api/v3/swagger-ui", o => o
            .WithTitle("Flamenco.Extensible API")
            .WithOpenApiRoutePattern("/api/v3/{documentName}.json")
            .AddDocument(OpenApiSetup.DocumentName));
        app.MapGet("/", () => Results.Redirect($"/api/v3/swagger-ui/{OpenApiSetup.DocumentName}")).ExcludeFromDescription();

        // Built now, so a bad variables section stops the Manager at start instead of failing its first request.
        app.Services.GetRequiredService<ManagerVariables>();
        var options = app.Services.GetRequiredService<IOptions<ManagerOptions>>().Value;
        app.Logger.LogInformation("Flamenco.Extensible Manager: data in {DataFolder}, database {Database}, plugins from {Plugins}, job types from {JobTypes}",
            options.DataFolderPath, options.DatabasePath, options.PluginsPath, string.Join(", ", app.Services.GetRequiredService<JobTypeCatalog>().Directories));
        return app;
    }

    /// <summary>Messages from our validators name their field already; framework messages get it put in front.</summary>
    private static string ErrorText(FluentValidation.Results.ValidationFailure failure) => failure.PropertyName switch
    {
        "SerializerErrors" => $"the request body is not valid JSON of the expected shape: {failure.ErrorMessage}",
        var name when failure.ErrorMessage.StartsWith(name + ":", StringComparison.Ordinal) => failure.ErrorMessage,
        var name => $"{name}: {failure.ErrorMessage}",
    };

    /// <summary>Flamenco's Go-style listen address (<c>:8080</c>, <c>127.0.0.1:8080</c>) as a Kestrel URL.</summary>
    internal static string ListenUrl(string listen)
    {
        var host = listen.StartsWith(':') ? "0.0.0.0" + listen : listen;
        return host.Contains("://", StringComparison.Ordinal) ? host : "http://" + host;
    }
}
