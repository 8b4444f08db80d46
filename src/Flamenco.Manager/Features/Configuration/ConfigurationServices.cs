namespace Flamenco.Manager.Features.Configuration;

public static class ConfigurationServices
{
    /// <summary>What the configuration-file, check and setup-assistant endpoints share.</summary>
    public static IServiceCollection AddConfigurationEndpoints(this IServiceCollection services) => services
        .AddSingleton<ManagerConfigurationFile>()
        .AddSingleton<BlenderProbe>();
}
