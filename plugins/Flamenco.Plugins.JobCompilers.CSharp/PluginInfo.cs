using Flamenco.Plugins;

[assembly: FlamencoPlugin("flamenco.jobcompilers.csharp", Name = "C# job types (Roslyn)")]
