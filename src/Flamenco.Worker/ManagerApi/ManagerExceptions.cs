namespace Flamenco.Worker.ManagerApi;

/// <summary>No HTTP answer: the Manager is down, unreachable or did not answer in time.</summary>
internal sealed class ManagerUnreachableException(string message, Exception innerException) : Exception(message, innerException);

/// <summary>The Manager answered with something the protocol does not allow.</summary>
internal sealed class ManagerProtocolException(string message) : Exception(message);
