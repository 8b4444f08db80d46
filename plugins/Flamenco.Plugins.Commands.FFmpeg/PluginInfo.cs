using Flamenco.Plugins;

[assembly: FlamencoPlugin("flamenco.commands.ffmpeg", Name = "Worker command: frames-to-video")]
