using Flamenco.Plugins;

[assembly: FlamencoPlugin("flamenco.commands.files", Name = "Worker commands: make-directory, move-directory, copy-file")]
