using Flamenco.Manager.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddManagerConfiguration(args).AddManagerServices();
var app = builder.Build();
app.UseManagerPipeline();
app.Run();

/// <summary>Entry point, public for WebApplicationFactory.</summary>
public partial class Program;
