namespace Flamenco.Worker.Lifecycle;

/// <summary>The worker cannot go on (the Manager refused it, its files cannot be written); it exits with code 1.</summary>
internal sealed class WorkerFatalException(string message, Exception? innerException = null) : Exception(message, innerException);
