using System.Net;
using System.Security.Cryptography;
using Flamenco.Api;
using Flamenco.Worker.Configuration;
using Flamenco.Worker.Lifecycle;
using Flamenco.Worker.ManagerApi;
using Microsoft.Extensions.Logging;

namespace Flamenco.Worker.Registration;

/// <summary>
/// Gets the worker known to the Manager (reference §1.3): sign on with the stored credentials, and register as a new
/// worker when there are none or the Manager rejects them. Waits as long as the Manager does not answer.
/// </summary>
internal sealed class WorkerRegistrar(
    ManagerClient manager, ManagerCredentials credentials, CredentialsFile file, WorkerSettings settings,
    WorkerTimings timings, TimeProvider time, ILogger<WorkerRegistrar> logger)
{
    /// <summary>Signs on, registering first when needed, and returns the status the Manager wants the worker in.</summary>
    /// <exception cref="WorkerFatalException">The Manager refused the worker for a reason registering again cannot fix.</exception>
    public async Task<WorkerStatus> RegisterOrSignOnAsync(CancellationToken cancellationToken)
    {
        if (file.Load(out var problem) is { } stored)
        {
            credentials.Current = stored;
            if (await SignOnAsync(cancellationToken) is { } status) return status;
            logger.LogWarning("The Manager rejected the credentials of {Worker}; registering as a new worker", stored);
        }
        else
        {
            logger.LogInformation("{Problem} ({Path}); registering at the Manager", problem, file.Path);
        }

        await RegisterAsync(cancellationToken);
        return await SignOnAsync(cancellationToken)
            ?? throw new WorkerFatalException("the Manager rejected the credentials it handed out a moment ago");
    }

    /// <summary>The requested status, or null when the Manager rejects the credentials (401/403).</summary>
    private async Task<WorkerStatus?> SignOnAsync(CancellationToken cancellationToken)
    {
        var signOn = new WorkerSignOn
        {
            Name = settings.Name,
            SupportedTaskTypes = settings.TaskTypes,
            SoftwareVersion = WorkerVersion.SoftwareVersion,
            CanRestart = settings.CanRestart,
        };
        var answer = await UntilAnsweredAsync("sign on", ct => manager.SignOnAsync(signOn, ct), cancellationToken);
        if (answer.Is(HttpStatusCode.OK))
        {
            var status = answer.Read<WorkerStateChange>().StatusRequested;
            logger.LogInformation("Signed on at {Manager} as {Name} ({Worker}); the Manager asks for {Status}",
                settings.ManagerAddress, settings.Name, credentials.Current, StatusNames.Of(status));
            return status;
        }
        if (answer.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) return null;
        throw new WorkerFatalException($"the Manager refused the sign-on: {answer}");
    }

    private async Task RegisterAsync(CancellationToken cancellationToken)
    {
        var secret = RandomNumberGenerator.GetHexString(64, lowercase: true);
        var registration = new WorkerRegistration
        {
            Name = settings.Name,
            Platform = WorkerSettings.Platform,
            Secret = secret,
            SupportedTaskTypes = settings.TaskTypes,
        };
        credentials.Current = null;
        var answer = await UntilAnsweredAsync("register", ct => manager.RegisterAsync(registration, ct), cancellationToken);
        if (!answer.Is(HttpStatusCode.OK)) throw new WorkerFatalException($"the Manager refused the registration: {answer}");

        var registered = new WorkerCredentials(answer.Read<RegisteredWorker>().Uuid, secret);
        try
        {
            file.Save(registered);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WorkerFatalException($"cannot save the credentials to {file.Path}: {e.Message}", e);
        }
        credentials.Current = registered;
        logger.LogInformation("Registered at {Manager} as {Worker}; credentials saved to {Path}", settings.ManagerAddress, registered, file.Path);
    }

    /// <summary>
    /// Repeats <paramref name="call"/> while the Manager does not answer, or answers that it cannot now (5xx, 408, 429).
    /// Upstream registers anew on any non-200 sign-on answer, so a Manager with a passing problem made it forget its
    /// identity (reference §9 #10); here only a rejection of the credentials does.
    /// </summary>
    private async Task<ManagerAnswer> UntilAnsweredAsync(string what, Func<CancellationToken, Task<ManagerAnswer>> call, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                var answer = await call(cancellationToken);
                if (answer.Code < 500 && answer.Status is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)) return answer;
                logger.LogWarning("Cannot {What} now, the Manager answered {Answer}; trying again in {Wait}", what, answer, timings.SignOnRetry);
            }
            catch (ManagerUnreachableException e)
            {
                logger.LogWarning("Cannot {What}, the Manager at {Manager} does not answer ({Problem}); trying again in {Wait}",
                    what, settings.ManagerAddress, e.Message, timings.SignOnRetry);
            }
            await Task.Delay(timings.SignOnRetry, time, cancellationToken);
        }
    }
}
