using Flamenco.Plugins;

[assembly: FlamencoPlugin("flamenco.commands.blender", Name = "Worker command: blender-render")]
