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
    /// <remarks>
    /// Nothing the Manager answers makes this give up: a refusal it cannot fix by registering anew (a 400, a proxy's
    /// 404) is logged as an error and tried again after a back-off, so the worker starts working once the Manager or
    /// the proxy before it is fixed, without someone restarting it by hand.
    /// </remarks>
    /// <exception cref="WorkerFatalException">The credentials cannot be saved.</exception>
    public async Task<WorkerStatus> RegisterOrSignOnAsync(CancellationToken cancellationToken)
    {
        var backoff = new Backoff(timings);
        if (file.Load(out var problem) is { } stored)
        {
            credentials.Current = stored;
            if (await SignOnAsync(backoff, cancellationToken) is { } status) return status;
            logger.LogWarning("The Manager rejected the credentials of {Worker}; registering as a new worker", stored);
        }
        else
        {
            logger.LogInformation("{Problem} ({Path}); registering at the Manager", problem, file.Path);
        }

        while (true)
        {
            await RegisterAsync(backoff, cancellationToken);
            if (await SignOnAsync(backoff, cancellationToken) is { } status) return status;
            var wait = backoff.Next();
            logger.LogError("The Manager rejected the credentials it handed out a moment ago; registering again in {Wait}", wait);
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    /// <summary>The requested status, or null when the Manager rejects the credentials (401/403).</summary>
    private async Task<WorkerStatus?> SignOnAsync(Backoff backoff, CancellationToken cancellationToken)
    {
        var signOn = new WorkerSignOn
        {
            Name = settings.Name,
            SupportedTaskTypes = settings.TaskTypes,
            SoftwareVersion = WorkerVersion.SoftwareVersion,
            CanRestart = settings.CanRestart,
        };
        var accepted = await UntilAcceptedAsync<WorkerStateChange>("sign on", ct => manager.SignOnAsync(signOn, ct), backoff,
            credentialsMayBeRejected: true, cancellationToken);
        if (accepted is null) return null;
        var status = accepted.StatusRequested;
        logger.LogInformation("Signed on at {Manager} as {Name} ({Worker}); the Manager asks for {Status}",
            settings.ManagerAddress, settings.Name, credentials.Current, StatusNames.Of(status));
        return status;
    }

    private async Task RegisterAsync(Backoff backoff, CancellationToken cancellationToken)
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
        var accepted = await UntilAcceptedAsync<RegisteredWorker>("register", ct => manager.RegisterAsync(registration, ct), backoff,
            credentialsMayBeRejected: false, cancellationToken);

        var registered = new WorkerCredentials(accepted!.Uuid, secret);
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
    /// Repeats <paramref name="call"/> until the Manager answers 200 with a body that reads as <typeparamref name="T"/>,
    /// waiting longer after each failure (<see cref="Backoff"/>); null when the Manager rejects the credentials (401/403)
    /// and <paramref name="credentialsMayBeRejected"/>. Upstream registers anew on any non-200 sign-on answer, so a
    /// Manager with a passing problem made it forget its identity (reference §9 #10); here only such a rejection does.
    /// </summary>
    private async Task<T?> UntilAcceptedAsync<T>(string what, Func<CancellationToken, Task<ManagerAnswer>> call, Backoff backoff,
        bool credentialsMayBeRejected, CancellationToken cancellationToken) where T : class
    {
        while (true)
        {
            string problem;
            try
            {
                var answer = await call(cancellationToken);
                if (answer.Is(HttpStatusCode.OK)) return answer.Read<T>();
                if (credentialsMayBeRejected && answer.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) return null;
                problem = $"the Manager answered {answer}";
                if (!answer.IsNotNow) logger.LogError("The Manager refused to let this worker {What}: {Answer}", what, answer);
            }
            catch (ManagerUnreachableException e)
            {
                problem = $"the Manager at {settings.ManagerAddress} does not answer ({e.Message})";
            }
            catch (Exception e) when (e is ManagerProtocolException or System.Text.Json.JsonException)
            {
                problem = $"the Manager's answer makes no sense ({e.Message})";
            }
            var wait = backoff.Next();
            logger.LogWarning("Cannot {What}: {Problem}; trying again in {Wait}", what, problem, wait);
            await Task.Delay(wait, time, cancellationToken);
        }
    }
}
