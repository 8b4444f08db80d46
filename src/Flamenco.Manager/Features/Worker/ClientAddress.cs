namespace Flamenco.Manager.Features.Worker;

internal static class ClientAddress
{
    /// <summary>
    /// The caller's IP address, as upstream (Echo's RealIP) takes it: the first <c>X-Forwarded-For</c> entry, else
    /// <c>X-Real-IP</c>, else the connection's address. Only shown to people, never trusted for anything.
    /// </summary>
    public static string Of(HttpContext context)
    {
        var forwarded = context.Request.Headers["X-Forwarded-For"].ToString();
        if (forwarded.Length > 0) return forwarded.Split(',')[0].Trim();
        var realIp = context.Request.Headers["X-Real-IP"].ToString();
        if (realIp.Length > 0) return realIp.Trim();
        var remote = context.Connection.RemoteIpAddress;
        if (remote is null) return "";
        return (remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote).ToString();
    }
}
