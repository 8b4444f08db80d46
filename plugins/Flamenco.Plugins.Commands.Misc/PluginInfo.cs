using Flamenco.Plugins;

[assembly: FlamencoPlugin("flamenco.commands.misc", Name = "Worker commands: echo, sleep, exec")]
