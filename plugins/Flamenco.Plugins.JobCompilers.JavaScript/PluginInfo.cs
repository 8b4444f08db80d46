using Flamenco.Plugins;

[assembly: FlamencoPlugin("flamenco.jobcompilers.javascript", Name = "JavaScript job types (Jint)")]
