using Flamenco.Manager.LastRendered;
using Flamenco.Manager.LocalStorage;
using Flamenco.Manager.Persistence;
using Flamenco.Manager.TaskLogs;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Flamenco.Manager.Hosting;

/// <summary>Manager-local storage: task logs, last-rendered images, and serving both at <c>/job-files/</c>.</summary>
public static class LocalStorageExtensions
{
    /// <summary>The only files served: what the Manager writes there. Anything else under the root is never served.</summary>
    private static readonly Dictionary<string, string> ServedTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".txt"] = "text/plain; charset=utf-8",
        [".jpg"] = "image/jpeg",
    };

    public static IServiceCollection AddManagerLocalStorage(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ManagerOptions>>().Value;
            return new ManagerLocalStorage(ManagerOptions.Resolve(options.LocalManagerStoragePath, options.DataFolderPath));
        });
        services.AddSingleton<ITaskLogStore, TaskLogStore>();
        services.AddSingleton<TaskLogger>();
        services.AddSingleton<ILastRenderedStore, LiteDbLastRenderedStore>();
        services.AddSingleton<LastRenderedProcessor>();
        services.AddHostedService<LastRenderedQueueService>();
        return services;
    }

    /// <summary>
    /// Serves the local storage root read-only (GET and HEAD) at <c>/job-files/</c>, as upstream does. The file provider
    /// refuses paths that leave the root (<c>..</c>, absolute or encoded), dot-files (the thumbnails' temporary files)
    /// and hidden files; only <see cref="ServedTypes"/> are served, so a misconfigured root (say, the data folder
    /// itself) still does not hand out the database. No directory listings.
    /// </summary>
    public static WebApplication UseJobFiles(this WebApplication app)
    {
        var storage = app.Services.GetRequiredService<ManagerLocalStorage>();
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = ManagerLocalStorage.UrlPrefix,
            FileProvider = new PhysicalFileProvider(storage.Root),
            ContentTypeProvider = new FileExtensionContentTypeProvider(ServedTypes),
            ServeUnknownFileTypes = false,
            OnPrepareResponse = context =>
            {
                // Logs grow and thumbnails are replaced under the same name: clients must revalidate (ETag, Last-Modified).
                context.Context.Response.Headers.CacheControl = "no-cache";
                context.Context.Response.Headers.XContentTypeOptions = "nosniff";
            },
        });
        return app;
    }
}
